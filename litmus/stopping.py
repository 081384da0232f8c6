"""Stopping on SIGINT and SIGTERM, without importing Z3.

The command line installs the handlers before it knows whether it will check
anything (`--version`, a usage error, `litmus models` never load Z3); Z3 is
told to leave SIGINT to Python, and its running call is interrupted, from
litmus.solver.z3util, which calls `on_z3_loaded` when it is first imported.
"""

from __future__ import annotations

import os
import signal
import sys
import threading

_stop_signal = 0  # the SIGINT or SIGTERM that asked the command to stop
_installed = False  # stop_on_signals() ran: Z3, once loaded, must leave SIGINT to Python
_interrupt = None  # the running Z3 call's interrupt, once Z3 is loaded


def stop_signal() -> int:
    return _stop_signal


def raise_if_stopped() -> None:
    """Stop at the next safe point after a signal whose KeyboardInterrupt was
    lost: raised inside a ctypes conversion (it becomes ctypes.ArgumentError)
    or in Solver.__del__ (where Python ignores it)."""
    if _stop_signal:
        raise KeyboardInterrupt


def on_z3_loaded(leave_sigint, interrupt) -> None:
    """Called by z3util on import: with the handlers installed, Z3's own
    Ctrl-C handler is switched off (`leave_sigint()`); `interrupt()` stops a
    running call."""
    global _interrupt
    _interrupt = interrupt
    if _installed:
        leave_sigint()


def stop_on_signals() -> None:
    """For the command line, from the main thread: SIGINT and SIGTERM stop the
    run at once, even in the middle of a Z3 call.

    Z3's own Ctrl-C handler swallows the signal, and when the call finishes
    anyway the interrupt is lost. So Z3 leaves SIGINT to Python, and a thread
    woken by Python's signal wake-up fd interrupts the running Z3 call; the
    Python handler then raises KeyboardInterrupt as soon as the call returns."""
    global _installed

    def stop(signum, frame):
        global _stop_signal
        first = not _stop_signal
        _stop_signal = signum
        if first:  # a second signal must not break the clean-up the first started
            raise KeyboardInterrupt

    def quiet(unraisable):  # the interrupt is not lost: raise_if_stopped() raises it
        if not (_stop_signal and issubclass(unraisable.exc_type, KeyboardInterrupt)):
            sys.__unraisablehook__(unraisable)

    _installed = True
    z3util = sys.modules.get("litmus.solver.z3util")
    if z3util is not None:  # already loaded (a test, or a library caller): tell Z3 now
        z3util.leave_sigint_to_python()
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)

    def watch():
        while os.read(wake_r, 64):
            if _interrupt is not None:  # no Z3 yet: no call to interrupt
                _interrupt()

    threading.Thread(target=watch, name="z3-interrupt", daemon=True).start()
    for sig in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(sig) is not signal.SIG_IGN:  # e.g. SIGINT of `litmus ... &` in a script
            signal.signal(sig, stop)
    signal.set_wakeup_fd(wake_w, warn_on_full_buffer=False)
    sys.unraisablehook = quiet

"""The one place litmus reads a user's file.

Only regular files are read: a FIFO blocks its reader until someone writes,
and a device (/dev/zero) may never end. The file is opened without blocking
and its type checked on the open descriptor, so nothing can swap a FIFO in
between a check and the read; at most MAX_SOURCE_BYTES + 1 bytes are read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from litmus.errors import Diagnostic, LitmusError

_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def special_kind(mode: int) -> str | None:
    """What a file of this st_mode is when it is not a regular file, else None."""
    if stat.S_ISREG(mode):
        return None
    return next((name for is_kind, name in _KINDS if is_kind(mode)), "a special file")


def not_regular(path: Path) -> str | None:
    """What `path` is when it is not a regular file; None when it is, or when
    stat fails (reading it then says why)."""
    try:
        return special_kind(path.stat().st_mode)
    except OSError:
        return None


def _cannot_read(path: Path, why: str) -> LitmusError:
    return LitmusError(Diagnostic(f"cannot read {path}: {why}", code="io"), filename=str(path))


def read_source(path: Path) -> str:
    """A file's text: at most MAX_SOURCE_BYTES of strict UTF-8 from a regular
    file, else a LitmusError that says why."""
    from litmus.syntax.parser import MAX_SOURCE_BYTES, decode, too_large

    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        raise _cannot_read(path, e.strerror or str(e)) from None
    with open(fd, "rb") as f:
        kind = special_kind(os.fstat(f.fileno()).st_mode)
        if kind is not None:
            raise _cannot_read(path, f"not a regular file ({kind})")
        try:
            data = f.read(MAX_SOURCE_BYTES + 1)  # bounded, whatever the file is
        except OSError as e:
            raise _cannot_read(path, e.strerror or str(e)) from None
    if len(data) > MAX_SOURCE_BYTES:
        raise LitmusError(too_large("the file"), filename=str(path))
    return decode(data, str(path))

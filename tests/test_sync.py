"""Mutex, WaitGroup and Once in the Z3 engine: the Go document's verdicts,
blocking and panics (the catalog and the reference cross-check add more)."""

from catalog_programs import CLOSE_TWICE, SEND_THEN_CLOSE, SPIN_NEVER_SET, catalog, variant
from litmus.api import check


def run(src: str, model: str = "go"):
    return check(src, model=model)


def test_mutex_unlock_synchronizes_with_the_next_lock():
    r = run(catalog("l38_mutex_handoff", exists="main.r1 == 0"))
    assert r.observation == "never" and not r.racy_program


def test_waitgroup_done_synchronizes_with_wait():
    r = run(catalog("l48_wg_done_wait", exists="main.r1 == 0"))
    assert r.observation == "never" and not r.racy_program


def test_add_inside_the_goroutine_is_racy():
    r = run(catalog("l49_wg_add_in_goroutine", exists="main.r1 == 0"))
    assert r.observation == "sometimes" and r.racy_program


def test_double_lock_deadlocks():
    r = run("var mu sync.Mutex\nfunc main() {\n    mu.Lock()\n    mu.Lock()\n}\nexists (deadlock)\n")
    assert r.observation == "always"
    assert [dict(o.goroutines)["main"].status.label for o in r.outcomes] == ["blocked"]


def test_unlock_of_unlocked_mutex_is_fatal():
    r = run("var mu sync.Mutex\nfunc main() {\n    mu.Unlock()\n}\nexists (main.panicked)\n")
    assert r.observation == "always"
    assert dict(r.outcomes[0].goroutines)["main"].panic == "sync: unlock of unlocked mutex"


def test_negative_waitgroup_counter_panics():
    r = run("var wg sync.WaitGroup\nfunc main() {\n    wg.Done()\n}\nexists (main.panicked)\n")
    assert r.observation == "always"
    assert dict(r.outcomes[0].goroutines)["main"].panic == "sync: negative WaitGroup counter"


def test_wait_without_done_blocks():
    r = run("var wg sync.WaitGroup\nfunc main() {\n    wg.Add(1)\n    wg.Wait()\n}\nexists (deadlock)\n")
    assert r.observation == "always"


def test_trylock_may_fail_spuriously():
    r = run(catalog("l41_trylock_spurious", exists="main.ok == false"))
    assert r.observation == "sometimes"


def test_once_twoprint_never_prints_empty():
    r = run(catalog("l45_once_twoprint", exists='doprint#1.out == "" || doprint#2.out == ""'))
    assert r.observation == "never" and not r.racy_program


def test_recursive_once_deadlocks():
    r = run("""var once sync.Once
func main() {
    once.Do(func() {
        once.Do(func() {
        })
    })
}
exists (main.blocked)
""")
    assert r.observation == "always"


def test_once_with_panicking_f_counts_as_returned():
    r = run("""var x int
var once sync.Once
go func P0() {
    once.Do(func() {
        x = 1
        panic("p")
    })
}
go func P1() {
    once.Do(func() {
        x = 2
    })
    r := x
}
exists (P1.r == 0)
""")
    assert r.observation == "never"


def test_rwmutex_reader_and_writer_are_ordered():
    r = run(catalog("l43_rwmutex_reader_writer", exists="T1.r1 != T1.r2"))
    assert r.observation == "never" and not r.racy_program


def test_rwmutex_readers_do_not_synchronize():
    r = run(catalog("l44_rwmutex_readers_race", exists="T2.r1 == 0"))
    assert r.observation == "sometimes" and r.racy_program


def test_recursive_rlock_deadlocks_with_a_pending_writer():
    r = run("""var rw sync.RWMutex
go func G1() {
    rw.RLock()
    rw.RLock()
    rw.RUnlock()
    rw.RUnlock()
}
go func G2() {
    rw.Lock()
    rw.Unlock()
}
exists (deadlock)
""")
    assert r.observation == "sometimes"


def test_rwmutex_fatal_errors():
    r = run("var rw sync.RWMutex\nfunc main() {\n    rw.RUnlock()\n}\nexists (main.panicked)\n")
    assert dict(r.outcomes[0].goroutines)["main"].panic == "sync: RUnlock of unlocked RWMutex"
    r = run("var rw sync.RWMutex\nfunc main() {\n    rw.Unlock()\n}\nexists (main.panicked)\n")
    assert dict(r.outcomes[0].goroutines)["main"].panic == "sync: Unlock of unlocked RWMutex"


BUSY_WAIT = catalog("l54_busy_wait_plain", exists='main.out == ""')


def test_busy_waiting_on_a_plain_bool_may_print_nothing_or_spin():
    r = run(BUSY_WAIT)
    assert r.observation == "sometimes" and r.racy_program
    statuses = {dict(o.goroutines)["main"].status.label for o in r.outcomes}
    assert statuses == {"ok", "spinning"}


def test_busy_waiting_is_fair_under_sc():
    r = run(BUSY_WAIT, model="sc")
    assert [dict(o.goroutines)["main"].out for o in r.outcomes] == ["hello, world"]


def test_busy_waiting_on_an_atomic_never_sees_stale_data():
    r = run(catalog("l56_busy_wait_atomic", exists='main.out == ""'))
    assert r.observation == "never" and not r.racy_program
    assert all(dict(o.goroutines)["main"].status.label == "ok" for o in r.outcomes)


def test_spinning_on_a_flag_nobody_sets_is_a_deadlock():
    r = run(SPIN_NEVER_SET + "exists (deadlock && main.blocked)\n")
    assert r.observation == "always"


HELLO = catalog("l31_chan_send_hello", exists='main.out != "hello, world"')


def test_send_is_synchronized_before_the_receive():
    r = run(HELLO)
    assert r.observation == "never" and not r.racy_program


def test_close_is_synchronized_before_the_zero_receive():
    r = run(variant(HELLO, "    c <- 0", "    close(c)"))
    assert r.observation == "never" and not r.racy_program


UNBUFFERED = catalog("l33_chan_unbuffered_hello", exists='main.out != "hello, world"')


def test_unbuffered_receive_is_synchronized_before_the_send_completes():
    r = run(UNBUFFERED)
    assert r.observation == "never" and not r.racy_program


def test_capacity_one_breaks_the_unbuffered_guarantee():
    r = run(variant(UNBUFFERED, "make(chan int)", "make(chan int, 1)"))
    assert r.observation == "sometimes" and r.racy_program


def test_kth_receive_before_the_k_plus_c_th_send_completes():
    r = run(catalog("l35_chan_k_plus_c", exists="P1.r1 == 0"))
    assert r.observation == "never"


def test_fifo_range_and_close():
    r = run("""var c = make(chan int, 2)
go func P() {
    c <- 1
    c <- 2
    close(c)
}
go func Q() {
    first := 0
    n := 0
    for v := range c {
        if n == 0 {
            first = v
        }
        n++
    }
    last, ok := <-c
}
exists (Q.first == 1 && Q.n == 2 && Q.last == 0 && Q.ok == false)
""")
    assert r.observation == "always"


def test_channel_deadlocks_and_panics():
    r = run("var c = make(chan int)\nfunc main() {\n    c <- 1\n}\nexists (deadlock)\n")
    assert r.observation == "always"
    r = run(CLOSE_TWICE + "exists (main.panicked)\n")
    assert dict(r.outcomes[0].goroutines)["main"].panic == "close of closed channel"
    r = run(SEND_THEN_CLOSE + "exists (A.panicked)\n")
    assert r.observation == "always"  # no receiver: the send can only end by the close's panic
    assert dict(r.outcomes[0].goroutines)["A"].panic == "send on closed channel"


def test_cond_signal_synchronizes_with_the_wait_it_wakes():
    r = run(catalog("l50_cond_signal", exists="T2.r1 == 0"))
    assert r.observation == "never" and not r.racy_program
    assert all(o.status.label == "ok" for o in r.outcomes)


def test_a_signal_with_no_waiter_is_lost():
    r = run(catalog("cond_signal_lost", exists="W.blocked"))
    assert r.observation == "sometimes"


def test_broadcast_wakes_every_waiter_and_signal_one():
    src = catalog("cond_broadcast_wakes_all", exists="waiter#1.blocked || waiter#2.blocked")
    assert run(src).observation == "never"
    assert run(variant(src, "cond.Broadcast()", "cond.Signal()")).observation == "always"


def test_select_send_case_and_blocking():
    src = """var x int
var c = make(chan int)
var d = make(chan int)
go func S() {
    x = 1
    select {
    case c <- 1:
    case d <- 2:
    }
}
go func R() {
    v := <-c
    r := x
}
exists (R.r == 0 || S.blocked)
"""
    r = run(src)
    # S's send on c completes with R's receive (d has no receiver): never stale,
    # but if S picked... it cannot pick d: nobody receives on d, so S takes c
    assert r.observation == "never" and not r.racy_program


def test_select_receive_from_closed_channel():
    r = run("""var c = make(chan int)
func main() {
    close(c)
    ok := true
    select {
    case _, ok = <-c:
    }
}
exists (main.ok == false)
""")
    assert r.observation == "always"


def test_select_waits_forever_when_no_case_can_fire():
    r = run("""var c = make(chan int)
var d = make(chan int, 1)
func main() {
    d <- 1
    select {
    case c <- 1:
    case d <- 2:
    }
}
exists (main.blocked)
""")
    assert r.observation == "always"

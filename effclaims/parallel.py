"""An order-preserving parallel map over a stream, in bounded memory.

Extraction is CPU-bound pure Python, so threads do not help and processes do. But
`multiprocessing.Pool.imap` reads its whole input ahead of the workers, which would
hold a 4 GB snapshot in memory. Here the caller's thread reads the input, sends it to
a pool in batches with at most `window` batches in flight, and yields results in input
order as soon as the oldest batch is done: memory is bounded by the window, not by the
input, and reader errors surface in the caller where they happen.

Processes only pay off for inputs of some size: with one job, or an input shorter than
`MIN_PARALLEL` items (found by reading at most that many ahead), everything runs in
process. On Linux workers are forked after the parent has done the first item itself,
so whatever the function sets up lazily (compiled patterns, gazetteers) is built once
and shared. Workers ignore SIGINT: Ctrl-C interrupts the parent only, which stops the
pool and reports the interruption once; SIGTERM and SIGHUP end a worker quietly.

Items that arrive over time (`follow`, a pipe that stays open) are read by a thread of
their own, so that a result is yielded as soon as it is done, never held back while the
next item is awaited.

`multiprocessing` and `ctypes` are imported when a pool is first started: a run that
extracts in process (one day's dump) would spend a twentieth of its start-up on them.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from itertools import chain, islice
from queue import Empty, Queue
from typing import TYPE_CHECKING, Any, TypeVar, overload

from .errors import EffclaimsError

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext
    from multiprocessing.pool import AsyncResult, Pool

T = TypeVar("T")
A = TypeVar("A")
R = TypeVar("R")

#: Items per batch sent to a worker: large enough that the pickling and the round trip
#: are small beside the work, small enough to keep the workers evenly busy.
BATCH_SIZE = 64
#: Inputs of fewer items than this are done in process: starting workers would cost more.
MIN_PARALLEL = 256
#: Batches in flight per worker: one being worked on, one waiting, so no worker idles.
WINDOW_PER_JOB = 2
#: How often a wait for results checks that the workers are still alive.
_POLL_SECONDS = 0.5
#: How long a wait for the next followed item lasts before a result that is done is yielded.
_FOLLOW_POLL_SECONDS = 0.02


# Without a payload, `func` takes the items themselves.
@overload
def ordered_map(
    func: Callable[[T], R],
    items: Iterable[T],
    jobs: int,
    *,
    payload: None = None,
    batch_size: int | None = None,
    window: int | None = None,
    min_parallel: int | None = None,
    follow: bool = False,
) -> Iterator[tuple[T, R]]: ...


@overload
def ordered_map(
    func: Callable[[A], R],
    items: Iterable[T],
    jobs: int,
    *,
    payload: Callable[[T], A],
    batch_size: int | None = None,
    window: int | None = None,
    min_parallel: int | None = None,
    follow: bool = False,
) -> Iterator[tuple[T, R]]: ...


def ordered_map(
    func: Callable[[Any], R],
    items: Iterable[T],
    jobs: int,
    *,
    payload: Callable[[T], Any] | None = None,
    batch_size: int | None = None,
    window: int | None = None,
    min_parallel: int | None = None,
    follow: bool = False,
) -> Iterator[tuple[T, R]]:
    """(item, func(payload(item))) for each item, in input order, using up to `jobs` processes.

    `payload` reduces an item to what `func` needs, so that only that crosses the
    process boundary (default: the item itself). `func` must be picklable (a
    module-level function or a `functools.partial` of one). At most `window` batches
    of `batch_size` items (default `WINDOW_PER_JOB` per job, `BATCH_SIZE`) are read
    ahead of the results yielded, or `min_parallel` items (default `MIN_PARALLEL`), and
    a batch per job, while deciding whether processes pay off and how many: no more
    than there are batches. Exceptions of `func` are raised here.

    With `follow`, items are taken to arrive over time: each result is yielded as soon as
    it is done (see `_followed`), and processes start only once items wait for them.
    """
    prepare: Callable[[T], Any] = payload or _identity
    it = iter(items)
    if jobs <= 1:
        yield from _serial(func, prepare, it)
        return
    if follow:
        plan = _Plan(jobs, batch_size or BATCH_SIZE, window or WINDOW_PER_JOB * jobs)
        yield from _followed(func, prepare, it, plan)
        return
    enough = max(1, MIN_PARALLEL if min_parallel is None else min_parallel)
    batch_size = batch_size or BATCH_SIZE
    # Enough read ahead to give each worker a batch: no more workers than there is work for.
    head = list(islice(it, max(enough, jobs * batch_size)))
    if len(head) < enough:
        yield from _serial(func, prepare, iter(head))
        return
    jobs = min(jobs, -(-len(head) // batch_size))
    rest = chain(head, it)
    first = next(rest)
    # Done here, before the fork: the workers inherit whatever it set up.
    yield first, func(prepare(first))
    yield from _pooled(
        func, prepare, rest, _Plan(jobs, batch_size, window or WINDOW_PER_JOB * jobs)
    )


@dataclass(frozen=True)
class _Plan:
    """How the pool is used: its workers, items per batch, batches in flight."""

    jobs: int
    batch_size: int
    window: int


def _identity(item: T) -> T:
    return item


def _serial(
    func: Callable[[A], R], prepare: Callable[[T], A], items: Iterator[T]
) -> Iterator[tuple[T, R]]:
    for item in items:
        yield item, func(prepare(item))


def _pooled(
    func: Callable[[A], R], prepare: Callable[[T], A], items: Iterator[T], plan: _Plan
) -> Iterator[tuple[T, R]]:
    jobs, batch_size, window = plan.jobs, plan.batch_size, plan.window
    pending: deque[tuple[list[T], AsyncResult[list[R]]]] = deque()
    with pool(jobs) as (workers_pool, workers):
        while batch := list(islice(items, batch_size)):
            pending.append(_submit(workers_pool, func, prepare, batch))
            if len(pending) >= window:
                yield from _collect(pending.popleft(), workers)
        while pending:
            yield from _collect(pending.popleft(), workers)
    # However the `with` is left (done, an error, or the consumer closing this generator),
    # the workers stop and are waited for (Ctrl-C terminates them): none outlives the call.


class _End:
    """What the reading thread queues after the last item."""


@dataclass(frozen=True)
class _Failed:
    """What the reading thread queues when reading fails: the error, raised by the reader."""

    error: BaseException


def _followed(
    func: Callable[[A], R], prepare: Callable[[T], A], items: Iterator[T], plan: _Plan
) -> Iterator[tuple[T, R]]:
    """Results of items that arrive over time, each as soon as it can be had.

    The first item is done here (before any thread or fork, as in `ordered_map`). Then a
    thread reads items into a queue. While they trickle in, each is done here as it comes;
    once a batch of them is waiting, a pool takes over, and a batch is sent when it is full
    or when no more items are waiting, and results leave in order as soon as they are done.
    """
    jobs, batch_size, window = plan.jobs, plan.batch_size, plan.window
    first = next(items, None)
    if first is None:
        return
    yield first, func(prepare(first))
    queue: Queue[Any] = Queue(maxsize=window * batch_size)
    threading.Thread(target=_read_into, args=(items, queue), daemon=True).start()
    while queue.qsize() < batch_size:
        batch, ended = _take(queue, 1, None)
        yield from _serial(func, prepare, iter(batch))
        if ended:
            return
    pending: deque[tuple[list[T], AsyncResult[list[R]]]] = deque()
    ended = False
    with pool(jobs) as (workers_pool, workers):
        while not ended or pending:
            if not ended:
                # Wait for input only while no result is ready to go out.
                wait = (
                    None if not pending else 0.0 if pending[0][1].ready() else _FOLLOW_POLL_SECONDS
                )
                batch, ended = _take(queue, batch_size, wait)
                if batch:
                    pending.append(_submit(workers_pool, func, prepare, batch))
            while pending and (ended or len(pending) >= window or pending[0][1].ready()):
                yield from _collect(pending.popleft(), workers)


def _read_into(items: Iterator[T], queue: Queue[Any]) -> None:
    """The reading thread: every item into `queue`, then `_End` (or `_Failed`)."""
    try:
        for item in items:
            queue.put(item)
    except BaseException as error:
        queue.put(_Failed(error))
    else:
        queue.put(_End())


def _take(queue: Queue[Any], most: int, wait: float | None) -> tuple[list[Any], bool]:
    """Up to `most` items that are waiting, after waiting `wait` seconds (None: for ever)
    for the first; and whether the input has ended. A reading error is raised here."""
    taken: list[Any] = []
    try:
        if wait is None:
            # in short waits, which a signal (Ctrl-C) can always end between
            item = None
            while item is None:
                with suppress(Empty):
                    item = queue.get(timeout=_POLL_SECONDS)
        else:
            item = queue.get(timeout=wait) if wait else queue.get_nowait()
        while True:
            if isinstance(item, _End):
                return taken, True
            if isinstance(item, _Failed):
                raise item.error
            taken.append(item)
            if len(taken) >= most:
                return taken, False
            item = queue.get_nowait()
    except Empty:
        return taken, False


def _collect(
    done: tuple[list[T], AsyncResult[list[R]]], workers: set[int]
) -> Iterator[tuple[T, R]]:
    """The pairs of a batch once it is done, or an error if a worker died on the way.

    A pool replaces a worker that dies (killed, out of memory) but loses its batch,
    whose result would then never come: so while waiting, check that they all live.
    """
    batch, result = done
    results: list[R] = result_of(result, workers)
    yield from zip(batch, results, strict=True)


def result_of(result: AsyncResult[R], workers: set[int]) -> R:
    """The result of a task once it is done, or an error if a worker died on the way
    (see `_collect`); an exception of the task is raised here."""
    while not result.ready():
        result.wait(_POLL_SECONDS)
        if not result.ready() and not workers <= _children():
            raise WorkerDied("a worker process died (killed, or out of memory?); try fewer --jobs")
    return result.get()


@contextmanager
def pool(jobs: int) -> Iterator[tuple[Pool, set[int]]]:
    """A pool of `jobs` workers set up as `ordered_map`'s are, and their process ids (for
    `result_of`); none outlives the block.

    Left in the ordinary way (done, an error, a consumer that stops early), the workers
    finish the few tasks in flight and leave on their own; they are terminated only after
    `_STOP_SECONDS`, or at once on Ctrl-C or when one has died. Terminating a worker while
    it writes a result leaves the result queue's lock taken for ever, and the pool's own
    thread, which writes there last, then waits for ever: so workers are not terminated
    while they may still be writing, unless the user asks or the pool is broken anyway.
    """
    others = _children()
    started = None
    try:
        # Started inside the `try`: a Ctrl-C held back while the workers start comes the
        # moment they have, and must find them to terminate.
        started = _start_pool(jobs)
        yield started, _children() - others
    except (KeyboardInterrupt, WorkerDied):
        if started is not None:
            started.terminate()
        raise
    finally:
        if started is not None:
            started.close()
            if not _all_exited(others, _STOP_SECONDS):
                started.terminate()
            started.join()


class WorkerDied(EffclaimsError):
    """A worker process died before giving its result (killed, or out of memory)."""


#: How long workers may take to finish the tasks in flight when a pool is left.
_STOP_SECONDS = 30.0


def _all_exited(others: set[int], seconds: float) -> bool:
    """Whether every child process but `others` has exited, waiting up to `seconds`."""
    deadline = time.monotonic() + seconds
    while _children() - others:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def _children() -> set[int]:
    import multiprocessing

    return {process.pid for process in multiprocessing.active_children() if process.pid}


def _submit(
    workers: Pool, func: Callable[[A], R], prepare: Callable[[T], A], batch: list[T]
) -> tuple[list[T], AsyncResult[list[R]]]:
    """A batch sent to the pool, with the result it will give."""
    return batch, workers.apply_async(_run_batch, (func, [prepare(item) for item in batch]))


def _run_batch(func: Callable[[A], R], work: list[A]) -> list[R]:
    """What a worker does with one batch."""
    return [func(item) for item in work]


def _context() -> BaseContext:
    """Fork on Linux (cheap, shares the parent's set-up); the platform's default elsewhere,
    where fork is either missing or unsafe with system libraries."""
    import multiprocessing  # here, not at the top: a run in process never needs it

    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _start_pool(jobs: int) -> Pool:
    # Buffered output would be copied into each forked worker and could be written
    # again when a worker exits: write it out first.
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    started = None
    try:
        with _signals_blocked():
            # Objects that exist now are left alone by the workers' garbage collector, so
            # their pages stay shared with the parent instead of being copied on write.
            gc.freeze()
            try:
                started = _context().Pool(
                    jobs,
                    initializer=_worker_signals,
                    initargs=(os.getpid(), threading.main_thread().ident),
                )
            finally:
                gc.unfreeze()
    except BaseException:
        # a signal held back while they started comes as the block ends, before the
        # pool is returned: its workers end here, not never
        if started is not None:
            started.terminate()
        raise
    return started


@contextmanager
def _signals_blocked() -> Iterator[None]:
    """Hold back SIGINT, SIGTERM and SIGHUP while workers start, so none is hit before it
    has set its own handling of them.

    A signal in that moment is delivered to the parent right after, not lost.
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _ENDING)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


#: The signals that end a run, which the parent handles (see `cli.main`).
_ENDING = {
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
}


def _worker_signals(parent: int, main_thread: int | None) -> None:
    """Worker start-up: Ctrl-C on a terminal reaches every process, and only the parent
    acts on it; SIGTERM (from the pool, as the parent ends) and SIGHUP end a worker at
    once and quietly, not through the parent's handlers, which a fork inherits.

    On Linux the kernel also sends SIGTERM when the parent exits, however it exits
    (killed, or a pool left unterminated): a worker never outlives it, waiting for work
    that will not come and holding the parent's pipes open. The kernel sends it when the
    *thread* that forked the worker ends, so only a worker forked by the parent's main
    thread asks for it (a forked child runs on as the thread that forked it). The pool
    forks a replacement for a worker that died from a thread of its own, which ends as
    the pool is terminated; told to end then, the replacement could die holding the lock
    of the task queue, which the pool's termination takes next, and wait for ever. Such
    a replacement watches for the parent's exit itself instead (`_watch_parent`).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in _ENDING - {signal.SIGINT}:
        signal.signal(signum, signal.SIG_DFL)
    if threading.get_ident() != main_thread:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    elif sys.platform.startswith("linux"):
        _end_with_parent(parent)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _ENDING)


def _watch_parent(parent: int) -> None:
    """End this worker once its parent process has exited (it is then adopted, and its
    parent id changes): checked five times a second, at no cost worth counting."""
    while os.getppid() == parent:
        time.sleep(_WATCH_SECONDS)
    os.kill(os.getpid(), signal.SIGTERM)


#: How often a replacement worker checks that its parent still lives.
_WATCH_SECONDS = 0.2


def _end_with_parent(parent: int) -> None:
    """Ask the kernel for SIGTERM when the parent exits (`prctl(PR_SET_PDEATHSIG)`); a
    parent gone already is seen as a changed parent id."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0) != 0:
        return  # not granted (a sandbox): the pool's own termination still applies
    if os.getppid() != parent:
        os.kill(os.getpid(), signal.SIGTERM)


#: `PR_SET_PDEATHSIG` of <linux/prctl.h>.
_PR_SET_PDEATHSIG = 1

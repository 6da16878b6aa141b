"""The parallel map and `extract_papers --jobs`: same results in the same order for any number
of jobs, bounded read-ahead, in-process for small inputs, clean stops, and Ctrl-C.

Timings are measured by `make bench`, never asserted here.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from effclaims import parallel, readers
from effclaims.errors import EffclaimsError, InputError
from effclaims.extraction import extract_papers
from effclaims.parallel import ordered_map

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = sorted((SHARED / "seeds").glob("*.txt"))
FIXTURES = sorted((ROOT / "fixtures").glob("example*"))
EFFCLAIMS = str(Path(sys.executable).with_name("effclaims"))

ABSTRACTS = [
    "We present GlideKV, a cache layout that cuts key-value memory by 70% and decodes 1.9x "
    "faster than paged attention on one NVIDIA L40S, serving 2,300 tokens per second.",
    "Our distilled 1.3B student matches its 13B teacher on six benchmarks while answering in "
    "38 ms per query on a Raspberry Pi 5 with 4-bit weights.",
    "This position paper argues that evaluation of retrieval systems should report variance "
    "across random seeds, and proposes a checklist for doing so.",
    "Sparse expert routing lowers training FLOPs by a factor of 3.5 relative to a dense model "
    "of equal quality, and an INT8 kernel halves inference energy on TPU v5e.",
]


def square(x: int) -> int:
    return x * x


def pid(_item: object) -> int:
    return os.getpid()


def fail_on_13(x: int) -> int:
    if x == 13:
        raise ValueError("thirteen")
    return x


def die_on_13(x: int) -> int:
    if x == 13:
        os.kill(os.getpid(), signal.SIGKILL)
    return x


def no_workers_left() -> bool:
    return multiprocessing.active_children() == []


# --------------------------------------------------------------------------- the map


@pytest.mark.parametrize(
    ("n", "jobs", "batch_size", "window", "min_parallel"),
    [
        (0, 1, None, None, None),
        (0, 2, 4, 2, 1),
        (1, 2, 4, 2, 1),
        (5, 2, 4, 2, 1),
        (37, 2, 4, 2, 1),
        (37, 3, 1, 1, 1),
        (300, 2, None, None, None),
        (300, 1, None, None, None),
        (100, 2, 7, 3, 10),
    ],
)
def test_results_are_those_of_a_plain_loop_in_input_order(
    n, jobs, batch_size, window, min_parallel
):
    got = list(
        ordered_map(
            square, range(n), jobs, batch_size=batch_size, window=window, min_parallel=min_parallel
        )
    )
    assert got == [(x, x * x) for x in range(n)]


def test_payload_is_what_crosses_to_the_worker_and_the_item_comes_back():
    items = [{"n": i, "bulk": "x" * 100} for i in range(40)]
    got = list(
        ordered_map(square, items, 2, payload=lambda d: d["n"], batch_size=3, min_parallel=1)
    )
    assert [item for item, _ in got] == items
    assert [result for _, result in got] == [i * i for i in range(40)]


def test_small_inputs_stay_in_process_and_large_ones_go_to_workers():
    me = os.getpid()
    small = [p for _, p in ordered_map(pid, range(49), 2, min_parallel=50)]
    assert set(small) == {me}
    large = [p for _, p in ordered_map(pid, range(200), 2, batch_size=5, min_parallel=50)]
    # the first item is done here (set-up before the fork), the rest by the workers
    assert large[0] == me and me not in large[1:] and len(set(large[1:])) <= 2
    assert set(p for _, p in ordered_map(pid, range(200), 1)) == {me}


def consumed_ahead(results: Iterator, counter: list[int]) -> list[int]:
    """How many items the map had taken from its input beyond those yielded, at each yield."""
    leads = []
    for done, _ in enumerate(results, 1):
        leads.append(counter[0] - done)
    return leads


def counting(n: int, counter: list[int]) -> Iterator[int]:
    for i in range(n):
        counter[0] += 1
        yield i


@pytest.mark.parametrize(
    ("jobs", "batch_size", "window", "min_parallel", "bound"),
    [
        (1, 8, 3, 20, 0),  # one job: one item at a time, nothing read ahead
        (2, 8, 3, 20, 24),  # window of 3 batches of 8
        (2, 8, 3, 40, 40),  # the look for a small input reads further than the window
        (2, 1, 2, 1, 2),
        (2, 16, 4, 64, 64),
    ],
)
def test_read_ahead_is_bounded_by_the_window_not_the_input(
    jobs, batch_size, window, min_parallel, bound
):
    counter = [0]
    results = ordered_map(
        square,
        counting(2000, counter),
        jobs,
        batch_size=batch_size,
        window=window,
        min_parallel=min_parallel,
    )
    leads = consumed_ahead(results, counter)
    assert len(leads) == 2000
    assert max(leads) <= bound
    if jobs > 1:
        # while results come out, batches are in flight: the workers are kept busy
        assert max(leads[min_parallel : -window * batch_size]) >= (window - 1) * batch_size


def test_an_error_in_a_worker_is_raised_here_after_the_results_before_it():
    got = []
    with pytest.raises(ValueError, match="thirteen"):
        for item, _ in ordered_map(fail_on_13, range(100), 2, batch_size=4, min_parallel=1):
            got.append(item)
    assert got == list(range(13))
    assert no_workers_left()


# The pool forks a replacement for the dead worker, which the pool's termination must
# not wait for: a race, so the case runs several times.
@pytest.mark.parametrize("attempt", range(5))
def test_a_worker_that_dies_is_an_error_not_a_hang(attempt: int):
    with pytest.raises(EffclaimsError, match="worker process died"):
        list(ordered_map(die_on_13, range(100), 2, batch_size=4, min_parallel=1))
    assert no_workers_left()


def _death_signal_asked(forked_by_main: bool) -> int:
    """The signal a worker set up by `_worker_signals` asks to get when the thread that
    forked it ends (`prctl(PR_GET_PDEATHSIG)`), for a worker forked by the main thread or
    by another, as the pool forks a replacement for a worker that died."""
    import ctypes
    import threading

    main = threading.main_thread().ident  # the parent's, as the pool passes it

    def child(queue: multiprocessing.SimpleQueue) -> None:  # type: ignore[type-arg]
        parallel._worker_signals(os.getppid(), main)
        asked = ctypes.c_int(0)
        ctypes.CDLL(None).prctl(2, ctypes.byref(asked), 0, 0, 0)  # PR_GET_PDEATHSIG
        queue.put(asked.value)

    ctx = multiprocessing.get_context("fork")
    queue = ctx.SimpleQueue()
    got: list[int] = []

    def fork() -> None:
        process = ctx.Process(target=child, args=(queue,))
        process.start()
        got.append(queue.get())
        process.join()

    if forked_by_main:
        fork()
    else:
        thread = threading.Thread(target=fork)
        thread.start()
        thread.join()
    return got[0]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_only_a_worker_forked_by_the_main_thread_ends_with_its_parent():
    # a replacement, forked by the pool's handler thread, would be told to end when that
    # thread ends as the pool is terminated, and could die holding the task queue's lock
    assert _death_signal_asked(forked_by_main=True) == signal.SIGTERM
    assert _death_signal_asked(forked_by_main=False) == 0


_ORPHANED = """
import multiprocessing, os, threading, time
from effclaims import parallel

main, parent = threading.main_thread().ident, os.getpid()  # as the pool passes them

def child():
    parallel._worker_signals(parent, main)
    quiet = os.open(os.devnull, os.O_WRONLY)  # let go of the pipes the test reads to the end
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    time.sleep(30)

def fork():
    process = multiprocessing.get_context("fork").Process(target=child)
    process.start()
    print(process.pid, flush=True)

thread = threading.Thread(target=fork)
thread.start()
thread.join()
os._exit(0)  # the parent ends, the worker forked by its other thread is left
"""


def test_a_worker_forked_by_another_thread_ends_with_its_parent():
    run = subprocess.run(
        [sys.executable, "-c", _ORPHANED], capture_output=True, text=True, check=True
    )
    pid = int(run.stdout.split()[0])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    pytest.fail("the worker outlived its parent")


def test_an_error_of_the_input_stops_the_workers():
    def broken() -> Iterator[int]:
        yield from range(50)
        raise InputError("papers.jsonl: line 51: not JSON")

    with pytest.raises(InputError, match="line 51"):
        list(ordered_map(square, broken(), 2, batch_size=4, min_parallel=1))
    assert no_workers_left()


def test_a_consumer_that_stops_early_leaves_no_workers():
    results = ordered_map(square, range(10_000), 2, batch_size=4, min_parallel=1)
    assert [next(results) for _ in range(5)] == [(x, x * x) for x in range(5)]
    assert not no_workers_left()
    results.close()
    assert no_workers_left()


_IDLE_POOL = """
import time
from effclaims.parallel import pool

with pool(2) as (_, workers):
    print(*sorted(workers), flush=True)
    time.sleep(60)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's parent-death signal")
def test_workers_do_not_outlive_their_parent_even_when_stuck():
    """Idle workers wait for a task one at a time: one reads the pipe while holding the
    queue's lock, the other waits for the lock. Killed while it reads, the first leaves
    the lock taken for ever; when the parent is then killed too (no handler, no atexit),
    the second would wait for good, holding the parent's pipes open, but for the signal
    the kernel sends it when its parent exits."""
    parent = subprocess.Popen([sys.executable, "-c", _IDLE_POOL], stdout=subprocess.PIPE, text=True)
    try:
        workers = [int(w) for w in parent.stdout.readline().split()]
        assert len(workers) == 2
        deadline = time.monotonic() + 20
        while not any(_waits_in(w, "pipe") for w in workers):
            assert time.monotonic() < deadline, "no worker came to read the task pipe"
            time.sleep(0.05)
        reader = next(w for w in workers if _waits_in(w, "pipe"))
        os.kill(reader, signal.SIGKILL)
    finally:
        parent.kill()
        parent.wait()
        parent.stdout.close()
    (stuck,) = set(workers) - {reader}
    deadline = time.monotonic() + 20
    while _alive(stuck):
        assert time.monotonic() < deadline, "a worker outlived its killed parent"
        time.sleep(0.05)


def _waits_in(pid: int, where: str) -> bool:
    """Whether process `pid` sleeps in a kernel function named with `where`."""
    try:
        return where in Path(f"/proc/{pid}/wchan").read_text()
    except FileNotFoundError:
        return False


def _alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie waiting for its new parent to reap it does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


# --------------------------------------------------------------------------- extraction


def claims_by_paper(paths: list[Path], jobs: int, types: frozenset[str] | None = None) -> list:
    papers = readers.read_many([str(p) for p in paths])
    return [
        (paper.source, paper.index, paper.title, claims)
        for paper, claims in extract_papers(papers, types, jobs)
    ]


@pytest.mark.parametrize("types", [None, frozenset({"speedup", "hardware", "latency"})])
def test_fixtures_give_the_same_claims_for_any_jobs(monkeypatch, types):
    one = claims_by_paper(FIXTURES, 1, types)
    # the fixtures are small: lower the bar so that workers really do the work
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    monkeypatch.setattr(parallel, "BATCH_SIZE", 2)
    assert claims_by_paper(FIXTURES, 2, types) == one
    assert claims_by_paper(FIXTURES, 3, types) == one
    assert any(claims for *_, claims in one)


def test_seeds_give_the_same_claims_for_any_jobs():
    if not SEEDS:
        pytest.skip("no seed dumps beside the checkout")
    one = claims_by_paper(SEEDS, 1)
    assert len(one) > parallel.MIN_PARALLEL  # large enough for the workers
    assert claims_by_paper(SEEDS, 2) == one


def papers_jsonl(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            record = {"id": f"2501.{i:05d}", "title": f"Study {i}", "abstract": ABSTRACTS[i % 4]}
            fh.write(json.dumps(record) + "\n")
    return path


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_the_command_writes_the_same_bytes_for_any_jobs(tmp_path, fmt):
    source = papers_jsonl(tmp_path / "papers.jsonl", parallel.MIN_PARALLEL + 44)
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"claims_{jobs}.{fmt}"
        subprocess.run(
            [EFFCLAIMS, "extract", source, "--format", fmt, "-o", out, "-j", jobs],
            check=True,
            timeout=120,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0].count(b"GlideKV") > parallel.MIN_PARALLEL // 4


def test_ctrl_c_on_a_terminal_stops_parent_and_workers_with_one_line(
    tmp_path, interrupt_while_following
):
    """Ctrl-C signals the whole process group: workers ignore it, the parent reports it once."""
    lines = papers_jsonl(tmp_path / "papers.jsonl", parallel.MIN_PARALLEL + 200).read_bytes()
    run = interrupt_while_following(
        ["papers", "-", "-f", "jsonl", "--format", "jsonl", "-j", "2"], lines, group=True
    )
    assert run.code == 130
    assert run.stderr == "effclaims: interrupted\n"
    with pytest.raises(ProcessLookupError):  # no worker outlived the parent
        os.killpg(run.pid, 0)

"""The local engine: a fork-based process pool with ordered, bounded, crash-proof output.

The parent builds and warms up the :class:`~auditor.batch.worker.Auditor` (rulesets
compiled, profile loaded, jieba and the other lazy tables loaded), freezes the heap
(``gc.freeze``) and then forks the workers (``multiprocessing`` ``fork`` context): each
worker starts with the parent's auditor already in memory, shared copy-on-write.

Each worker has its own pipe and audits one page at a time, with the next page already
waiting in its pipe (so a worker seldom waits for the parent between pages); the parent
always knows which pages a worker holds, which one it is auditing and since when:

- results are yielded in input order, whatever the number of jobs;
- at most ``max_inflight`` items (default 4 x jobs) are between "read from the
  sources" and "yielded": sources are read lazily, so memory is bounded by the pages in
  flight, never by the archive;
- a worker that dies (segfault, ``os._exit``, out-of-memory kill) turns its page into
  an ``input-error`` record and is replaced; so does a page that runs longer than
  ``page_timeout`` seconds (the worker is killed);
- pages are written to the pipes without blocking (a page is often larger than a
  pipe's buffer): the parent keeps reading the sources and collecting results meanwhile;
- workers ignore SIGINT and SIGTERM (the parent handles them and stops the pool), and
  exit when the parent goes away (``PR_SET_PDEATHSIG`` on Linux, and end-of-file on
  their pipe everywhere).
"""
from __future__ import annotations

import gc
import math
import multiprocessing
import os
import select
import signal
import socket
import struct
import sys
import time
from collections import deque
from multiprocessing.reduction import ForkingPickler
from typing import Iterable, Iterator

from auditor.batch.worker import Auditor, Result
from auditor.sources import SourceItem

Task = tuple  # (item: SourceItem, occurrence: int)


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (best effort)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes  # ~2.5 ms and 5 modules, for Linux only

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001 - the pipe's end-of-file is the fallback
        pass


def _worker_main(conn, auditor: Auditor, inherited: list, parent_pid: int) -> None:
    """A worker: read (item, occurrence), audit, send the result; never returns."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        try:
            signal.set_wakeup_fd(-1)
        except (ValueError, OSError):
            pass
        _die_with_parent()
        if os.getppid() != parent_pid:
            os._exit(0)
        for c in inherited:  # the parent's ends of the other workers' pipes (and their dups)
            try:
                c.close()
            except OSError:
                pass
        while True:
            try:
                msg = conn.recv()
            except (EOFError, OSError):
                break
            if msg is None:
                break
            tid, item, occurrence = msg
            result = auditor.audit(item, occurrence)
            try:
                conn.send((tid, result))
            except (OSError, ValueError):
                break
            if result.fatal:  # out of memory: let the parent start a fresh worker
                break
    finally:
        os._exit(0)  # never run the parent's atexit handlers or flush its buffers


#: Pages a worker holds: the one it audits and the next, already in its pipe.
DEPTH = 2


def _frame(out: bytearray, task: tuple) -> None:
    """Append ``task`` to ``out`` as ``Connection.send`` would write it (what the worker's
    ``recv`` reads)."""
    data = ForkingPickler.dumps(task)
    n = len(data)
    out += struct.pack("!i", n) if n <= 0x7FFFFFFF else struct.pack("!i", -1) + struct.pack("!Q", n)
    out += data


class _Worker:
    __slots__ = ("process", "conn", "sock", "tasks", "started", "out")

    def __init__(self, process, conn):
        self.process = process
        self.conn = conn
        # the same socket, for sends that never block (Connection.send does)
        self.sock = socket.socket(fileno=os.dup(conn.fileno()))
        self.tasks: deque = deque()  # (tid, item, occurrence): tasks[0] is being audited
        self.started = 0.0  # when tasks[0] started (about)
        self.out = bytearray()  # framed tasks not yet written to the pipe

    @property
    def task(self):
        return self.tasks[0] if self.tasks else None

    def flush(self) -> bool:
        """Write what the pipe takes now; False when the worker is gone."""
        try:
            while self.out:
                n = self.sock.send(self.out, socket.MSG_DONTWAIT)
                del self.out[:n]
        except (BlockingIOError, InterruptedError):
            pass
        except OSError:
            return False
        return True

    def close(self) -> None:
        for c in (self.sock, self.conn):
            try:
                c.close()
            except OSError:
                pass


def describe_exit(code: int | None) -> str:
    if code is None:
        return "exit status unknown"
    if code < 0:
        try:
            return f"killed by signal {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


class LocalPool:
    """``results(tasks)`` yields ``(item, occurrence, Result)`` in input order."""

    def __init__(self, auditor: Auditor, jobs: int, *, page_timeout: float | None = None,
                 max_inflight: int | None = None, wakeup_fd: int | None = None):
        if jobs < 1:
            raise ValueError("jobs must be at least 1")
        self.auditor = auditor
        self.jobs = jobs
        self.page_timeout = page_timeout if page_timeout and page_timeout > 0 else None
        self.max_inflight = max(max_inflight or 4 * jobs, jobs)
        self.wakeup_fd = wakeup_fd
        self.stopping = False
        self.crashed = 0  # pages that killed their worker
        self.timed_out = 0
        self._ctx = multiprocessing.get_context("fork")
        self._workers: list[_Worker] = []
        self._retried: set[int] = set()  # task ids already given a second worker

    # -- workers ---------------------------------------------------------------

    def _spawn(self) -> _Worker:
        parent_conn, child_conn = self._ctx.Pipe(duplex=True)
        inherited = [c for w in self._workers for c in (w.conn, w.sock)]
        for stream in (sys.stdout, sys.stderr):  # nothing buffered may be copied into the child
            try:
                stream.flush()
            except (OSError, ValueError, AttributeError):
                pass
        proc = self._ctx.Process(target=_worker_main, name="auditor-scan-worker",
                                 args=(child_conn, self.auditor, inherited, os.getpid()), daemon=True)
        proc.start()
        child_conn.close()
        return _Worker(proc, parent_conn)

    def start(self) -> None:
        gc.collect()
        gc.freeze()  # keep the shared heap's pages clean: no copy-on-write by the collector
        try:
            for _ in range(self.jobs):
                self._workers.append(self._spawn())
        finally:
            gc.unfreeze()

    def close(self) -> None:
        for w in self._workers:
            if w.tasks or w.out:  # stopping midway: the pages will be audited on --resume
                w.process.kill()
                continue
            try:
                w.conn.send(None)
            except (OSError, ValueError):
                pass
        deadline = time.monotonic() + 2
        for w in self._workers:
            w.process.join(max(0.0, deadline - time.monotonic()))
            if w.process.is_alive():
                w.process.kill()
                w.process.join(1)
            w.close()
        self._workers = []

    def _replace(self, w: _Worker) -> None:
        w.close()
        if w.process.is_alive():
            w.process.kill()
        w.process.join(5)
        i = self._workers.index(w)
        self._workers.pop(i)
        if not self.stopping:
            self._workers.insert(i, self._spawn())

    # -- the loop ----------------------------------------------------------------

    def stop(self) -> None:
        """Stop after the results already in order (safe to call from a signal handler)."""
        self.stopping = True

    def results(self, tasks: Iterable[Task]) -> Iterator[tuple[SourceItem, int, Result]]:
        if not self._workers:
            self.start()
        source = iter(tasks)
        exhausted = False
        queue: deque = deque()  # (tid, item, occurrence) read, not yet sent
        done: dict[int, tuple] = {}
        meta: dict[int, tuple] = {}  # tid -> (item, occurrence) until yielded
        next_tid = 0  # the next task id to read
        next_out = 0  # the next task id to yield
        try:
            while not self.stopping:
                # 1. read ahead (lazily, within the window) and keep every worker's pipe filled:
                #    idle workers first, then the next page for each busy one
                while True:
                    if not queue:
                        if exhausted or next_tid - next_out >= self.max_inflight:
                            break
                        try:
                            item, occurrence = next(source)
                        except StopIteration:
                            exhausted = True
                            break
                        queue.append((next_tid, item, occurrence))
                        meta[next_tid] = (item, occurrence)
                        next_tid += 1
                        if self.stopping:
                            break
                    w = self._least_loaded()
                    if w is None:
                        break
                    self._send(w, queue.popleft())
                # 2. yield what is complete, in order
                while next_out in done:
                    item, occurrence = meta.pop(next_out)
                    yield item, occurrence, done.pop(next_out)
                    next_out += 1
                    if self.stopping:
                        return
                if exhausted and next_out == next_tid:
                    return
                if next_tid - next_out < self.max_inflight and not exhausted and not queue and \
                        self._least_loaded() is not None:
                    continue
                # 3. wait for a result, a writable pipe, a dead worker, a timeout or a signal
                self._wait(done, queue)
        finally:
            self.close()

    def _least_loaded(self) -> _Worker | None:
        best = None
        for w in self._workers:
            if len(w.tasks) < DEPTH and (best is None or len(w.tasks) < len(best.tasks)):
                best = w
        return best

    def _send(self, w: _Worker, task: tuple) -> None:
        if not w.tasks:
            w.started = time.monotonic()
        w.tasks.append(task)
        _frame(w.out, task)
        w.flush()  # a dead worker is found by _wait through its sentinel

    def _wait(self, done: dict, queue: deque) -> None:
        timeout = None
        now = time.monotonic()
        if self.page_timeout:
            busy = [w.started for w in self._workers if w.tasks]
            if busy:
                timeout = max(0.0, min(busy) + self.page_timeout - now)
        poller = select.poll()
        for w in self._workers:
            poller.register(w.conn.fileno(), select.POLLIN | (select.POLLOUT if w.out else 0))
            poller.register(w.process.sentinel, select.POLLIN)
        if self.wakeup_fd is not None:
            poller.register(self.wakeup_fd, select.POLLIN)
        try:
            events = dict(poller.poll(None if timeout is None else math.ceil(timeout * 1000)))
        except InterruptedError:
            events = {}
        if self.wakeup_fd is not None and self.wakeup_fd in events:
            try:
                os.read(self.wakeup_fd, 512)
            except OSError:
                pass
        for w in list(self._workers):
            dead = blame = False
            fd = w.conn.fileno()
            ev = events.get(fd, 0)
            if w.out and ev & (select.POLLOUT | select.POLLERR | select.POLLHUP) and not w.flush():
                dead = blame = True
            if ev & (select.POLLIN | select.POLLERR | select.POLLHUP) or w.process.sentinel in events:
                try:
                    while w.conn.poll():
                        tid, result = w.conn.recv()
                        if w.tasks and w.tasks[0][0] == tid:
                            done[tid] = result
                            w.tasks.popleft()
                            w.started = time.monotonic()  # the worker went on to the next page
                        if result.fatal:  # the worker exits after an out-of-memory page
                            dead = True
                            break
                except (EOFError, OSError):
                    dead = blame = True
            if dead or w.process.sentinel in events or not w.process.is_alive():
                self._dead(w, done, queue, blame=blame or not dead)
        if self.page_timeout:
            now = time.monotonic()
            for w in list(self._workers):
                if w.tasks and now - w.started >= self.page_timeout:
                    tid, item, occurrence = w.tasks.popleft()
                    self.timed_out += 1
                    done[tid] = self.auditor.error_result(
                        item, f"auditing the page took longer than --page-timeout {self.page_timeout:g} s; "
                              f"the worker was stopped", occurrence)
                    queue.extendleft(reversed(w.tasks))  # the pages queued behind it go to another worker
                    w.tasks.clear()
                    self._replace(w)

    def _dead(self, w: _Worker, done: dict, queue: deque, blame: bool = True) -> None:
        """A worker is gone: the page it was auditing (when ``blame``) is retried once on a
        fresh worker, then recorded as an input error; the pages queued behind it are
        handed out again."""
        w.process.join(5)
        behind = list(w.tasks)
        w.tasks.clear()
        if behind and blame:
            tid, item, occurrence = behind.pop(0)
            if tid not in self._retried:
                # once more on a fresh worker: the worker may have died of something else
                # (killed from outside, or between pages), not of this page
                self._retried.add(tid)
                behind.insert(0, (tid, item, occurrence))
            else:
                self._retried.discard(tid)
                self.crashed += 1
                done[tid] = self.auditor.error_result(
                    item, f"the worker process auditing this page died ({describe_exit(w.process.exitcode)}), "
                          f"twice; the page may crash the parser or exhaust memory", occurrence)
        queue.extendleft(reversed(behind))
        self._replace(w)

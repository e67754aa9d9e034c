"""The dask engine: the same per-document function on a ``dask.distributed`` cluster.

The client reads the sources (lazily, as the local engine does), groups the items into
partitions of ``partition_size`` pages and submits :func:`auditor.batch.worker.audit_partition`
for each, keeping at most ``2 x workers`` partitions in flight, so memory stays bounded
on the client and on the workers. Each worker process builds its Auditor once, on its
first partition (:func:`auditor.batch.worker.auditor_for`). Results come back in input
order, so the output is the same, byte for byte, as the local engine's.

A partition that fails (a worker died on one of its pages: ``KilledWorker``, or any
other error) is retried page by page; a page that fails on its own becomes an
``input-error`` record, as in the local engine. ``--page-timeout`` is not enforced on
dask (a worker cannot be stopped in the middle of one task).

Requires ``pip install "auditor[dask]"``. With no scheduler address a ``LocalCluster``
is started (processes, ``jobs`` workers of one thread each).
"""
from __future__ import annotations

from collections import deque
from typing import Iterable, Iterator

from auditor.batch.worker import Result, ScanSpec, audit_partition
from auditor.sources import SourceItem
from auditor.support.errors import DaskUnavailable


def _import():
    try:  # optional (auditor[dask]), and ~3 s and 545 modules: only when the dask engine starts
        import distributed  # noqa: F401
        from distributed import Client, LocalCluster  # (as above)
    except ImportError:
        raise DaskUnavailable('the dask engine needs dask.distributed: pip install "auditor[dask]"') from None
    return Client, LocalCluster


class DaskPool:
    """``results(tasks)`` yields ``(item, occurrence, Result)`` in input order."""

    def __init__(self, spec: ScanSpec, auditor_for_errors, *, jobs: int, scheduler: str | None = None,
                 partition_size: int = 16, max_partitions: int | None = None):
        self.spec = spec
        self.errors = auditor_for_errors  # an Auditor in the client, for input-error records
        self.jobs = max(1, jobs)
        self.scheduler = scheduler
        self.partition_size = max(1, partition_size)
        self.max_partitions = max_partitions
        self.stopping = False
        self.crashed = 0
        self.timed_out = 0
        self.client = None
        self.cluster = None

    def start(self) -> None:
        Client, LocalCluster = _import()
        import dask  # optional: here, once _import() has found it installed

        dask.config.set({"distributed.scheduler.allowed-failures": 0, "logging.distributed": "error"})
        if self.scheduler:
            self.client = Client(self.scheduler, set_as_default=False)
        else:
            self.cluster = LocalCluster(n_workers=self.jobs, threads_per_worker=1, processes=True,
                                        dashboard_address=":0", silence_logs=50)
            self.client = Client(self.cluster, set_as_default=False)
        workers = len(self.client.scheduler_info().get("workers", {})) or self.jobs
        if not self.max_partitions:
            self.max_partitions = 2 * workers

    def close(self) -> None:
        if self.client is not None:
            try:
                self.client.close()
            except Exception:  # noqa: BLE001
                pass
        if self.cluster is not None:
            try:
                self.cluster.close()
            except Exception:  # noqa: BLE001
                pass
        self.client = self.cluster = None

    def stop(self) -> None:
        self.stopping = True

    def _submit(self, batch: list):
        return self.client.submit(audit_partition, self.spec, batch, pure=False)

    def _collect(self, future, batch: list) -> list[Result]:
        try:
            return future.result()
        except Exception:  # noqa: BLE001 - KilledWorker, a broken page, a lost worker
            if len(batch) == 1:
                item, occurrence = batch[0]
                self.crashed += 1
                return [self.errors.error_result(item, "the dask worker auditing this page failed or died",
                                                 occurrence)]
            out: list[Result] = []
            for task in batch:  # one page at a time, to find the page that breaks
                out.extend(self._collect(self._submit([task]), [task]))
            return out

    def results(self, tasks: Iterable[tuple]) -> Iterator[tuple[SourceItem, int, Result]]:
        if self.client is None:
            self.start()
        inflight: deque = deque()
        source = iter(tasks)
        exhausted = False
        try:
            while not self.stopping:
                while not exhausted and len(inflight) < self.max_partitions:
                    batch = []
                    for task in source:
                        batch.append(task)
                        if len(batch) >= self.partition_size:
                            break
                    if len(batch) < self.partition_size:
                        exhausted = True
                    if batch:
                        inflight.append((self._submit(batch), batch))
                if not inflight:
                    return
                future, batch = inflight.popleft()
                for (item, occurrence), result in zip(batch, self._collect(future, batch)):
                    yield item, occurrence, result
        finally:
            for future, _batch in inflight:
                future.cancel()
            self.close()

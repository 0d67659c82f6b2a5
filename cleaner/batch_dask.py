"""The Dask engine: map :func:`cleaner.batch.process_task` over a cluster's workers.

Install with ``pip install 'cleaner[dask]'``. The driver (``cleaner batch --engine dask``) walks
the tree, submits files as futures with a bounded number in flight, and — exactly as with the
local engine — writes the manifest, the report and the summary itself. Workers only read
inputs and write outputs, so every worker must see IN_DIR and OUT_DIR at the same paths
(shared storage: NFS, a parallel file system, or one machine). Each worker process builds the
rule set and passes once (:func:`cleaner.batch.worker_state`) and reuses them for every file.
"""
from __future__ import annotations

import logging
import os
import uuid
from typing import Iterator

from .batch import BatchSettings, FileResult, FileTask, _display, _failed, process_task
from .errors import CleanerError


CONNECT_TIMEOUT = "20s"


class DaskUnavailable(CleanerError):
    pass


def _import():
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise DaskUnavailable(
            "the dask engine needs dask.distributed: pip install 'cleaner[dask]'"
        ) from None
    return distributed


def connect(scheduler: str | None, jobs: int):
    """Return ``(client, cluster)``: a client of ``scheduler``, or of a new local cluster.

    The local cluster has ``jobs`` single-threaded worker processes (cleaning is CPU-bound
    Python: threads would only share one core).
    """
    distributed = _import()
    if scheduler:
        try:
            client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as e:
            raise DaskUnavailable(f"cannot reach the Dask scheduler at {scheduler}: {e}") from None
        return client, None
    cluster = distributed.LocalCluster(
        n_workers=max(1, jobs), threads_per_worker=1, processes=True,
        dashboard_address=None, silence_logs=logging.ERROR,
    )
    return distributed.Client(cluster), cluster


def map_dask(tasks: Iterator[FileTask], settings: BatchSettings, scheduler: str | None = None,
             jobs: int = 0, client=None) -> Iterator[FileResult]:
    """Map :func:`process_task` over ``tasks`` on Dask; results come back as files finish."""
    distributed = _import()
    own = client is None
    cluster = None
    if own:
        client, cluster = connect(scheduler, jobs or os.cpu_count() or 1)
    try:
        threads = sum(client.nthreads().values()) or 1
        window = 4 * threads
        [shared] = client.scatter([settings], broadcast=True)
        inflight: dict = {}
        ac = distributed.as_completed()
        tasks = iter(tasks)
        run_id = uuid.uuid4().hex[:12]

        def submit_one() -> bool:
            task = next(tasks, None)
            if task is None:
                return False
            fut = client.submit(process_task, task, shared, pure=False, key=f"cleaner-{run_id}-{task.seq}")
            inflight[fut.key] = task
            ac.add(fut)
            return True

        while len(inflight) < window and submit_one():
            pass
        for fut in ac:
            task = inflight.pop(fut.key)
            try:
                result = fut.result()
            except Exception as e:  # a worker died (distributed.KilledWorker) or was lost
                result = _failed(task, _display(settings, task.rel),
                                 f"worker failed while cleaning it: {type(e).__name__}: {e}")
            fut.release()
            yield result
            while len(inflight) < window and submit_one():
                pass
    finally:
        if own:
            client.close()
            if cluster is not None:
                cluster.close()

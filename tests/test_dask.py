"""The dask engine gives the same output, byte for byte, as the local process pool."""
from __future__ import annotations

import pytest

from tests.test_scan_support import corpus, documents, main, read_jsonl

pytest.importorskip("distributed", reason='the dask engine needs pip install "auditor[dask]"')

__all__ = ["corpus"]


@pytest.fixture(scope="module")
def local_output(corpus, tmp_path_factory):
    path, _ = corpus
    out = tmp_path_factory.mktemp("dask") / "local.jsonl"
    main(path / "pages.warc.gz", "--out", out, "--jobs", "2")
    return out.read_bytes()


def test_dask_local_cluster_and_local_engine_agree_on_a_warc(corpus, local_output, tmp_path):
    path, manifest = corpus
    out = tmp_path / "dask.jsonl"
    assert main(path / "pages.warc.gz", "--out", out, "--engine", "dask", "--jobs", "2") == 1
    assert out.read_bytes() == local_output
    assert len(documents(read_jsonl(out))) == manifest["count"]


def test_dask_with_an_existing_scheduler_address(corpus, local_output, tmp_path):
    from distributed import LocalCluster

    path, _ = corpus
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=50) as cluster:
        out = tmp_path / "dask.jsonl"
        assert main(path / "pages.warc.gz", "--out", out, "--scheduler", cluster.scheduler_address) == 1
    assert out.read_bytes() == local_output

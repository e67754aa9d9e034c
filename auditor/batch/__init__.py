"""Batch scans of whole sites and web archives: ``auditor scan``.

- :mod:`auditor.batch.runner`: the scan itself (``auditor.commands.scan`` only parses the
  options): inputs to the engine, records out in input order, ``--resume``, SIGINT/SIGTERM,
  the cross-page checks and the closing summary;
- :mod:`auditor.batch.worker`: the per-document function (one :class:`~auditor.batch.worker.Auditor`
  per process, built once) that turns a :class:`~auditor.sources.SourceItem` into an
  output record, a summary entry and a few cross-page facts;
- :mod:`auditor.batch.pool`: the local engine, a fork-based process pool with ordered
  output, a bounded in-flight window, page timeouts and crash isolation;
- :mod:`auditor.batch.dask_engine`: the same function on ``dask.distributed``;
- :mod:`auditor.batch.resume`: reading a partial output back for ``--resume``;
- :mod:`auditor.batch.crosspage`: checks across pages (duplicate approval numbers,
  language-version parity) over small per-page facts kept in SQLite, not in memory;
- :mod:`auditor.batch.summary`: counts by category, severity, language and site section;
- :mod:`auditor.batch.progress`: the progress bar.

See docs/scan.md.
"""

"""The input side: command-line inputs -> :class:`SourceItem` stream.

Files, directories, list files (``@paths.txt``), stdin (``-``), zip and tar archives
and WARC web archives, streamed item by item under :class:`Limits`; memory stays
bounded by the largest page, never by the archive. See :func:`iter_sources`.
"""
from .base import PAGE_EXTENSIONS, PAGE_MEDIA_TYPES, Limits, ScanStats, SourceItem
from .inputs import IGNORE_FILE_NAME, SourceConfigError, count_hint, iter_sources
from .patterns import PathRules, parse_patterns

__all__ = [
    "IGNORE_FILE_NAME",
    "PAGE_EXTENSIONS",
    "PAGE_MEDIA_TYPES",
    "Limits",
    "PathRules",
    "ScanStats",
    "SourceConfigError",
    "SourceItem",
    "count_hint",
    "iter_sources",
    "parse_patterns",
]

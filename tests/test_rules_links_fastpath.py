"""links._href_facts' shortcut for plain http(s) hosts compared with the general reading
(``_link_host``) it stands for, on tricky hrefs and on the real pages' links."""
from __future__ import annotations

import gzip

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.recognize import links

from tests.conftest import REALPAGES

import pytest


def _plain_facts(raw):
    """``_href_facts`` without the shortcut: every href read by ``_link_host``."""
    href = (raw or "").strip()
    host = links._link_host(href)
    domain = links.site_domain(host) if host and href.lower().startswith(("http://", "https://", "//")) else ""
    return (host, domain, (("href", href), ("hidden", False)), (("href", href), ("hidden", True)))


def _facts(raw):
    links._HREF_FACTS.clear()  # (read afresh, not from the memo)
    return links._href_facts(raw)


TRICKY = ["http://Example.COM/a", "HTTPS://www.x.com.cn", "//cdn.x.org/p?q", "https://x.com.#f", "http://./",
          "http://../a", "https://x.com:8080/", "https://u@x.com/", "http:/x.com", "http:x.com", "httpx://x.com/",
          "ftp://x.com/", "https:///x", "https://", "//", "https://x.com\t/", " https://a.b.co.uk/ ", "https://\u212ab.com/",
          "https://x.\u017fom/", "https://[::1]/", "/relative", "rel", "#top", "", None, "mailto:a@b.c",
          "javascript:void(0)", "https://xn--fiq.com/", "https://a-b.c-d.com?x", "hTTp://A.b/"]


@pytest.mark.parametrize("raw", TRICKY)
def test_href_facts_equal_the_plain_reading(raw):
    assert _facts(raw) == _plain_facts(raw)


_PIECES = st.sampled_from(("http", "HTTPS", "hTtP", "s", ":", "//", "/", "x", "X", ".", "-", "com", "cn", "?", "#",
                           "@", ":80", "\u212a", "\u017f", " ", "\t", "www.", "[", "]", "é", "0"))


@settings(max_examples=1500, deadline=None)
@given(st.lists(_PIECES, max_size=10).map("".join))
def test_href_facts_equal_the_plain_reading_on_pieces(raw):
    assert _facts(raw) == _plain_facts(raw)


@pytest.mark.skipif(not REALPAGES.is_dir(), reason="no ../shared/realpages")
def test_href_facts_equal_the_plain_reading_on_real_pages():
    from auditor.read.pipeline import load_document

    files = sorted((REALPAGES / "aeb" / "html").glob("*.html.gz"))[:60]
    files += sorted((REALPAGES / "zh-news").glob("**/*.html"))[:60]
    checked = 0
    for path in files:
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        for link in load_document(data, str(path)).links:
            assert _facts(link.href) == _plain_facts(link.href), (path, link.href)
            checked += 1
    assert checked > 1000

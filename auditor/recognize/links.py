"""Links: one ``link`` entity per page link, internal or external.

``value`` is the link's host (lower case; "" for a relative link without a known page
URL); ``label`` is ``external`` (an http(s) host that is not one of the profile's
domains, a subdomain of one, or the page's own host), ``internal``, or ``statutory``
(the MIIT / public-security filing systems that Chinese law requires footers to link
to: beian.miit.gov.cn, beian.gov.cn; not a third-party destination); ``mailto:``,
``tel:``, ``javascript:`` and ``#fragment`` links are ignored. attrs: ``("href", href)``,
``("hidden", bool)``. start/end cover the anchor text.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from operator import attrgetter
from urllib.parse import urlsplit

from auditor.model.document import Document, Entity, filled
from auditor.read.normalize import Normalized
from auditor.recognize.profile import Profile

_IGNORED_SCHEMES = ("mailto", "tel", "javascript", "sms", "data", "about", "file", "ftp", "callto", "weixin")
# Filing systems a mainland footer must link to (ICP 备案 / 公网安备): not "leaving the site".
STATUTORY_HOSTS = frozenset({"beian.miit.gov.cn", "beian.gov.cn"})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")


# An absolute URL whose host is plain (letters, digits, dots, hyphens) and ends where the
# URL or its path, query or fragment begins: its host is the matched part, as urlsplit
# reads it. Anything else (user info, a port, brackets, tabs, other characters) goes
# through urlsplit.
_PLAIN_HOST = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://([A-Za-z0-9.\-]+)(?:[/?#]|\Z)")


def _host(url: str) -> str:
    m = _PLAIN_HOST.match(url)
    if m is not None:
        return m.group(1).lower().rstrip(".")
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.lower().rstrip(".")


def page_hosts(doc: Document) -> set[str]:
    """The page's own host (from its URL or canonical link), without a leading www."""
    hosts = set()
    for key in ("url", "canonical"):
        value = (doc.meta or {}).get(key)
        if isinstance(value, str) and value.strip():
            h = _host(value.strip())
            if h:
                hosts.add(h[4:] if h.startswith("www.") else h)
    return hosts


_SECOND_LEVEL = frozenset({"com", "net", "org", "gov", "edu", "co", "ac", "or", "ne", "go"})
_SITE_CUES = frozenset({"nav", "header", "footer", "menu"})


def site_domain(host: str) -> str:
    """The registrable part of a host: news.sina.com.cn -> sina.com.cn, www.bbc.co.uk -> bbc.co.uk."""
    parts = host.split(".")
    if len(parts) >= 3 and len(parts[-1]) == 2 and parts[-2] in _SECOND_LEVEL:
        return ".".join(parts[-3:])
    return ".".join(parts[-2:])


def _site_block_test(doc: Document):
    """``lambda offset: block_at(offset) is in a menu, header or footer`` (``_SITE_CUES``),
    asked of every link: one bisect over the site blocks' spans when the blocks (each with
    the separator after it) are ordered and do not overlap (an offset inside a site block
    is then in no other block), else through ``doc.block_at``."""
    starts, limits = [], []
    prev_end = -1
    for b in doc.blocks:
        start, end = b.start, b.end
        if start > end or start < prev_end:
            block_at = doc.block_at

            def in_site_block(offset: int) -> bool:
                block = block_at(offset)
                return block is not None and not _SITE_CUES.isdisjoint(block.cues)

            return in_site_block
        prev_end = end + 1
        if not _SITE_CUES.isdisjoint(b.cues):
            starts.append(start)
            limits.append(prev_end)

    def in_site_block(offset: int) -> bool:
        i = bisect_right(starts, offset) - 1
        return i >= 0 and offset < limits[i]

    return in_site_block


def _inferred_site(doc: Document, facts: list | None = None) -> str | None:
    """The page's own site when nothing names it: the domain its menus and footer link to most.

    A saved page often has no URL or canonical link, and a news site writes its own menu
    links as absolute URLs (https://news.163.com/...); without this they would all look
    like links to other organisations. At least three such links, and more than any other
    domain, are needed. ``facts``: ``_href_facts`` of each of the page's links, if known.
    """
    links = doc.links
    if facts is None:
        facts = [_href_facts(link.href) for link in links]
    counts: dict[str, int] = {}
    in_site_block = None  # (made for the first absolute link: many pages have none)
    for link, (_host_, domain, _shown, _hidden) in zip(links, facts):
        if domain:
            if in_site_block is None:
                in_site_block = _site_block_test(doc)
            if in_site_block(link.start):
                counts[domain] = counts.get(domain, 0) + 1
    return _clear_winner(counts)


def _clear_winner(counts: dict[str, int]) -> str | None:
    """The domain linked most from the site blocks, if at least three times and more than
    any other."""
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    best, n = ranked[0]
    if n < 3 or (len(ranked) > 1 and ranked[1][1] == n):
        return None
    return best


def _link_host(href: str) -> str | None:
    """Where a link to ``href`` (stripped) goes: the host of an absolute http(s) link, ""
    for a relative one (the same site), None for none (empty, a fragment, mailto:,
    another scheme, no host)."""
    if not href or href.startswith("#"):
        return None
    m = _SCHEME.match(href)
    scheme = m.group(1).lower() if m else ""
    if scheme in _IGNORED_SCHEMES:
        return None
    if scheme and scheme not in ("http", "https"):
        return None
    if not scheme and not href.startswith("//"):
        return ""
    return _host(href if scheme else "http:" + href) or None


# What an href says whatever the page it is on: ``(host, domain, attrs, hidden attrs)``,
# ``host`` as ``_link_host`` of the stripped href, ``domain`` the site domain of an
# absolute http(s) link ("" for any other), and
# the entity's attrs for a shown and a hidden link (immutable, so shared). A site repeats
# its menus and footer on every page, so each href is read once per process; the memo is
# emptied when full, which keeps memory flat on a crawl of many sites (and a long href,
# such as a data: URL, is not kept).
_HREF_FACTS: dict = {}
_HREF = attrgetter("href")
_HREF_FACTS_MAX = 8_192
_HREF_KEPT_MAX = 512


# Most absolute links are http(s)://host/... or //host/... with a plain host: their host is
# the matched one, as _link_host reads it (a first character class for a case-insensitive
# "http", not re.I, under which [a-z] also takes the Kelvin sign); the rest go through it.
_HTTP_PLAIN_HOST = re.compile(r"(?:[hH][tT][tT][pP][sS]?:)?//([A-Za-z0-9.\-]+)(?:[/?#]|\Z)")


def _href_facts(raw: str | None) -> tuple:
    facts = _HREF_FACTS.get(raw)
    if facts is None:
        href = (raw or "").strip()
        m = _HTTP_PLAIN_HOST.match(href)
        if m is not None:
            host = m.group(1).lower().rstrip(".") or None
            domain = site_domain(host) if host else ""
        else:
            host = _link_host(href)
            domain = site_domain(host) if host and href.lower().startswith(("http://", "https://", "//")) else ""
        facts = (host, domain, (("href", href), ("hidden", False)), (("href", href), ("hidden", True)))
        if raw is None or len(raw) <= _HREF_KEPT_MAX:
            if len(_HREF_FACTS) >= _HREF_FACTS_MAX:
                _HREF_FACTS.clear()
            _HREF_FACTS[raw] = facts
    return facts


def recognize(doc: Document, norm: Normalized, profile: Profile) -> list[Entity]:
    links = doc.links
    known = _HREF_FACTS.get  # (the memo's hits without a call of _href_facts each)
    facts = [known(href) or _href_facts(href) for href in map(_HREF, links)]
    own_hosts = page_hosts(doc)
    inferred = None
    if not own_hosts and not profile.domains:
        inferred = _inferred_site(doc, facts)
        if inferred:
            own_hosts = {inferred}
    page_url = (doc.meta or {}).get("url") or ""
    base_host = _host(page_url) if isinstance(page_url, str) else ""
    relative = (base_host, "internal", "relative link: stays on the same site")
    out: list[Entity] = []
    append = out.append
    # What a link is depends on its href alone, and for an absolute one on its host alone.
    by_host: dict[str, tuple[str, str, str]] = {}
    for link, (host, _domain, shown, hidden) in zip(links, facts):
        if host is None:
            continue
        if host:
            verdict = by_host.get(host)
            if verdict is None:
                verdict = by_host[host] = _host_verdict(host, profile, own_hosts, inferred)
        else:
            verdict = relative
        # (one per link of the page: filled, not the dataclass's __init__)
        append(filled(Entity, {"type": "link", "start": link.start, "end": link.end, "value": verdict[0],
                               "label": verdict[1], "explanation": verdict[2],
                               "attrs": hidden if link.hidden else shown}))
    return out


def _host_verdict(host: str, profile: Profile, own_hosts: set[str], inferred: str | None) -> tuple[str, str, str]:
    bare = host[4:] if host.startswith("www.") else host
    if bare in STATUTORY_HOSTS:
        return host, "statutory", f"host {host} is a government filing system that statutory footer numbers must link to"
    own = profile.is_own_host(host) or any(host == h or host.endswith("." + h) for h in own_hosts)
    if own:
        why = (f"host {host} is one of the company's domains" if profile.is_own_host(host)
               else f"host {host} is the page's own site (the domain its menus and footer link to)" if inferred
               else f"host {host} is the page's own site")
        return host, "internal", why
    mine = ", ".join(profile.domains) or "(none in the profile)"
    return host, "external", f"host {host} is not one of the company's domains ({mine}) or their subdomains"

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
from urllib.parse import urlsplit

from auditor.model.document import Document, Entity
from auditor.read.normalize import Normalized
from auditor.recognize._common import new_entity
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


def _block_finder(doc: Document):
    """``doc.block_at`` as one bisect per offset, when the blocks (each with the separator
    after it) are ordered and do not overlap, so that each offset is in one block at most
    and both searches find it; else ``doc.block_at`` itself."""
    blocks = doc.blocks
    prev_end = None
    for b in blocks:
        if b.start > b.end or (prev_end is not None and b.start < prev_end):
            return doc.block_at
        prev_end = b.end + 1
    starts = [b.start for b in blocks]

    def block_at(offset: int):
        i = bisect_right(starts, offset) - 1
        if i >= 0 and offset < blocks[i].end + 1:
            return blocks[i]
        return None

    return block_at


def _inferred_site(doc: Document) -> str | None:
    """The page's own site when nothing names it: the domain its menus and footer link to most.

    A saved page often has no URL or canonical link, and a news site writes its own menu
    links as absolute URLs (https://news.163.com/...); without this they would all look
    like links to other organisations. At least three such links, and more than any other
    domain, are needed.
    """
    counts: dict[str, int] = {}
    block_at = _block_finder(doc)
    domains: dict[str | None, str] = {}  # href -> its site domain ("" for none): menus repeat theirs
    for link in doc.links:
        href = link.href
        d = domains.get(href)
        if d is None:
            d = domains[href] = _site_domain_of(href)
        if not d:
            continue
        block = block_at(link.start)
        if block is None or _SITE_CUES.isdisjoint(block.cues):
            continue
        counts[d] = counts.get(d, 0) + 1
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    best, n = ranked[0]
    if n < 3 or (len(ranked) > 1 and ranked[1][1] == n):
        return None
    return best


def _site_domain_of(href: str | None) -> str:
    """The site domain of an absolute http(s) link, "" for any other."""
    href = (href or "").strip()
    if not href.lower().startswith(("http://", "https://", "//")):
        return ""
    host = _host(href if not href.startswith("//") else "http:" + href)
    return site_domain(host) if host else ""


def recognize(doc: Document, norm: Normalized, profile: Profile) -> list[Entity]:
    own_hosts = page_hosts(doc)
    inferred = None
    if not own_hosts and not profile.domains:
        inferred = _inferred_site(doc)
        if inferred:
            own_hosts = {inferred}
    page_url = (doc.meta or {}).get("url") or ""
    base_host = _host(page_url) if isinstance(page_url, str) else ""
    out: list[Entity] = []
    # What a link is depends on its href alone, and for an absolute one on its host alone:
    # menus and footers repeat theirs.
    verdicts: dict[str, tuple[str, str, str] | None] = {}
    by_host: dict[str, tuple[str, str, str]] = {}
    for link in doc.links:
        href = (link.href or "").strip()
        if href in verdicts:
            verdict = verdicts[href]
        else:
            verdict = verdicts[href] = _verdict(href, profile, own_hosts, inferred, base_host, by_host)
        if verdict is not None:
            out.append(new_entity("link", link.start, link.end, verdict[0], verdict[1], verdict[2],
                                  (("href", href), ("hidden", bool(link.hidden)))))
    return out


def _verdict(href: str, profile: Profile, own_hosts: set[str], inferred: str | None,
             base_host: str, by_host: dict | None = None) -> tuple[str, str, str] | None:
    """``(value, label, explanation)`` of a link to ``href`` (stripped), or None when it is
    not a link to a site (empty, a fragment, mailto:, another scheme, no host). ``by_host``
    keeps the verdicts of absolute links by host, for the other links of the page."""
    if not href or href.startswith("#"):
        return None
    m = _SCHEME.match(href)
    scheme = m.group(1).lower() if m else ""
    if scheme in _IGNORED_SCHEMES:
        return None
    if scheme and scheme not in ("http", "https"):
        return None
    if not scheme and not href.startswith("//"):
        return base_host, "internal", "relative link: stays on the same site"
    host = _host(href if scheme else "http:" + href)
    if not host:
        return None
    if by_host is None:
        return _host_verdict(host, profile, own_hosts, inferred)
    verdict = by_host.get(host)
    if verdict is None:
        verdict = by_host[host] = _host_verdict(host, profile, own_hosts, inferred)
    return verdict


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

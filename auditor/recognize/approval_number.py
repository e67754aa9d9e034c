"""Internal material approval numbers (job codes), valid or malformed.

Entity type ``approval_number``; ``label`` ``valid`` (matches the profile pattern, e.g.
``CN-\\d{6}``) or ``malformed`` (shaped like one, or printed after an approval-number
label, but not matching). ``value`` is the number as printed after folding (full-width
and dash variants folded, the page's letter case kept): ``CN-123456``. attrs:
``("labelled", bool)``, ``("label", label word or "")``, ``("pattern", profile pattern)``,
and ``("expiry", yyyy-mm-dd)`` when an expiry date is printed next to it. An expiry date
printed next to a number is also returned as a ``date`` entity with label ``expiry``.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

import re2

from auditor.model.document import Document, Entity
from auditor.read.normalize import Normalized
from auditor.recognize.profile import ApprovalNumberFormat, Profile
from auditor.recognize import dates as _dates
from auditor.recognize._common import BoundedRe2, SpanSet, alternation, cased, fold, line_span, orig

# Built-in label words (the profile may add more).
LABELS = (
    "审批编号", "审批号", "审批码", "批准编号", "内部审批编号", "内部审批号", "材料编号", "材料审批号", "审核编号",
    "審批編號", "審批號", "內部審批編號", "內部審批號", "核准編號", "核准字號", "審核編號", "材料編號",
    "approval number", "approval no.", "approval no", "approval code", "approval #",
    "internal approval number", "internal approval no.", "internal approval code",
    "job code", "job bag", "job bag number", "job number", "job no.",
    "material id", "material code", "material number", "veeva id", "veeva code", "veeva number",
)

_END = r"(?![a-z0-9_]|-[a-z0-9])"
_START = r"(?<![a-z0-9_\-])"
# Anything code-like printed after a label (folded text is lower-case).
_TOKEN = re.compile(r"[a-z0-9][a-z0-9_\-/.]{0,40}")


def _literal_prefix_groups(pattern: str) -> list[str]:
    """Leading literal letter groups of a pattern: 'CN-\\d{6}' -> ['CN'], 'MAT-HK-\\d{6}' -> ['MAT', 'HK']."""
    m = re.match(r"(?:\\b|\^)?((?:[A-Za-z]+(?:-|\\-|_| )?)+)", pattern)
    if not m:
        return []
    return [g for g in re.split(r"\\?-|_| ", m.group(1)) if g]


@lru_cache(maxsize=32)
def _compiled(fmt: ApprovalNumberFormat) -> dict:
    labels = {fold(w): w for w in (*LABELS, *fmt.labels)}
    label_srcs = []
    for w in labels:
        src = re.escape(w).replace(r"\ ", r"\s{1,2}")
        if re.match(r"[a-z0-9]", w):
            src = r"\b" + src
        label_srcs.append(src)
    near_src = fmt.near_pattern
    if not near_src:
        groups = _literal_prefix_groups(fmt.pattern)
        if groups:
            sep = r"[\s_\-.:]{0,2}"
            near_src = (
                sep.join(re.escape(g.lower()) for g in groups)
                + sep
                + r"\d{3,9}[a-z]{0,2}(?:[\-_/.][a-z0-9]{1,8})?"
            )
            near = BoundedRe2(near_src)
        else:
            near = None
    else:
        near = re2.compile(f"(?i){near_src}")
    # The profile's patterns run in RE2 (linear time): a profile is data, and a pattern
    # such as (a+)+b must not stall the audit of a page.
    return {
        "valid": BoundedRe2(fmt.pattern),
        "valid_exact": re2.compile(fmt.pattern),
        "near": near,
        # Label words are data (built-in + profile): one RE2 alternation, linear time.
        "label": re2.compile(
            rf"(?P<label>{alternation(label_srcs)})(?P<sep>\s{{0,3}}(?:[:#]|\bis\b|为|為)?\s{{0,3}})"
        ),
        "label_words": labels,
    }


def _fold_value(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def recognize(doc: Document, norm: Normalized, profile: Profile) -> list[Entity]:
    fmt = profile.approval_number
    c = _compiled(fmt)
    text = norm.text
    found: list[dict] = []  # normalized spans with facts
    taken = SpanSet()

    def overlaps(s: int, e: int) -> bool:
        return taken.overlaps(s, e)

    def add(s: int, e: int, labelled: bool, label_word: str, why: str) -> None:
        value = _fold_value(cased(doc.text, norm, s, e))
        valid = bool(c["valid_exact"].fullmatch(value))
        taken.add(s, e)
        found.append({"s": s, "e": e, "value": value, "valid": valid, "labelled": labelled, "label": label_word, "why": why})

    # 1. Labelled numbers: 审批编号：CN-123456 / Job code: CN 1234567 / approval number CN_123456
    for m in c["label"].finditer(text):
        pos = m.end()
        raw = m.group("label")
        word = c["label_words"].get(raw) or c["label_words"].get(re.sub(r"\s+", " ", raw), raw)
        sep = m.group("sep")
        has_colon = ":" in sep or "#" in sep
        for kind in ("valid", "near"):
            pat = c[kind]
            mm = pat.match(text, pos) if pat is not None else None
            if mm and mm.end() > mm.start():
                s, e = mm.start(), mm.end()
                break
        else:
            mm = _TOKEN.match(text, pos)
            if not mm:
                continue
            s, e = mm.start(), mm.end()
            while e > s and text[e - 1] in ".-/_":
                e -= 1
            token = text[s:e]
            # "the approval number is shown below" is prose, not a number.
            if not re.search(r"\d", token) and not has_colon:
                continue
        if e <= s or overlaps(s, e):
            continue
        add(s, e, True, word, "labelled")

    # 2. Unlabelled numbers matching the profile format.
    for m in c["valid"].finditer(text):
        if not overlaps(m.start(), m.end()):
            add(m.start(), m.end(), False, "", "pattern")

    # 3. Near misses: the pattern's prefix with a wrong separator or digit count.
    if c["near"] is not None:
        for m in c["near"].finditer(text):
            if m.end() > m.start() and not overlaps(m.start(), m.end()):
                add(m.start(), m.end(), False, "", "near")

    # Expiry dates printed next to a number (same line).
    if not found:
        return []
    expiry_dates = [(d, w) for d, label, w in _dates.labelled_dates(doc, norm) if label == "expiry"]
    expiry_starts = [d.start for d, _ in expiry_dates]  # sorted

    entities: list[Entity] = []
    used_dates: set[int] = set()
    for f in sorted(found, key=lambda f: f["s"]):
        os_, oe = orig(norm, f["s"], f["e"])
        ls, le = line_span(doc.text, os_)
        expiry = None
        lo = bisect.bisect_left(expiry_starts, max(ls, os_ - 120))
        hi = bisect.bisect_right(expiry_starts, min(le, oe + 80))
        for i in range(lo, hi):
            d, w = expiry_dates[i]
            if ls <= d.start and d.end <= le and (0 <= d.start - oe <= 80 or 0 <= os_ - d.end <= 80):
                expiry = (d, w)
                if i not in used_dates:
                    used_dates.add(i)
                    entities.append(_dates.date_entity(d, "expiry", w, doc.text))
                break
        pat = fmt.pattern
        if f["labelled"]:
            seen = f"labelled by '{f['label']}'"
        elif f["why"] == "pattern":
            seen = "no label word before it"
        else:
            seen = "shaped like an approval number (the format's prefix followed by digits)"
        if f["valid"]:
            explanation = f"{seen}; matches the profile format {pat}"
        else:
            explanation = f"{seen}; '{f['value']}' does not match the profile format {pat}"
        attrs: list[tuple[str, object]] = [
            ("labelled", f["labelled"]),
            ("label", f["label"]),
            ("pattern", pat),
        ]
        if expiry:
            attrs.append(("expiry", expiry[0].value))
            explanation += f"; expiry {expiry[0].value} printed next to it ('{expiry[1]}')"
        entities.append(
            Entity(
                type="approval_number",
                start=os_,
                end=oe,
                value=f["value"],
                label="valid" if f["valid"] else "malformed",
                explanation=explanation,
                attrs=tuple(attrs),
            )
        )
    return entities

"""Products: development codes, trial-registry IDs and registry brand/generic names.

Entity types and labels:

- ``product`` for a development code or a registry brand/generic name. ``label``:
  ``investigational`` (a code, or a registry product approved nowhere),
  ``approved`` (a registry product approved in the profile market, no unapproved
  indication of it named in the same sentence), ``unapproved-indication`` (a registry
  product approved in the market, named in the same sentence as an indication it is not
  approved for there), ``unapproved`` (a registry product approved elsewhere but not in
  the profile market). ``value``: the code (``NWB-2207``) or the product's display name
  (``Xelvora``). attrs: ``("source", "registry-code" | "profile-pattern" | "generic-pattern"
  | "registry-name")``, ``("code", code)`` for codes, ``("product", registry id)`` when
  the registry knows it, ``("name_kind", "brand" | "generic")`` for names,
  ``("context", (investigational words seen in the sentence, ...))``,
  ``("indications", (indication ids named in the sentence, ...))`` and
  ``("unapproved_indications", (...))``.
- ``trial_id`` for ClinicalTrials.gov (``NCT01234567``), NMPA CDE (``CTR20231234``) and
  ChiCTR IDs; ``label`` ``nct`` | ``ctr`` | ``chictr``; attrs ``("registry", name)``,
  ``("context", (...))``.

Profile codes and ``dev_code_patterns`` are always reported; the generic fallback
``[A-Z]{2,5}-?[A-Z]?\\d{3,8}[a-z]?`` only with an investigational context word in the same
sentence (words: ``rulesets/cn-pharma/lexicons/investigational.yaml``) and outside a
deny-list of standards, agencies, congresses and gene/target names.
"""
from __future__ import annotations

import re
from functools import lru_cache

from auditor.model.document import Document, Entity
from auditor.read import zh
from auditor.read.lexicon import load_lexicons
from auditor.read.normalize import Normalized
from auditor.recognize._common import (Sentences, SpanSet, cased, compile_re2, digit_runs, fold, orig, quote_list,
                                       re2_phrase, sentences_of)
from auditor.recognize.profile import Product, Profile
from auditor.support.resources import bundled_rulesets_dir

LEXICON_PATH = "cn-pharma/lexicons/investigational.yaml"

GENERIC_CODE = r"[A-Z]{2,5}-?[A-Z]?\d{3,8}[a-z]?"
_GENERIC_CANDIDATE = re.compile(r"(?<![a-z0-9\-/.@#_])[a-z]{2,5}-?[a-z]?\d{3,8}[a-z]?(?![a-z0-9]|-[a-z0-9])")
_GENERIC_EXACT = re.compile(GENERIC_CODE)
# Every candidate holds the place where its letters meet its digits: a digit after a letter,
# or after "-" after a letter, and two more digits; the candidate starts at most
# _GENERIC_REACH characters before that digit. Those junctions are found among the page's
# runs of digits (few on a page, and listed once for the date recognizer too), where the
# candidate pattern, which starts with a look-behind, would be tried at every position: see
# _generic_candidates. _JUNCTION is what a junction is, as a pattern (test_recognize_fastpath).
_JUNCTION = re.compile(r"\d(?:(?<=[a-z]\d)|(?<=[a-z]-\d))\d\d")
_A_TO_Z = frozenset("abcdefghijklmnopqrstuvwxyz")
_GENERIC_REACH = 7  # [a-z]{2,5}-?[a-z]?
# A code-shaped name right before "trial"/"study" names a study (HELIX-301 trial), not a product.
# Also "HELIX-301, a randomised Phase 3 trial" and "results from HELIX-301"; once a name is
# seen as a study, every mention of it on the page is skipped.
_STUDY_AFTER = re.compile(
    r"\s{0,2}(?:trials?|stud(?:y|ies)|研究|试验|試驗|临床研究|臨床研究)(?![a-z])"
    r"|\s{0,2},\s{0,2}(?:an?|the)\s[^.;,\n]{0,60}?(?:trial|study)(?![a-z])"
)
_STUDY_BEFORE = re.compile(r"(?:results|data|findings|readout|analysis)\s(?:from|of)\s(?:the\s)?\Z")

# Letter prefixes the generic fallback never reports: standards, agencies, congresses,
# trial registries, licence numbers, fiscal years, gene and target names.
DENY_PREFIXES = frozenset(
    """
    ISO IEC EN GB GBT YY YYT WS ICH NMPA CFDA SFDA FDA EMA MHRA PMDA CDE NHSA ASTM USP EP JP BP CAS ATC ICD
    ASCO ESMO ASH AACR WCLC EHA SABCS ERS ATS ACC AHA ADA EASL AASLD ISTH IAS EULAR ACR ESC DDW CSCO ISMB
    COVID SARS MERS NCT CTR CHICTR ISRCTN EUCTR HK CN TW ICP FY CY HY RMB USD EUR HKD CNY GMP GCP GLP
    DOI ISBN ISSN SKU UTF HTTP WWW PDF MP DNA RNA
    CD IL HLA CYP HER EGFR KRAS NRAS BRAF ALK ROS MET RET NTRK PDL CTLA LAG TIM TIGIT FGFR VEGF VEGFR
    TROP BCMA GPRC CLDN TNF JAK BTK PARP CDK HDAC MEK ERK BCL IDH FLT KIT PDGFR
    """.split()
)

# ("nct(?<![a-z0-9]nct)" is "(?<![a-z0-9])nct" with the literal first, which the regex
# engine finds with a fast substring search instead of trying every position.)
TRIAL_IDS = (
    ("nct", "ClinicalTrials.gov", re.compile(r"nct(?<![a-z0-9]nct)\d{8}(?!\d)")),
    ("ctr", "NMPA CDE registry", re.compile(r"ctr20(?<![a-z0-9]ctr20)\d{6}(?!\d)")),
    ("chictr", "ChiCTR", re.compile(r"chictr(?<![a-z0-9]chictr)(?:\d{10}|-[a-z]{2,4}-\d{8})(?![a-z0-9])")),
)


# ----------------------------------------------------------------- lexicon (data)


def _dev_re(src: str):
    """A profile's development-code pattern in RE2 (linear time; the profile loader has
    refused what RE2 cannot compile), ignoring case."""
    import re2  # (only when a profile has products)

    return re2.compile(f"(?i){src}")


@lru_cache(maxsize=1)
def investigational_lexicon():
    """The investigational context words, as an ``auditor.read.lexicon.Lexicon``."""
    # The bundled ruleset's lexicon (loaded once per process, and cached between runs).
    path = bundled_rulesets_dir() / LEXICON_PATH
    lexicon = load_lexicons(path.parent)[path.stem]
    zh.add_words(lexicon.jieba_words())  # so that 临床试验, 第三期 ... stay whole jieba tokens
    return lexicon


def _context_by_sentence(doc: Document, norm: Normalized, sents: Sentences) -> dict[int, list[str]]:
    by: dict[int, list[str]] = {}
    for hit in investigational_lexicon().find(norm):
        words = by.setdefault(sents.index(hit.start), [])
        if hit.term not in words:
            words.append(hit.term)
    return by


# ------------------------------------------------------------ per-profile patterns


def _code_source(code: str) -> str:
    """RE2 source for a registry code: NWB-2207 also matches nwb 2207, nwb2207 (folded text)."""
    parts = re.findall(r"[A-Za-z]+|\d+", code)
    return r"\b" + r"[\s\-]?".join(re.escape(p.lower()) for p in parts) + r"\b"


_CONTINUES = re.compile(r"-[a-z0-9]")


def _code_key(code: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", code).upper()


def display_name(p: Product) -> str:
    for names in (p.name.en, p.name.zh_hans, p.name.zh_hant, p.generic.en):
        if names:
            return names[0]
    return p.codes[0] if p.codes else p.id


@lru_cache(maxsize=32)
def _compiled(profile: Profile) -> dict:
    codes: dict[str, tuple[Product, str]] = {}
    for p in profile.products:
        for code in p.codes:
            codes.setdefault(_code_key(code), (p, code))
    names: dict[str, tuple[Product, str]] = {}  # folded name -> (product, brand|generic)
    for p in profile.products:
        for kind, loc in (("brand", p.name), ("generic", p.generic)):
            for n in loc.all():
                f = fold(n)
                if f and _code_key(n) not in codes:
                    names.setdefault(f, (p, kind))
    indications: dict[str, list[tuple[Product, str]]] = {}
    for p in profile.products:
        for ind_id, words in p.indication_words():
            for w in words:
                f = fold(w)
                if f:
                    entry = indications.setdefault(f, [])
                    if (p, ind_id) not in entry:
                        entry.append((p, ind_id))

    # Registry codes, names and indication words are data: RE2 alternations (linear time).
    def alt(folded: list[str], plural: bool = False):
        return compile_re2([re2_phrase(f, plural) for f in folded])

    return {
        "codes": codes,
        "code_re": compile_re2([_code_source(c) for _, c in codes.values()]),
        "dev_res": tuple(_dev_re(p) for p in profile.dev_code_patterns),
        "names": names,
        "name_re": alt(list(names)),
        "name_key": {_name_key(f): f for f in names},
        "indications": indications,
        "ind_re": alt(list(indications), plural=True),
        "ind_key": {_name_key(f): f for f in indications},
        "deny": DENY_PREFIXES | _approval_prefixes(profile),
    }


def _generic_candidates(text: str) -> list[re.Match]:
    """``list(_GENERIC_CANDIDATE.finditer(text))``, searched from each letters-to-digits
    junction only: no candidate starts before a junction's reach unless it holds an earlier
    junction, from whose reach it was found."""
    out: list[re.Match] = []
    pos = 0
    search = _GENERIC_CANDIDATE.search
    for digit in _junctions(text):
        if digit < pos:
            continue  # inside the candidate found last
        m = search(text, max(pos, digit - _GENERIC_REACH))
        if m is None:
            break
        out.append(m)
        pos = m.end()
    return out


def _junctions(text: str) -> list[int]:
    """``[m.start() for m in _JUNCTION.finditer(text)]``: the starts of the runs of three
    or more digits right after a letter a-z, or after "-" after one."""
    out = []
    for s, e in digit_runs(text):
        if e - s >= 3 and s > 0:
            before = text[s - 1]
            if before in _A_TO_Z or (before == "-" and s > 1 and text[s - 2] in _A_TO_Z):
                out.append(s)
    return out


def _name_key(folded: str) -> str:
    return re.sub(r"[\s\-]+", "", folded)


def _approval_prefixes(profile: Profile) -> frozenset[str]:
    m = re.match(r"(?:\\b|\^)?([A-Za-z]+)", profile.approval_number.pattern)
    return frozenset({m.group(1).upper()}) if m else frozenset()


# ---------------------------------------------------------------------- labelling


def _classify(p: Product, market: str, inds_seen: list[str]) -> tuple[str, list[str], str]:
    """(label, unapproved indications seen, reason) for a registry product."""
    approved = p.approved_indications(market)
    where = "any market" if market == "GLOBAL" else market
    if approved:
        bad = [i for i in inds_seen if i not in approved]
        if bad:
            return (
                "unapproved-indication",
                bad,
                f"approved in {where} for {', '.join(approved)} only, but named with {', '.join(bad)}",
            )
        return "approved", [], f"approved in {where} for {', '.join(approved)}"
    if p.is_approved_anywhere():
        markets = ", ".join(m for m, inds in p.approved if inds)
        return "unapproved", [], f"approved in {markets} but not in {where}"
    return "investigational", [], "not approved in any market (profile registry)"


def recognize(doc: Document, norm: Normalized, profile: Profile) -> list[Entity]:
    text = norm.text
    c = _compiled(profile)
    sents = sentences_of(doc)
    # The investigational words of each sentence are looked up only for a candidate or an
    # entity (most pages have none): no lexicon scan and no sentence split before that.
    # (The lexicon is made here all the same: making it adds its words to jieba's.)
    investigational_lexicon()
    by_sentence: list[dict[int, list[str]]] = []

    def context_at(si: int) -> list[str]:
        """``_context_by_sentence(...).get(si, [])``, the dictionary made on first use."""
        if not by_sentence:
            by_sentence.append(_context_by_sentence(doc, norm, sents))
        return by_sentence[0].get(si, [])
    entities: list[Entity] = []
    taken = SpanSet()  # normalized spans already reported

    def free(s: int, e: int) -> bool:
        return not taken.overlaps(s, e)

    # Indications named in each sentence: sentence -> [(product id, indication id, words)]
    inds_by_sentence: dict[int, list[tuple[str, str, str]]] = {}
    if c["ind_re"] is not None:
        for m in c["ind_re"].finditer(text):
            f = c["ind_key"].get(_name_key(re.sub(r"(?:s|es)$", "", m.group(0))), None) or c["ind_key"].get(
                _name_key(m.group(0))
            )
            if f is None:
                continue
            os_, _ = orig(norm, m.start(), m.end())
            bucket = inds_by_sentence.setdefault(sents.index(os_), [])
            for p, ind in c["indications"][f]:
                bucket.append((p.id, ind, m.group(0)))

    def sentence_facts(os_: int, p: Product | None) -> tuple[list[str], list[str], list[str]]:
        si = sents.index(os_)
        words = list(context_at(si))
        inds: list[str] = []
        ind_words: list[str] = []
        if p is not None:
            for pid, ind, w in inds_by_sentence.get(si, []):
                if pid == p.id and ind not in inds:
                    inds.append(ind)
                    ind_words.append(w)
        return words, inds, ind_words

    def emit(s: int, e: int, value: str, p: Product | None, source: str, why: str, extra: tuple = ()) -> None:
        os_, oe = orig(norm, s, e)
        words, inds, ind_words = sentence_facts(os_, p)
        attrs: list[tuple[str, object]] = [("source", source)]
        if source != "registry-name":
            attrs.append(("code", value))
        if p is not None:
            label, bad, reason = _classify(p, profile.market, inds)
            attrs.append(("product", p.id))
            why += f"; registry product {p.id}: {reason}"
        else:
            label, bad = "investigational", []
            why += "; not a registry product, so treated as investigational"
        attrs.extend(extra)
        attrs.append(("context", tuple(words)))
        attrs.append(("indications", tuple(inds)))
        attrs.append(("unapproved_indications", tuple(bad)))
        if ind_words:
            why += f"; indication words in the sentence: {quote_list(ind_words)}"
        if words:
            why += f"; investigational context words in the sentence: {quote_list(words)}"
        taken.add(s, e)
        entities.append(Entity("product", os_, oe, value, label, why, tuple(attrs)))

    # 1. Registry codes (NWB-2207, NWB 2207, ＮＷＢ－２２０７ ...).
    if c["code_re"] is not None:
        for m in c["code_re"].finditer(text):
            p, code = c["codes"][_code_key(m.group(0))]
            if _CONTINUES.match(text, m.end()) or (m.start() > 0 and text[m.start() - 1] == "-"):
                continue  # part of a longer code (NWB-2207-X)
            if free(m.start(), m.end()):
                emit(m.start(), m.end(), code, p, "registry-code", f"development code '{code}' listed in profile {profile.name}")

    # 2. The profile's extra development-code patterns.
    for rx in c["dev_res"]:
        for m in rx.finditer(text):
            if m.end() <= m.start() or not free(m.start(), m.end()):
                continue
            value = cased(doc.text, norm, m.start(), m.end()).strip()
            hit = c["codes"].get(_code_key(value))
            emit(
                m.start(),
                m.end(),
                hit[1] if hit else value,
                hit[0] if hit else None,
                "profile-pattern",
                f"matches the profile's development-code pattern {rx.pattern[4:]}",
            )

    # 3. Generic fallback, only with investigational context in the same sentence.
    candidates = _generic_candidates(text)
    study_names = {
        m.group(0)
        for m in candidates
        if _STUDY_AFTER.match(text, m.end()) or _STUDY_BEFORE.search(text[max(0, m.start() - 30) : m.start()])
    }
    for m in candidates:
        if m.group(0) in study_names:
            continue
        s, e = m.start(), m.end()
        if not free(s, e):
            continue
        value = cased(doc.text, norm, s, e)
        if not _GENERIC_EXACT.fullmatch(value):
            continue  # lower-case words such as "abc123" are not codes
        prefix = re.match(r"[A-Z]+", value).group(0)
        if prefix in c["deny"]:
            continue
        os_, _ = orig(norm, s, e)
        if not context_at(sents.index(os_)):
            continue
        emit(s, e, value, None, "generic-pattern", f"shaped like a development code ({GENERIC_CODE})")

    # 4. Trial-registry IDs.
    for label, registry, rx in TRIAL_IDS:
        for m in rx.finditer(text):
            s, e = m.start(), m.end()
            raw = text[s:e]
            value = ("ChiCTR" + raw[6:].upper()) if label == "chictr" else raw.upper()
            os_, oe = orig(norm, s, e)
            words = context_at(sents.index(os_))
            why = f"{registry} trial ID"
            if words:
                why += f"; investigational context words in the sentence: {quote_list(words)}"
            entities.append(
                Entity("trial_id", os_, oe, value, label, why, (("registry", registry), ("context", tuple(words))))
            )

    # 5. Registry brand and generic names (Xelvora, 泽沃拉, 澤沃拉, zelvotinib ...).
    if c["name_re"] is not None:
        for m in c["name_re"].finditer(text):
            s, e = m.start(), m.end()
            if not free(s, e):
                continue
            f = c["name_key"].get(_name_key(m.group(0)))
            if f is None:
                continue
            p, kind = c["names"][f]
            emit(
                s,
                e,
                display_name(p),
                p,
                "registry-name",
                f"{kind} name '{doc.text[slice(*orig(norm, s, e))]}' of a product in profile {profile.name}",
                (("name_kind", kind),),
            )
    return entities

"""zh._window_cut (the route worked out in one loop, the HMM run only where a checked
offset needs it) gives the boundaries jieba's own tokenize gives."""
from __future__ import annotations

import glob

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.read import zh
from auditor.read.pipeline import default_lexicons

# Han characters of dictionary words, of no word, Traditional ones, ASCII of jieba's blocks,
# and characters outside its blocks (punctuation, white space, "\r\n")
_ALPHABET = list("公司将军第一期最佳领先首个治愈临床前本新闻稿包含前瞻性陈述实际结果可能存在重大差异"
                 "龙湖集团赴港上市关于我们联系版权声明隐私政策的了是在不和有人这中大为上个国"
                 "鑫淼犇骉羴猋麤朤") + list("陳述臨床藥獲批") + list("ab1Z9.-_%#&+") + list("，。：（）、 \t\r\n·|")
ZH_TEXT = st.text(alphabet=st.sampled_from(_ALPHABET), min_size=0, max_size=48)


def _words():
    lexicons = default_lexicons()
    return next(lex.boundary_words for lex in lexicons.values() if getattr(lex, "boundary_words", None))


@settings(max_examples=600, deadline=None)
@given(ZH_TEXT, st.booleans())
def test_window_cut_equals_jieba(window, scoped):
    words = _words() if scoped else None
    assert zh._window_bounds(window, words) == zh._jieba_bounds(window, words)
    cut = zh._window_cut(window, words)
    bounds = zh._jieba_bounds(window, words)
    assert [cut.is_boundary(i) for i in range(len(window) + 1)] == [i in bounds for i in range(len(window) + 1)]


def test_window_cut_equals_jieba_on_real_pages(realpages_dir):
    files = sorted(glob.glob(str(realpages_dir / "zh-news" / "**" / "*.html"), recursive=True))[:12]
    if not files:
        pytest.skip("no Chinese real pages")
    from auditor.read.pipeline import load_document

    words = _words()
    checked = 0
    for path in files:
        with open(path, "rb") as fh:
            text = load_document(fh.read(), path).text
        for start in range(0, len(text) - 1, 7):
            window = text[start : start + 3 + start % 37].translate(zh._t2s_table())
            if max(window, default="a") < zh._CJK_START:
                continue
            assert zh._window_bounds(window, words) == zh._jieba_bounds(window, words), window
            checked += 1
    assert checked > 1000


def test_hmm_cut_follows_words_jieba_must_split(monkeypatch):
    finalseg = zh._import_jieba().finalseg
    run = "鑫淼犇骉"  # no dictionary word: the HMM cuts it
    plain = zh._hmm_bounds(run)
    assert plain == frozenset(_pieces_ends(finalseg.cut(run)))
    joined = [p for p in finalseg.cut(run) if len(p) > 1]
    if not joined:
        pytest.skip("the HMM keeps these characters apart")
    monkeypatch.setattr(finalseg, "Force_Split_Words", {joined[0]})
    assert zh._hmm_bounds(run) == frozenset(_pieces_ends(finalseg.cut(run))) != plain


def _pieces_ends(pieces):
    at, out = 0, [0]
    for p in pieces:
        at += len(p)
        out.append(at)
    return out


_HAN_MIX = st.text(alphabet=st.sampled_from(list("这是们国说时发会经对实药陳述這們國說時發會經對實藥中文公司一二abc，。 ")),
                   min_size=0, max_size=60)


@settings(max_examples=400, deadline=None)
@given(_HAN_MIX)
def test_chinese_variant_equals_the_two_counts(text):
    from auditor.read import lang

    hans, hant = lang.script_counts(text)
    assert lang._chinese_variant(text) == ("zh-Hant" if hant > hans else "zh-Hans")


def test_lookup_without_filling_equals_the_filled_tokenizer(monkeypatch):
    # a fresh tokenizer for the word set: its route looks strings up group by group (no
    # character filled), and must cut as jieba does once the groups are filled
    words = _words()
    monkeypatch.setattr(zh, "_scoped", {})
    zh._window_cut.cache_clear()
    windows = ["关于龙湖水晶郦城项目部分购房人信访事项的答复", "本新闻稿包含若干前瞻性陈述实际结果可能存在重大差异",
               "第一期临床试验获批准最佳疗效首个治愈", "鑫淼犇骉羴猋麤朤公司将军", "陳述臨床藥獲批前瞻性"]
    windows += [w[i:j] for w in windows for i in range(0, len(w), 3) for j in range(i + 1, len(w) + 1, 4)]
    fast = [zh._window_bounds(w.translate(zh._t2s_table()), words) for w in windows]
    tok = zh._scoped_tokenizer(words)
    assert tok.auditor_absent  # (the lookups without filling did the work)
    assert fast == [zh._jieba_bounds(w.translate(zh._t2s_table()), words) for w in windows]
    zh._window_cut.cache_clear()


def test_prefix_group_lookup_equals_the_group():
    groups = zh._groups()
    for ch in "公司将军第一中国的了鑫a1":
        entries = dict(groups.group(ch))
        for key in list(entries)[:200]:
            assert groups.lookup(key) == entries[key]
            assert groups.lookup(key + "丨") == entries.get(key + "丨")
    assert groups.lookup("\U0002a6a5x") is None

"""auditor.read.zh: lazy jieba with a small dictionary, token-boundary checks."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from auditor.read import zh

ROOT = Path(__file__).resolve().parent.parent


def span(text: str, word: str, nth: int = 0) -> tuple[int, int]:
    i = -1
    for _ in range(nth + 1):
        i = text.index(word, i + 1)
    return i, i + len(word)


def bounded(text: str, word: str, nth: int = 0) -> bool:
    return zh.on_token_boundaries(text, *span(text, word, nth))


# ------------------------------------------------------------ boundaries


@pytest.mark.parametrize(
    "text, word, expected",
    [
        ("将军", "将", False),
        ("他是一位将军。", "将", False),
        ("公司将于2026年", "将", True),
        ("公司将于2026年发布结果", "将", True),
        ("最近", "最", False),
        ("他最近很忙", "最近", True),
        ("他最近很忙", "最", False),
        ("他是第一作者", "第一", False),
        ("他是第一作者", "第一作者", True),
        ("第一作者为张三", "第一", False),
        ("该药是第一", "第一", True),
        ("公司在第一时间通知患者", "第一", False),
        ("将军将于明日抵达", "将", True),  # the second 将 (see nth below)
    ],
)
def test_boundaries(text, word, expected):
    nth = 1 if text == "将军将于明日抵达" else 0
    assert bounded(text, word, nth) is expected


def test_span_at_text_edges():
    assert zh.on_token_boundaries("公司", 0, 2)
    assert not zh.on_token_boundaries("公司", 0, 1)
    assert not zh.on_token_boundaries("公司", 1, 1)  # empty span
    with pytest.raises(ValueError):
        zh.on_token_boundaries("公司", 1, 3)


def test_boundaries_in_mixed_text():
    text = "AstraZeneca宣布：泰瑞沙（Tagrisso）将于2026年上市。"
    assert bounded(text, "将")
    assert bounded(text, "上市")
    assert bounded(text, "Tagrisso")


def test_window_agrees_with_full_tokenization():
    text = (
        "阿斯利康今日宣布，其创新药物已获得国家药品监督管理局批准，用于治疗成人患者。"
        "本文涉及尚未在中国大陆获批准的产品或适应症，阿斯利康不推荐任何未被批准的药品使用。"
    ) * 3
    for _word, s, e in zh.tokens(text):
        assert zh.on_token_boundaries(text, s, e)


def test_long_run_without_punctuation_still_works():
    text = "公司将于二零二六年在中国大陆推出新药" * 20
    s, e = span(text, "将", 10)
    assert zh.on_token_boundaries(text, s, e)
    s, e = span(text, "中国大陆", 7)
    assert zh.on_token_boundaries(text, s, e)


# ------------------------------------------------------------ tokens


def test_tokens_offsets():
    text = "本新闻稿包含前瞻性陈述。AstraZeneca 2026年 CN-123456\n下一行"
    toks = zh.tokens(text)
    assert "".join(w for w, _, _ in toks) == text
    pos = 0
    for word, s, e in toks:
        assert s == pos and text[s:e] == word and e > s
        pos = e
    assert pos == len(text)
    assert zh.tokens("") == []


def test_added_words_stay_whole():
    zh.add_words(["前瞻性陈述", "互联网药品信息服务资格证书", "前瞻性陳述"])
    words = [w for w, _, _ in zh.tokens("本新闻稿包含若干前瞻性陈述，实际结果可能存在重大差异。")]
    assert "前瞻性陈述" in words
    words = [w for w, _, _ in zh.tokens("互联网药品信息服务资格证书编号：（京）-非经营性-2020-0001")]
    assert words[0] == "互联网药品信息服务资格证书"
    words = [w for w, _, _ in zh.tokens("本新聞稿包含前瞻性陳述。")]
    assert "前瞻性陳述" in words
    text = "取得互联网药品信息服务资格证书"
    assert bounded(text, "互联网药品信息服务资格证书")
    assert not bounded(text, "药品")


def test_add_words_is_idempotent():
    zh.add_words(["临床试验方案"])
    tok = zh._get_tokenizer()
    before = (dict(tok.FREQ), tok.total)
    zh.add_words(["临床试验方案", " 临床试验方案 "])
    zh.add_words("临床试验方案")
    assert (dict(tok.FREQ), tok.total) == before
    zh.add_words(["", "药", "a b"])  # ignored: too short or with spaces
    assert (dict(tok.FREQ), tok.total) == before


# ------------------------------------------------------------ loading


def test_dictionary_is_small_and_sorted():
    data = zh.DICTIONARY.read_bytes()
    assert len(data) < 1_500_000
    lines = data.decode("utf-8").splitlines()
    words = [line.split(" ")[0] for line in lines]
    assert words == sorted(words)
    assert 55_000 <= len(words) <= 80_000
    assert all(len(line.split(" ")) == 2 for line in lines[:1000])
    assert {"将", "最", "药", "將", "藥"} <= set(words)


def test_build_script_check_passes():
    """The committed dictionary is what the build script produces."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_zh_dict.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr


def test_lazy_import_and_words_added_before_load(tmp_path):
    code = (
        "import sys\n"
        "import auditor.read.zh as zh\n"
        "assert 'jieba' not in sys.modules, 'jieba imported too early'\n"
        "zh.add_words(['前瞻性陈述'])\n"
        "assert 'jieba' not in sys.modules and not zh.is_loaded()\n"
        "words = [w for w, _, _ in zh.tokens('本新闻稿包含前瞻性陈述。')]\n"
        "assert 'jieba' in sys.modules and zh.is_loaded()\n"
        "assert '前瞻性陈述' in words, words\n"
        "assert 'pkg_resources' not in sys.modules or sys.modules['pkg_resources'] is not None\n"
    )
    # no prebuilt prefix dictionary (auditor.commands.prebuild): the per-user cache is built
    env = {"AUDITOR_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin",
           "AUDITOR_PREBUILT_DIR": str(tmp_path)}
    for _ in range(2):  # first run builds the cache, the second reads it
        subprocess.run([sys.executable, "-c", code], check=True, timeout=120, env=env)
    assert list((tmp_path / "cache").glob("zh_dict-*.cache"))


def test_unwritable_cache_falls_back(tmp_path):
    code = (
        "import auditor.read.zh as zh\n"
        "assert [w for w, _, _ in zh.tokens('将军')] == ['将军']\n"
    )
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    env = {
        "AUDITOR_CACHE_DIR": str(blocker / "cache"),
        "XDG_CACHE_HOME": str(blocker / "xdg"),
        "HOME": str(blocker),
        "PATH": "/usr/bin:/bin",
    }
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120, env=env)


def test_corrupt_cache_is_rebuilt(tmp_path):
    cache = tmp_path / "cache"
    code = "import auditor.read.zh as zh\nassert [w for w, _, _ in zh.tokens('将军')] == ['将军']\n"
    env = {"AUDITOR_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin", "AUDITOR_PREBUILT_DIR": str(tmp_path)}
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120, env=env)
    assert list(cache.glob("zh_dict-*.cache"))
    for f in cache.glob("zh_dict-*.cache"):
        f.write_bytes(f.read_bytes()[:1000])
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120, env=env)

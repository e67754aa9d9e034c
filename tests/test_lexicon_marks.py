"""lexicon._char_offset (character offsets of UTF-8 byte offsets, walked from the nearer of
the previous hit and the text's marks) gives what decoding the bytes before the offset gives."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.read import lexicon as lexmod

TEXT = st.text(alphabet=st.sampled_from(list("ab 1é中文公司，。\U00020000")), min_size=0, max_size=3000)


@settings(max_examples=200, deadline=None)
@given(TEXT, st.data())
def test_char_offset_equals_decoding(text, data):
    encoded = lexmod._utf8(text)
    starts = [len(text[:i].encode("utf-8")) for i in range(len(text) + 1)]  # byte offset of each character
    pos = data.draw(st.integers(0, len(text)))
    later = data.draw(st.integers(pos, len(text)))
    got = lexmod._char_offset(text, encoded, pos, starts[pos], starts[later])
    assert got == later == len(encoded[: starts[later]].decode("utf-8"))


def test_marks_are_kept_for_the_last_text_only():
    text = "中文" * 400
    data = lexmod._utf8(text)
    marks = lexmod._marks(text, data)
    assert marks == [len(text[: i * lexmod._MARK].encode("utf-8")) for i in range(len(marks))]
    assert lexmod._marks(text, data) is marks
    other = "公司" * 400
    lexmod._utf8(other)
    assert lexmod._marks(other, lexmod._utf8(other)) is not marks

"""Hidden pop-ups: one dialog is one notice.

Consecutive hidden blocks are split where the element that hid them changes: a newsletter
modal right before a leaving-site modal is not part of the notice, and two leaving-site
modals side by side are two notices. One modal holding a title, several paragraphs and its
buttons stays one notice.
"""
from __future__ import annotations

from auditor.read.pipeline import load_document

PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>诺风生物</title></head><body>
<nav><a href="/">首页</a> <a href="/news/">新闻中心</a></nav>
<main><h1>诺风生物苏州质量检测实验室启用</h1>
<p>诺风生物今日宣布，其位于苏州的质量检测实验室正式启用，每年可完成约四千批次的检测工作，并新聘六十名分析和微生物检测人员。</p>
</main>
{dialogs}
<footer><p>© 2026 诺风生物 版权所有</p></footer>
</body></html>"""

NEWSLETTER = """<div class="modal newsletter-modal" style="display:none">
<h3>订阅我们的新闻通讯</h3>
<p>留下您的电子邮箱，每月第一时间获取公司新闻、研发进展和活动邀请。</p>
<button>立即订阅</button></div>"""

LEAVING_ZH = """<div class="modal" id="leave-site" style="display:none">
<h3>重要提示</h3>
<p>您正在离开诺风生物中国官方网站，即将访问第三方网站。</p>
<p>该网站不由诺风生物运营，诺风生物对其内容不承担任何责任。</p>
<p>点击“取消”返回本网站，点击“继续”访问该网站。</p>
<button>取消</button><button>继续</button></div>"""

LEAVING_HANT = """<div class="modal" id="leave-site-hk" style="display:none">
<p>您即將離開諾風生物香港網站，前往第三方網站。</p>
<p>該網站並非由諾風生物營運，諾風生物對其內容概不負責。</p>
<button>取消</button><button>繼續</button></div>"""


def _doc(dialogs: str):
    return load_document(PAGE.format(dialogs=dialogs).encode("utf-8"), "page.html")


def _segment(doc, snippet):
    i = doc.text.find(snippet)
    assert i >= 0, snippet
    return doc.segment_at(i)


def _notices(doc):
    return [s for s in doc.segments if s.kind == "third_party_notice"]


def test_a_newsletter_modal_is_not_part_of_the_next_leaving_site_notice():
    doc = _doc(NEWSLETTER + LEAVING_ZH)
    notices = _notices(doc)
    assert len(notices) == 1
    notice = doc.text[notices[0].start:notices[0].end]
    assert "订阅" not in notice and "电子邮箱" not in notice
    assert notice.startswith("重要提示") and "您正在离开" in notice
    assert _segment(doc, "留下您的电子邮箱").kind != "third_party_notice"


def test_two_adjacent_leaving_site_modals_are_two_notices():
    doc = _doc(LEAVING_ZH + LEAVING_HANT)
    notices = _notices(doc)
    assert len(notices) == 2
    first, second = (doc.text[s.start:s.end] for s in notices)
    assert "您正在离开" in first and "您即將離開" not in first
    assert "您即將離開" in second and "繼續" in second and "您正在离开" not in second


def test_one_modal_with_title_paragraphs_and_buttons_is_one_notice():
    doc = _doc(LEAVING_ZH)
    notices = _notices(doc)
    assert len(notices) == 1
    notice = doc.text[notices[0].start:notices[0].end]
    for part in ("重要提示", "您正在离开", "不承担任何责任", "点击“取消”返回本网站", "取消", "继续"):
        assert part in notice, part


def test_a_title_hidden_on_its_own_still_heads_the_notice_below_it():
    doc = _doc('<h3 style="display:none">重要提示</h3>'
               '<div style="display:none"><p>您正在离开诺风生物中国官方网站，即将访问第三方网站。</p>'
               '<p>该网站不由诺风生物运营，诺风生物对其内容不承担任何责任。</p></div>')
    notices = _notices(doc)
    assert len(notices) == 1
    assert doc.text[notices[0].start:notices[0].end].startswith("重要提示")


def test_markdown_and_text_blocks_belong_to_no_dialog():
    text = "# 标题\n\n您正在离开诺风生物中国官方网站，即将访问第三方网站。\n\n取消 继续\n"
    for name in ("page.md", "page.txt"):
        doc = load_document(text.encode("utf-8"), name)
        assert doc.blocks and all(b.dialog == 0 for b in doc.blocks)

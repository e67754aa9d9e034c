"""The texts of the findings auditor reports itself, in one catalogue: waiver checks
(auditor/gate/waivers.py), checks across pages (auditor/batch/crosspage.py) and unreadable
input (auditor/rules/input_error.py).

Each text has its English, Simplified and Traditional Chinese versions side by side, as a
YAML rule has them, so a built-in finding is translated like any other; ``{placeholders}``
are filled in where the finding is made. (The input-error finding is English only so far:
its Chinese texts would change the output of existing runs.)
"""
from __future__ import annotations

# ---------------------------------------------------------------------------- waivers

INVALID = "auditor/invalid-waiver"
EXPIRED = "auditor/expired-waiver"
UNUSED = "auditor/unused-waiver"

# The built-in rules' texts (title, message, fix) per locale; {placeholders} filled in.
WAIVER_TEXTS: dict[str, dict[str, dict[str, str]]] = {
    INVALID: {
        "title": {
            "en": "Invalid waiver comment",
            "zh-Hans": "无效的豁免注释",
            "zh-Hant": "無效的豁免註釋",
        },
        "message": {
            "en": "This waiver is not applied: {problem}.",
            "zh-Hans": "此豁免未生效：{problem}。",
            "zh-Hant": "此豁免未生效：{problem}。",
        },
        "fix": {
            "en": "Write the waiver as <!-- auditor-disable-next-line RULE -- reason approver=NAME until=YYYY-MM-DD -->, "
                  "naming a known rule or category and giving the reason it was accepted.",
            "zh-Hans": "请按 <!-- auditor-disable-next-line 规则 -- 理由 approver=审批人 until=YYYY-MM-DD --> 的格式书写豁免，"
                       "注明已知的规则或类别以及豁免理由。",
            "zh-Hant": "請按 <!-- auditor-disable-next-line 規則 -- 理由 approver=審批人 until=YYYY-MM-DD --> 的格式書寫豁免，"
                       "註明已知的規則或類別以及豁免理由。",
        },
    },
    EXPIRED: {
        "title": {"en": "Expired waiver", "zh-Hans": "豁免已过期", "zh-Hant": "豁免已過期"},
        "message": {
            "en": "The waiver for {targets} expired on {until}; the findings it covered are reported again.",
            "zh-Hans": "针对 {targets} 的豁免已于 {until} 过期，其涵盖的问题将重新报告。",
            "zh-Hant": "針對 {targets} 的豁免已於 {until} 過期，其涵蓋的問題將重新報告。",
        },
        "fix": {
            "en": "Fix the findings, or have the waiver reviewed again and set a new until date.",
            "zh-Hans": "请修正相关问题，或重新审批该豁免并设置新的到期日期。",
            "zh-Hant": "請修正相關問題，或重新審批該豁免並設定新的到期日期。",
        },
    },
    UNUSED: {
        "title": {"en": "Unused waiver", "zh-Hans": "未使用的豁免", "zh-Hant": "未使用的豁免"},
        "message": {
            "en": "The waiver for {targets} matched no finding.",
            "zh-Hans": "针对 {targets} 的豁免没有匹配到任何问题。",
            "zh-Hant": "針對 {targets} 的豁免沒有匹配到任何問題。",
        },
        "fix": {
            "en": "Remove the waiver: the problem it covered is gone.",
            "zh-Hans": "请删除该豁免：其涵盖的问题已不存在。",
            "zh-Hant": "請刪除該豁免：其涵蓋的問題已不存在。",
        },
    },
}
WAIVER_SEVERITY = {INVALID: "warning", EXPIRED: "warning", UNUSED: "info"}

# Why a waiver comment is invalid ({value} filled in).
WAIVER_PROBLEMS = {
    "no-reason": {"en": "it gives no reason (write ' -- reason' after the rules)",
                  "zh-Hans": "未写明理由（请在规则后写“ -- 理由”）", "zh-Hant": "未寫明理由（請在規則後寫「 -- 理由」）"},
    "no-target": {"en": "it names no rule or category", "zh-Hans": "未指明规则或类别", "zh-Hant": "未指明規則或類別"},
    "unknown-target": {"en": "unknown rule or category {value}", "zh-Hans": "未知的规则或类别 {value}",
                       "zh-Hant": "未知的規則或類別 {value}"},
    "bad-date": {"en": "until={value} is not a date in YYYY-MM-DD form", "zh-Hans": "until={value} 不是 YYYY-MM-DD 格式的日期",
                 "zh-Hant": "until={value} 不是 YYYY-MM-DD 格式的日期"},
    "bad-directive": {"en": "unknown directive {value} (expected auditor-disable-next-line, auditor-disable, "
                            "auditor-enable or auditor-disable-file)",
                      "zh-Hans": "未知指令 {value}（应为 auditor-disable-next-line、auditor-disable、auditor-enable 或 auditor-disable-file）",
                      "zh-Hant": "未知指令 {value}（應為 auditor-disable-next-line、auditor-disable、auditor-enable 或 auditor-disable-file）"},
    "unmatched-enable": {"en": "auditor-enable {value} has no open auditor-disable block",
                         "zh-Hans": "auditor-enable {value} 没有对应的 auditor-disable",
                         "zh-Hant": "auditor-enable {value} 沒有對應的 auditor-disable"},
}


# ---------------------------------------------------------------------------- across pages

DUPLICATE = "auditor/approval-number-duplicate"
VERSION_NUMBER = "auditor/language-version-approval-number"
VERSION_DISCLAIMER = "auditor/language-version-disclaimer"

CROSSPAGE_RULES = {
    DUPLICATE: {
        "category": "approval-number-duplicate",
        "severity": "warning",
        "title": {"en": "Approval number used on several pages",
                  "zh-Hans": "同一审批编号用于多个页面",
                  "zh-Hant": "同一審批編號用於多個頁面"},
        "message": {"en": "Approval number '{number}' also appears on {count} other page(s): {pages}. "
                          "An approval number identifies one reviewed piece of material.",
                    "zh-Hans": "审批编号「{number}」还出现在其他 {count} 个页面：{pages}。一个审批编号只对应一份经审核的材料。",
                    "zh-Hant": "審批編號「{number}」還出現在其他 {count} 個頁面：{pages}。一個審批編號只對應一份經審核的材料。"},
        "fix": {"en": "Give each page the approval number of its own review, or remove the copied number.",
                "zh-Hans": "为每个页面标注其自身审核的审批编号，或删除复制过来的编号。",
                "zh-Hant": "為每個頁面標註其自身審核的審批編號，或刪除複製過來的編號。"},
    },
    VERSION_NUMBER: {
        "category": "approval-number-conflict",
        "severity": "warning",
        "title": {"en": "Language versions carry different approval numbers",
                  "zh-Hans": "不同语言版本的审批编号不一致",
                  "zh-Hant": "不同語言版本的審批編號不一致"},
        "message": {"en": "This page shows approval number {mine}, but its {other_lang} version ({other}) "
                          "shows {theirs}.",
                    "zh-Hans": "本页面的审批编号为 {mine}，但其{other_lang}版本（{other}）为 {theirs}。",
                    "zh-Hant": "本頁面的審批編號為 {mine}，但其{other_lang}版本（{other}）為 {theirs}。"},
        "fix": {"en": "Language versions of one page are one reviewed item: give them the same approval number, "
                      "or have each version reviewed and linked correctly.",
                "zh-Hans": "同一页面的不同语言版本属于同一份审核材料：请使用相同的审批编号，或分别审核并正确关联各版本。",
                "zh-Hant": "同一頁面的不同語言版本屬於同一份審核材料：請使用相同的審批編號，或分別審核並正確關聯各版本。"},
    },
    VERSION_DISCLAIMER: {
        "category": "unapproved-disclaimer-missing",
        "severity": "error",
        "title": {"en": "Language version without the unapproved-product disclaimer",
                  "zh-Hans": "某语言版本缺少未获批产品免责声明",
                  "zh-Hant": "某語言版本缺少未獲批產品免責聲明"},
        "message": {"en": "The {other_lang} version of this page ({other}) carries an unapproved-product "
                          "disclaimer; this {lang} version does not.",
                    "zh-Hans": "本页面的{other_lang}版本（{other}）载有未获批产品免责声明，而本{lang}版本没有。",
                    "zh-Hant": "本頁面的{other_lang}版本（{other}）載有未獲批產品免責聲明，而本{lang}版本沒有。"},
        "fix": {"en": "Add the same disclaimer to this version, translated, where the other version has it.",
                "zh-Hans": "在本版本中与另一版本相同的位置加入同样内容的免责声明（译文）。",
                "zh-Hant": "在本版本中與另一版本相同的位置加入同樣內容的免責聲明（譯文）。"},
    },
}

# Cross-page messages use the language names of finding messages, but a page's version in
# "mixed" languages is bilingual, and one in an undetermined language is "other".
VERSION_LANGUAGE_NAMES = {
    "en": {"mixed": "bilingual", "und": "other"},
    "zh-Hans": {"mixed": "双语", "und": "其他"},
    "zh-Hant": {"mixed": "雙語", "und": "其他"},
}


# ---------------------------------------------------------------------------- unreadable input

INPUT_ERROR = {
    "title": {"en": "Input error"},
    "message": {"en": "Could not audit this page: {error}"},
}
INPUT_ERROR_FIX = (
    "Check that the input is a web page (HTML, Markdown-like or plain text) in a readable encoding; "
    "fix or remove the file, then audit it again."
)

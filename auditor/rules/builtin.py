"""The texts of the findings auditor reports itself, in one catalogue: waiver checks
(auditor/gate/waivers.py), checks across pages (auditor/batch/crosspage.py) and unreadable
input (auditor/rules/input_error.py).

Each text has its English, Simplified and Traditional Chinese versions side by side, as a
YAML rule has them, so a built-in finding is translated like any other; ``{placeholders}``
are filled in where the finding is made. The reasons an input could not be read are
written by the input stages in English; their templates are listed here and translated
through the gettext catalogue (see INPUT_ERROR_REASONS).
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
    "title": {"en": "Input error", "zh-Hans": "输入错误", "zh-Hant": "輸入錯誤"},
    "message": {"en": "Could not audit this page: {error}", "zh-Hans": "无法审核此页面：{error}",
                "zh-Hant": "無法審核此頁面：{error}"},
    "fix": {
        "en": "Check that the input is a web page (HTML, Markdown-like or plain text) in a readable encoding; "
              "fix or remove the file, then audit it again.",
        "zh-Hans": "请确认输入的是编码可读的网页（HTML、类 Markdown 文本或纯文本）；修复或删除该文件后重新审核。",
        "zh-Hant": "請確認輸入的是編碼可讀的網頁（HTML、類 Markdown 文字或純文字）；修正或刪除該檔案後重新審核。",
    },
}
INPUT_ERROR_FIX = INPUT_ERROR["fix"]["en"]


def N_(text: str) -> str:  # marks a template for extraction into the gettext catalogue
    return text


# Why a page could not be read ({error} above), as the input stages write it in English:
# auditor/sources/ (files, directories, archives, WARC), read/decode.py and read/pipeline.py
# (binary or oversized pages), audit/limits.py (time limit), batch/worker.py. Their
# translations are in the gettext catalogue (auditor/locales), matched the way explanation
# clauses are (auditor/rules/input_error.py); a text no template matches stays in English.
# Fields ({reason}: an operating-system or library message, {member}, {size} ...) are copied.
INPUT_ERROR_WRAPPERS = (
    N_("{source}: member {member}: {detail}"),
    N_("{source}: {detail}"),
)
INPUT_ERROR_REASONS = (
    N_("no such file or directory"),
    N_("no data"),
    N_("no standard input"),
    N_("standard input was already read"),
    N_("cannot read standard input: {reason}"),
    N_("list file includes itself; skipped"),
    N_("cannot read list file: {reason}"),
    N_("cannot read ignore file: {reason}"),
    N_("cannot list directory: {reason}"),
    N_("cannot read: {reason}"),
    N_("read error: {reason}"),
    N_("not a regular file ({kind}); only regular files are read; skipped"),
    N_("file is {size}, over max_file_bytes={limit} ({limit_size}); skipped"),
    N_("not a zip, tar or WARC archive (unknown format by its first bytes); skipped"),
    N_("a {compression}-compressed file that cannot be decompressed (truncated or corrupt): {reason}"),
    N_("binary file (looks like {what}), not a web page"),
    N_("binary file (NUL and control bytes near the start, and not UTF-16/UTF-32 text), not a web page"),
    N_("page is {size} bytes, over the {limit}-byte limit"),
    N_("unknown input format {format} (expected auto, {formats})"),
    N_("could not parse as {format}: {reason}"),
    N_("auditing the page took longer than the page time limit of {seconds} "
       "s (--page-timeout, page-timeout in the configuration file; 0 for none)"),
    N_("out of memory while auditing the page ({reason})"),
    N_("internal error while auditing the page: {reason}"),
    N_("member {member} has an unsafe name ({why}); skipped"),
    N_("member {member} declares {size}, over max_member_bytes={limit} ({limit_size}); skipped"),
    N_("member {member} is larger than {size}, over max_member_bytes={limit} ({limit_size}); skipped"),
    N_("member {member} compression ratio {ratio}:1 ({size} from "
       "{compressed}) exceeds max_ratio={limit}; a decompression bomb? skipped"),
    N_("member {member} compression ratio {ratio}:1 ({size} from {compressed}) "
       "exceeds max_ratio={limit}; a decompression bomb? the rest of the archive is skipped"),
    N_("compression ratio {ratio}:1 exceeds max_ratio={limit} ({size} from "
       "{compressed}; a decompression bomb?); the rest of the archive is skipped"),
    N_("archive is larger than max_total_bytes={limit} "
       "({limit_size}) uncompressed; the rest of the archive is skipped"),
    N_("archive has more than max_members={limit} members; the rest are skipped"),
    N_("compressed data is truncated ({reason})"),
    N_("compressed data is damaged ({reason})"),
    N_("zip central directory not found (truncated or damaged); members were read from their local headers"),
    N_("zip central directory unreadable ({reason}); members were read from their local headers"),
    N_("member {member} is encrypted; skipped"),
    N_("member {member} cannot be read: {reason}; skipped"),
    N_("zip archive ends before its central directory after {count} members (truncated?)"),
    N_("empty or unreadable zip archive"),
    N_("damaged zip archive: no member header at offset {offset} after {count} members; the rest is skipped"),
    N_("zip archive truncated in a member header after {count} members"),
    N_("cannot find the end of encrypted member {member} without a central directory; the rest is skipped"),
    N_("cannot find the end of member {member} without a central directory; the rest is skipped"),
    N_("zip archive truncated in member {member} after {count} complete members"),
    N_("zip archive truncated in member {member}"),
    N_("zip archive truncated after member {member}"),
    N_("member {member} uses unsupported compression method {method}; skipped"),
    N_("stored member {member} has no size in its header; "
       "cannot read on without a central directory; the rest is skipped"),
    N_("member {member} is damaged ({reason}); cannot find the next member; the rest is skipped"),
    N_("member {member} is damaged ({reason}); skipped"),
    N_("not a readable tar archive: {reason}"),
    N_("tar archive damaged or truncated after {count} members: {reason}"),
    N_("tar archive damaged or truncated in member {member}: {reason}"),
    N_("tar archive ends without an end-of-archive marker (truncated?) after {count} members"),
    N_("tar archive has a damaged header ({reason}); the rest is skipped after {count} members"),
    N_("not a readable WARC file: {reason}"),
    N_("WARC damaged or truncated after record {number}: {reason}; the rest of the file is skipped"),
    N_("WARC record {number} has no WARC-Type (damaged or truncated header); the rest of the file is skipped"),
    N_("WARC record {number} ({type}) has no Content-Length "
       "(damaged or truncated header); the rest of the file is skipped"),
    N_("WARC truncated or damaged in record {number} ({record}): {reason}; the rest of the file is skipped"),
    N_("WARC record {number} ({record}) is truncated ({missing} bytes missing); the rest of the file is skipped"),
    N_("record {record} is larger than max_member_bytes={limit} ({limit_size}); skipped"),
    N_("record {record}: {reason}; skipped"),
)
# What a binary file looks like ({what} in "binary file (looks like {what}), ..."): the
# names read/decode.py gives (tests/test_input_error_i18n.py checks that none is missing).
INPUT_ERROR_FILE_KINDS = (
    N_("a PDF document"),
    N_("a PNG image"),
    N_("a JPEG image"),
    N_("a GIF image"),
    N_("a gzip-compressed file"),
    N_("an ELF executable"),
    N_("an xz-compressed file"),
    N_("a 7-Zip archive"),
    N_("a Zstandard-compressed file"),
    N_("a RAR archive"),
    N_("a legacy Microsoft Office document (doc/xls/ppt)"),
    N_("an SQLite database"),
    N_("a Java class file or Mach-O binary"),
    N_("a Mach-O executable"),
    N_("a WOFF font"),
    N_("a WOFF2 font"),
    N_("an Ogg media file"),
    N_("a FLAC audio file"),
    N_("a WebAssembly module"),
    N_("a TIFF image"),
    N_("a Matroska/WebM video"),
    N_("an icon (ICO) file"),
    N_("a WebP image"),
    N_("a WAV audio file"),
    N_("an AVI video"),
    N_("an EPUB e-book"),
    N_("an Office document (docx/xlsx/pptx)"),
    N_("a ZIP archive"),
    N_("an MP4/QuickTime media file"),
    N_("a bzip2-compressed file"),
    N_("an MP3 audio file"),
    N_("a Windows executable"),
    N_("a BMP image"),
)

"""The structural vocabulary of reading, kept as data.

Which HTML tags, ARIA roles and class/id tokens say "navigation", "footer", "pop-up",
"hidden" and so on. The HTML parser turns them into block cues
(``auditor/read/parse/html.py``); the segmenter turns cues into segment kinds
(``auditor/read/segment.py``). A site whose markup we misread is usually fixed here,
by adding a token, not in the code.
"""
from __future__ import annotations

SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "iframe"})
# Elements whose content is raw text in the source (no tags inside to locate).
RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "plaintext"})

INLINE_TAGS = frozenset(
    """a abbr acronym b bdi bdo big blink cite code data del dfn em font i img input ins
    kbd mark nobr q rb rp rt rtc ruby s samp small span strike strong sub sup time tt u
    var wbr map area meter progress output picture source slot canvas""".split()
)
EMPHASIS_TAGS = frozenset({"em", "strong", "b", "i"})
LANDMARK_TAGS = frozenset({"nav", "header", "footer", "aside", "main", "article", "dialog"})
# The cue an element gives by its tag alone.
TAG_CUES = {t: t for t in LANDMARK_TAGS}
TAG_CUES.update({t: "emphasis" for t in EMPHASIS_TAGS})
TAG_CUES.update({"table": "table", "button": "button", "label": "label", "title": "title"})
META_TAGS = frozenset({"meta", "link", "base", "time"})
ROLE_CUES = {
    "navigation": ("nav",),
    "banner": ("header",),
    "contentinfo": ("footer",),
    "complementary": ("aside",),
    "main": ("main",),
    "article": ("article",),
    "dialog": ("dialog",),
    "alertdialog": ("dialog",),
    "button": ("button",),
    "menu": ("menu",),
    "menubar": ("menu",),
    "alert": ("notice",),
}
TOKEN_CUES = {
    "nav": ("menu", "nav"),
    "navbar": ("menu", "nav"),
    "navigation": ("menu", "nav"),
    "menu": ("menu", "nav"),
    "menubar": ("menu", "nav"),
    "submenu": ("menu", "nav"),
    "breadcrumb": ("breadcrumb",),
    "breadcrumbs": ("breadcrumb",),
    "crumbs": ("breadcrumb",),
    "crumb": ("breadcrumb",),
    "bread": ("breadcrumb",),
    # Chinese CMS class names (DedeCMS "place", pinyin 位置/当前位置/导航/版权/弹窗)
    "place": ("breadcrumb",),
    "weizhi": ("breadcrumb",),
    "dqwz": ("breadcrumb",),
    "curpos": ("breadcrumb",),
    "daohang": ("menu", "nav"),
    "banquan": ("copyright",),
    "tanchuang": ("modal", "popup"),
    "footer": ("footer",),
    "foot": ("footer",),
    "header": ("header",),
    "masthead": ("header",),
    "modal": ("modal",),
    "popup": ("modal", "popup"),
    "pop": ("modal", "popup"),
    "layer": ("modal",),
    "overlay": ("modal",),
    "lightbox": ("modal",),
    "dialog": ("modal",),
    "cookie": ("cookie",),
    "cookies": ("cookie",),
    "consent": ("cookie",),
    "gdpr": ("cookie",),
    "disclaimer": ("disclaimer",),
    "notice": ("notice",),
    "alert": ("notice",),
    "sidebar": ("sidebar",),
    "aside": ("sidebar",),
    "share": ("share",),
    "social": ("share",),
    "related": ("related",),
    "copyright": ("copyright",),
    "skip": ("skip",),
    "btn": ("button",),
    "button": ("button",),
}
# Class names that hide an element (whole class names, not tokens: "sr-only" and
# "visually-hidden" keep text readable for screen readers, so they are not hidden).
HIDDEN_CLASSES = frozenset(
    {"hidden", "hide", "d-none", "is-hidden", "u-hidden", "invisible", "display-none", "displaynone"}
)
# A class name with one of these tokens names a control (a trigger or a close box),
# not the pop-up itself: it gives its cues but does not hide.
ACTION_TOKENS = frozenset(
    {"trigger", "toggle", "toggler", "open", "opener", "close", "btn", "button", "link", "launch",
     "launcher", "show", "icon", "bg", "mask", "backdrop",
     # page-level switches and layouts: "use-lightbox", "penci-enable-lightbox", Drupal's
     # "dialog-off-canvas-main-canvas" around every page
     "use", "enable", "enabled", "canvas"}
)
# With one of these tokens, "header"/"footer" name a component's part ("card-header",
# "modal-footer", "entry-header"), not the page's header or footer.
COMPONENT_TOKENS = frozenset(
    {"modal", "dialog", "popup", "layer", "card", "panel", "article", "entry", "post", "section",
     "table", "widget", "content", "news", "item", "box", "block", "list", "page", "accordion", "tab"}
)
# Tokens that name a pop-up by themselves; "overlay" and "layer" only do so when no
# content token goes with them.
MODAL_STRONG = frozenset({"modal", "popup", "pop", "lightbox", "dialog", "tanchuang"})
CONTENT_TOKENS = frozenset(
    {"card", "hero", "banner", "img", "image", "video", "slide", "slider", "carousel", "text", "caption",
     "title", "gallery", "photo", "thumb", "media", "content", "main", "page", "wrap", "wrapper",
     "container", "inner", "section"}
)
# Class names on containers that describe the page state or layout, not the element; and
# the taxonomy classes a CMS puts on a post ("tag-pop", "category-social"): free words of
# its tags, not names of a component.
STATE_PREFIXES = ("has-", "no-", "with-", "without-", "is-open", "modal-open", "tag-", "category-", "post_tag-", "series-")


PUBLISHED_PRIORITY = {
    "article:published_time": 0,
    "og:published_time": 1,
    "date": 2,
    "pubdate": 2,
    "publishdate": 2,
    "publish-date": 2,
    "publish_date": 2,
    "dc.date": 2,
    "dc.date.issued": 2,
    "dcterms.date": 2,
    "dcterms.issued": 2,
    "datepublished": 3,  # itemprop
}
TIME_PRIORITY = 4

# -- the main text of a page (auditor/read/parse/mainbody.py) --------------------------

# A paragraph this long (characters, white space collapsed) votes for its containers.
CORE_MIN_PARAGRAPH = 25
# Below this much paragraph text a page has no main text to find (landing pages, forms).
CORE_MIN_TEXT = 250
# A sibling of the best container joins the main text when it scores this share of it.
CORE_SIBLING_SHARE = 0.2
# Class/id words (lower-case runs of letters) that make a container more or less likely
# to hold the article.
CORE_POSITIVE_TOKENS = frozenset(
    """article articlebody body content contents entry main post story text blog detail details
    news release press zhengwen wenzhang neirong""".split()
)
CORE_NEGATIVE_TOKENS = frozenset(
    """comment comments disqus footer foot sidebar side related share sharing social sponsor
    sponsored promo widget tags tag meta masthead menu nav navbar banner ad ads advert advertisement
    recommend recommended popular hot rank ranking login signup subscribe newsletter breadcrumb
    copyright pagination pager popup modal cookie cookies gdpr consent overlay dialog lightbox""".split()
)
# Of those, the words that cut a part out of the main text when an element inside it
# carries one (a comment thread or share bar inside the article element).
CORE_CUT_TOKENS = frozenset(
    """comment comments disqus related share sharing social sponsor sponsored promo ad ads advert
    advertisement recommend recommended popular newsletter subscribe signup tags pagination pager
    breadcrumb popup modal cookie gdpr consent widget paywall rating ratings sociable nextstory
    newletter utility bio authorbox
    cta nocomments textwidget widgets teasers affiliate
    kommentar kommentare comentarios commentaires komentarze werbung anzeige publicidad reklama""".split()
)
# A class or id name that starts so says the element is NOT what its words name
# ("non-paywall", "not-ad"): it names no part to cut and no page furniture.
NEGATING_PREFIXES = ("non-", "non_", "not-", "not_")
# Elements inside the main text that are never part of it: forms (comment and sign-up
# forms), asides. (A picture's caption is: a reviewer reads it with the article.)
CORE_CUT_TAGS = frozenset({"form", "aside"})
# Class/id fragments that name such a part even inside a longer word ("post-image-credits",
# "photoCredit", "article-byline"): matched as substrings, on elements of these tags only
# (a heading with such a style class is still a heading).
CORE_CUT_FRAGMENTS = ("credit", "byline", "author", "meta")
CORE_CUT_FRAGMENT_TAGS = frozenset({"div", "p", "span", "figure", "section", "small"})
# Readability's conditional cleaning of the main text's parts: a container of these tags
# with fewer commas than this whose text is more than this share links (this share when
# its class names it as content) is cut out. (Readability also cuts tiny parts; we do not:
# a product page's selling points, 「临床验证，100%有效」, are short and are claims.)
CORE_CONDITIONAL_TAGS = frozenset({"div", "section", "ul", "ol", "dl", "table", "span", "center"})
CORE_CONDITIONAL_COMMAS = 10
CORE_CONDITIONAL_LINKS = 0.2
CORE_CONDITIONAL_LINKS_NAMED = 0.5
# ... the lower share applies to parts shorter than this (characters).
CORE_CONDITIONAL_MAX_TEXT = 400
# A part is cut out of the main text only when it holds less than this share of it
# (a wrapper named "widget" around the whole article stays).
CORE_CUT_MAX_SHARE = 0.4
# A furniture name ("elementor-widget") whose elements inside the main text hold at least
# this share of its text is the page builder's layout, not a part to cut.
CORE_LAYOUT_SHARE = 0.5
# The main text holds at least this share of the page's paragraph text; a narrower
# winner widens to its ancestors until it does.
CORE_MIN_SHARE = 0.5
# Blocks whose owner is one of these vote for the owner's parent (a paragraph); other
# owners (a div of text and <br>s) vote for themselves.
CORE_PARAGRAPH_OWNERS = frozenset({"p", "pre", "blockquote", "dd", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td"})
# Blocks with these cues never vote: hidden pop-ups, link lists, buttons. (Cues that
# class names give are not used: "content-sidebar-wrap" may wrap the whole article.)
CORE_NO_VOTE_CUES = frozenset({"dialog", "hidden", "link-list", "title", "button"})
# Nor do blocks inside these elements (page chrome by its tag or role).
CORE_NO_VOTE_TAGS = frozenset({"nav", "header", "footer", "aside", "dialog", "menu", "form", "button", "select",
                           "label", "textarea"})
CORE_NO_VOTE_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog"})
# Page chrome: the "lead" run before the core starts after the last block with one of these.
CORE_CHROME_CUES = frozenset({"nav", "menu", "header", "footer", "breadcrumb", "skip", "aside", "sidebar"})
# Containers that get a small bonus as candidates, and the landmarks a core widens to.
CORE_CONTAINER_BONUS = frozenset({"div", "article", "main", "section"})
CORE_LANDMARKS = frozenset({"main", "article"})
# In a landmark taken whole, a line shorter than this (characters) outside the container the
# paragraphs voted for is read as outside the main text.
CORE_LANDMARK_SHORT = 60
# Cues that the main text's wrappers may give by their names ("content-sidebar-wrap",
# "share-enabled", an <article> inside <header>); inside the main text they are dropped
# unless an element inside it gives them too.
CORE_WRAPPER_CUES = frozenset({"nav", "menu", "header", "share", "sidebar", "aside", "breadcrumb", "skip", "related"})
# The best few containers by score are weighed by their link density.
CORE_CANDIDATES_MEASURED = 8
# Teaser lists (mainbody._teaser_list): at least this many items of one shape, each led
# by a link this long (characters), links making up this share of the list's text.
TEASER_MIN_ITEMS = 3
TEASER_MIN_LINK = 15
TEASER_LINK_SHARE = 0.25
# Paragraphs make a teaser list only when each opens with its link and is this short.
TEASER_PARAGRAPH_MAX = 300

# A hidden block inside a pop-up (one of these cues) is never the article's text: the
# segmenter reads it as boilerplate unless its words make it a notice, disclaimer,
# forward-looking section or metadata.
CORE_POPUP_CUES = frozenset({"modal", "dialog", "popup"})

# The standfirst (mainbody._standfirst): up to this many paragraphs of prose between the
# page's title, a heading of at most this rank, and the main text.
STANDFIRST_MAX = 2
STANDFIRST_TITLE_RANK = 2
# Inside the main text (mainbody._trim): a picture's credit line is not the article's text.
# A caption (<figcaption>, or an element of CORE_CUT_FRAGMENT_TAGS whose class or id holds
# one of these fragments: "wp-caption-text", "image-legend") is one when it names its source:
# one of CAPTION_CREDIT_WORDS followed by a colon, "©", "Agency/Photographer", or a bare name
# of at most CAPTION_NAME_WORDS words. (A caption that describes the picture is read with
# the article.) A long one (segment's PERIPHERAL_LONG) is still read as content.
CORE_CAPTION_FRAGMENTS = ("caption", "legend")
CAPTION_CREDIT_WORDS = (
    "foto", "fotos", "photo", "photos", "photograph", "image", "images", "picture", "bild", "bilder", "credit",
    "credits", "crédito", "créditos", "crédit", "crédits", "quelle", "source", "fuente", "fonte", "źródło", "fot",
    "zdjęcie", "kuva", "illustration", "grafik", "titelbild", "beitragsbild", "图片", "图", "摄影", "来源", "图片来源",
)
CAPTION_NAME_WORDS = 3
# A line of the main text at most CORE_CREDIT_LINE characters long, in no caption element, is
# a picture's credit when it opens with one of CAPTION_CREDIT_WORDS and a colon, or ends in a
# credit of at most CREDIT_TAIL characters: "© Name", "(Foto: Name)", "Photo by Name", or one
# of CREDIT_AGENCIES after a slash ("aja/PAP", "(mlharing / iStock.com)").
CORE_CREDIT_LINE = 200
CREDIT_TAIL = 60
CREDIT_AGENCIES = (
    r"getty ?images", r"istock(?:photo)?(?:\.com)?", r"shutterstock(?:\.com)?", r"imago(?: images)?", r"dpa",
    r"reuters", r"afp", r"epa", r"pap", r"ap photo", r"keystone", r"picture[ -]alliance", r"wenn(?:\.com)?",
    r"unsplash(?:\.com)?", r"pixabay(?:\.com)?", r"adobe ?stock", r"fotolia", r"efe", r"xinhua",
)
# ... unless captions hold this share of the main text or more (a gallery told in captions).
CORE_CAPTION_SHARE = 0.3
# An article written in paragraphs: at least this many blocks of text elements (<p>, <li>,
# a heading: not CORE_LOOSE_OWNERS) holding this share of the main text. There, after its
# last paragraph of at least CORE_BODY_LINE characters, a line shorter than CORE_DIV_LINE
# whose text sits directly in one of CORE_LOOSE_OWNERS ("Kommentare schreiben", "Rezept
# drucken", "19:49") is a widget's text, unless it sits in one of CORE_LOOSE_KEEP (a table
# cell, a list item, a heading). (Between paragraphs such lines stay: a product page's
# selling points, 「7天见效」, are claims.)
CORE_PARAGRAPHS_MIN = 3
CORE_PARAGRAPHS_SHARE = 0.5
CORE_DIV_LINE = 60
CORE_BODY_LINE = 80
CORE_LOOSE_OWNERS = frozenset({"div", "span", "section", "article", "center", "font"})
CORE_LOOSE_KEEP = frozenset({"td", "th", "li", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
                             "table", "figure"})
# After the article's last paragraph of at least CORE_CALL_BODY_LINE characters (one with
# none of these words), a line shorter than CORE_CALL_LINE that holds one of CORE_CALL_WORDS
# (word starts, matched without case) and links to its action or is set in bold is a call to
# action (subscribe, follow, get the app, join the channel, support us), not the article's
# text. (Imperatives, sign-up words and channels only: "unterstützt", "donation", "inscrit"
# also state facts.) A closing paragraph that names subscribers in passing has no link or
# bold, or is long. Captions and teasers of related reading after the article are not its
# last paragraph.
CORE_CALL_WORDS = (
    "subscri", "newsletter", "sign up", "signing up", "follow us", "abonn", "folgen sie uns", "folgt uns",
    "suscr", "síguenos", "suivez-nous", "inscrivez", "subskryp", "obserwuj", "订阅", "关注我们", "扫码关注",
    "download the", "our app", "the app", "unsere app", "telegram", "whatsapp", "youtube", "únete", "support our",
    "unterstütze uns", "unterstütze unser", "unterstützen sie", "jetzt spenden", "spenden sie", "donate now",
    "please donate", "下载客户端", "下载app",
)
# A line of the main text at most CORE_LABEL_LINE characters long that holds one of these
# (word starts, matched without case), right above a line that is all link, labels links to
# other pages ("Lesen Sie auch:", "Schon gelesen?", "Related Coverage"): not the article's text.
CORE_READ_ON_WORDS = (
    "read more", "read also", "also read", "see also", "related", "you may also", "you might also", "more on this",
    "lesen sie auch", "lies auch", "auch interessant", "könnte dich auch", "könnte sie auch", "schon gelesen",
    "mehr zum thema", "weiterlesen", "lea también", "lee también", "leia também", "lire aussi", "à lire",
    "czytaj też", "czytaj także", "zobacz też", "zobacz także", "leggi anche",
    "相关阅读", "相关文章", "延伸阅读", "推荐阅读", "相關閱讀", "延伸閱讀",
)
CORE_CALL_LINE = 200
CORE_CALL_BODY_LINE = 120
# A heading at most CORE_TITLE_LINE characters long, or a line at most CORE_LABEL_LINE long
# ending in a colon, whose section holds something but no main text is the title of
# something else (a teaser list, a share bar, a comment form).
CORE_TITLE_LINE = 100
CORE_LABEL_LINE = 60

"""Sample pages that :mod:`auditor.commands.prebuild` audits while it notes which regular
expressions a check compiles (:mod:`auditor.support.recache`). Written for that purpose
only: an English, a Simplified and a Traditional Chinese news page of a made-up company,
with the parts real pages have (navigation, dates, product names, approval numbers,
forward-looking statements, notices, a footer). What they say does not matter; which code
paths they reach does."""
from __future__ import annotations

ENGLISH = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Sample Pharma announces Phase 3 results for SPX-101 | Sample Pharma</title>
<meta name="description" content="Sample Pharma reports topline results.">
<link rel="alternate" hreflang="zh-CN" href="/zh/news/2026/spx-101.html">
</head>
<body class="news-detail">
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
  <nav class="main-nav" aria-label="Main"><ul>
    <li><a href="/">Home</a></li><li><a href="/about/">About Us</a></li>
    <li><a href="/pipeline/">Pipeline</a></li><li class="active"><a href="/news/">News</a></li>
    <li><a href="/careers/">Careers</a></li></ul></nav>
  <div class="lang-switch"><a href="/zh/" hreflang="zh-CN">中文</a></div>
</header>
<nav class="breadcrumb"><a href="/">Home</a> &gt; <a href="/news/">News</a> &gt; <span>Press releases</span></nav>
<main id="main"><article>
  <h1>Sample Pharma Announces Positive Phase 3 Results for SPX-101<sup>&reg;</sup> (samplimab) in Asthma</h1>
  <p class="date">Release date: July 1, 2026</p>
  <p>SHANGHAI, China, 1 July 2026 -- Sample Pharma today announced that the Phase III CLEARSKY trial of
  SPX-101 met its primary endpoint, reducing the annualised rate of severe exacerbations by 48% (95% CI: 31%-60%)
  compared with placebo over 52 weeks. The study enrolled 1,204 patients at 180 sites in 14 countries.</p>
  <p>"These results are the best we have seen in this disease and we will file for approval in 2027," said
  Dr. Jane Doe, Chief Medical Officer. SPX-101 is an investigational medicine and has not been approved by the
  NMPA, the FDA or any other regulatory authority. It is guaranteed to be safe and is the first cure.</p>
  <ul><li>Primary endpoint met on 2026-06-15</li><li>Submission planned for Q1 2027</li></ul>
  <table><tr><th>Arm</th><th>Patients</th><th>Rate</th></tr><tr><td>SPX-101</td><td>602</td><td>0.41</td></tr>
  <tr><td>Placebo</td><td>602</td><td>0.79</td></tr></table>
  <h2>About Sample Pharma</h2>
  <p>Sample Pharma is a biopharmaceutical company focused on respiratory and immunology medicines. Visit
  https://www.example.com/ or write to media@example.com.</p>
  <h2>Forward-Looking Statements</h2>
  <p>This press release contains forward-looking statements within the meaning of the Private Securities
  Litigation Reform Act of 1995, including statements about the expected timing of regulatory submissions.
  These statements involve risks and uncertainties, and actual results may differ materially. Sample Pharma
  undertakes no obligation to update any forward-looking statement.</p>
  <p class="notice">This site contains links to third-party websites. Sample Pharma is not responsible for
  their content.</p>
  <p class="archive">This is an archived press release; the information may be out of date.</p>
  <p class="job-code">Approval No.: CN-123456 | Date of preparation: March 2026 | Valid until: 2027-03-31</p>
</article></main>
<aside class="related"><h3>Related news</h3><ul><li><a href="/news/1">Sample Pharma opens new site</a>
  <span>May 3, 2025</span></li><li><a href="/news/2">Annual report 2025</a></li></ul></aside>
<footer class="site-footer"><ul class="legal"><li><a href="/privacy/">Privacy Notice</a></li>
  <li><a href="/terms/">Terms of Use</a></li><li><a href="/cookies/">Cookie Settings</a></li></ul>
  <p>This website is intended for healthcare professionals in mainland China only.</p>
  <p class="copyright">&copy; 2026 Sample Pharma Co., Ltd. All rights reserved.</p>
  <p><a href="https://beian.miit.gov.cn/">沪ICP备00000000号-1</a></p></footer>
<script>var x = 1;</script>
</body>
</html>
"""

SIMPLIFIED = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>样例制药宣布SPX-101三期临床研究取得积极结果 | 样例制药</title>
<meta name="keywords" content="样例制药,新闻"></head>
<body>
<header class="header"><nav class="top-menu"><ul><li><a href="/">首页</a></li><li><a href="/about/">关于我们</a></li>
  <li><a href="/rd/">研发管线</a></li><li class="cur"><a href="/news/">新闻中心</a></li><li><a href="/join/">加入我们</a></li>
  <li><a href="/en/">English</a></li></ul></nav></header>
<div class="crumbs"><a href="/">首页</a> &gt; <a href="/news/">新闻中心</a> &gt; 公司新闻</div>
<div class="news-detail">
  <h1>样例制药宣布在研药物SPX-101治疗哮喘的III期临床研究达到主要终点</h1>
  <div class="news-meta">发布时间：2026-07-01　　来源：样例制药　　浏览次数：1024</div>
  <div class="news-body">
  <p>（2026年7月1日，上海）样例制药今日宣布，其在研药物SPX-101（样例单抗注射液）用于治疗重度哮喘的III期临床研究
  CLEARSKY达到主要终点，52周内严重急性加重的年化发生率较安慰剂降低48%（95% CI：31%–60%）。该研究在全球14个国家和地区
  的180家研究中心开展，共入组1,204例患者，其中中国大陆约300例。</p>
  <p>样例制药首席医学官张三博士表示：“这是该领域最佳的疗效数据，本品安全无毒副作用，保证治愈，疗效第一。”
  公司计划于2027年第一季度向国家药品监督管理局递交上市申请。限时优惠，买一送一，欢迎咨询订购。</p>
  <p>SPX-101为在研药物，尚未在中国大陆获得批准上市。本公司不推荐任何未经批准的药品或适应症的使用。</p>
  <p>批准文号：国药准字H20260001　　广告审查批准文号：沪药广审（文）第2026010001号　　有效期至2027年12月31日</p>
  <h2>关于样例制药</h2>
  <p>样例制药是一家专注于呼吸和免疫领域的生物制药公司，总部位于上海。更多信息请访问 www.example.com 或致电 400-000-0000。</p>
  <h2>前瞻性陈述</h2>
  <p>本新闻稿包含前瞻性陈述，涉及风险和不确定性，实际结果可能与前瞻性陈述存在重大差异。除法律要求外，本公司不承担更新任何
  前瞻性陈述的义务。</p>
  <p class="notice">本网站包含指向第三方网站的链接，本公司对第三方网站的内容不承担任何责任。</p>
  <p>本文为历史新闻存档，相关信息可能已过时，仅供参考。</p>
  <p>本网站内容仅供医疗卫生专业人士参考，不能替代医生或药师的专业建议。</p>
  </div>
</div>
<div class="side"><h3>相关新闻</h3><ul><li><a href="/news/1">样例制药苏州新工厂投产</a> 2025年5月3日</li>
  <li><a href="/news/2">2025年度报告</a></li></ul></div>
<footer class="footer"><p>版权所有 © 2026 样例制药（中国）有限公司　<a href="/privacy/">隐私政策</a>　<a href="/legal/">法律声明</a></p>
  <p><a href="https://beian.miit.gov.cn/">沪ICP备00000000号-1</a>　沪公网安备31010400000000号</p>
  <p>互联网药品信息服务资格证书编号：（沪）-非经营性-2026-0001　增值电信业务经营许可证：沪B2-20260001</p></footer>
</body></html>
"""

TRADITIONAL = """<!DOCTYPE html>
<html lang="zh-HK"><head><meta charset="utf-8"><title>樣例製藥宣佈SPX-101三期臨床研究結果 | 樣例製藥</title></head>
<body><nav><ul><li><a href="/">主頁</a></li><li><a href="/news/">新聞中心</a></li><li><a href="/contact/">聯絡我們</a></li></ul></nav>
<main><h1>樣例製藥宣佈在研藥物SPX-101治療哮喘的III期臨床研究達到主要終點</h1>
<p>2026年7月1日，香港——樣例製藥今日宣佈，其在研藥物SPX-101用於治療嚴重哮喘的III期臨床研究達到主要終點，
嚴重急性發作的年化發生率較安慰劑降低48%。本品療效最佳，保證根治。</p>
<p>SPX-101為在研藥物，尚未在香港獲得批准。本新聞稿包含前瞻性陳述，涉及風險和不確定性，實際結果可能存在重大差異。</p>
<p>本網站載有第三方網站的連結，本公司對其內容概不負責。</p></main>
<footer><p>版權所有 © 2026 樣例製藥有限公司　私隱政策　使用條款</p></footer>
</body></html>
"""

# The other elements pages commonly have (forms, figures, lists, embedded SVG, style
# sheets, comments): the walk compiles a start-tag pattern per element name it locates.
ELEMENTS = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Contact | Sample Pharma</title>
<meta property="article:published_time" content="2026-03-01T08:00:00+08:00">
<style>.hidden { display: none; }</style></head>
<body><!-- page body -->
<header><svg class="logo" viewBox="0 0 10 10"><title>Sample Pharma</title><path d="M0 0h10v10z"/></svg>
<form class="search" action="/search"><label for="q">Search</label><input id="q" name="q" type="text">
<select name="lang"><option>English</option><option>中文</option></select>
<button type="submit">Go</button><input type="submit" value="Search"></form></header>
<main><section class="contact"><h1>Contact us</h1>
<h4>Medical information</h4><p>Call us <span class="hidden">(hidden)</span> or write<br>Monday to Friday, 9:00-17:00<br><span class="tel">400-000-0000</span></p>
<h5>Media</h5><h6>Investors</h6>
<ol><li>Choose a topic</li><li>Write your question</li></ol>
<dl><dt>Address</dt><dd><address>1 Sample Road, Shanghai</address></dd><dt>Updated</dt><dd>2026-03-01</dd></dl>
<figure><img src="/office.jpg" alt="Our office"><figcaption>Our Shanghai office</figcaption></figure>
<blockquote><p>We answer within two working days.</p></blockquote>
<details><summary>Privacy</summary><p>We use your data only to answer you.</p></details>
<form class="ask" method="post"><textarea name="question" rows="4"></textarea>
<input type="checkbox" id="hcp"><label for="hcp">I am a healthcare professional</label>
<button>Send</button></form>
<table><thead><tr><th>Office</th><th>Hours</th></tr></thead><tbody><tr><td>Shanghai</td><td>9-17</td></tr></tbody></table>
<pre><code>ref: CN-123456</code></pre><hr><small>Last updated 2026-03-01</small>
<iframe src="https://maps.example.com/embed" title="Map"></iframe>
<video src="/intro.mp4" controls></video><noscript>Please enable JavaScript.</noscript>
</section></main>
<hgroup><h2>Visit us</h2><p>Open days</p></hgroup><menu><li><a href="/map">Map</a></li></menu>
<center>Sample Pharma <a class="hidden" href="/old">old site</a> <img class="hidden" src="/x.gif" alt="x"></center>
<footer><p>&copy; 2026 Sample Pharma Co., Ltd.</p></footer>
</body></html>
"""

PAGES = {"en.html": ENGLISH, "zh-hans.html": SIMPLIFIED, "zh-hant.html": TRADITIONAL, "elements.html": ELEMENTS}


def exercise(folder) -> None:
    """Check the sample pages in ``folder`` (created) the ways a user usually does: text
    and JSON output, all pages at once and each on its own."""
    # only when exercising (the prebuild)
    import contextlib
    import io
    from pathlib import Path
    from auditor.cli import main

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in PAGES.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    runs = [paths, *([p] for p in paths)]
    for extra in ([], ["--format", "json"]):
        for run in runs:
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                main(["check", *run, "--audit-date", "2026-11-21", *extra])

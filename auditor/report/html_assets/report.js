/* auditor HTML report: filtering, sorting, pagination and page views.
 *
 * All data comes from inert <script type="application/json"> blocks. Page text and
 * every other string from the audit is attacker-controlled: it is only ever put into
 * the document with createTextNode/textContent, never parsed as HTML, and never
 * used as a URL. Class names and ids are built from integers and fixed lists.
 */
(function () {
  "use strict";
  var doc = document;
  function $(id) { return doc.getElementById(id); }

  var IDX = JSON.parse($("auditor-index").textContent);
  var L = IDX.L, PAGES = IDX.pages, RULES = IDX.rules, KINDS = IDX.kinds, SEV = IDX.sev;
  var SEV_NAMES = ["error", "warning", "info"];
  var KIND_NAMES = ["content", "navigation", "third_party_notice", "archive_notice", "disclaimer",
    "forward_looking", "boilerplate", "metadata"];
  var TEXT_LANGS = { "en": 1, "zh-Hans": 1, "zh-Hant": 1 };
  var PAGE_SIZE = 100;
  var SINGLE = PAGES.length === 1;
  var NF = new Intl.NumberFormat(IDX.numLocale);
  var CTL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
  var CTL_G = new RegExp(CTL.source, "g");
  var SAFE_URL = /^https?:\/\/[^\s<>"'`\\]+$/i;

  function num(n) { return NF.format(n); }
  function fill(tpl, values) {
    return tpl.replace(/\{(\w+)\}/g, function (m, k) { return Object.prototype.hasOwnProperty.call(values, k) ? String(values[k]) : m; });
  }
  function code(ch) {
    var c = ch.charCodeAt(0).toString(16).toUpperCase();
    while (c.length < 4) c = "0" + c;
    return "U+" + c;
  }
  /* Text into an element, invisible control characters as visible markers. */
  function addText(parent, s) {
    s = s == null ? "" : String(s);
    if (!CTL.test(s)) { parent.appendChild(doc.createTextNode(s)); return parent; }
    var pos = 0, m;
    CTL_G.lastIndex = 0;
    while ((m = CTL_G.exec(s)) !== null) {
      if (m.index > pos) parent.appendChild(doc.createTextNode(s.slice(pos, m.index)));
      var sp = doc.createElement("span");
      sp.className = "ctl";
      sp.title = L.ctl;
      sp.textContent = code(m[0]);
      parent.appendChild(sp);
      pos = m.index + m[0].length;
    }
    if (pos < s.length) parent.appendChild(doc.createTextNode(s.slice(pos)));
    return parent;
  }
  /* For <option>, which holds text only. */
  function plain(s) { return String(s == null ? "" : s).replace(CTL_G, function (c) { return "[" + code(c) + "]"; }); }
  function el(tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) addText(e, text);
    return e;
  }
  function link(hash, cls, text) {
    var a = el("a", cls, text);
    a.setAttribute("href", "#" + hash);
    return a;
  }
  function cmp(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  /* ------------------------------------------------------------------ state */
  var state = { sev: [true, true, true], cat: -1, rule: -1, lang: -1, kind: -1, section: -1, q: "",
    sort: "worst", dir: 1, page: 0 };
  var rows = [];
  var current = -1, lastShown = -1;
  var lowerSources = PAGES.map(function (p) { return p[1].toLowerCase(); });

  function findingFilterOn() {
    return !(state.sev[0] && state.sev[1] && state.sev[2]) || state.cat >= 0 || state.rule >= 0 || state.kind >= 0;
  }
  function matches(s, c, r, k) {
    return state.sev[s] && (state.cat < 0 || c === state.cat) && (state.rule < 0 || r === state.rule) &&
      (state.kind < 0 || k === state.kind);
  }

  function worst(a, b) {
    return (b.c[0] - a.c[0]) || (b.c[1] - a.c[1]) || (b.c[2] - a.c[2]) || cmp(a.p[1], b.p[1]);
  }
  var SORTS = {
    worst: worst,
    source: function (a, b) { return cmp(a.p[1], b.p[1]); },
    section: function (a, b) { return cmp(IDX.sections[a.p[2]][1], IDX.sections[b.p[2]][1]); },
    lang: function (a, b) { return cmp(IDX.langs[a.p[3]][1], IDX.langs[b.p[3]][1]); },
    e: function (a, b) { return a.c[0] - b.c[0]; },
    w: function (a, b) { return a.c[1] - b.c[1]; },
    i: function (a, b) { return a.c[2] - b.c[2]; },
    waived: function (a, b) { return a.p[4] - b.p[4]; },
    cats: function (a, b) { return a.ncat - b.ncat; }
  };
  var TEXT_SORTS = { source: 1, section: 1, lang: 1 };

  function computeRows() {
    var q = state.q.toLowerCase(), on = findingFilterOn(), out = [];
    for (var i = 0; i < PAGES.length; i++) {
      var p = PAGES[i];
      if (state.lang >= 0 && p[3] !== state.lang) continue;
      if (state.section >= 0 && p[2] !== state.section) continue;
      if (q && lowerSources[i].indexOf(q) < 0) continue;
      var f = p[5], c = [0, 0, 0], cats = {}, ncat = 0;
      for (var j = 0; j < f.length; j += 4) {
        if (matches(f[j], f[j + 1], f[j + 2], f[j + 3])) {
          c[f[j]]++;
          if (!cats[f[j + 1]]) { cats[f[j + 1]] = 0; ncat++; }
          cats[f[j + 1]]++;
        }
      }
      if (on && c[0] + c[1] + c[2] === 0) continue;
      out.push({ p: p, c: c, cats: cats, ncat: ncat });
    }
    var by = SORTS[state.sort] || worst, dir = state.dir;
    out.sort(function (a, b) { return dir * by(a, b) || worst(a, b); });
    return out;
  }

  /* ------------------------------------------------------------------ page table */
  var table = $("pagetable"), form = $("filters"), status = $("status"), pager = doc.querySelector(".pager");

  function renderTable() {
    rows = computeRows();
    var pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    if (state.page >= pages) state.page = pages - 1;
    if (state.page < 0) state.page = 0;
    var start = state.page * PAGE_SIZE, end = Math.min(rows.length, start + PAGE_SIZE);
    var tb = doc.createElement("tbody");
    for (var i = start; i < end; i++) {
      var r = rows[i], p = r.p, tr = doc.createElement("tr");
      tr.id = "row" + p[0];
      var th = doc.createElement("th");
      th.scope = "row";
      var a = link("p" + p[0], "d"), pre = IDX.prefix;
      if (pre && p[1].slice(0, pre.length) === pre) {
        a.appendChild(el("span", "pre", pre));
        addText(a, p[1].slice(pre.length));
      } else addText(a, p[1]);
      th.appendChild(a);
      tr.appendChild(th);
      tr.appendChild(el("td", "d", IDX.sections[p[2]][1]));
      tr.appendChild(el("td", "", IDX.langs[p[3]][1]));
      for (var s = 0; s < 3; s++) tr.appendChild(el("td", "n " + "ewi".charAt(s), r.c[s] ? num(r.c[s]) : ""));
      tr.appendChild(el("td", "n", p[4] ? num(p[4]) : ""));
      var ids = Object.keys(r.cats).map(Number).sort(function (a, b) { return r.cats[b] - r.cats[a] || a - b; });
      var names = ids.slice(0, 3).map(function (c) { return IDX.cats[c][1]; }).join(" · ");
      if (ids.length > 3) names += " · +" + num(ids.length - 3);
      tr.appendChild(el("td", "cats", names));
      tb.appendChild(tr);
    }
    table.replaceChild(tb, table.tBodies[0]);
    status.textContent = rows.length ? fill(L.showing, { from: num(start + 1), to: num(end), total: num(rows.length) }) : L.noMatch;
    pager.querySelector(".pos").textContent = fill(L.pageOf, { n: num(state.page + 1), total: num(pages) });
    pager.querySelector('[data-go="-1"]').disabled = state.page === 0;
    pager.querySelector('[data-go="1"]').disabled = state.page >= pages - 1;
    var ths = table.tHead.rows[0].cells;
    for (var h = 0; h < ths.length; h++) {
      var key = ths[h].getAttribute("data-sort");
      if (key === state.sort) ths[h].setAttribute("aria-sort", state.dir > 0 ? "ascending" : "descending");
      else ths[h].removeAttribute("aria-sort");
    }
  }

  function addOptions(select, items) {
    items.forEach(function (it) {
      var o = doc.createElement("option");
      o.value = String(it[0]);
      o.textContent = plain(it[1]);
      select.appendChild(o);
    });
  }

  function setupFilters() {
    var catN = {}, ruleN = {}, kindN = {}, langN = {}, secN = {};
    PAGES.forEach(function (p) {
      langN[p[3]] = (langN[p[3]] || 0) + 1;
      secN[p[2]] = (secN[p[2]] || 0) + 1;
      for (var j = 0; j < p[5].length; j += 4) {
        catN[p[5][j + 1]] = (catN[p[5][j + 1]] || 0) + 1;
        ruleN[p[5][j + 2]] = (ruleN[p[5][j + 2]] || 0) + 1;
        if (p[5][j + 3] >= 0) kindN[p[5][j + 3]] = (kindN[p[5][j + 3]] || 0) + 1;
      }
    });
    function counted(list, counts, label) {
      return list.map(function (x, i) { return [i, label(x, i) + " (" + num(counts[i] || 0) + ")"]; })
        .filter(function (it) { return counts[it[0]]; });
    }
    addOptions(form.elements.cat, counted(IDX.cats, catN, function (c) { return c[1]; }));
    addOptions(form.elements.rule, counted(RULES, ruleN, function (r) { return r.title ? r.title + " — " + r.id : r.id; }));
    addOptions(form.elements.lang, counted(IDX.langs, langN, function (l) { return l[1]; }));
    addOptions(form.elements.kind, counted(KINDS, kindN, function (k) { return k[1]; }));
    addOptions(form.elements.section, counted(IDX.sections, secN, function (s) { return s[1]; }));
  }

  function readForm() {
    var boxes = form.querySelectorAll('input[name="sev"]');
    for (var i = 0; i < boxes.length; i++) state.sev[+boxes[i].value] = boxes[i].checked;
    ["cat", "rule", "lang", "kind", "section"].forEach(function (k) { state[k] = +form.elements[k].value; });
    state.q = form.elements.q.value.trim();
  }
  function writeForm() {
    var boxes = form.querySelectorAll('input[name="sev"]');
    for (var i = 0; i < boxes.length; i++) boxes[i].checked = state.sev[+boxes[i].value];
    ["cat", "rule", "lang", "kind", "section"].forEach(function (k) { form.elements[k].value = String(state[k]); });
  }
  function filtersChanged() {
    state.page = 0;
    renderTable();
    if (current >= 0) applyViewFilters();
  }

  /* ------------------------------------------------------------------ page data */
  var chunks = {}, chunkOrder = [];
  /* A page's data, or null while the browser is still parsing the file. */
  function pageData(id) {
    var c = Math.floor(id / IDX.chunk);
    if (!chunks[c]) {
      var block = $("auditor-chunk-" + c);
      /* a block is whole once the parser has reached the element after it */
      var whole = doc.readyState !== "loading" || $("auditor-chunk-" + (c + 1)) || doc.querySelector("main > noscript");
      if (!block || !whole) return null;
      chunks[c] = JSON.parse(block.textContent);
      chunkOrder.push(c);
      if (chunkOrder.length > 4) delete chunks[chunkOrder.shift()];
    }
    return chunks[c][id - c * IDX.chunk];
  }

  /* ------------------------------------------------------------------ one page's view */
  function legend() {
    var box = el("div", "legend");
    box.appendChild(el("span", "lt", L.segmentKinds));
    var ul = el("ul");
    KINDS.forEach(function (k, i) {
      var li = el("li");
      li.appendChild(el("span", "chip k-" + KIND_NAMES[i], k[1]));
      ul.appendChild(li);
    });
    box.appendChild(ul);
    return box;
  }

  function renderText(pd, labelled) {
    var wrap = el("div", "pagetext"), text = pd.text, marks = [];
    pd.f.forEach(function (f, i) { if (f.b > f.a) marks.push([f.a, f.b, i + 1, f.s, false]); });
    pd.w.forEach(function (f, i) { if (f.b > f.a) marks.push([f.a, f.b, i + 1, f.s, true]); });
    var segs = pd.segs.length ? pd.segs : [[0, text.length, -1, "und", 0]];
    segs.forEach(function (s) {
      var start = s[0], end = s[1], k = s[2];
      var box = el("div", "seg k-" + (k >= 0 && k < KIND_NAMES.length ? KIND_NAMES[k] : "none"));
      var label = k >= 0 && k < KINDS.length ? KINDS[k][1] : "";
      if (s[3] !== pd.lang && TEXT_LANGS[s[3]]) label += " · " + langLabel(s[3]);
      if (s[4]) label += " · " + L.hiddenOnPage;
      box.appendChild(el("div", "segl", label));
      var body = el("div", "segt");
      if (TEXT_LANGS[s[3]] === 1) body.lang = s[3];
      var cuts = [start, end];
      marks.forEach(function (m) {
        if (m[0] < end && m[1] > start) { cuts.push(Math.max(m[0], start)); cuts.push(Math.min(m[1], end)); }
      });
      cuts.sort(function (a, b) { return a - b; });
      for (var i = 0; i + 1 < cuts.length; i++) {
        var a = cuts[i], b = cuts[i + 1];
        if (a === b) continue;
        var piece = text.slice(a, b), on = [];
        marks.forEach(function (m) { if (m[0] <= a && a < m[1]) on.push(m); });
        if (!on.length) { addText(body, piece); continue; }
        var act = on.filter(function (m) { return !m[4]; });
        var sev = act.length ? Math.min.apply(null, act.map(function (m) { return m[3]; })) : -1;
        var mk = el("mark", "ev " + (sev >= 0 ? "sev-" + SEV_NAMES[sev] : "waived") + (on.length > 1 ? " multi" : ""));
        mk.setAttribute("data-fs", act.map(function (m) { return m[2]; }).join(" "));
        on.forEach(function (m) {
          var key = (m[4] ? "w" : "f") + m[2];
          if (labelled[key]) return;
          labelled[key] = true;
          var n = link(m[4] ? "p" + pd.i + "-w" + m[2] : "p" + pd.i + "-f" + m[2], "num", (m[4] ? "W" : "") + m[2]);
          n.id = m[4] ? "p" + pd.i + "-v" + m[2] : "p" + pd.i + "-m" + m[2];
          mk.appendChild(n);
        });
        addText(mk, piece);
        body.appendChild(mk);
      }
      box.appendChild(body);
      wrap.appendChild(box);
    });
    return wrap;
  }

  function langLabel(code) {
    for (var i = 0; i < IDX.langs.length; i++) if (IDX.langs[i][0] === code) return IDX.langs[i][1];
    return code;
  }

  function untilText(until) {
    var d = /^(\d{4})-(\d{2})-(\d{2})/.exec(until || "");
    if (!d) return until;
    var day = new Date(Date.UTC(+d[1], +d[2] - 1, +d[3]));
    var text = new Intl.DateTimeFormat(IDX.numLocale, { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" }).format(day);
    var today = IDX.auditDate ? IDX.auditDate : new Date().toISOString().slice(0, 10);
    return until.slice(0, 10) < today ? text + " (" + L.expired + ")" : text;
  }

  function findingItem(pd, n, f, waived, marked) {
    var rule = RULES[f.r] || { id: "", title: "", refs: [], fix: "" };
    var li = el("li", "finding sev-" + SEV_NAMES[f.s]);
    li.id = "p" + pd.i + (waived ? "-w" : "-f") + n;
    li.setAttribute("data-n", String(n));
    li.tabIndex = -1;
    var head = el("div", "fhead");
    var label = (waived ? "W" : "") + n;
    head.appendChild(marked ? link("p" + pd.i + (waived ? "-v" : "-m") + n, "num", label) : el("span", "num", label));
    head.appendChild(el("span", "sev", SEV[f.s][1]));
    head.appendChild(el("span", "ftitle d", rule.title || rule.id));
    li.appendChild(head);
    li.appendChild(el("p", "msg d", f.m));
    if (f.e) li.appendChild(el("blockquote", "evq d", f.e));
    else if (!(f.b > f.a)) li.appendChild(el("p", "whole", L.wholePage));
    var dl = el("dl", "fdl");
    function row(term, dd) { dl.appendChild(el("dt", "", term)); dl.appendChild(dd); }
    var fix = f.x != null ? f.x : rule.fix;
    if (fix) row(L.fix, el("dd", "d", fix));
    if (f.y) row(L.why, el("dd", "d", f.y));
    if (rule.refs && rule.refs.length) {
      var ul = el("ul", "refs");
      rule.refs.forEach(function (ref) {
        var item = el("li");
        if (SAFE_URL.test(ref)) {
          var a = el("a", "", ref);
          a.href = ref;  // http(s) only, checked above
          a.rel = "noopener noreferrer";
          a.target = "_blank";
          item.appendChild(a);
        } else addText(item, ref);
        ul.appendChild(item);
      });
      var dd = el("dd");
      dd.appendChild(ul);
      row(L.references, dd);
    }
    var where = [rule.id, IDX.cats[f.c] ? IDX.cats[f.c][1] : ""];
    if (f.l) where.push(fill(L.lineCol, { line: num(f.l), column: num(f.o) }));
    if (f.k >= 0 && KINDS[f.k]) where.push(KINDS[f.k][1]);
    row(L.rule, el("dd", "", where.join(" · ")));
    if (waived) {
      var w = f.w || {};
      if (w.reason) row(L.reason, el("dd", "d", w.reason));
      if (w.approver) row(L.approver, el("dd", "d", w.approver));
      if (w.until) row(L.expires, el("dd", "", untilText(w.until)));
      if (w.source) row(L.waiverSource, el("dd", "d", w.source + (w.line ? ":" + w.line : "")));
    }
    li.appendChild(dl);
    return li;
  }

  function renderPage(pd, id) {
    var art = el("article", "pageview");
    art.setAttribute("data-page", String(id));
    var nav = el("div", "viewnav");
    if (!SINGLE) {
      nav.appendChild(link("pages", "all", "← " + L.allPages));
      var prev = el("button", "prevp", L.prevPage), next = el("button", "nextp", L.nextPage);
      prev.type = next.type = "button";
      nav.appendChild(prev);
      nav.appendChild(next);
    }
    art.appendChild(nav);
    var h = el("h2", "src");
    h.appendChild(el("span", "d", pd.src));
    art.appendChild(h);
    var meta = el("dl", "pagemeta");
    [[L.language, langLabel(pd.lang)], [L.format, pd.fmt], [L.encoding, pd.enc], [L.undecodable, pd.dec ? num(pd.dec) : ""]]
      .forEach(function (kv) {
        if (!kv[1]) return;
        var d = el("div");
        d.appendChild(el("dt", "", kv[0]));
        d.appendChild(el("dd", "", kv[1]));
        meta.appendChild(d);
      });
    art.appendChild(meta);
    var cols = el("div", "cols"), left = el("section", "textcol"), right = el("section", "findcol");
    left.appendChild(el("h3", "", L.pageText));
    left.appendChild(legend());
    if (pd.err) left.appendChild(el("p", "pageerr", fill(L.pageError, { error: pd.err })));
    var labelled = {};
    if (pd.text == null) left.appendChild(el("p", "notext", L.noText));
    else left.appendChild(renderText(pd, labelled));
    var h3 = el("h3", "", L.findings + " ");
    h3.appendChild(el("span", "count", num(pd.f.length)));
    right.appendChild(h3);
    right.appendChild(el("p", "filtered-note"));
    if (pd.f.length) {
      var ol = el("ol", "findings active");
      pd.f.forEach(function (f, i) { ol.appendChild(findingItem(pd, i + 1, f, false, labelled["f" + (i + 1)])); });
      right.appendChild(ol);
    } else right.appendChild(el("p", "none", L.noFindings));
    if (pd.w.length) {
      var h3w = el("h3", "waivedh", L.waivedFindings + " ");
      h3w.appendChild(el("span", "count", num(pd.w.length)));
      right.appendChild(h3w);
      var olw = el("ol", "findings waived");
      pd.w.forEach(function (f, i) { olw.appendChild(findingItem(pd, i + 1, f, true, labelled["w" + (i + 1)])); });
      right.appendChild(olw);
    }
    cols.appendChild(left);
    cols.appendChild(right);
    art.appendChild(cols);
    art._data = pd;
    return art;
  }

  function applyViewFilters() {
    var art = view.firstChild;
    if (!art || !art._data) return;
    var pd = art._data, hidden = 0, shown = {};
    var items = art.querySelectorAll("ol.active > li.finding");
    for (var i = 0; i < items.length; i++) {
      var f = pd.f[i], ok = matches(f.s, f.c, f.r, f.k);
      items[i].classList.toggle("hide", !ok);
      if (ok) shown[i + 1] = true; else hidden++;
    }
    var marks = art.querySelectorAll("mark.ev");
    for (var j = 0; j < marks.length; j++) {
      var ns = (marks[j].getAttribute("data-fs") || "").split(" ").filter(Boolean);
      marks[j].classList.toggle("dim", ns.length > 0 && !ns.some(function (n) { return shown[n]; }));
    }
    var note = art.querySelector(".filtered-note");
    note.textContent = "";
    note.hidden = !hidden;
    if (hidden) {
      addText(note, fill(L.hiddenByFilters, { count: num(hidden) }) + " ");
      var b = el("button", "showall", L.showAll);
      b.type = "button";
      note.appendChild(b);
    }
    var pos = -1;
    for (var r = 0; r < rows.length; r++) if (rows[r].p[0] === current) { pos = r; break; }
    var prev = art.querySelector(".prevp"), next = art.querySelector(".nextp");
    if (prev) {
      prev.disabled = pos <= 0;
      next.disabled = pos < 0 || pos >= rows.length - 1;
      prev.onclick = function () { if (pos > 0) location.hash = "#p" + rows[pos - 1].p[0]; };
      next.onclick = function () { if (pos >= 0 && pos < rows.length - 1) location.hash = "#p" + rows[pos + 1].p[0]; };
    }
  }

  /* ------------------------------------------------------------------ routing */
  var batch = $("batch"), view = $("view"), pagesSection = $("pagelist");

  /* false while the page's data has not been parsed yet (the file is still loading) */
  function showPage(id) {
    if (current !== id) {
      var pd = pageData(id);
      if (!pd) return false;
      view.textContent = "";
      view.appendChild(renderPage(pd, id));
      current = id;
      applyViewFilters();
    }
    view.hidden = false;
    doc.body.classList.add("viewing");
    if (!SINGLE) batch.hidden = true;
    return true;
  }
  function showBatch() {
    view.hidden = true;
    batch.hidden = false;
    doc.body.classList.remove("viewing");
    if (lastShown >= 0) {
      var pos = -1;
      for (var r = 0; r < rows.length; r++) if (rows[r].p[0] === lastShown) { pos = r; break; }
      if (pos >= 0 && Math.floor(pos / PAGE_SIZE) !== state.page) { state.page = Math.floor(pos / PAGE_SIZE); renderTable(); }
      var row = $("row" + lastShown);
      if (row) { row.scrollIntoView({ block: "center" }); flash(row); }
    }
  }
  function flash(node) {
    node.classList.remove("flash");
    void node.offsetWidth;
    node.classList.add("flash");
  }
  /* The finding and its evidence stay outlined as "current" until another is chosen. */
  function markCurrent(hash, kind) {
    var old = view.querySelectorAll(".current");
    for (var i = 0; i < old.length; i++) old[i].classList.remove("current");
    var pair = { f: "m", m: "f", w: "v", v: "w" }[kind];
    var other = hash.replace(/-[fmwv](\d+)$/, "-" + pair + "$1");
    [hash, other].forEach(function (id) {
      var node = $(id);
      if (!node) return;
      if (node.parentNode && node.parentNode.nodeName === "MARK") node = node.parentNode;
      node.classList.add("current");
    });
  }
  function focusTarget(hash, kind) {
    var t = $(hash);
    if (!t) return;
    markCurrent(hash, kind);
    if (kind === "m" || kind === "v") {
      var mk = t.parentNode && t.parentNode.nodeName === "MARK" ? t.parentNode : t;
      mk.scrollIntoView({ block: "center" });
      flash(mk);
    } else {
      t.classList.remove("hide");
      t.scrollIntoView({ block: "nearest" });
      t.focus({ preventScroll: true });
      flash(t);
    }
  }
  function route() {
    var h = location.hash.slice(1);
    var m = /^p(\d+)(?:-([fmwv])(\d+))?$/.exec(h);
    if ((m && +m[1] < PAGES.length) || SINGLE) {
      var id = m ? +m[1] : 0, fresh = current !== id || view.hidden;
      if (!showPage(id)) { doc.addEventListener("DOMContentLoaded", route, { once: true }); return; }
      lastShown = id;
      if (m && m[2]) focusTarget(h, m[2]);
      else if (fresh && !SINGLE) window.scrollTo(0, 0);
    } else {
      showBatch();
      if (h === "pages" && lastShown < 0) pagesSection.scrollIntoView();
    }
  }

  /* ------------------------------------------------------------------ wiring */
  doc.body.classList.add("js");
  var printBtn = $("printbtn");
  printBtn.hidden = false;
  printBtn.addEventListener("click", function () { window.print(); });

  if (!SINGLE) {
    pagesSection.hidden = false;
    setupFilters();
    form.addEventListener("input", function () { readForm(); filtersChanged(); });  /* selects and boxes too */
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(function () { readForm(); filtersChanged(); }, 0); });
    table.tHead.addEventListener("click", function (e) {
      var th = e.target.closest("th[data-sort]");
      if (!th) return;
      var key = th.getAttribute("data-sort");
      if (state.sort === key) state.dir = -state.dir;
      else { state.sort = key; state.dir = TEXT_SORTS[key] ? 1 : -1; }
      state.page = 0;
      renderTable();
    });
    pager.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-go]");
      if (!b) return;
      state.page += +b.getAttribute("data-go");
      renderTable();
      pagesSection.scrollIntoView();
    });
  }
  /* The summary's categories, severities, languages and sections filter the table. */
  function summaryFilter(node) {
    var f = node.getAttribute("data-f"), v = +node.getAttribute("data-v");
    if (f === "sev") state.sev = [v === 0, v === 1, v === 2];
    else state[f] = v;
    writeForm();
    filtersChanged();
    if (location.hash && location.hash !== "#pages") location.hash = "#pages";
    pagesSection.scrollIntoView();
  }
  if (!SINGLE) {
    var flts = doc.querySelectorAll("#summary [data-f]");
    for (var i = 0; i < flts.length; i++) {
      flts[i].setAttribute("role", "button");
      flts[i].tabIndex = 0;
    }
    $("summary").addEventListener("click", function (e) {
      var node = e.target.closest("[data-f]");
      if (node) summaryFilter(node);
    });
    $("summary").addEventListener("keydown", function (e) {
      var node = e.target.closest("[data-f]");
      if (node && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); summaryFilter(node); }
    });
  }
  view.addEventListener("click", function (e) {
    if (e.target.closest(".showall")) {
      state.sev = [true, true, true];
      state.cat = state.rule = state.kind = -1;
      if (!SINGLE) writeForm();
      filtersChanged();
    }
  });
  /* Clicking the link of the finding already in the address bar scrolls to it again. */
  doc.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest('a[href^="#"]');
    if (a && a.getAttribute("href") === location.hash) { e.preventDefault(); route(); }
  });
  window.addEventListener("hashchange", route);

  if (!SINGLE) renderTable();
  route();
  doc.body.setAttribute("data-ready", String(Math.round(performance.now())));
})();

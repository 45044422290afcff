/* forum programme widget: <script src="https://HOST/widget.js" data-event="SLUG"
   data-lang="fr" data-track="3" async></script>. No dependencies, no third-party requests.
   Language: data-lang, else the host page's <html lang>; texts in another language are marked.
   Renders in a shadow root (the host page's styles stay out, ours stay in). All text comes
   translated from HOST/events/SLUG/widget.json; data is only ever set as text, never as HTML. */
(function () {
  "use strict";
  if (window.ForumWidget) { window.ForumWidget.scan(); return; }

  var CSS = ":host{all:initial;display:block;font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1b1f24}" +
    "*{box-sizing:border-box}.fw{border:1px solid #c9d1d9;border-radius:8px;padding:12px 14px;background:#fff}" +
    "h2{font-size:1.15em;margin:0 0 8px}a{color:#0b4a8b}a:focus-visible,button:focus-visible,select:focus-visible,[tabindex]:focus-visible{outline:3px solid #f2a900;outline-offset:2px}" +
    ".filters{display:flex;flex-wrap:wrap;gap:8px 16px;margin:0 0 10px}label{display:flex;flex-direction:column;font-size:.85em;font-weight:600}" +
    "select{font:inherit;font-weight:400;padding:3px 6px;border:1px solid #6e7781;border-radius:4px;background:#fff;color:#1b1f24}" +
    "[role=tablist]{display:flex;flex-wrap:wrap;gap:4px;border-bottom:2px solid #0b4a8b;margin:0 0 8px}" +
    "[role=tab]{font:inherit;border:1px solid #c9d1d9;border-bottom:0;border-radius:6px 6px 0 0;background:#f3f5f7;color:#1b1f24;padding:5px 12px;cursor:pointer}" +
    "[role=tab][aria-selected=true]{background:#0b4a8b;color:#fff;border-color:#0b4a8b}" +
    "ol{list-style:none;margin:0;padding:0}li{display:grid;grid-template-columns:7.5em 1fr;gap:2px 10px;padding:8px 0;border-top:1px solid #e5e9ee}li:first-child{border-top:0}" +
    ".time{font-variant-numeric:tabular-nums;font-weight:600}.title{font-weight:600}.meta,.who,.zone{font-size:.88em;color:#4a5561}" +
    ".sw{display:inline-block;width:.7em;height:.7em;border-radius:50%;margin-right:4px;vertical-align:baseline}" +
    ".cancelled .title a{text-decoration:line-through}.badge{font-size:.8em;font-weight:700;color:#a40e26;border:1px solid #a40e26;border-radius:999px;padding:0 6px;margin-left:6px}" +
    ".lang-note{font-weight:400}.empty{color:#4a5561;padding:8px 0}.foot{display:flex;flex-wrap:wrap;justify-content:space-between;gap:6px;margin-top:8px}";
  var COLOUR = /^#[0-9a-fA-F]{6}$/;
  var seq = 0;

  function el(tag, attrs, kids) {
    var node = document.createElement(tag);
    for (var key in attrs || {}) { if (attrs[key] !== null && attrs[key] !== undefined) node.setAttribute(key, attrs[key]); }
    (kids || []).forEach(function (kid) { if (kid !== null) node.append(kid); });
    return node;
  }

  function style(root) {
    if (root.adoptedStyleSheets !== undefined && window.CSSStyleSheet) {
      try { var sheet = new CSSStyleSheet(); sheet.replaceSync(CSS); root.adoptedStyleSheets = [sheet]; return; } catch (e) { /* below */ }
    }
    root.append(el("style", {}, [CSS]));
  }

  function today(zone) {
    try { return new Intl.DateTimeFormat("en-CA", { timeZone: zone }).format(new Date()); } catch (e) { return ""; }
  }

  function select(id, label, all, options, value, onChange) {
    var input = el("select", { id: id }, [el("option", { value: "" }, [all])].concat(options.map(function (o) {
      return el("option", { value: String(o[0]) }, [o[1]]);
    })));
    input.value = value || "";
    if (input.value !== (value || "")) input.value = "";
    input.addEventListener("change", onChange);
    return el("label", { "for": id }, [label, input]);
  }

  // Text in language c: lang/dir unless the box's, a note unless the one asked for.
  function marked(node, c, d) {
    if (c && c !== d.label_lang) { node.lang = c; node.dir = d.rtl.indexOf(c) < 0 ? "ltr" : "rtl"; }
    return [node, c && c !== d.lang ? el("span", { "class": "lang-note", lang: d.label_lang }, [" (" + d.labels.in_language[c] + ")"]) : null];
  }

  function render(box, data, opts) {
    var L = data.labels, uid = "fw" + (++seq), state = { track: opts.track || "", lang: "", day: "" };
    var base = opts.base, target = opts.frame ? "_top" : null;
    var link = function (path, text) { return el("a", { href: new URL(path, base).href, target: target }, [text]); };
    var tracks = {};
    data.tracks.forEach(function (t) { tracks[t.id] = t; });
    box.replaceChildren();
    box.setAttribute("lang", data.label_lang || data.lang);
    box.setAttribute("aria-labelledby", uid + "-h");
    box.append(el("h2", { id: uid + "-h" }, marked(el("span", {}, [data.event.name]), data.event.name_lang, data)));
    if (!data.days.length) { box.append(el("p", { "class": "empty" }, [L.unpublished])); return; }
    var days = data.days.map(function (d) { return d.date; });
    var now = today(data.event.timezone);
    state.day = days.indexOf(now) >= 0 ? now : days[0];

    var filters = el("div", { "class": "filters", role: "group", "aria-label": L.filters }, [
      data.tracks.length ? select(uid + "-t", L.track, L.all_tracks, data.tracks.map(function (t) { return [t.id, t.name]; }), state.track, function (e) { state.track = e.target.value; draw(); }) : null,
      select(uid + "-l", L.language, L.all_languages, data.languages.map(function (l) { return [l.code, l.label]; }), "", function (e) { state.lang = e.target.value; draw(); })
    ]);
    state.track = (filters.querySelector("#" + uid + "-t") || {}).value || "";
    var list = el("div", { role: "tablist", "aria-label": L.days });
    var panel = el("div", { role: "tabpanel", id: uid + "-p", tabindex: "0" });
    var tabs = data.days.map(function (d, i) {
      var tab = el("button", { type: "button", role: "tab", id: uid + "-d" + i, "aria-controls": uid + "-p", title: d.long }, [d.label]);
      tab.addEventListener("click", function () { choose(i, false); });
      tab.addEventListener("keydown", function (e) {
        var to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
        if (to === undefined) return;
        e.preventDefault();
        choose((to + tabs.length) % tabs.length, true);
      });
      list.append(tab);
      return tab;
    });
    function choose(i, focus) { state.day = days[i]; draw(); if (focus) tabs[i].focus(); }

    function draw() {
      var index = days.indexOf(state.day);
      tabs.forEach(function (tab, i) {
        tab.setAttribute("aria-selected", String(i === index));
        tab.tabIndex = i === index ? 0 : -1;
      });
      panel.setAttribute("aria-labelledby", uid + "-d" + index);
      var shown = data.sessions.filter(function (s) {
        return s.day === state.day && (!state.track || String(s.track) === state.track) &&
          (!state.lang || s.languages.indexOf(state.lang) >= 0);
      });
      panel.replaceChildren(shown.length ? el("ol", { "aria-label": L.sessions }, shown.map(item)) : el("p", { "class": "empty" }, [L.empty]));
    }

    function item(s) {
      var track = tracks[s.track], meta = [s.kind];
      if (s.room) meta.push(s.room);
      var sw = null;
      if (track) {
        meta.push(track.name);
        if (COLOUR.test(track.colour)) { sw = el("span", { "class": "sw", "aria-hidden": "true" }); sw.style.background = track.colour; }
      }
      meta.push(s.language_label);
      var time = el("span", { "class": "time" }, [
        el("time", { datetime: s.start_iso }, [s.start]), "–", el("time", { datetime: s.end_iso }, [s.end]),
        s.next_day ? " " + L.next_day : null
      ]);
      return el("li", { "class": s.cancelled ? "cancelled" : null, "data-code": s.code }, [
        time,
        el("div", {}, [
          el("div", { "class": "title" }, marked(link(s.url, s.title), s.title_lang, data).concat([s.cancelled ? el("span", { "class": "badge" }, [L.cancelled]) : null])),
          el("div", { "class": "meta" }, [sw, meta.join(" · ")]),
          s.speakers.length ? el("div", { "class": "who" }, [s.speakers.join(", ")]) : null,
          s.documents ? el("div", {}, [link(s.url + "#documents", L.documents + " (" + s.documents + ")")]) : null
        ])
      ]);
    }

    box.append(filters, list, panel, el("div", { "class": "foot" }, [
      el("span", { "class": "zone" }, [L.zone]), link(data.event.url, L.full_programme)
    ]));
    draw();
  }

  function mount(host, opts) {
    var root = host.shadowRoot || host.attachShadow({ mode: "open" });
    root.replaceChildren();
    style(root);
    var box = el("section", { "class": "fw", "aria-busy": "true" });
    root.append(box);
    var base = opts.base || location.origin;
    var url = new URL("/events/" + encodeURIComponent(opts.event) + "/widget.json", base);
    if (opts.lang) url.searchParams.set("lang", opts.lang);
    return fetch(url.href, { credentials: "omit" }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }).then(function (data) {
      render(box, data, { base: base, track: opts.track, frame: opts.frame });
      box.removeAttribute("aria-busy");
    }).catch(function (error) {
      box.remove();
      if (window.console) console.warn("forum widget: programme unavailable (" + error.message + ")");
    });
  }

  function scan() {
    var scripts = document.querySelectorAll("script[data-event]:not([data-forum-widget])");
    Array.prototype.forEach.call(scripts, function (script) {
      if (!/\/widget\.js(\?|$)/.test(script.src)) return;
      script.setAttribute("data-forum-widget", "");
      var host = el("div", { "class": "forum-widget" });
      script.after(host);
      mount(host, {
        event: script.dataset.event, lang: script.dataset.lang || document.documentElement.lang.trim(), track: script.dataset.track,
        frame: script.hasAttribute("data-frame"), base: new URL(script.src).origin
      });
    });
  }

  window.ForumWidget = { mount: mount, scan: scan };
  scan();
})();

// pullquote embeddable search widget.
//
//   <script src="https://HOST/embed.js" data-work="…" data-outlet="…"
//           data-min-score="60" data-size="5" data-theme="auto"></script>
//
// With data-mode="check" it checks a pasted pull quote against its source
// (/api/check) instead of searching. With data-work it shows the film's
// card above the search (its stated scores, pullquote's count and its most
// quotable line, from /api/films/{work}); data-film-card="off" hides it.
//
// Draws a search box and results where the script tag stands, inside a
// Shadow DOM so the host page's CSS cannot reach it, and calls the JSON API
// on the origin the script was loaded from. It adds no globals.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var origin = new URL(script.src, location.href).origin;
  var d = script.dataset;
  var size = Math.min(Math.max(parseInt(d.size || "5", 10) || 5, 1), 50);
  // Light unless told otherwise: a host page's own colours say nothing
  // about the reader's system theme. "auto" follows the system.
  var theme = d.theme === "dark" || d.theme === "auto" ? d.theme : "light";
  var checking = d.mode === "check";

  var host = document.createElement("div");
  host.className = "pullquote-widget";
  script.parentNode.insertBefore(host, script.nextSibling);
  var shadow = host.attachShadow({ mode: "open" });

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k];
      else if (k === "class") e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }

  // Styles come from a stylesheet on the widget's origin, so the host page
  // needs no 'unsafe-inline' style policy; the widget shows once it loads.
  var css = el("link", { rel: "stylesheet", href: origin + "/static/embed.css" });
  var box = el("div", { class: "pq", "data-theme": theme, hidden: "" });
  css.addEventListener("load", function () { box.removeAttribute("hidden"); });
  css.addEventListener("error", function () { box.removeAttribute("hidden"); });
  shadow.appendChild(css);
  shadow.appendChild(box);

  // The server's limits (web/limits_test.go holds them to it): a query of
  // search.MaxQueryRunes characters; a blurb of check.MaxQuoteRunes quoted
  // characters and three attribution parts of search.MaxValueRunes.
  var maxSearch = 500, maxCheck = 1600;
  var uid = "pq" + Math.random().toString(36).slice(2, 8);
  var form = el("form", { class: "pq-form", role: "search" });
  var label = el("label", { for: uid, class: "pq-sr", text: checking ? "Pull quote to check" : "Search film reviews" });
  var input = el("input", {
    id: uid, type: "search", name: "q", autocomplete: "off", maxlength: String(checking ? maxCheck : maxSearch),
    placeholder: d.placeholder || (checking ? "\u201cA triumph!\u201d \u2014 Critic, Outlet" : "Search film reviews…")
  });
  var button = el("button", { type: "submit", class: "pq-go", text: checking ? "Check" : "Search" });
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(button);
  var status = el("p", { class: "pq-status", role: "status", "aria-live": "polite" });
  var list = el("ol", { class: "pq-hits" });
  var nav = el("div", { class: "pq-nav" });
  var credit = el("p", { class: "pq-credit" }, [
    document.createTextNode("Search by "),
    el("a", { href: origin + "/", target: "_blank", rel: "noopener", text: "pullquote" })
  ]);
  box.appendChild(form);
  var card = el("section", { class: "pq-film", hidden: "" });
  box.appendChild(card);
  box.appendChild(status);
  box.appendChild(list);
  box.appendChild(nav);
  box.appendChild(credit);

  var page = 1, timer, controller;

  // hitItem renders one hit. Only "highlight" is inserted as HTML: the
  // server HTML-escapes the paragraph before adding <mark> tags. Every
  // other field goes in as text.
  function hitItem(h) {
    var quote = el("blockquote", { class: "pq-quote" });
    quote.innerHTML = h.highlight || "";
    if (!h.highlight) quote.textContent = h.text;
    var badge = el("span", { class: "pq-badge " + h.band, text: h.score === null ? "–" : String(Math.round(h.score)) });
    badge.appendChild(el("span", { class: "pq-sr", text: " out of 100" }));
    // Each name in its own <bdi>: a right-to-left override in one cannot
    // reverse the other.
    var names = [h.author, h.outlet !== h.author ? h.outlet : ""].filter(Boolean);
    var who = el("span", { class: "pq-who" });
    names.forEach(function (n, i) {
      if (i) who.appendChild(document.createTextNode(", "));
      who.appendChild(el("bdi", { text: n }));
    });
    var meta = el("div", { class: "pq-meta" }, [
      badge,
      names.length ? who : null,
      h.date ? el("time", { datetime: h.date, text: h.date_text }) : null,
      h.spoiler ? el("span", { class: "pq-spoiler", text: "Spoiler" }) : null,
      el("a", {
        href: origin + "/reviews/" + encodeURIComponent(h.review_id) + "#p" + h.paragraph,
        target: "_blank", rel: "noopener", text: "Whole review"
      })
    ]);
    var work = el("div", { class: "pq-work", text: h.work });
    var copy = el("button", { type: "button", class: "pq-page pq-copy", text: "Copy quote" });
    copy.dataset.quote = h.quote;
    copy.addEventListener("click", function () {
      var text = copy.dataset.quote;
      var done = function (label) { copy.textContent = label; setTimeout(function () { copy.textContent = "Copy quote"; }, 2000); };
      // A host page in a frame without clipboard-write may not use the
      // clipboard API, and trying logs a policy violation.
      var policy = document.permissionsPolicy || document.featurePolicy;
      var allowed = !policy || !policy.allowsFeature || policy.allowsFeature("clipboard-write");
      if (!navigator.clipboard || !navigator.clipboard.writeText || !allowed) { done("Select and copy the text"); return; }
      navigator.clipboard.writeText(text).then(function () { copy.dataset.copied = text; done("Copied ✓"); },
        function () { done("Select and copy the text"); });
    });
    return el("li", { class: "pq-hit" }, [quote, meta, work, copy]);
  }

  // filmCard fills the card of the data-work film. A film the index does
  // not know (or a server without film pages) leaves it hidden.
  function filmCard() {
    fetch(origin + "/api/films/" + encodeURIComponent(d.work), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (f) {
        if (!f) return;
        var head = el("p", { class: "pq-film-name" }, [
          el("a", { href: origin + f.url, target: "_blank", rel: "noopener", text: f.work })
        ]);
        var scores = el("ul", { class: "pq-film-scores" });
        f.aggregates.forEach(function (a) {
          var bits = [a.label + " on " + a.site, a.verdict, a.count ? "based on " + a.count + " " + a.unit : ""].filter(Boolean);
          scores.appendChild(el("li", {}, [
            el("span", { class: "pq-badge " + a.band, text: a.value }),
            document.createTextNode(" " + bits.join(" \u00b7 "))
          ]));
        });
        var c = f.counted;
        scores.appendChild(el("li", {}, [
          el("span", { class: "pq-badge " + c.mean_band, text: c.mean === null ? "\u2013" : String(c.mean) }),
          document.createTextNode(" Mean of " + c.scored + " scored in pullquote\u2019s " + c.reviews + (c.reviews === 1 ? " review" : " reviews"))
        ]));
        card.appendChild(head);
        card.appendChild(scores);
        var q = f.quotes[0];
        if (q) {
          var who = [q.author, q.outlet !== q.author ? q.outlet : ""].filter(Boolean).join(", ");
          card.appendChild(el("blockquote", { class: "pq-quote", text: "\u201c" + q.text + "\u201d" + (who ? " \u2014 " + who : "") }));
        }
        card.removeAttribute("hidden");
      })
      .catch(function () {});
  }

  function query(typing) {
    var p = new URLSearchParams();
    p.set("q", input.value.trim());
    if (typing) p.set("prefix", "1"); // the last word may be unfinished
    if (d.work) p.append("work", d.work);
    if (d.outlet) p.append("outlet", d.outlet);
    if (d.kind) p.append("kind", d.kind);
    if (d.minScore) p.set("score", d.minScore + "..100");
    p.set("size", String(size));
    p.set("page", String(page));
    return p;
  }

  function run(typing) {
    var q = input.value.trim();
    if (controller) controller.abort();
    if (!q) {
      list.textContent = "";
      nav.textContent = "";
      status.textContent = "";
      return;
    }
    request("/api/search?" + query(typing).toString(), "Search", function (res) {
      list.textContent = "";
      res.hits.forEach(function (h) { list.appendChild(hitItem(h)); });
      var n = res.total;
      status.textContent = n + (n === 1 ? " result" : " results") + " for “" + q + "”";
      if (res.partial) {
        status.textContent += " — incomplete: part of the index (" + res.missing.join(", ") + ") did not answer";
      }
      if (n === 0 && res.suggestion) {
        var s = el("button", { type: "button", class: "pq-link", text: res.suggestion });
        s.addEventListener("click", function () { input.value = res.suggestion; page = 1; run(); });
        status.appendChild(document.createTextNode(". Did you mean "));
        status.appendChild(s);
        status.appendChild(document.createTextNode("?"));
      }
      pager(n);
    });
  }

  // request fetches path from the server as JSON, the box marked busy
  // meanwhile, and hands the body to show; a newer request aborts it, and
  // a failure is said in the status line as what + " failed".
  function request(path, what, show) {
    controller = new AbortController();
    box.classList.add("pq-loading");
    fetch(origin + path, { signal: controller.signal, headers: { Accept: "application/json" } })
      .then(function (r) {
        return r.json().then(function (body) {
          if (!r.ok) throw new Error(body.error || what.toLowerCase() + " failed");
          return body;
        });
      })
      .then(function (body) {
        box.classList.remove("pq-loading");
        show(body);
      })
      .catch(function (err) {
        if (err.name === "AbortError") return;
        box.classList.remove("pq-loading");
        status.textContent = what + " failed: " + err.message;
      });
  }

  // checkItem renders one check. Only context.quote is inserted as HTML:
  // the server HTML-escapes the source before adding <mark> tags. Every
  // other field goes in as text.
  function checkItem(r) {
    var head = el("p", { class: "pq-verdict-line" }, [
      el("span", { class: "pq-verdict " + r.verdict, text: r.label }),
      el("q", { text: r.quote })
    ]);
    var parts = [head];
    if (r.source) {
      var who = [r.source.author, r.source.outlet, r.source.work, r.source.date].filter(Boolean).join(" · ");
      parts.push(el("div", { class: "pq-meta" }, [
        el("span", { class: "pq-who", text: who }),
        el("a", { href: origin + r.source.link, target: "_blank", rel: "noopener", text: "Whole review" })
      ]));
      var ctx = el("blockquote", { class: "pq-quote" });
      ctx.innerHTML = r.context.quote;
      parts.push(ctx);
    }
    // The notes come worded by the server, as the page shows them.
    var facts = el("ul", { class: "pq-facts" });
    r.notes.forEach(function (n) { facts.appendChild(el("li", { text: n })); });
    r.flags.forEach(function (f) { facts.appendChild(el("li", { class: "pq-flag", text: f.words + " \u2014 " + f.explanation })); });
    if (facts.childNodes.length) parts.push(facts);
    return el("li", { class: "pq-hit pq-check" }, parts);
  }

  function runCheck() {
    var q = input.value.trim();
    if (controller) controller.abort();
    if (!q) return;
    var p = new URLSearchParams();
    p.set("q", q);
    if (d.work) p.set("work", d.work);
    request("/api/check?" + p.toString(), "Check", function (r) {
      list.textContent = "";
      list.appendChild(checkItem(r));
      status.textContent = r.label + (r.flags.length ? ", " + r.flags.length + (r.flags.length === 1 ? " flag" : " flags") : "");
    });
  }

  function pager(total) {
    nav.textContent = "";
    var last = Math.ceil(total / size);
    if (last <= 1) return;
    function btn(text, to, disabled) {
      var b = el("button", { type: "button", class: "pq-page", text: text });
      if (disabled) b.disabled = true;
      b.addEventListener("click", function () { page = to; run(); box.scrollIntoView({ block: "nearest" }); });
      return b;
    }
    nav.appendChild(btn("← Previous", page - 1, page <= 1));
    nav.appendChild(el("span", { class: "pq-pageno", text: "Page " + page + " of " + last }));
    nav.appendChild(btn("Next →", page + 1, page >= last));
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    page = 1;
    if (checking) runCheck(); else run();
  });
  if (!checking) {
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { page = 1; run(true); }, 250);
    });
  }
  if (d.work && d.filmCard !== "off" && !checking) filmCard();
  if (d.query) { input.value = d.query; if (checking) runCheck(); else run(); }
})();

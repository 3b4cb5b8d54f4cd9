// pullquote page script: live results as you type, the URL following, "/"
// to focus the search box, and "Copy quote". The page works without it:
// everything here improves a plain GET form and plain links.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var form, input, root, status, controller, timer, swallowSlash = false;
  var retryTimer, retryOnline; // the retry of a refused or failed search
  var DEBOUNCE_MS = 150; // the server answers in tens of milliseconds
  var SELECT_MS = 600; // a select stepped through with the arrow keys

  // params collects the form's values (including controls outside it that
  // name it with form="search-form"), dropping empty ones.
  function params() {
    var p = new URLSearchParams();
    new FormData(form).forEach(function (v, k) {
      if (typeof v === "string" && v.trim() !== "") p.append(k, v);
    });
    return p;
  }

  function pageURL(p) {
    var s = p.toString();
    return form.getAttribute("action") + (s ? "?" + s : "");
  }

  // openFilters opens the filter panel on wide screens (a sidebar there),
  // keeping it as the person left it on small ones.
  function openFilters(wasOpen) {
    var d = root && root.querySelector("details.filters");
    if (d) d.open = wasOpen || window.matchMedia("(min-width: 761px)").matches;
  }

  // focusKey names the control that has focus, so that the same control
  // in the new fragment can take it back (a ticked box, the sort, a link).
  function focusKey() {
    var el = document.activeElement;
    if (!el || el === document.body || !root.contains(el)) return null;
    if (el.name) return { sel: el.tagName.toLowerCase() + '[name="' + CSS.escape(el.name) + '"]' + (el.type === "checkbox" ? '[value="' + CSS.escape(el.value) + '"]' : "") };
    if (el.tagName === "A") return { text: el.textContent, cls: el.closest("[class]") ? el.closest("[class]").className : "" };
    return null;
  }

  function refocus(key) {
    if (!key) return;
    var el = null;
    if (key.sel) el = root.querySelector(key.sel);
    else el = [].find.call(root.querySelectorAll("a"), function (a) { return a.textContent === key.text; });
    if (el) el.focus({ preventScroll: true });
  }

  // load fetches the results fragment for p and swaps it in. how says
  // what it does to history: a committed search ("push": Enter, a filter,
  // the sort, a page) is a new entry; typing ("replace") replaces the
  // entry; Back and Forward ("pop") find the entry there and restore its
  // scroll. Focus stays on the control used.
  function load(p, how) {
    if (controller) controller.abort();
    clearTimeout(retryTimer);
    retryOnline = null;
    controller = new AbortController();
    var u = new URL(form.dataset.partial, location.href);
    p.forEach(function (v, k) { u.searchParams.append(k, v); });
    root.classList.add("loading");
    var url = pageURL(p);
    var popped = how === "pop";
    var key = popped ? null : focusKey();
    var scroll = popped && history.state ? history.state.scroll : 0;
    if (how === "push") {
      history.replaceState({ scroll: window.scrollY }, "", location.href);
      history.pushState({ scroll: 0 }, "", url);
    } else if (!popped) {
      history.replaceState({ scroll: window.scrollY }, "", url);
    }
    return fetch(u, { signal: controller.signal, headers: { Accept: "text/html" } })
      .then(function (r) {
        // A 400 is a fragment naming the bad parameter; any other status
        // (a 429 past the rate limit, a 503, a 500) is said above the
        // results, never pasted into them.
        if (!r.ok && r.status !== 400) throw { status: r.status, wait: retryAfter(r) };
        return r.text();
      })
      .then(function (html) {
        var open = !popped && root.querySelector("details.filters[open]") !== null;
        root.innerHTML = html;
        openFilters(open);
        refocus(key);
        root.classList.remove("loading");
        var res = root.querySelector(".results");
        var count = res ? res.dataset.count : "";
        if (status) status.textContent = count || "";
        var q = p.get("q");
        document.title = q ? q + " — pullquote" : "pullquote";
        if (popped) window.scrollTo(0, scroll || 0);
        document.dispatchEvent(new CustomEvent("pullquote:results"));
      })
      .catch(function (err) {
        if (err.name !== "AbortError") {
          root.classList.remove("loading");
          showError(p, err.status || 0, err.wait || 0);
        }
      });
  }

  // retryAfter reads a refusal's Retry-After (seconds, or an HTTP date)
  // as whole seconds from 1 to 60; 5 when it gives none.
  function retryAfter(r) {
    var h = r.headers.get("Retry-After") || "";
    var s = /^\s*\d+\s*$/.test(h) ? parseInt(h, 10) : Math.ceil((Date.parse(h) - Date.now()) / 1000);
    if (isNaN(s)) s = 5;
    return Math.min(Math.max(s, 1), 60);
  }

  // showError says in a line above the results why the search did not
  // come, with a button that tries again; the results shown stay, dimmed
  // and said to be the previous search's. A refusal (429, 503) is tried
  // again by itself once its Retry-After has passed; a network failure
  // when the browser is back online.
  function showError(p, code, wait) {
    hideError();
    var refused = code === 429 || code === 503;
    var msg;
    if (code === 429) msg = "Too many searches from your address.";
    else if (code === 503) msg = "The server is busy.";
    else if (code) msg = "The search failed (error " + code + ").";
    else msg = "The search failed: the server did not answer.";
    if (refused) msg += " Trying again in " + wait + (wait === 1 ? " second." : " seconds.");
    var old = root.querySelector(".results");
    if (old && old.querySelector(".hits, .empty")) {
      old.classList.add("stale");
      msg += " The results below are from the previous search.";
    }
    var box = document.createElement("div");
    box.className = "error fetch-error";
    box.setAttribute("role", refused ? "status" : "alert");
    box.appendChild(document.createTextNode(msg + " "));
    var retry = document.createElement("button");
    retry.type = "button";
    retry.className = "btn";
    retry.textContent = refused ? "Retry now" : "Try again";
    retry.addEventListener("click", function () { load(p, "replace"); });
    box.appendChild(retry);
    root.insertBefore(box, root.firstChild);
    if (refused) {
      retryTimer = setTimeout(function () { load(p, "replace"); }, wait * 1000);
    } else {
      retryOnline = function () { load(p, "replace"); };
    }
  }

  function hideError() {
    retryOnline = null;
    var old = root.querySelector(".fetch-error");
    if (old) old.remove();
  }

  // refresh runs the form's current search from page 1, as a new history
  // entry: a filter or the sort keeps the mode of the results it changes
  // (a hidden prefix=1 after typing); a submitted search (committed)
  // matches whole words.
  function refresh(committed) {
    var p = params();
    p.delete("page");
    if (committed) p.delete("prefix");
    return load(p, "push");
  }

  // onInput searches as the person types: the last word also matches the
  // words it begins (prefix=1). The URL says so too, so that a reload or
  // a shared link shows the same results.
  function onInput() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var p = params();
      p.delete("page");
      p.set("prefix", "1");
      load(p, "replace");
    }, DEBOUNCE_MS);
  }

  // clipboardAllowed reports whether the document may use the async
  // clipboard API: a frame (the /embed iframe) whose host did not grant
  // clipboard-write may not, and trying logs a policy violation.
  function clipboardAllowed() {
    var policy = document.permissionsPolicy || document.featurePolicy;
    return !policy || !policy.allowsFeature || policy.allowsFeature("clipboard-write");
  }

  // copyText writes text to the clipboard, with a fallback for pages
  // without the async clipboard API, or not allowed to use it.
  function copyText(text) {
    if (navigator.clipboard && navigator.clipboard.writeText && clipboardAllowed()) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }

  function fallbackCopy(text) {
    var ta = document.createElement("textarea");
    ta.value = text;
    ta.setAttribute("readonly", "");
    ta.className = "sr-only";
    document.body.appendChild(ta);
    ta.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    ta.remove();
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  function onCopy(btn) {
    var text = btn.dataset.quote;
    if (text === undefined && btn.dataset.copyFrom) {
      var src = document.getElementById(btn.dataset.copyFrom);
      text = src ? src.textContent : "";
    }
    var label = btn.textContent;
    copyText(text).then(function () {
      btn.dataset.copied = text;
      btn.classList.add("done");
      btn.textContent = "Copied ✓";
      if (status) status.textContent = "Copied to the clipboard.";
    }, function () {
      btn.textContent = "Press Ctrl+C to copy";
    }).then(function () {
      setTimeout(function () { btn.textContent = label; btn.classList.remove("done"); }, 2000);
    });
  }

  document.addEventListener("click", function (e) {
    var btn = e.target.closest("button.copy");
    if (btn) { e.preventDefault(); onCopy(btn); return; }
    var back = e.target.closest("a[data-back]");
    if (back && document.referrer) {
      // Back to the search that led here, with its query and scroll kept.
      var ref = new URL(document.referrer);
      if (ref.origin === location.origin && ref.pathname === "/" && history.length > 1) {
        e.preventDefault();
        history.back();
        return;
      }
    }
    var a = e.target.closest("a[data-nav]");
    if (a && form && root && root.contains(a) && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.button === 0) {
      e.preventDefault();
      var u = new URL(a.href);
      var p = new URLSearchParams(u.search);
      if (input) input.value = p.get("q") || "";
      load(p, "push").then(function () { root.scrollIntoView({ block: "start" }); });
    }
  });

  // A facet listed whole has a box that hides the values not matching it.
  document.addEventListener("input", function (e) {
    var box = e.target;
    if (!box.matches || !box.matches("input[data-facet-filter]")) return;
    var q = box.value.trim().toLowerCase();
    box.closest("fieldset").querySelectorAll("label.check").forEach(function (l) {
      l.hidden = q !== "" && l.textContent.toLowerCase().indexOf(q) < 0;
    });
  });

  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var box = document.getElementById("q");
    if (box) {
      e.preventDefault();
      box.focus();
      box.select();
      // Some input paths deliver the character separately from the key
      // press; make sure the "/" that focused the box is not typed into it.
      swallowSlash = true;
      setTimeout(function () { swallowSlash = false; }, 100);
    }
  });
  document.addEventListener("beforeinput", function (e) {
    if (swallowSlash && e.data === "/" && e.target && e.target.id === "q") {
      e.preventDefault();
    }
    swallowSlash = false;
  }, true);

  document.addEventListener("DOMContentLoaded", function () {
    form = document.getElementById("search-form");
    input = document.getElementById("q");
    root = document.getElementById("results-root");
    status = document.getElementById("status");
    if (!form || !root || !window.fetch || !form.dataset.partial) return;
    openFilters(false);

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(timer);
      refresh(true);
    });
    if (input) input.addEventListener("input", onInput);
    // Facet checkboxes and the sort selector live in the fragment but
    // belong to the form: any change reruns the search.
    // A select changed with the arrow keys fires change on each press:
    // the sort waits until the person has chosen.
    var sortTimer;
    document.addEventListener("change", function (e) {
      var el = e.target;
      if (el.form !== form || el === input) return;
      clearTimeout(sortTimer);
      if (el.tagName === "SELECT") sortTimer = setTimeout(function () { refresh(); }, SELECT_MS); else refresh();
    });
    window.addEventListener("online", function () {
      if (retryOnline) retryOnline();
    });
    window.addEventListener("popstate", function () {
      var p = new URLSearchParams(location.search);
      if (input) input.value = p.get("q") || "";
      load(p, "pop");
    });
  });
})();

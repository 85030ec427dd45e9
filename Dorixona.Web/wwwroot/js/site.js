// Progressive enhancement only: every page works without this file (decision 0052).
// blazor.web.js navigates and posts the data-enhance forms without full loads; this file does the few things it cannot:
// - live blocks: the hub sends ("live", eventName, payload); elements with an id and data-refresh-on="eventName" are
//   replaced by their fresh copy from the current page, fetched once for all of them (what hx-select did);
// - search suggestions under the search box, from /api/v1/suggest;
// - the small page habits below, again after every enhanced navigation (it patches the document, it does not reload it).
(function () {
  "use strict";

  // ---- Live blocks ----------------------------------------------------------------------------------------------------
  var wanted = {};   // ids of blocks to re-read
  var reading = false;

  function refreshBlocks() {
    if (reading) return; // the answer in flight may predate the event: read again when it lands
    var ids = Object.keys(wanted);
    if (!ids.length) return;
    wanted = {};
    reading = true;
    var url = location.href;
    fetch(url, { headers: { accept: "text/html" }, credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html || location.href !== url) return; // navigated away meanwhile: the new page is fresh anyway
        var fresh = new DOMParser().parseFromString(html, "text/html");
        ids.forEach(function (id) {
          var old = document.getElementById(id), next = fresh.getElementById(id);
          if (old && next) old.replaceWith(document.importNode(next, true));
        });
      })
      .catch(function () { /* the page still works; it just did not update by itself */ })
      .then(function () { reading = false; refreshBlocks(); });
  }

  function live(eventName, payload) {
    document.querySelectorAll("[data-refresh-on]").forEach(function (el) {
      var names = (el.getAttribute("data-refresh-on") || "").split(/\s+/);
      if (el.id && names.indexOf(eventName) >= 0) wanted[el.id] = true;
    });
    refreshBlocks();
    document.dispatchEvent(new CustomEvent("dx:" + eventName, { detail: payload }));
  }

  var connection = null;

  function markConnected() { document.body.setAttribute("data-live-state", "connected"); }

  // An order page listens to its order's group too; the server checks the order is the caller's.
  function joined() {
    var order = document.querySelector("[data-order-id]");
    var ready = order ? connection.invoke("JoinOrder", Number(order.getAttribute("data-order-id"))) : Promise.resolve(true);
    return ready.then(markConnected);
  }

  // Signed-in pages carry data-live="1"; signing in or out by an enhanced post changes it without a reload.
  function syncLive() {
    var on = document.body.dataset.live === "1" && !!window.signalR;
    if (!on) {
      if (connection) { connection.stop(); connection = null; }
      return;
    }
    if (connection) {
      if (connection.state === "Connected") joined().catch(function () { });
      return;
    }
    connection = new window.signalR.HubConnectionBuilder().withUrl("/hubs/live").withAutomaticReconnect().build();
    connection.on("live", live);
    connection.onreconnected(joined);
    connection.start().then(joined).catch(function () { /* no live updates; the page still works */ });
    window.dxLive = connection;
  }

  // ---- Search suggestions -----------------------------------------------------------------------------------------------
  var suggestTimer = 0, suggestAbort = null;

  function money(som, unit) {
    return String(Math.round(som)).replace(/\B(?=(\d{3})+(?!\d))/g, " ") + " " + unit;
  }

  function substanceName(s, lang) {
    if (lang === "ru" && s.nameRu) return s.nameRu;
    if (lang === "uz" && s.nameUz) return s.nameUz;
    return s.inn;
  }

  function showSuggestions(input, query, items) {
    var box = document.getElementById(input.getAttribute("aria-controls"));
    if (!box) return;
    box.textContent = "";
    if (!items.length) return;
    var lang = document.documentElement.lang;
    var list = document.createElement("ul");
    list.className = "list-group shadow";
    items.forEach(function (p) {
      var li = document.createElement("li"), a = document.createElement("a"), name = document.createElement("span");
      var subs = document.createElement("span"), price = document.createElement("span");
      li.className = "list-group-item list-group-item-action p-0";
      li.setAttribute("role", "option");
      a.className = "d-flex justify-content-between gap-2 px-3 py-2 text-decoration-none text-body";
      a.href = "/product/" + encodeURIComponent(p.slug);
      name.textContent = (lang === "ru" && p.nameRu ? p.nameRu : p.name) + " ";
      subs.className = "small text-muted";
      subs.textContent = p.activeSubstances.map(function (s) { return substanceName(s, lang); }).join(" + ");
      name.appendChild(subs);
      price.className = "text-nowrap small";
      price.textContent = money(p.price, input.getAttribute("data-currency") || "so'm");
      a.appendChild(name);
      a.appendChild(price);
      li.appendChild(a);
      list.appendChild(li);
    });
    var all = document.createElement("li"), link = document.createElement("a");
    all.className = "list-group-item p-0";
    link.className = "d-block px-3 py-2 small";
    link.href = "/catalog?q=" + encodeURIComponent(query);
    link.textContent = (input.getAttribute("data-all") || "{0}").replace("{0}", query);
    all.appendChild(link);
    list.appendChild(all);
    box.appendChild(list);
  }

  function suggest(input) {
    var query = input.value.trim().slice(0, 100);
    if (suggestAbort) suggestAbort.abort();
    if (query.length < 2) { showSuggestions(input, query, []); return; }
    suggestAbort = new AbortController();
    fetch("/api/v1/suggest?q=" + encodeURIComponent(query), { signal: suggestAbort.signal, headers: { accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (items) { if (input.value.trim().slice(0, 100) === query) showSuggestions(input, query, items); })
      .catch(function () { /* typing on: a newer request replaced this one */ });
  }

  document.addEventListener("input", function (e) {
    var input = e.target;
    if (!input || !input.hasAttribute || !input.hasAttribute("data-suggest")) return;
    clearTimeout(suggestTimer);
    suggestTimer = setTimeout(function () { suggest(input); }, 200);
  });

  // ---- Page habits --------------------------------------------------------------------------------------------------------
  // Forms marked data-autosubmit (the catalog sort) submit as soon as a choice changes (blazor.web.js enhances the submit).
  document.addEventListener("change", function (e) {
    var form = e.target && e.target.form;
    if (form && form.hasAttribute("data-autosubmit")) form.requestSubmit ? form.requestSubmit() : form.submit();
  });

  // Close an open <details> menu when clicking elsewhere.
  document.addEventListener("click", function (e) {
    document.querySelectorAll("details.dx-menu[open]").forEach(function (d) {
      if (!d.contains(e.target)) d.removeAttribute("open");
    });
  });

  // The receipt's Print link prints where script runs (and is a plain link where it does not).
  document.addEventListener("click", function (e) {
    var link = e.target && e.target.closest && e.target.closest("a[data-print]");
    if (link) { e.preventDefault(); window.print(); }
  });

  // What each page (the first, and each one an enhanced navigation patched in) needs once.
  function onPage() {
    document.documentElement.classList.add("dx-js");
    // Wide screens have room for the catalog filters: open them.
    if (window.matchMedia && window.matchMedia("(min-width: 992px)").matches) {
      document.querySelectorAll("details.dx-filters").forEach(function (d) { d.setAttribute("open", ""); });
    }
    if (document.querySelector("[data-autoprint='1']")) {
      if (document.readyState === "complete") window.print(); else window.addEventListener("load", function () { window.print(); }, { once: true });
    }
    // The patch keeps only the attributes the server wrote.
    if (connection && connection.state === "Connected") markConnected();
    syncLive();
  }

  if (window.Blazor && window.Blazor.addEventListener) window.Blazor.addEventListener("enhancedload", onPage);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", onPage);
  else onPage();
})();

// Progressive enhancement only: every page works without this file.
// Live updates: the hub sends ("live", eventName, payload); elements that declare
// data-refresh-on="eventName" and an hx-get re-fetch themselves through htmx.
(function () {
  "use strict";

  // A block that is already re-fetching when another event arrives must fetch once more after
  // its answer lands: that answer may predate the new event. htmx cannot queue it for us, since
  // the outerHTML swap replaces the element and htmx drops requests queued on a detached element.
  // So the block's id is remembered and the fresh element (same id) refreshes after the swap.
  var stale = {};

  function refreshBlock(el) {
    if (el.id && el.classList.contains("htmx-request")) { stale[el.id] = true; return; }
    window.htmx.trigger(el, "refresh");
  }

  function refreshStale() {
    Object.keys(stale).forEach(function (id) {
      var el = document.getElementById(id);
      if (!el) { delete stale[id]; return; }
      if (!el.classList.contains("htmx-request")) { delete stale[id]; window.htmx.trigger(el, "refresh"); }
    });
  }
  // After a swap the fresh element is ready (htmx has processed it) once it has settled.
  document.addEventListener("htmx:afterSettle", refreshStale);
  // A request that swapped nothing (an error, a 204) leaves the old element in place, still ready.
  document.addEventListener("htmx:afterRequest", function (e) {
    var elt = e.detail && e.detail.elt;
    if (elt && document.body.contains(elt)) setTimeout(refreshStale, 0);
  });

  function refresh(eventName, payload) {
    document.querySelectorAll("[data-refresh-on]").forEach(function (el) {
      var names = (el.getAttribute("data-refresh-on") || "").split(/\s+/);
      if (names.indexOf(eventName) >= 0 && window.htmx && el.hasAttribute("hx-get")) refreshBlock(el);
    });
    document.dispatchEvent(new CustomEvent("dx:" + eventName, { detail: payload }));
  }

  function connect() {
    if (document.body.dataset.live !== "1" || !window.signalR) return;
    var connection = new window.signalR.HubConnectionBuilder()
      .withUrl("/hubs/live")
      .withAutomaticReconnect()
      .build();
    connection.on("live", refresh);
    // An order page listens to its order's group too; the server checks the order is the caller's.
    function joined() {
      var order = document.querySelector("[data-order-id]");
      var ready = order
        ? connection.invoke("JoinOrder", Number(order.getAttribute("data-order-id")))
        : Promise.resolve(true);
      return ready.then(function () { document.body.setAttribute("data-live-state", "connected"); });
    }
    connection.onreconnected(joined);
    connection.start().then(joined).catch(function () { /* the page still works; it just will not update by itself */ });
    window.dxLive = connection;
  }

  document.documentElement.classList.add("dx-js");

  // Forms marked data-autosubmit (the catalog sort) submit as soon as a choice changes.
  document.addEventListener("change", function (e) {
    var form = e.target && e.target.form;
    if (form && form.hasAttribute("data-autosubmit")) form.requestSubmit ? form.requestSubmit() : form.submit();
  });

  // Wide screens have room for the catalog filters: open them.
  if (window.matchMedia && window.matchMedia("(min-width: 992px)").matches) {
    document.querySelectorAll("details.dx-filters").forEach(function (d) { d.setAttribute("open", ""); });
  }

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
  if (document.querySelector("[data-autoprint='1']")) window.addEventListener("load", function () { window.print(); });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", connect);
  else connect();
})();

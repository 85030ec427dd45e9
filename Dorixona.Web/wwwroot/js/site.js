// Progressive enhancement only: every page works without this file.
// Live updates: the hub sends ("live", eventName, payload); elements that declare
// data-refresh-on="eventName" and an hx-get re-fetch themselves through htmx.
(function () {
  "use strict";

  function refresh(eventName, payload) {
    document.querySelectorAll("[data-refresh-on]").forEach(function (el) {
      var names = (el.getAttribute("data-refresh-on") || "").split(/\s+/);
      if (names.indexOf(eventName) >= 0 && window.htmx && el.hasAttribute("hx-get")) {
        window.htmx.trigger(el, "refresh");
      }
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

// The staff portals' (and the order page's island's) few browser-side needs: start Blazor with patient reconnection, say so in the page's language
// (the texts are in #components-reconnect-modal, rendered by the server), reload when the server forgot the circuit,
// post the header's small forms (language, sign-out) that live outside the interactive tree, and the app bar's menus' keys.
(function () {
  "use strict";

  // A storefront page with one island (the order page) starts Blazor with enhanced navigation off: its links and forms
  // load whole static pages, which closes the circuit with the page.
  var script = document.currentScript;
  var island = script && script.getAttribute("data-enhanced-navigation") === "off";
  Blazor.start({
    ssr: { disableDomPreservation: island },
    circuit: {
      reconnectionOptions: {
        maxRetries: 100000,
        retryIntervalMilliseconds: function (attempt) { return attempt < 3 ? 1000 : attempt < 10 ? 3000 : 5000; },
      },
    },
  });

  var modal = document.getElementById("components-reconnect-modal");
  if (modal) {
    modal.addEventListener("components-reconnect-state-changed", function (e) {
      var state = e.detail && e.detail.state;
      modal.setAttribute("data-state", state || "");
      // The server no longer holds this page's circuit (a restart, a long sleep): start afresh.
      if (state === "rejected" || state === "resume-failed") location.reload();
    });
    var retry = document.getElementById("components-reconnect-retry");
    if (retry) retry.addEventListener("click", function () { Blazor.reconnect(); });
    // A phone coming back from the pocket: try at once rather than at the next interval.
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible" && modal.getAttribute("data-state") === "failed") Blazor.reconnect();
    });
  }

  window.dxPortal = {
    post: function (formId, name, value) {
      var form = document.getElementById(formId);
      if (!form) return;
      if (name) form.elements.namedItem(name).value = value;
      var back = form.elements.namedItem("returnUrl");
      if (back) back.value = location.pathname + location.search;
      form.submit();
    },
    // The drawer's breakpoint (portal.css): beside the page from 960 px, a menu below.
    wide: function () { return window.matchMedia("(min-width: 960px)").matches; },
    // An app-bar menu just opened: its first item takes the focus, so the keyboard carries on inside it.
    focusMenu: function (menu) {
      if (!menu) return;
      var first = menu.querySelector("[role=menuitem]");
      (first || menu).focus();
    },
  };

  // Arrows, Home and End move between an open menu's items (Escape and Tab are the server's and the browser's).
  document.addEventListener("keydown", function (e) {
    var menu = e.target && e.target.closest && e.target.closest("[role=menu]");
    if (!menu || ["ArrowDown", "ArrowUp", "Home", "End"].indexOf(e.key) < 0) return;
    var items = Array.prototype.slice.call(menu.querySelectorAll("[role=menuitem]"));
    if (!items.length) return;
    var at = items.indexOf(document.activeElement);
    var next = e.key === "Home" ? 0 : e.key === "End" ? items.length - 1
      : e.key === "ArrowDown" ? (at + 1) % items.length : (at - 1 + items.length) % items.length;
    items[next].focus();
    e.preventDefault();
  });
})();

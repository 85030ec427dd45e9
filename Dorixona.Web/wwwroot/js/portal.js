// The staff portals' (and the order page's island's) few browser-side needs: start Blazor with patient reconnection, say so in the page's language
// (the texts are in #components-reconnect-modal, rendered by the server), reload when the server forgot the circuit,
// and post the header's small forms (language, sign-out) that live outside the interactive tree.
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
  };
})();

// The customer's delivery block, progressive enhancement only: the page works without this file.
// (The courier portal shares positions through js/courier-position.js.)
// Draw the courier on a Leaflet map and move it on live "delivery" events (site.js re-dispatches them as dx:delivery).
(function () {
  "use strict";

  function trackingMap() {
    var el = document.getElementById("delivery-map");
    var tiles = el && el.getAttribute("data-tiles");
    if (!el || !tiles || !window.L) return;
    var map = null, courier = null, failed = false, errors = 0;

    function show(lat, lon) {
      if (failed || typeof lat !== "number" || typeof lon !== "number" || isNaN(lat) || isNaN(lon)) return;
      if (!map) {
        el.hidden = false;
        map = window.L.map(el).setView([lat, lon], 14);
        var layer = window.L.tileLayer(tiles, { attribution: el.getAttribute("data-attribution") || "", maxZoom: 19 });
        // No tiles (offline, blocked): hide the map; the list of updates beside it carries on.
        layer.on("tileerror", function () {
          errors++;
          if (errors >= 2 && el.getAttribute("data-map") !== "tiles") { failed = true; el.hidden = true; el.setAttribute("data-map", "unreachable"); }
        });
        layer.on("tileload", function () { el.setAttribute("data-map", "tiles"); });
        layer.addTo(map);
        var dLat = parseFloat(el.getAttribute("data-dest-lat")), dLon = parseFloat(el.getAttribute("data-dest-lon"));
        if (!isNaN(dLat) && !isNaN(dLon)) window.L.circleMarker([dLat, dLon], { radius: 7, color: "#198754" }).addTo(map);
        courier = window.L.circleMarker([lat, lon], { radius: 9, color: "#0d6efd" }).addTo(map);
      } else {
        courier.setLatLng([lat, lon]);
        map.panTo([lat, lon]);
      }
      el.setAttribute("data-marker", lat.toFixed(5) + "," + lon.toFixed(5));
    }

    var live = document.getElementById("delivery-live");
    if (live) show(parseFloat(live.getAttribute("data-last-lat")), parseFloat(live.getAttribute("data-last-lon")));
    document.addEventListener("dx:delivery", function (e) {
      var d = e.detail || {};
      if (String(d.orderId) === el.getAttribute("data-order") && d.lat != null) show(d.lat, d.lon);
    });
  }

  // Events can come in bursts (a state change, then the first position): htmx drops a trigger while the
  // element's request is in flight, so coalesce them here and fetch once more after the current one lands.
  function liveRefresh() {
    var busy = false, again = false;
    function refresh() {
      var el = document.getElementById("delivery-live");
      if (!el || !window.htmx) return;
      if (busy) { again = true; return; }
      busy = true;
      window.htmx.trigger(el, "refresh");
    }
    function landed() {
      busy = false;
      if (again) { again = false; refresh(); }
    }
    document.addEventListener("dx:delivery", refresh);
    document.addEventListener("dx:order", refresh);
    function ours(e) {
      var d = e.detail || {};
      return (e.target && e.target.id === "delivery-live") || (d.elt && d.elt.id === "delivery-live") || (d.target && d.target.id === "delivery-live");
    }
    document.body.addEventListener("htmx:afterSettle", function (e) {
      if (busy && ours(e)) landed();
    });
    document.body.addEventListener("htmx:afterRequest", function (e) {
      if (busy && ours(e) && e.detail && !e.detail.successful) landed();
    });
  }

  function start() {
    trackingMap();
    if (document.getElementById("delivery-live")) liveRefresh();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

// Delivery, progressive enhancement only: the pages work without this file.
// Courier: while a delivery is on the way, share the position (at most every data-interval seconds).
// Customer: draw the courier on a Leaflet map and move it on live "delivery" events (site.js re-dispatches them as dx:delivery).
(function () {
  "use strict";

  function shareLocation() {
    var el = document.querySelector("[data-share-location]");
    if (!el || !navigator.geolocation) return;
    var url = el.getAttribute("data-share-location");
    var every = Math.max(1, Number(el.getAttribute("data-interval")) || 15) * 1000;
    var stopped = false, timer = null, sent = 0, last = null;

    function stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      el.setAttribute("data-location-state", "stopped");
    }

    function post(position) {
      if (stopped) return;
      var lat = position.coords.latitude, lon = position.coords.longitude, now = Date.now();
      // Standing still: no need to spend the courier's mobile data more than once a minute.
      if (last && Math.abs(last.lat - lat) < 0.00005 && Math.abs(last.lon - lon) < 0.00005 && now - last.at < 60000) return;
      last = { lat: lat, lon: lon, at: now };
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        // The cookie alone is refused for a change through the API: the page's antiforgery token goes in a header.
        headers: { "Content-Type": "application/json", "RequestVerificationToken": el.getAttribute("data-antiforgery") || "" },
        body: JSON.stringify({ lat: lat, lon: lon, accuracy: position.coords.accuracy })
      }).then(function (r) {
        if (r.ok) {
          sent++;
          el.setAttribute("data-location-sent", String(sent));
          el.setAttribute("data-location-state", "sharing");
        } else if (r.status === 404 || r.status === 409 || r.status === 401 || r.status === 403) {
          stop(); // no longer on the way (delivered, failed) or no longer ours
        } else {
          last = null; // too soon or refused for now: try again on the next tick
        }
      }).catch(function () { last = null; /* offline for a moment: the next tick tries again */ });
    }

    function tick() {
      navigator.geolocation.getCurrentPosition(post, function () {
        el.setAttribute("data-location-state", "unavailable");
      }, { enableHighAccuracy: true, maximumAge: every, timeout: every });
    }

    // Ending the trip stops sharing at once, before the page even reloads.
    document.addEventListener("submit", function (e) {
      if (e.target && e.target.hasAttribute && e.target.hasAttribute("data-ends-trip")) stop();
    });
    tick();
    timer = setInterval(tick, every);
  }

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
    shareLocation();
    trackingMap();
    if (document.getElementById("delivery-live")) liveRefresh();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

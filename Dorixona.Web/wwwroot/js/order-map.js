// The courier on a Leaflet map for the order page's island: called after each render with the last known position.
// Leaflet loads on first use; when its tiles cannot be reached the map hides and the list of positions carries on.
const maps = new WeakMap();
let leaflet = null;

function loadLeaflet() {
  if (window.L) return Promise.resolve(window.L);
  if (!leaflet) {
    leaflet = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = "/lib/leaflet/leaflet.js";
      script.onload = () => resolve(window.L);
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }
  return leaflet;
}

export async function show(el, tiles, attribution, destLat, destLon, lat, lon) {
  if (!el || !tiles || typeof lat !== "number" || typeof lon !== "number") return;
  const L = await loadLeaflet();
  let state = maps.get(el);
  if (!state) {
    el.hidden = false;
    const map = L.map(el).setView([lat, lon], 14);
    state = { map, failed: false, courier: null };
    const layer = L.tileLayer(tiles, { attribution: attribution || "", maxZoom: 19 });
    let errors = 0;
    layer.on("tileerror", () => {
      errors++;
      if (errors >= 2 && el.getAttribute("data-map") !== "tiles") { state.failed = true; el.hidden = true; el.setAttribute("data-map", "unreachable"); }
    });
    layer.on("tileload", () => el.setAttribute("data-map", "tiles"));
    layer.addTo(map);
    if (typeof destLat === "number" && typeof destLon === "number") L.circleMarker([destLat, destLon], { radius: 7, color: "#15803d" }).addTo(map);
    state.courier = L.circleMarker([lat, lon], { radius: 9, color: "#0f766e" }).addTo(map);
    maps.set(el, state);
  } else if (!state.failed) {
    state.courier.setLatLng([lat, lon]);
    state.map.panTo([lat, lon]);
  }
  el.setAttribute("data-marker", lat.toFixed(5) + "," + lon.toFixed(5));
}

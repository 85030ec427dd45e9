// The courier portal's position sharing: while a delivery is on the way, the component starts this with its .NET reference
// and the configured interval; every tick reads the browser's position and hands it to the component, which records it
// through Core. stop() ends it (delivered, failed, page left).
export function start(component, intervalMs) {
  let stopped = false;
  let last = null;

  function send(position) {
    if (stopped) return;
    const lat = position.coords.latitude, lon = position.coords.longitude, now = Date.now();
    // Standing still: no need to spend the courier's mobile data more than once a minute.
    if (last && Math.abs(last.lat - lat) < 0.00005 && Math.abs(last.lon - lon) < 0.00005 && now - last.at < 60000) return;
    last = { lat, lon, at: now };
    component.invokeMethodAsync("SharePositionAsync", lat, lon, position.coords.accuracy ?? null)
      .then((recorded) => { if (!recorded) last = null; })
      .catch(() => { last = null; }); // reconnecting: the next tick tries again
  }

  function tick() {
    if (!navigator.geolocation || stopped) return;
    navigator.geolocation.getCurrentPosition(send, () => { }, { enableHighAccuracy: true, maximumAge: intervalMs, timeout: intervalMs });
  }

  tick();
  const timer = setInterval(tick, intervalMs);
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    }
  };
}

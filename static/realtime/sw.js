/* Screen service worker: network first, the last good copy when the server is
   unreachable, so a kiosk that reloads during an outage still shows its screen. */
var CACHE = "boegbeeld-screen-v1";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  var isScreen = /^\/screens\/[\w-]+\/$/.test(url.pathname) && url.pathname !== "/screens/pair/";
  var isAsset = url.pathname.indexOf("/static/realtime/") === 0;
  if (!isScreen && !isAsset) return;
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(request).then(function (hit) { return hit || Response.error(); });
    })
  );
});

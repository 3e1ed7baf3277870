/* Boegbeeld's service worker (scope /): the app shell from the cache, pages from
   the network first. Only the last library page is kept for offline use; the
   page scripts delete it on sign-out and on any page seen signed out, so one
   person's library is never shown to the next. */
{% autoescape off %}
var SHELL = "boegbeeld-shell-{{ version }}";
var PAGES = "boegbeeld-pages";
var SHELL_FILES = {{ shell }};
var BYPASS = {{ bypass }};
var LIBRARY = {{ library_path }};
{% endautoescape %}
self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL).then(function (cache) { return cache.addAll(SHELL_FILES); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("boegbeeld-shell-") === 0 && name !== SHELL;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function bypassed(url) {
  return BYPASS.some(function (prefix) { return url.pathname.indexOf(prefix) === 0; });
}

function keepLibrary(request, response) {
  // Only this one page, only a real answer (not a redirect to the login page).
  if (!response.ok || response.redirected || response.type !== "basic") return;
  var copy = response.clone();
  caches.open(PAGES).then(function (cache) {
    return cache.keys().then(function (old) {
      return Promise.all(old.map(function (key) { return cache.delete(key); }));
    }).then(function () { return cache.put(request, copy); });
  });
}

function offlinePage(request) {
  return caches.open(PAGES).then(function (cache) {
    return cache.match(request).then(function (hit) {
      if (hit) return hit;
      return cache.keys().then(function (keys) {
        return keys.length ? cache.match(keys[0]) : Response.error();
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || bypassed(url)) return;
  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request).then(function (response) {
        if (url.pathname === LIBRARY) keepLibrary(request, response);
        return response;
      }).catch(function () { return offlinePage(request); })
    );
    return;
  }
  if (SHELL_FILES.indexOf(url.pathname) !== -1) {
    event.respondWith(
      caches.match(request, { cacheName: SHELL }).then(function (hit) {
        return hit || fetch(request);
      })
    );
  }
});

// Service worker of the offline field report form; rendered by pilkada_mitigasi/pwa.py.
// It keeps the report form's page (for the logged-in reporter, refreshed on every visit with
// signal) and the static files it needs, so the form opens without signal. No other page is kept.
// Reports written without signal wait in IndexedDB (static/js/offline.js), not here.
"use strict";
var CONFIG = {{ config|safe }};
var STATIC_CACHE = "pm-static-__VERSION__";
var PAGE_CACHE = "pm-pages";

function keepForm(response) {
  // Only the form itself: never a redirect to the login page or an error page.
  if (response && response.ok && !response.redirected && response.type === "basic") {
    var copy = response.clone();
    caches.open(PAGE_CACHE).then(function (cache) { return cache.put(CONFIG.formUrl, copy); });
  }
  return response;
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC_CACHE)
      .then(function (cache) { return cache.addAll(CONFIG.precache); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("pm-static-") === 0 && name !== STATIC_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("message", function (event) {
  if (event.data === "keep-form") {
    event.waitUntil(fetch(CONFIG.formUrl, { credentials: "same-origin" }).then(keepForm).catch(function () {}));
  } else if (event.data === "forget-pages") {
    event.waitUntil(caches.delete(PAGE_CACHE));
  }
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (url.pathname.indexOf(CONFIG.staticUrl) === 0) {
    // Static files: from the cache at once, refreshed in the background when there is signal.
    event.respondWith(caches.open(STATIC_CACHE).then(function (cache) {
      return cache.match(request).then(function (hit) {
        var fresh = fetch(request).then(function (response) {
          if (response.ok) { cache.put(request, response.clone()); }
          return response;
        });
        if (hit) { fresh.catch(function () {}); return hit; }
        return fresh;
      });
    }));
    return;
  }
  if (request.mode === "navigate") {
    // Pages: always from the network; without signal, the kept report form.
    var isForm = url.pathname === CONFIG.formUrl;
    event.respondWith(fetch(request).then(function (response) {
      return isForm ? keepForm(response) : response;
    }).catch(function () {
      return caches.open(PAGE_CACHE).then(function (cache) {
        return cache.match(CONFIG.formUrl);
      }).then(function (hit) { return hit || Response.error(); });
    }));
  }
});

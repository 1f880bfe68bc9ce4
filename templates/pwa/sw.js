// Service worker of the offline phone forms (the field report, the preventive activity); rendered by
// pilkada_mitigasi/pwa.py. It keeps each form's page (for the logged-in user, refreshed on every visit
// with signal; a form the user may not open is never kept) and the static files they need, so the
// forms open without signal. No other page is kept. Records written without signal wait in IndexedDB
// (static/js/offline.js), not here.
"use strict";
var CONFIG = {{ config|safe }};
var STATIC_CACHE = "pm-static-__VERSION__";
var PAGE_CACHE = "pm-pages";

function keepForm(formUrl, response) {
  // Only the form itself: never a redirect to the login page or an error page.
  if (response && response.ok && !response.redirected && response.type === "basic") {
    var copy = response.clone();
    caches.open(PAGE_CACHE).then(function (cache) { return cache.put(formUrl, copy); });
  }
  return response;
}

function keptPage(path) {
  // The kept copy of that form, else of the first form that is kept (the field report).
  return caches.open(PAGE_CACHE).then(function (cache) {
    var order = CONFIG.formUrls.indexOf(path) >= 0 ? [path].concat(CONFIG.formUrls) : CONFIG.formUrls;
    return order.reduce(function (found, url) {
      return found.then(function (hit) { return hit || cache.match(url); });
    }, Promise.resolve(undefined));
  });
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
    event.waitUntil(Promise.all(CONFIG.formUrls.map(function (formUrl) {
      return fetch(formUrl, { credentials: "same-origin" }).then(function (response) {
        return keepForm(formUrl, response);
      }).catch(function () {});
    })));
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
    // Pages: always from the network; without signal, the kept form of that address, else the
    // kept report form.
    var isForm = CONFIG.formUrls.indexOf(url.pathname) >= 0;
    event.respondWith(fetch(request).then(function (response) {
      return isForm ? keepForm(url.pathname, response) : response;
    }).catch(function () {
      return keptPage(url.pathname).then(function (hit) { return hit || Response.error(); });
    }));
  }
});

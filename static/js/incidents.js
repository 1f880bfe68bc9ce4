// Incident pages: GPS from the browser for the report form, and desa options limited to the kecamatan.
// Loaded as a file: the Content-Security-Policy forbids inline scripts.
(function () {
  "use strict";

  function setupGps() {
    var button = document.querySelector("[data-gps-button]");
    if (!button) { return; }
    var lat = document.querySelector("[data-gps-lat]");
    var lng = document.querySelector("[data-gps-lng]");
    var status = document.querySelector("[data-gps-status]");
    if (!("geolocation" in navigator)) { button.disabled = true; return; }
    button.addEventListener("click", function () {
      status.textContent = button.getAttribute("data-msg-wait");
      navigator.geolocation.getCurrentPosition(function (position) {
        lat.value = position.coords.latitude.toFixed(6);
        lng.value = position.coords.longitude.toFixed(6);
        status.textContent = button.getAttribute("data-msg-ok");
      }, function () {
        status.textContent = button.getAttribute("data-msg-denied");
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  }

  function setupDesaFilter() {
    var kecamatan = document.querySelector("[data-kecamatan-select]");
    var desa = document.querySelector("[data-desa-select]");
    if (!kecamatan || !desa) { return; }
    var codes = {};
    Array.prototype.forEach.call(kecamatan.options, function (option) {
      codes[option.value] = option.textContent;
    });
    function apply() {
      var chosen = kecamatan.options[kecamatan.selectedIndex];
      Array.prototype.forEach.call(desa.options, function (option) {
        var parent = option.getAttribute("data-kecamatan");
        var show = !option.value || !kecamatan.value || parent === chosen.getAttribute("data-code");
        option.hidden = !show;
        option.disabled = !show;
        if (!show && option.selected) { desa.value = ""; }
      });
    }
    kecamatan.addEventListener("change", apply);
    apply();
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupGps();
    setupDesaFilter();
  });
})();

// The area map: kecamatan boundaries from the GeoJSON endpoint; a click opens the area.
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || !window.L) { return; }
  var map = L.map(el, { preferCanvas: true }).setView([1.0, 117.3], 8);
  fetch(el.dataset.kecamatanUrl, { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        style: { color: "#0d6efd", weight: 1.5, fillOpacity: 0.15 },
        onEachFeature: function (feature, lyr) {
          lyr.bindTooltip(feature.properties.name);
          lyr.on("click", function () {
            window.location.href = el.dataset.areaUrlTemplate.replace("CODE", feature.properties.code);
          });
        }
      }).addTo(map);
      map.fitBounds(layer.getBounds());
      el.dataset.loaded = "true";
    });
})();

// The situation map: boundaries coloured by a chosen measure, a legend, a period, point layers
// clustered, and drill-down from the kecamatan of the kabupaten to the desa of one kecamatan.
// Everything it needs comes from data-* attributes of #map and the #map-config JSON script.
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || !window.L) { return; }
  var config = JSON.parse(document.getElementById("map-config").textContent);
  var ds = el.dataset;
  var measureSelect = document.getElementById("map-measure");
  var filtersBox = document.getElementById("map-filters");
  var startInput = document.getElementById("map-start");
  var endInput = document.getElementById("map-end");
  var legendList = document.getElementById("map-legend");
  var noteEl = document.getElementById("map-note");
  var errorEl = document.getElementById("map-error");
  var upButton = document.getElementById("map-up");
  var crumb = document.getElementById("map-crumb");
  var NO_DATA = "#bdbdbd";

  var map = L.map(el, { maxZoom: 18 }).setView([1.0, 117.3], 8);
  if (ds.tileUrl) {
    L.tileLayer(ds.tileUrl, { maxZoom: 18, attribution: ds.tileAttribution }).addTo(map);
  }
  var clusters = L.markerClusterGroup ? L.markerClusterGroup({ showCoverageOnHover: false }) : L.layerGroup();
  clusters.addTo(map);

  var state = { level: "kecamatan", parent: ds.kabupatenCode, parentName: "", layer: null, values: {} };
  var boundaryCache = {};
  // Only the newest request of each kind may draw: an older answer arriving late is dropped.
  var measureSeq = 0, pointsSeq = 0, drillSeq = 0;

  function showError(message) {
    errorEl.textContent = message || "";
    errorEl.classList.toggle("d-none", !message);
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 400) {
          // Field errors of the period or filters, already in the user's language.
          return response.json().then(function (data) {
            var messages = Object.keys(data.errors || {}).map(function (k) { return data.errors[k].join(" "); });
            throw new Error(messages.join(" "));
          });
        }
        if (!response.ok) { throw new Error(""); }
        return response.json();
      });
  }

  function currentMeasure() {
    var name = measureSelect.value;
    return config.measures.filter(function (m) { return m.name === name; })[0];
  }

  function renderFilters() {
    filtersBox.replaceChildren();
    var measure = currentMeasure();
    if (!measure) { return; }
    measure.filters.forEach(function (filter) {
      var wrap = document.createElement("div");
      var label = document.createElement("label");
      label.className = "form-label mb-1";
      label.htmlFor = "map-filter-" + filter.name;
      label.textContent = filter.label;
      var select = document.createElement("select");
      select.className = "form-select form-select-sm map-filter";
      select.id = "map-filter-" + filter.name;
      select.name = filter.name;
      select.dataset.testid = "filter-" + filter.name;
      filter.choices.forEach(function (choice) {
        var option = document.createElement("option");
        option.value = choice[0];
        option.textContent = choice[1];
        select.appendChild(option);
      });
      // The filters narrow the points too (the incident points share the incident measure's query).
      select.addEventListener("change", function () { loadMeasure(); loadPoints(); });
      wrap.appendChild(label);
      wrap.appendChild(select);
      filtersBox.appendChild(wrap);
    });
  }

  function queryParams(extra) {
    var params = new URLSearchParams(extra);
    params.set("tingkat", state.level);
    params.set("induk", state.parent);
    if (startInput.value) { params.set("dari", startInput.value); }
    if (endInput.value) { params.set("sampai", endInput.value); }
    filtersBox.querySelectorAll(".map-filter").forEach(function (select) {
      if (select.value) { params.set(select.name, select.value); }
    });
    return params.toString();
  }

  function styleFor(feature) {
    var value = state.values[feature.properties.code];
    return {
      className: "map-area area-" + feature.properties.code.replace(/\./g, "-"),
      color: "#37474f",
      weight: state.level === "desa" ? 1 : 1.5,
      fillColor: value ? value.color : NO_DATA,
      fillOpacity: value ? 0.65 : 0.25
    };
  }

  function tooltipFor(feature) {
    var value = state.values[feature.properties.code];
    return feature.properties.name + ": " + (value ? value.label : ds.noDataLabel);
  }

  // Leaflet renders a string tooltip as HTML; names and incident titles come from users, so a
  // tooltip is always an element holding the text as a text node.
  function textTooltip(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }

  function renderLegend(legend, note) {
    legendList.replaceChildren();
    legend.concat([{ level: "", label: ds.noDataLabel, color: NO_DATA }]).forEach(function (entry) {
      var item = document.createElement("li");
      var swatch = document.createElement("span");
      swatch.className = "map-legend-swatch";
      swatch.style.backgroundColor = entry.color;
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(entry.label));
      item.dataset.level = entry.level;
      legendList.appendChild(item);
    });
    noteEl.textContent = note || "";
  }

  function loadMeasure() {
    var measure = currentMeasure();
    if (!measure || !state.layer) { return Promise.resolve(); }
    el.dataset.measureLoaded = "";
    var mine = ++measureSeq;
    return getJSON(ds.measureUrl + "?" + queryParams({ ukuran: measure.name }))
      .then(function (data) {
        if (mine !== measureSeq) { return; }
        state.values = data.areas;
        state.layer.setStyle(styleFor);
        state.layer.eachLayer(function (lyr) { lyr.setTooltipContent(textTooltip(tooltipFor(lyr.feature))); });
        renderLegend(data.legend, data.note);
        showError("");
        el.dataset.measureLoaded = data.measure + ":" + data.level + ":" + data.parent;
      })
      .catch(function (error) { if (mine === measureSeq) { showError(error.message || ds.errorLabel); } });
  }

  function loadPoints() {
    clusters.clearLayers();
    var mine = ++pointsSeq;
    var checked = document.querySelectorAll(".map-point-layer:checked");
    var requests = Array.prototype.map.call(checked, function (box) {
      return getJSON(ds.pointsUrl + "?" + queryParams({ lapisan: box.value })).then(function (data) {
        if (mine !== pointsSeq) { return; }
        data.points.forEach(function (point) {
          var marker = L.marker([point.lat, point.lng], {
            title: point.label,
            icon: L.divIcon({
              className: "map-point severity-" + point.severity + (point.kind ? " map-point-" + point.kind : ""),
              iconSize: [14, 14]
            })
          });
          marker.bindTooltip(textTooltip(point.label));
          marker.on("click", function () { window.location.href = point.url; });
          clusters.addLayer(marker);
        });
      });
    });
    return Promise.all(requests)
      .then(function () {
        if (mine !== pointsSeq) { return; }
        el.dataset.pointsLoaded = String(clusters.getLayers().length);
      })
      // The points endpoint refuses a bad period with the same words as the
      // measure endpoint; show the server's message, whichever answers last.
      .catch(function (error) { if (mine === pointsSeq) { showError(error.message || ds.errorLabel); } });
  }

  function onFeature(feature, lyr) {
    lyr.bindTooltip(textTooltip(tooltipFor(feature)), { sticky: true });
    lyr.on("click", function () {
      var code = feature.properties.code;
      if (state.level === "kecamatan" && config.drillable.indexOf(code) !== -1) {
        drill("desa", code, feature.properties.name);
      } else if (state.level === "desa") {
        var content = document.createElement("div");
        var title = document.createElement("strong");
        title.textContent = tooltipFor(feature);
        var link = document.createElement("a");
        link.href = ds.areaUrlTemplate.replace("CODE", code);
        link.textContent = ds.openLabel;
        link.dataset.testid = "area-link";
        content.appendChild(title);
        content.appendChild(document.createElement("br"));
        content.appendChild(link);
        // Links other apps register for a desa, e.g. the list of its incidents.
        (config.areaLinks || []).forEach(function (extra) {
          var a = document.createElement("a");
          a.href = extra.urlTemplate.replace("CODE", encodeURIComponent(code));
          a.textContent = extra.label;
          a.dataset.testid = "area-link-" + extra.name;
          content.appendChild(document.createElement("br"));
          content.appendChild(a);
        });
        L.popup().setLatLng(lyr.getBounds().getCenter()).setContent(content).openOn(map);
      }
    });
  }

  function boundaries(level, parent) {
    var url = level === "kecamatan" ? ds.kecamatanUrl : ds.desaUrlTemplate.replace("CODE", parent);
    if (!boundaryCache[url]) { boundaryCache[url] = getJSON(url); }
    return boundaryCache[url];
  }

  function drill(level, parent, name) {
    el.dataset.level = "";
    var mine = ++drillSeq;
    return boundaries(level, parent)
      .then(function (data) {
        if (mine !== drillSeq) { return; }
        if (state.layer) { map.removeLayer(state.layer); }
        state.level = level;
        state.parent = parent;
        state.values = {};
        state.layer = L.geoJSON(data, { style: styleFor, onEachFeature: onFeature }).addTo(map);
        if (data.features.length) { map.fitBounds(state.layer.getBounds(), { animate: false }); }
        upButton.disabled = level === "kecamatan";
        crumb.textContent = level === "desa" ? name : "";
        el.dataset.level = level + ":" + parent;
        return Promise.all([loadMeasure(), loadPoints()]);
      })
      .catch(function () { showError(ds.errorLabel); });
  }

  measureSelect.addEventListener("change", function () { renderFilters(); loadMeasure(); loadPoints(); });
  [startInput, endInput].forEach(function (input) {
    input.addEventListener("change", function () { loadMeasure(); loadPoints(); });
  });
  document.querySelectorAll(".map-point-layer").forEach(function (box) { box.addEventListener("change", loadPoints); });
  upButton.addEventListener("click", function () { drill("kecamatan", ds.kabupatenCode, ""); });
  document.getElementById("map-controls").addEventListener("submit", function (event) { event.preventDefault(); });

  renderFilters();
  drill("kecamatan", ds.kabupatenCode, "").then(function () { el.dataset.loaded = "true"; });
})();

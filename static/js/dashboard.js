// The dashboard's charts (Chart.js, vendored): reports over time by category, by election phase and
// by area. The data comes from the #dashboard-data JSON script; every number also stands in a table
// with a link to the filtered incident list, so the charts only draw what is already on the page.
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || !window.Chart) { return; }
  var data = JSON.parse(source.textContent);
  var labels = document.getElementById("dashboard-labels").dataset;
  var PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f"];
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas) { return; }
    new Chart(canvas, config);
    canvas.dataset.drawn = "true";
  }

  draw("chart-over-time", {
    type: "line",
    data: {
      labels: data.overTime.labels,
      datasets: data.overTime.datasets.map(function (set, i) {
        var color = PALETTE[i % PALETTE.length];
        return { label: set.label, data: set.data, borderColor: color, backgroundColor: color, tension: 0.2, pointRadius: 1 };
      })
    },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { position: "bottom" } } }
  });

  function bar(id, rows, label, color) {
    var canvas = document.getElementById(id);
    // One row per area or phase, every label shown: the box grows with the rows.
    if (canvas && rows.length > 8) { canvas.parentNode.style.height = (rows.length * 22 + 40) + "px"; }
    draw(id, {
      type: "bar",
      data: {
        labels: rows.map(function (row) { return row.label; }),
        datasets: [{ label: label, data: rows.map(function (row) { return row.value; }), backgroundColor: color }]
      },
      options: {
        indexAxis: "y",
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { ticks: { autoSkip: false } } },
        plugins: { legend: { display: false } }
      }
    });
  }

  bar("chart-by-phase", data.byPhase, labels.reportsLabel, "#6f42c1");
  bar("chart-by-area", data.byArea, labels.reportsLabel, "#0d6efd");
  document.body.dataset.chartsReady = "true";
})();

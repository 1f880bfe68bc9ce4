// The TPS of the chosen desa as suggestions of the TPS number field (a <datalist>), for the report's
// election: the edit form names it (data-tps-election), the new-report form asks for the election of
// the day the event happened. Text only (textContent); no inline script (CSP).
(function () {
  "use strict";
  var input = document.querySelector("[data-tps-input]");
  var desa = document.querySelector("[data-desa-select]");
  if (!input || !desa || !input.dataset.tpsUrl) { return; }
  var list = document.getElementById("tps-options");
  if (!list) {
    list = document.createElement("datalist");
    list.id = "tps-options";
    input.parentNode.appendChild(list);
  }
  var occurred = document.querySelector("[name=occurred_at]");
  function refresh() {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!desa.value) { return; }
    var params = new URLSearchParams({ desa: desa.value });
    if (input.dataset.tpsElection) {
      params.set("pemilihan", input.dataset.tpsElection);
    } else if (occurred && occurred.value) {
      params.set("tanggal", occurred.value.slice(0, 10));
    }
    fetch(input.dataset.tpsUrl + "?" + params.toString(), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { stations: [] }; })
      .then(function (data) {
        (data.stations || []).forEach(function (station) {
          var option = document.createElement("option");
          option.value = station.label;
          option.textContent = station.address ? station.label + " - " + station.address : station.label;
          list.appendChild(option);
        });
      })
      .catch(function () { /* suggestions only: typing the number still works */ });
  }
  desa.addEventListener("change", refresh);
  if (occurred) { occurred.addEventListener("change", refresh); }
  refresh();
})();

// Search-as-you-type pickers of people and organisations (stakeholders/pickers.py).
//
// A picker is a plain <select data-picker-url="..."> holding only its current value(s); without this
// script it stays a working select. With it, Tom Select (vendored, loaded only when a page has a picker)
// asks the URL as the user types and shows each choice's name with its office, organisation and area.
//   data-picker-filter-from="lead_organisation"  the organisation field of the same form narrowing people
//   data-picker-area="64.08.04"                    a fixed area (an incident's)
//   data-picker-area-from="area"                   an area field (valued by code) of the same form
// Loaded as a file: the Content-Security-Policy forbids inline scripts. Text from the server is put
// into the page as text, never as HTML.
(function () {
  "use strict";
  var SELECTOR = "select[data-picker-url]";
  var me = document.currentScript;
  var loading = null;

  function loadTomSelect() {
    if (window.TomSelect) return Promise.resolve();
    if (loading) return loading;
    loading = new Promise(function (resolve, reject) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = me.getAttribute("data-css");
      document.head.appendChild(css);
      var script = document.createElement("script");
      script.src = me.getAttribute("data-js");
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
    return loading;
  }

  function field(select, name) {
    if (!name) return null;
    var form = select.form;
    var found = form ? form.elements.namedItem(name) : null;
    return found || document.getElementById(name) || document.getElementById("id_" + name);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function detail(data) {
    return [data.office, data.organisation, data.area].filter(Boolean).join(" · ");
  }

  function renderOption(data) {
    var node = el("div", "picker-option");
    node.appendChild(el("div", "picker-name", data.text));
    var more = detail(data);
    if (more) node.appendChild(el("div", "picker-detail small text-body-secondary", more));
    return node;
  }

  function renderItem(data) {
    var more = detail(data);
    var node = el("div", "picker-item", data.text);
    if (more) node.title = more;
    return node;
  }

  function enhance(select) {
    if (select.tomselect || select.hasAttribute("data-picker-ready")) return;
    select.setAttribute("data-picker-ready", "");
    var url = select.getAttribute("data-picker-url");
    // Tom Select points the label at its search box; the hidden select keeps the label's name.
    var label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
    if (label && !select.hasAttribute("aria-label")) select.setAttribute("aria-label", label.textContent.trim());
    var orgField = field(select, select.getAttribute("data-picker-filter-from"));
    var areaField = field(select, select.getAttribute("data-picker-area-from"));

    function params(query) {
      var search = new URLSearchParams({ q: query || "" });
      if (orgField && orgField.value) search.set("organisation", orgField.value);
      var area = (areaField && areaField.value) || select.getAttribute("data-picker-area") || "";
      if (area) search.set("area", area);
      return search.toString();
    }

    var tom = new window.TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: [],
      dataAttr: "data-data",
      maxOptions: 20,
      loadThrottle: 250,
      preload: "focus",
      placeholder: select.getAttribute("data-picker-placeholder") || "",
      plugins: select.multiple ? ["remove_button"] : [],
      // The server has searched already: keep every choice it sent, in its order.
      score: function () {
        return function () {
          return 1;
        };
      },
      load: function (query, callback) {
        fetch(url + "?" + params(query), { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) {
            return response.ok ? response.json() : { results: [] };
          })
          .then(function (json) {
            answer(query, json.results, callback);
          })
          .catch(function () {
            answer(query, undefined, callback);
          });
      },
      render: {
        option: renderOption,
        item: renderItem,
        no_results: function () {
          return el("div", "no-results", select.getAttribute("data-picker-empty"));
        },
        loading: function () {
          return el("div", "spinner", "");
        },
        option_create: null,
      },
    });
    tom.wrapper.setAttribute("data-testid", "picker-" + select.name);

    // An answer that arrives after the user has moved on (picked a choice from the list already shown,
    // or typed something else) takes its choices in without opening the list again over the form:
    // Tom Select would reopen it, covering the button the user reaches for next. Locked, it cannot open.
    function answer(query, results, callback) {
      var late = !tom.isOpen && query !== tom.inputValue();
      if (late) tom.lock();
      try {
        callback(results);
      } finally {
        if (late) tom.unlock();
      }
    }

    function refilter() {
      // Another organisation or area: forget the choices found for the old one.
      tom.clearOptions();
      tom.loadedSearches = {};
      tom.preloaded = false;
    }
    [orgField, areaField].forEach(function (other) {
      if (other) other.addEventListener("change", refilter);
    });
  }

  function scan(root) {
    var selects = (root || document).querySelectorAll(SELECTOR);
    if (!selects.length) return;
    loadTomSelect().then(function () {
      selects.forEach(enhance);
    });
  }

  scan(document);
  // A form that htmx swaps in (the triage row's assign form).
  document.addEventListener("htmx:load", function (event) {
    scan(event.target);
  });
})();

// The offline phone forms (a Progressive Web App; see docs/developer.md, "The offline report form"):
// the field report and the preventive activity. Any form marked data-offline-form="<kind>" (with
// data-sync, the address its queued records are posted to) works the same way: a record written
// without signal waits on the phone (IndexedDB) and is sent when the signal returns; every page shows
// "Menunggu dikirim (n)" while any wait. Each record carries the id the phone gave it and the moment
// it was written, so a send repeated after a lost answer finds what it made instead of making a second.
// Loaded as a file: the Content-Security-Policy forbids inline scripts. Text from the server or
// the user goes into the page as text, never as HTML.
(function () {
  "use strict";

  var config = document.getElementById("offline-config");
  if (!config) { return; }
  var PAGE_CACHE = "pm-pages";
  var DB_NAME = "pm-outbox";
  var STORE = "reports";
  var SEND_TIMEOUT_MS = 90000;
  var RETRY_EVERY_MS = 30000;
  var KEEP_FORM_EVERY_MS = 3600000;

  if (config.hasAttribute("data-anonymous")) {
    // Logged out: the kept report page belonged to the session that ended.
    if ("caches" in window) { caches.delete(PAGE_CACHE); }
    return;
  }

  var user = config.getAttribute("data-user");
  var syncUrl = config.getAttribute("data-sync");
  var formUrl = config.getAttribute("data-form");
  var sending = false;

  var form = document.querySelector("[data-offline-form]");
  // The kind of records this page's form writes ("incident" for records queued before kinds existed).
  var formKind = form ? (form.getAttribute("data-offline-form") || "incident") : "";

  function msg(name) {
    // A form may say it in its own words (an activity, not a report); else the shared wording.
    var own = form ? form.getAttribute("data-msg-" + name) : null;
    return own || config.getAttribute("data-msg-" + name) || "";
  }
  function kindOf(record) { return record.kind || "incident"; }

  // --- storage -------------------------------------------------------------------------------

  function openDb() {
    return new Promise(function (resolve, reject) {
      if (!("indexedDB" in window)) { reject(new Error("indexedDB")); return; }
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "id" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function withStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var request = work(transaction.objectStore(STORE));
        transaction.oncomplete = function () { db.close(); resolve(request ? request.result : undefined); };
        transaction.onerror = transaction.onabort = function () { db.close(); reject(transaction.error); };
      });
    });
  }

  function listMine() {
    return withStore("readonly", function (store) { return store.getAll(); }).then(function (rows) {
      return rows.filter(function (row) { return row.user === user; }).sort(function (a, b) {
        return a.writtenAt < b.writtenAt ? -1 : 1;
      });
    });
  }

  function keep(record) { return withStore("readwrite", function (store) { return store.put(record); }); }
  function forget(id) { return withStore("readwrite", function (store) { return store.delete(id); }); }

  // --- ids -----------------------------------------------------------------------------------

  function uuid() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") { return window.crypto.randomUUID(); }
    var bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  // --- sending -------------------------------------------------------------------------------

  function pageToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function freshToken() {
    return fetch(formUrl, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
      if (!response.ok || response.redirected) { throw new Error("login"); }
      return response.text();
    }).then(function (html) {
      var input = new DOMParser().parseFromString(html, "text/html").querySelector("input[name=csrfmiddlewaretoken]");
      if (!input) { throw new Error("login"); }
      return input.value;
    });
  }

  function filesOf(record) {
    // Records queued before a form could hold several files kept one, as "photo".
    return record.files || (record.photo ? [record.photo] : []);
  }

  function send(record, token) {
    var body = new FormData();
    record.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    filesOf(record).forEach(function (file) {
      body.append(file.field, new File([file.data], file.name, { type: file.type }));
    });
    var controller = "AbortController" in window ? new AbortController() : null;
    var timer = controller ? window.setTimeout(function () { controller.abort(); }, SEND_TIMEOUT_MS) : null;
    return fetch(record.sync || syncUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token, "Accept": "application/json" },
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (response.redirected || (response.ok && type.indexOf("json") < 0)) { return { outcome: "login" }; }
      if (response.status === 403) { return { outcome: "forbidden" }; }
      if (response.status === 200 || response.status === 201) {
        return response.json().then(function (data) { return { outcome: "sent", number: data.number, url: data.url }; });
      }
      if (response.status === 400) {
        return response.json().then(function (data) { return { outcome: "invalid", errors: data.errors || {} }; });
      }
      return { outcome: "retry" };
    }, function () {
      return { outcome: "retry" };
    }).then(function (result) {
      if (timer) { window.clearTimeout(timer); }
      return result;
    });
  }

  function errorLines(errors) {
    var lines = [];
    Object.keys(errors).forEach(function (field) {
      var label = document.querySelector("label[for=id_" + field + "]");
      var prefix = label ? label.textContent.replace("*", "").trim() + ": " : "";
      errors[field].forEach(function (text) { lines.push(prefix + text); });
    });
    return lines;
  }

  function flush() {
    if (sending || !navigator.onLine) { return Promise.resolve(); }
    sending = true;
    return listMine().then(function (records) {
      var waiting = records.filter(function (record) { return record.state === "waiting"; });
      var token = pageToken();
      var refreshed = false;
      function next(index) {
        if (index >= waiting.length) { return null; }
        var record = waiting[index];
        return send(record, token).then(function (result) {
          if (result.outcome === "forbidden" && !refreshed) {
            refreshed = true;
            return freshToken().then(function (fresh) { token = fresh; return next(index); }, function () {
              say(msg("login"));
            });
          }
          if (result.outcome === "sent") {
            return forget(record.id).then(function () {
              say(msg("sent") + " " + result.number + ".");
              return next(index + 1);
            });
          }
          if (result.outcome === "invalid") {
            record.state = "invalid";
            record.errors = errorLines(result.errors);
            return keep(record).then(function () { return next(index + 1); });
          }
          if (result.outcome === "login" || result.outcome === "forbidden") { say(msg("login")); }
          return null;  // no signal or a server error: try again later, in the same order
        });
      }
      return next(0);
    }).catch(function () { return null; }).then(function () {
      sending = false;
      return show();
    });
  }

  // --- what the reporter sees ----------------------------------------------------------------

  function say(text) {
    var status = document.querySelector("[data-outbox-status]");
    if (status && text) { status.textContent = text; }
  }

  function show() {
    return listMine().then(function (records) {
      var badge = document.querySelector("[data-outbox-badge]");
      if (badge) {
        badge.hidden = records.length === 0;
        badge.querySelector("[data-outbox-count]").textContent = msg("waiting") + " (" + records.length + ")";
      }
      var panel = document.querySelector("[data-outbox-panel]");
      if (!panel) { return; }
      // The form's panel lists the records of its own kind (its "Perbaiki" puts them back into it).
      var own = records.filter(function (record) { return kindOf(record) === formKind; });
      panel.hidden = own.length === 0;
      var list = panel.querySelector("[data-outbox-list]");
      list.replaceChildren();
      own.forEach(function (record) { list.appendChild(item(record, panel)); });
    }).catch(function () { return null; });
  }

  function item(record, panel) {
    var li = document.createElement("li");
    li.className = "list-group-item";
    li.setAttribute("data-testid", "outbox-item");
    var title = document.createElement("div");
    title.className = "fw-semibold";
    title.textContent = record.title || "-";
    var when = document.createElement("div");
    when.className = "small text-body-secondary";
    when.textContent = new Date(record.writtenAt).toLocaleString(document.documentElement.lang || undefined) +
      " · " + panel.getAttribute(record.state === "invalid" ? "data-msg-invalid" : "data-msg-waiting-one");
    li.appendChild(title);
    li.appendChild(when);
    if (record.state === "invalid") {
      var errors = document.createElement("ul");
      errors.className = "small text-danger mb-1";
      record.errors.forEach(function (line) {
        var e = document.createElement("li");
        e.textContent = line;
        errors.appendChild(e);
      });
      li.appendChild(errors);
      var fix = document.createElement("button");
      fix.type = "button";
      fix.className = "btn btn-sm btn-outline-primary me-2";
      fix.textContent = panel.getAttribute("data-msg-fix");
      fix.addEventListener("click", function () { fillForm(record); });
      li.appendChild(fix);
    }
    var drop = document.createElement("button");
    drop.type = "button";
    drop.className = "btn btn-sm btn-outline-danger";
    drop.textContent = panel.getAttribute("data-msg-delete");
    drop.addEventListener("click", function () {
      if (window.confirm(panel.getAttribute("data-msg-delete-confirm"))) { forget(record.id).then(show); }
    });
    li.appendChild(drop);
    return li;
  }

  // --- the report form -----------------------------------------------------------------------

  function titleOf(data) {
    // What the queue shows for a record: the form's title field, or the label of the field the form
    // names in data-offline-title (the activity's kind).
    var name = form.getAttribute("data-offline-title") || "title";
    var element = form.querySelector("[name='" + name + "']:checked") || form.querySelector("select[name='" + name + "']");
    if (element && element.tagName === "SELECT" && element.selectedIndex >= 0) {
      return element.options[element.selectedIndex].textContent.trim();
    }
    if (element && element.labels && element.labels.length) { return element.labels[0].textContent.trim(); }
    return String(data.get(name) || "");
  }

  function recordFrom() {
    var data = new FormData(form);
    var fields = [];
    var files = [];
    data.forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") { return; }
      if (value instanceof File) {
        if (value.size) { files.push({ field: name, file: value }); }
        return;
      }
      fields.push([name, value]);
    });
    var record = {
      id: String(data.get("client_id")),
      kind: formKind,
      sync: form.getAttribute("data-sync") || syncUrl,
      user: user,
      writtenAt: String(data.get("written_at") || new Date().toISOString()),
      title: titleOf(data),
      fields: fields,
      files: [],
      state: "waiting",
      errors: []
    };
    // A copy of the photos' bytes: the files on the phone may be gone by the time there is signal.
    return Promise.all(files.map(function (entry) {
      return entry.file.arrayBuffer().then(function (buffer) {
        return { field: entry.field, name: entry.file.name, type: entry.file.type, data: buffer };
      });
    })).then(function (copies) {
      record.files = copies;
      return record;
    });
  }

  function newReport() {
    form.reset();
    form.querySelector("[data-client-id]").value = uuid();
    var kecamatan = form.querySelector("[data-kecamatan-select]");
    if (kecamatan) { kecamatan.dispatchEvent(new Event("change")); }
  }

  function queue(record) {
    return keep(record).then(function () {
      newReport();
      say(msg("queued"));
      return show();
    }, function () {
      say(msg("no-storage"));
    }).then(function () {
      var panel = document.querySelector("[data-outbox-panel]");
      if (panel) { panel.scrollIntoView(); }
    });
  }

  function fillForm(record) {
    form.reset();
    Array.prototype.forEach.call(form.querySelectorAll("select[multiple] option"), function (option) {
      option.selected = false;
    });
    record.fields.forEach(function (pair) {
      Array.prototype.forEach.call(form.querySelectorAll("[name='" + pair[0] + "']"), function (element) {
        if (element.type === "radio") {
          element.checked = element.value === pair[1];
        } else if (element.type === "checkbox") {
          // Several values of one name (a list of checkboxes): each value ticks its own box.
          element.checked = element.checked || element.value === pair[1];
        } else if (element.multiple) {
          Array.prototype.forEach.call(element.options, function (option) {
            if (option.value === pair[1]) { option.selected = true; }
          });
        } else {
          element.value = pair[1];
        }
      });
    });
    form.querySelector("[data-client-id]").value = record.id;
    var files = filesOf(record);
    if (files.length && "DataTransfer" in window) {
      var transfers = {};
      files.forEach(function (file) {
        transfers[file.field] = transfers[file.field] || new DataTransfer();
        transfers[file.field].items.add(new File([file.data], file.name, { type: file.type }));
      });
      Object.keys(transfers).forEach(function (field) {
        var input = form.querySelector("[name='" + field + "']");
        if (input) { input.files = transfers[field].files; }
      });
    }
    var kecamatan = form.querySelector("[data-kecamatan-select]");
    if (kecamatan) {
      var desa = form.querySelector("[data-desa-select]");
      var chosen = desa ? desa.value : "";
      kecamatan.dispatchEvent(new Event("change"));
      if (desa) { desa.value = chosen; }
    }
    form.scrollIntoView();
  }

  if (form) {
    var idInput = form.querySelector("[data-client-id]");
    if (!idInput.value) { idInput.value = uuid(); }
    form.addEventListener("submit", function (event) {
      // The moment of writing, kept with the report however late it is sent.
      var writtenAt = form.querySelector("[data-written-at]");
      if (writtenAt) { writtenAt.value = new Date().toISOString(); }
      event.preventDefault();
      var button = form.querySelector("[type=submit]");
      button.disabled = true;
      recordFrom().then(function (record) {
        if (!navigator.onLine) { return queue(record); }
        say(msg("sending"));
        return send(record, pageToken()).then(function (result) {
          if (result.outcome === "sent") {
            return forget(record.id).catch(function () { return null; }).then(function () {
              window.location.assign(result.url);
            });
          }
          if (result.outcome === "retry") { return queue(record); }
          // Field errors or a lost session: the server's own page says what to do (the same id
          // goes with it, so this send can never make a second report).
          form.submit();
          return null;
        });
      }).then(function () { button.disabled = false; }, function () { button.disabled = false; form.submit(); });
    });
    var sendNow = document.querySelector("[data-outbox-send]");
    if (sendNow) { sendNow.addEventListener("click", flush); }
  }

  // --- the service worker and the triggers ---------------------------------------------------

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(config.getAttribute("data-sw"), { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      var last = Number(window.sessionStorage.getItem("pm-form-kept") || 0);
      if (registration.active && Date.now() - last > KEEP_FORM_EVERY_MS) {
        window.sessionStorage.setItem("pm-form-kept", String(Date.now()));
        registration.active.postMessage("keep-form");
      }
    }).catch(function () { return null; });
  }

  document.addEventListener("submit", function (event) {
    if (event.target.hasAttribute("data-logout") && "caches" in window) { caches.delete(PAGE_CACHE); }
  });
  window.addEventListener("online", flush);
  window.setInterval(flush, RETRY_EVERY_MS);
  show().then(flush);
})();

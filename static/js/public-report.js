// The public report form: a proof of work instead of a third-party captcha (collect/public.py).
// The browser finds a counter such that SHA-256 of "<challenge>:<counter>" starts with the asked
// number of zero bits; the send button waits until it is found. Loaded as a file (strict CSP).
(function () {
  "use strict";
  var form = document.querySelector("[data-pow-form]");
  if (!form) { return; }
  var challenge = form.querySelector("[data-pow-challenge]").value;
  var answer = form.querySelector("[data-pow-answer]");
  var button = form.querySelector("[type=submit]");
  var status = form.querySelector("[data-pow-status]");
  var bits = Number(form.getAttribute("data-pow-bits"));
  if (answer.value || !(window.crypto && window.crypto.subtle && window.TextEncoder)) { return; }
  var encoder = new TextEncoder();
  var BATCH = 256;

  function zeroBits(bytes) {
    var count = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) { count += 8; continue; }
      return count + Math.clz32(bytes[i]) - 24;
    }
    return count;
  }

  function search(start) {
    var tries = [];
    for (var i = 0; i < BATCH; i++) {
      tries.push(window.crypto.subtle.digest("SHA-256", encoder.encode(challenge + ":" + (start + i))));
    }
    return Promise.all(tries).then(function (digests) {
      for (var i = 0; i < digests.length; i++) {
        if (zeroBits(new Uint8Array(digests[i])) >= bits) { return start + i; }
      }
      return search(start + BATCH);
    });
  }

  button.disabled = true;
  status.textContent = form.getAttribute("data-msg-working");
  search(0).then(function (found) {
    answer.value = String(found);
    button.disabled = false;
    status.textContent = form.getAttribute("data-msg-ready");
  });
})();

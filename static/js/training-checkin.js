// Trainer's check-in page: scan a ticket QR with the device camera (vendored html5-qrcode)
// or type the code; the form posts with htmx and shows the server's answer.
(function () {
  "use strict";
  var form = document.getElementById("checkin-form");
  var input = document.getElementById("checkin-code");
  var select = document.querySelector("[data-autosubmit]");
  if (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  }
  if (!form || !input) { return; }

  // Ready for the next participant as soon as the answer is shown.
  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.elt === form) {
      input.value = "";
      input.focus();
    }
  });

  var lastCode = "";
  var lastAt = 0;
  function submitCode(code) {
    var now = Date.now();
    // The camera reads the same QR many times a second: send it once.
    if (code === lastCode && now - lastAt < 3000) { return; }
    lastCode = code;
    lastAt = now;
    input.value = code.trim().toUpperCase();
    form.requestSubmit();
  }

  var startButton = document.getElementById("camera-start");
  var errorBox = document.getElementById("camera-error");
  var scanner = null;
  if (startButton) {
    startButton.addEventListener("click", function () {
      if (typeof window.Html5Qrcode === "undefined") { return; }
      if (scanner) { return; }
      scanner = new window.Html5Qrcode("qr-reader");
      scanner.start(
        { facingMode: "environment" },
        { fps: 10, qrbox: { width: 240, height: 240 } },
        submitCode,
        function () { /* no QR in this frame */ }
      ).then(function () {
        startButton.hidden = true;
      }).catch(function () {
        scanner = null;
        errorBox.textContent = errorBox.getAttribute("data-message");
        errorBox.hidden = false;
      });
    });
  }
})();

// Site-wide behaviour. Loaded as a file: the Content-Security-Policy forbids inline scripts.
(function () {
  "use strict";
  // Confirm before destructive submits: <button data-confirm="...">.
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-confirm]");
    if (target && !window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();

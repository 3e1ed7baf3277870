/* Waiting screen: poll until a screen manager enters the code, then go live. */
(function () {
  "use strict";
  var code = document.getElementById("pair-code");
  var statusUrl = code.getAttribute("data-status-url");
  var started = Date.now();

  function poll() {
    fetch(statusUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (data.state === "paired" && data.url) {
          window.location.replace(data.url);
          return;
        }
        if (data.state === "expired" || Date.now() - started > 11 * 60 * 1000) {
          window.location.reload();
          return;
        }
        setTimeout(poll, 3000);
      })
      .catch(function () { setTimeout(poll, 10000); });
  }
  setTimeout(poll, 2000);
})();

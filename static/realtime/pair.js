/* Waiting screen: ask for a code, then poll until a screen manager enters it and go live.
   Asking and polling are POSTs: opening the page itself never creates a pairing. */
(function () {
  "use strict";
  var start = document.getElementById("pair-start");
  if (start) {
    start.submit();  // no one is there to press the button on a wall screen
    return;
  }
  var code = document.getElementById("pair-code");
  var statusUrl = code.getAttribute("data-status-url");
  var startUrl = code.getAttribute("data-start-url");
  var csrf = code.getAttribute("data-csrf");
  var started = Date.now();

  function again() {
    window.location.replace(startUrl);  // a GET: the start page asks for a new code
  }

  function poll() {
    fetch(statusUrl, {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      headers: { "X-CSRFToken": csrf },
    })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (data.state === "paired" && data.url) {
          window.location.replace(data.url);
          return;
        }
        if (data.state === "expired" || Date.now() - started > 11 * 60 * 1000) {
          again();
          return;
        }
        setTimeout(poll, 3000);
      })
      .catch(function () { setTimeout(poll, 10000); });
  }
  setTimeout(poll, 2000);
})();

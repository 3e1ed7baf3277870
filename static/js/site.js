/* Every page: the narrow-screen menu, the service worker, forgetting the cached
   library on sign-out. No dependencies; does nothing where a feature is missing. */
(function () {
  "use strict";

  /* Menu: a disclosure button (aria-expanded) for the links on a narrow screen.
     Escape closes it and returns focus to the button; so does a click elsewhere. */
  var toggle = document.querySelector(".menu-toggle");
  var menu = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
  if (toggle && menu) {
    var setOpen = function (open) { toggle.setAttribute("aria-expanded", open ? "true" : "false"); };
    var isOpen = function () { return toggle.getAttribute("aria-expanded") === "true"; };
    toggle.addEventListener("click", function () { setOpen(!isOpen()); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && isOpen()) {
        setOpen(false);
        toggle.focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (isOpen() && !toggle.contains(event.target) && !menu.contains(event.target)) setOpen(false);
    });
  }

  /* The cached library belongs to whoever was signed in: gone on sign-out, and on
     any page seen signed out (a session that ended elsewhere). */
  var forgetPages = function () {
    if (!("caches" in window)) return Promise.resolve();
    return caches.delete("boegbeeld-pages").catch(function () {});
  };
  var body = document.body;
  if (!body.getAttribute("data-signed-in")) forgetPages();
  var signOut = document.querySelector("form[data-sign-out]");
  if (signOut) {
    signOut.addEventListener("submit", function (event) {
      if (signOut.getAttribute("data-cleared")) return;
      event.preventDefault();
      signOut.setAttribute("data-cleared", "1");
      forgetPages().then(function () { signOut.submit(); });
    });
  }

  var worker = body.getAttribute("data-service-worker");
  if (worker && body.getAttribute("data-signed-in") && "serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register(worker, { scope: "/" }).catch(function () {});
  }
})();

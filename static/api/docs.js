/* The API docs page: Swagger UI from our own static files, set up from the
 * settings the server put in the page (no inline script). */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("swagger-settings").textContent);
  var csrfToken = document.body.getAttribute("data-csrf-token");
  config.dom_id = "#swagger-ui";
  config.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
  if (csrfToken) {
    // "Try it out" with the logged-in session: the API checks its CSRF token.
    config.requestInterceptor = function (request) {
      request.headers["X-CSRFToken"] = csrfToken;
      return request;
    };
  }
  SwaggerUIBundle(config);
})();

// The API docs page: Swagger UI (vendored, static/vendor/swagger-ui) over the app's own OpenAPI schema.
// A file rather than an inline script, so the page runs under the app's Content-Security-Policy.
(function () {
  "use strict";
  var box = document.getElementById("swagger-ui");
  if (!box || typeof SwaggerUIBundle !== "function") { return; }
  window.detenteDocs = SwaggerUIBundle({
    url: box.dataset.schema,
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // no calls out: the validator badge would send the schema to a public service
    validatorUrl: null,
    onComplete: function () { box.dataset.ready = "true"; }
  });
}());

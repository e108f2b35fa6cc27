// Starts Swagger UI on /api/v1/docs. A file rather than an inline script: the
// Content-Security-Policy allows scripts from this site only.
(function () {
  "use strict";
  var node = document.getElementById("swagger-ui");
  window.ui = window.SwaggerUIBundle({
    url: node.getAttribute("data-url"),
    domNode: node,
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis, window.SwaggerUIStandalonePreset],
    layout: "BaseLayout",
    validatorUrl: null,
  });
})();

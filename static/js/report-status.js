// Report page: while a report is queued or generating, ask for its status every few seconds
// and reload the page when it changes (a plain refresh shows the same thing).
(function () {
  "use strict";
  var el = document.getElementById("report-status");
  if (!el || !el.dataset.statusUrl || !window.fetch) { return; }
  var url = el.dataset.statusUrl;
  var current = el.dataset.status;
  var delay = 3000;
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && data.status !== current) { window.location.reload(); return; }
        delay = Math.min(delay * 1.5, 30000);
        window.setTimeout(poll, delay);
      })
      .catch(function () { window.setTimeout(poll, 30000); });
  }
  window.setTimeout(poll, delay);
})();

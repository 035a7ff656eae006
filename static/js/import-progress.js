// Polls an import's (or a large preview's) progress (kept in the database, so any server worker can answer)
// and reloads the page when the import has finished. No libraries, no CDN.
(function () {
  "use strict";
  var box = document.querySelector("[data-poll]");
  if (!box) { return; }
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-progress-text]");
  function poll() {
    fetch(box.getAttribute("data-poll"), { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (!s) { return; }
        if (s.state === "running") {
          bar.max = s.total || 1;
          bar.value = s.processed;
          text.textContent = s.processed + " / " + s.total;
        } else if (s.state === "checking") {
          text.textContent = s.processed + " \u2713";  // rows checked; the total is not known yet
        }
        if (s.state === "running" || s.state === "checking") { window.setTimeout(poll, 1500); }
        else { window.location.assign(box.getAttribute("data-reload")); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();

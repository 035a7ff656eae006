// The case file's report form asks only what the chosen mode needs: the kelurahan for
// mobile counseling, the time of a video call for video calls. Without this script every
// field shows (their labels say when they apply) and the server ignores what a mode
// does not use.
(function () {
  "use strict";
  var form = document.getElementById("catat-laporan");
  if (!form) { return; }
  var mode = form.querySelector("select[name=mode]");
  var parts = form.querySelectorAll("[data-mode-only]");
  if (!mode || !parts.length) { return; }
  function show() {
    parts.forEach(function (part) {
      var wanted = part.getAttribute("data-mode-only") === mode.value;
      // A refused field stays in view whatever the mode, so its message is seen.
      part.hidden = !wanted && !part.querySelector(".has-error");
    });
  }
  mode.addEventListener("change", show);
  show();
})();

// A link to a wajib lapor date folded away (#jadwal-12 among the earlier or later dates)
// opens its fold, so every date stays reachable by its address.
(function () {
  "use strict";
  function unfold() {
    var target = location.hash && document.getElementById(location.hash.slice(1));
    var fold = target && target.closest("details");
    if (fold && !fold.open) {
      fold.open = true;
      target.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", unfold);
  unfold();
})();

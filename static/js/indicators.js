// Indicator pages: say so when a wide table scrolls sideways (the cue is hidden when
// everything fits), and show a chart point's value on tap or keyboard focus too, not
// only on mouse hover (SVG <title> tips appear only for a mouse).
(function () {
  "use strict";

  function scrollCues() {
    document.querySelectorAll("[data-scroll-cue]").forEach(function (box) {
      var cue = box.nextElementSibling;
      var over = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("overflowing", over);
      if (cue && cue.classList.contains("scroll-cue")) { cue.hidden = !over; }
    });
  }

  function pointTips() {
    var tip = document.createElement("div");
    tip.className = "chart-tip";
    tip.setAttribute("role", "status");
    tip.hidden = true;
    document.body.appendChild(tip);
    document.querySelectorAll("svg.chart .point, svg.chart .bar").forEach(function (g) {
      var title = g.querySelector("title");
      if (!title) { return; }
      g.setAttribute("tabindex", "0");
      function show() {
        var box = g.getBoundingClientRect();
        tip.textContent = title.textContent;
        tip.hidden = false;
        tip.style.left = Math.max(4, Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 4)) + "px";
        tip.style.top = (window.scrollY + box.top - tip.offsetHeight - 6) + "px";
      }
      g.addEventListener("click", show);
      g.addEventListener("focus", show);
      g.addEventListener("blur", function () { tip.hidden = true; });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    scrollCues();
    pointTips();
    window.addEventListener("resize", scrollCues);
  });
})();

// Small progressive enhancements shared by every page. Each page works without them;
// no libraries, no CDN. Loaded in <head> so the `js` class is set before the first paint
// (a phone never sees the menu flash open).
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");

  // The menu behind its button on small screens.
  function menu() {
    var toggle = document.querySelector(".menu-toggle");
    if (!toggle) { return; }
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = document.body.classList.toggle("menu-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // The menu entry of the current page is marked (the longest matching path wins).
  function currentNav() {
    var path = window.location.pathname, best = null, bestLen = 0;
    document.querySelectorAll(".mainnav a").forEach(function (a) {
      var href = a.getAttribute("href") || "";
      var inside = path === href || path.indexOf(href.replace(/\/$/, "") + "/") === 0;
      if (inside && href.length > bestLen) { best = a; bestLen = href.length; }
    });
    if (best) { best.setAttribute("aria-current", "page"); }
  }

  // Stacked table cards on a phone name each value by its column heading.
  function tableLabels() {
    document.querySelectorAll("table.data").forEach(function (table) {
      var heads = table.querySelectorAll("thead th");
      if (!heads.length) { return; }
      var names = Array.prototype.map.call(heads, function (th) { return th.textContent.trim(); });
      table.querySelectorAll("tbody tr").forEach(function (tr) {
        var col = 0;
        Array.prototype.forEach.call(tr.children, function (td) {
          if (td.tagName === "TD" && !td.hasAttribute("data-label") && names[col] && td.colSpan < 2) {
            td.setAttribute("data-label", names[col]);
          }
          col += td.colSpan || 1;
        });
      });
    });
  }

  // A refused form: focus its error summary so it is read and seen first. After a save,
  // the changed row (marked by the server) is brought into view.
  function focusFeedback() {
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); return; }
    var changed = document.querySelector("[data-changed]");
    if (changed) {
      changed.classList.add("changed");
      changed.scrollIntoView({ block: "center" });
    }
  }

  // "Select all" boxes (attendance): one click marks every box of its group.
  function selectAll() {
    document.querySelectorAll("[data-select-all]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var form = button.form || document;
        form.querySelectorAll('input[type=checkbox][name="' + button.getAttribute("data-select-all") + '"]')
          .forEach(function (box) { box.checked = true; });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    menu();
    currentNav();
    tableLabels();
    selectAll();
    focusFeedback();
  });
})();

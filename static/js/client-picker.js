// Suggestions for a client typed into <input data-lookup="URL" list="ID">: the server's
// lookup (office-scoped, juvenile rule applied) fills the datalist as the user types.
// Without this script the form still works: the server resolves what was typed.
(function () {
  "use strict";
  function attach(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var url = input.getAttribute("data-lookup");
    var timer = null, asked = "";
    if (!list || !url) { return; }
    function ask() {
      var q = input.value.trim();
      if (q.length < 2 || q === asked) { return; }
      asked = q;
      var sep = url.indexOf("?") < 0 ? "?" : "&";
      fetch(url + sep + "q=" + encodeURIComponent(q), {
        credentials: "same-origin", headers: { Accept: "application/json" }
      }).then(function (r) { return r.ok ? r.json() : []; }).then(function (items) {
        if (input.value.trim() !== q) { return; }  // typed on meanwhile: a newer answer comes
        while (list.firstChild) { list.removeChild(list.firstChild); }
        items.forEach(function (item) {
          var option = document.createElement("option");
          option.value = item.label;
          if (item.kelurahan) { option.label = item.label + " · " + item.kelurahan; }
          list.appendChild(option);
        });
      }).catch(function () { /* offline: the server still resolves what was typed */ });
    }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 180);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-lookup]").forEach(attach);
  });
})();

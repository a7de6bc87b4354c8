/* Progressive enhancement only: every link works without this script. */
(function () {
  "use strict";
  var root = document.documentElement;
  // 适老化 large-text mode, remembered on this device.
  if (localStorage.getItem("gongkai-large") === "1") root.classList.add("large");
  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.querySelector("[data-large-text]");
    if (toggle) {
      toggle.setAttribute("aria-pressed", root.classList.contains("large") ? "true" : "false");
      toggle.addEventListener("click", function () {
        var on = root.classList.toggle("large");
        toggle.setAttribute("aria-pressed", on ? "true" : "false");
        localStorage.setItem("gongkai-large", on ? "1" : "0");
      });
    }
    // Leader profiles open in a native modal <dialog>: focus moves in, Esc and 关闭 close it,
    // and focus returns to the link that opened it.
    document.querySelectorAll("a[data-dialog]").forEach(function (link) {
      var dialog = document.getElementById(link.getAttribute("data-dialog"));
      if (!dialog || typeof dialog.showModal !== "function") return;
      link.setAttribute("aria-haspopup", "dialog");
      link.addEventListener("click", function (event) {
        event.preventDefault();
        dialog.showModal();
      });
      dialog.addEventListener("close", function () { link.focus(); });
    });
  });
})();

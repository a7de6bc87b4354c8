// Column suggestions beside the column picker (gongkai publishing). No build step.
(function () {
  "use strict";
  function bodyText() {
    var input = document.getElementById("id_body");
    if (!input || !input.value) return "";
    try {
      var state = JSON.parse(input.value);
      if (!state || !state.blocks) return "";
      return (state.blocks || []).map(function (b) { return b.text; }).join("\n").slice(0, 3000);
    } catch (e) {
      return input.value.replace(/<[^>]+>/g, " ").slice(0, 3000);
    }
  }
  function setup(box) {
    var url = box.getAttribute("data-suggest-url");
    var panel = box.querySelector(".gk-suggest");
    var list = box.querySelector(".gk-suggest-list");
    var title = document.getElementById("id_title");
    var unit = document.getElementById("id_unit");
    var timer = null;
    function render(items, unitId) {
      list.textContent = "";
      items.forEach(function (item) {
        var li = document.createElement("li");
        var name = document.createElement("strong");
        name.textContent = item.name;
        li.appendChild(name);
        li.appendChild(document.createTextNode("：" + item.reasons.join("；") + " "));
        var selector = 'input[data-column-key="' + item.key + '"][data-unit="' + unitId + '"]';
        var checkbox = box.querySelector(selector);
        if (checkbox) {
          var button = document.createElement("button");
          button.type = "button";
          button.className = "button button-small button-secondary";
          button.textContent = checkbox.checked ? "已选中" : "选中此栏目";
          button.disabled = checkbox.checked;
          button.addEventListener("click", function () {
            checkbox.checked = true;
            button.textContent = "已选中";
            button.disabled = true;
          });
          li.appendChild(button);
        }
        list.appendChild(li);
      });
      panel.hidden = items.length === 0;
    }
    function refresh() {
      var unitId = unit ? unit.value : "";
      if (!unitId || !title || !title.value.trim()) { panel.hidden = true; return; }
      var params = new URLSearchParams({ unit: unitId, title: title.value, body: bodyText() });
      fetch(url + "?" + params.toString(), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (data) { render(data.suggestions || [], unitId); })
        .catch(function () { panel.hidden = true; });
    }
    function later() { clearTimeout(timer); timer = setTimeout(refresh, 600); }
    [title, unit].forEach(function (el) { if (el) el.addEventListener("input", later); });
    if (unit) unit.addEventListener("change", later);
    var body = document.getElementById("id_body");
    if (body) body.addEventListener("change", later);
    refresh();
  }
  function init() {
    document.querySelectorAll(".gk-columns[data-suggest-url]").forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

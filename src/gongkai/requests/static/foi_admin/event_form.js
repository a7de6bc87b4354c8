// Shows only the fields that apply to the chosen step; without JavaScript all stay visible.
(function () {
  var select = document.getElementById("id_kind");
  if (!select) return;
  var groups = document.querySelectorAll("[data-kinds]");
  function update() {
    groups.forEach(function (group) {
      var kinds = group.getAttribute("data-kinds").split(" ");
      group.hidden = kinds.indexOf(select.value) === -1;
    });
  }
  select.addEventListener("change", update);
  update();
})();

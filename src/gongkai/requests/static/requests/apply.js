/* The request form, receipt and status pages: progressive enhancement only; every page works
   without this script. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // Move focus to the error summary or notice, so a screen reader reads it first.
    var first = document.querySelector("[data-focus-on-load]");
    if (first) first.focus();

    // Error summary links: focus the field itself, not just scroll to it.
    document.querySelectorAll(".error-summary a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var target = document.getElementById(link.getAttribute("href").slice(1));
        if (!target) return;
        event.preventDefault();
        target.scrollIntoView({ block: "center" });
        target.focus();
      });
    });

    // Characters typed so far in the description (counted as the server counts them).
    document.querySelectorAll("[data-counter-for]").forEach(function (counter) {
      var field = document.getElementById(counter.getAttribute("data-counter-for"));
      var max = parseInt(counter.getAttribute("data-max"), 10);
      if (!field || !max) return;
      var update = function () {
        var n = Array.from(field.value.trim()).length;
        counter.textContent = "已输入 " + n + " 字，最多 " + max + " 字" + (n > max ? "（超出 " + (n - max) + " 字）" : "");
        counter.classList.toggle("over", n > max);
      };
      counter.hidden = false;
      field.addEventListener("input", update);
      update();
    });

    // 姓名 for a person, 名称 for an organisation.
    var types = document.querySelectorAll("[data-applicant-type] input[type=radio]");
    var nameLabel = document.querySelector("label[for=id_applicant_name] [data-label]");
    if (types.length && nameLabel) {
      var relabel = function () {
        var chosen = document.querySelector("[data-applicant-type] input[type=radio]:checked");
        if (!chosen) nameLabel.textContent = "申请人姓名或名称";
        else nameLabel.textContent = chosen.value === "natural_person" ? "申请人姓名" : "申请人（单位）名称";
      };
      types.forEach(function (radio) { radio.addEventListener("change", relabel); });
      relabel();
    }

    // 复制查询码
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      if (!navigator.clipboard) return;
      var status = document.querySelector("[data-copy-status]");
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
          if (status) status.textContent = "已复制查询码";
        }, function () {
          if (status) status.textContent = "未能复制，请手工抄下查询码";
        });
      });
    });

    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();

// The admin's quiz page: under each question's kind, the grading rule of the kind chosen
// (the select carries every rule in data-rules), instead of all six rules under every question.
"use strict";

(function () {
  function showRule(select) {
    const rules = JSON.parse(select.dataset.rules);
    const row = select.closest(".flex-container") || select;
    let note = row.parentElement.querySelector(".kind-rule");
    if (!note) {
      note = document.createElement("div");
      note.className = "help kind-rule";
      note.setAttribute("aria-live", "polite");
      row.insertAdjacentElement("afterend", note);
    }
    note.textContent = rules[select.value] || "Choose a kind to see how it is graded.";
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-rules]")) showRule(event.target);
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-rules]").forEach(function (select) {
      if (!select.closest(".empty-form")) showRule(select);
    });
  });
})();

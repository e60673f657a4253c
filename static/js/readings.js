// Readings hidden until tapped (the learner's setting puts "readings-tap" on <body>): each
// word with a reading becomes a toggle button, by tap, click, Enter or Space.
(function () {
  "use strict";

  function toggle(ruby) {
    var shown = ruby.getAttribute("aria-pressed") === "true";
    ruby.setAttribute("aria-pressed", shown ? "false" : "true");
  }

  function setUp() {
    if (!document.body.classList.contains("readings-tap")) {
      return;
    }
    document.querySelectorAll("main ruby").forEach(function (ruby) {
      ruby.setAttribute("role", "button");
      ruby.setAttribute("tabindex", "0");
      ruby.setAttribute("aria-pressed", "false");
      ruby.setAttribute("title", "Show or hide the reading");
      ruby.addEventListener("click", function () {
        toggle(ruby);
      });
      ruby.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          toggle(ruby);
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();

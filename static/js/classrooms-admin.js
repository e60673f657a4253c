// A class's admin page: copy buttons for its link and code, and "Are you sure?" before a new
// code replaces the current one. Without JavaScript the values can still be selected and copied.
(function () {
  "use strict";

  function announce(text) {
    var status = document.querySelector(".copy-status");
    if (status) {
      status.textContent = text;
    }
  }

  function copy(input, button) {
    var done = function () {
      var label = button.textContent;
      announce("Copied: " + input.value);
      button.classList.add("is-copied");
      button.textContent = "Copied ✓";
      window.setTimeout(function () {
        button.classList.remove("is-copied");
        button.textContent = label;
      }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, function () {
        input.select();
        announce("Press Ctrl+C (or ⌘C) to copy.");
      });
      return;
    }
    input.select();
    if (document.execCommand && document.execCommand("copy")) {
      done();
    } else {
      announce("Press Ctrl+C (or ⌘C) to copy.");
    }
  }

  function start() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      var input = document.getElementById(button.getAttribute("data-copy"));
      if (!input) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        copy(input, button);
      });
    });
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) {
          event.preventDefault();
        }
      });
    });
    document.querySelectorAll("input.share-value").forEach(function (input) {
      input.addEventListener("focus", function () {
        input.select();
      });
    });
  }

  // The admin puts its scripts in the page's head, before the page itself.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

// The admin's authoring pages. Everything here improves a page that already works without it:
// - under each question's kind, the grading rule of the kind chosen (the select carries every
//   rule in data-rules), instead of all six rules under every question;
// - a question's options show only the fields its kind reads, under the kind's own headings
//   (every field is still sent, so the page saves the same without this script); a new
//   true-or-false question gets its two options;
// - Move up / Move down buttons on every row that can be dragged, announced in a live region;
// - a lesson's text previewed live, rendered by the server's one sanitizer.
"use strict";

(function () {
  // ---- The kind's rule, under the kind ----

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

  // ---- Options that fit the kind ----

  // For each kind: the heading of each field it reads; a field not named is not shown.
  const OPTION_FIELDS = {
    single: { text: "Option", is_correct: "Correct", feedback: "Feedback (optional)" },
    multiple: { text: "Option", is_correct: "Correct", feedback: "Feedback (optional)" },
    true_false: { text: "Option", is_correct: "Correct", feedback: "Feedback (optional)" },
    short_text: { text: "Accepted answer" },
    ordering: { text: "Item (list them in the correct order)" },
    matching: { text: "Left side", match_text: "Matches (right side)" },
  };
  const ADD_LABELS = {
    short_text: "Add another accepted answer",
    ordering: "Add another item",
    matching: "Add another pair",
  };
  const GROUP_TITLES = {
    short_text: "Accepted answers",
    ordering: "Items, in the correct order",
    matching: "Pairs",
    true_false: "The two options",
  };
  const HEADINGS = { text: "text", is_correct: "correct", match_text: "match-text", feedback: "feedback" };

  function optionsGroupOf(select) {
    const scope = select.closest(".djn-inline-form") || document.getElementById("content-main");
    return scope && scope.querySelector(".djn-group[id$='choices-group']");
  }

  function liveRows(group) {
    const items = group.querySelector(".djn-items");
    return items ? sortableItems(items) : [];
  }

  function fitOptions(select) {
    const group = optionsGroupOf(select);
    if (!group) return;
    const kind = select.value;
    const fields = OPTION_FIELDS[kind];
    if (!fields) {
      delete group.dataset.kind;
      return;
    }
    group.dataset.kind = kind;
    Object.keys(HEADINGS).forEach(function (name) {
      const th = group.querySelector("thead th." + HEADINGS[name]);
      if (th) {
        if (!th.dataset.original) th.dataset.original = th.textContent.trim();
        const heading = fields[name] || th.dataset.original;
        if (th.textContent !== heading) th.textContent = heading; // unchanged: no mutation
      }
      group.querySelectorAll("td.field-" + name + " input, td.field-" + name + " textarea")
        .forEach(function (input) {
          if (fields[name]) input.setAttribute("aria-label", fields[name]);
        });
    });
    const title = group.querySelector("h2");
    if (title) {
      if (!title.dataset.original) title.dataset.original = title.textContent.trim();
      const words = GROUP_TITLES[kind] || title.dataset.original;
      if (title.textContent !== words) title.textContent = words;
    }
    const add = group.querySelector(".djn-add-item a");
    if (add) {
      if (!add.dataset.original) add.dataset.original = add.textContent.trim();
      const label = ADD_LABELS[kind] || add.dataset.original;
      if (add.textContent !== label) add.textContent = label;
    }
  }

  function addTrueFalse(select) {
    const group = optionsGroupOf(select);
    if (!group || liveRows(group).length) return;
    const add = group.querySelector(".djn-add-item a");
    if (!add) return;
    ["True", "False"].forEach(function (text) {
      add.click();
      const rows = liveRows(group);
      const input = rows[rows.length - 1].querySelector("td.field-text input");
      if (input) input.value = text;
    });
    fitOptions(select);
  }

  // ---- Move up / Move down ----

  let announcer;
  function announce(message) {
    if (!announcer) {
      announcer = document.createElement("div");
      announcer.className = "visually-hidden";
      announcer.setAttribute("role", "status");
      announcer.setAttribute("aria-live", "polite");
      document.body.appendChild(announcer);
    }
    announcer.textContent = "";
    window.setTimeout(function () {
      announcer.textContent = message;
    }, 50);
  }

  function sortableItems(container) {
    return Array.from(container.children).filter(function (el) {
      return (
        el.matches(".djn-item.djn-inline-form") &&
        !el.matches(".djn-empty-form, .empty-form") &&
        !(el.id || "").endsWith("-empty")
      );
    });
  }

  function rowName(item) {
    const field = item.querySelector("input[name$='-title'], input[name$='-text'], textarea[name$='-prompt']");
    const value = field && field.value.trim();
    if (value) return "“" + (value.length > 50 ? value.slice(0, 50) + "…" : value) + "”";
    return "The row";
  }

  function moveButtons() {
    const span = document.createElement("span");
    span.className = "move-buttons";
    [["up", "Move up", "↑"], ["down", "Move down", "↓"]].forEach(function (spec) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "move-button move-" + spec[0];
      button.dataset.move = spec[0];
      button.title = spec[1];
      button.setAttribute("aria-label", spec[1]);
      button.textContent = spec[2];
      span.appendChild(button);
    });
    return span;
  }

  function addMoveButtons(root) {
    root.querySelectorAll(".djn-item.djn-inline-form").forEach(function (item) {
      const handle = Array.from(item.querySelectorAll(".djn-drag-handler")).find(function (el) {
        return el.closest(".djn-item") === item;
      });
      if (!handle) return;
      const place = handle.tagName === "H3" ? handle : handle.parentElement;
      if (Array.from(place.children).some(function (el) { return el.matches(".move-buttons"); })) return;
      if (handle.tagName === "H3") handle.insertBefore(moveButtons(), handle.firstChild);
      else place.insertBefore(moveButtons(), handle.nextSibling);
    });
  }

  function move(button) {
    const item = button.closest(".djn-item.djn-inline-form");
    const container = item && item.parentElement;
    if (!container) return;
    const items = sortableItems(container);
    const index = items.indexOf(item);
    const target = button.dataset.move === "up" ? index - 1 : index + 1;
    const name = rowName(item);
    if (index < 0 || target < 0 || target >= items.length) {
      announce(name + " is already " + (target < 0 ? "first" : "last") + ".");
      return;
    }
    if (target < index) container.insertBefore(item, items[target]);
    else container.insertBefore(items[target], item);
    const group = item.closest(".djn-group");
    if (group && window.DJNesting && window.DJNesting.updatePositions) {
      window.DJNesting.updatePositions(group.id.replace(/-group$/, ""));
    }
    button.focus();
    announce(name + " moved to place " + (target + 1) + " of " + items.length + ". Save to keep it.");
  }

  // ---- A lesson's live preview ----

  function setUpPreview(textarea) {
    const pane = document.getElementById("lesson-preview");
    if (!pane) return;
    const prose = pane.querySelector(".prose");
    const tools = pane.parentElement.querySelector(".lesson-preview-tools");
    const status = tools && tools.querySelector(".preview-status");
    const widthButton = tools && tools.querySelector(".preview-width");
    const token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (tools) tools.hidden = false;
    if (widthButton) {
      widthButton.addEventListener("click", function () {
        const phone = pane.classList.toggle("is-phone");
        widthButton.setAttribute("aria-pressed", phone ? "true" : "false");
      });
    }
    let timer = null;
    let sent = 0;
    function refresh() {
      const mine = ++sent;
      const body = new URLSearchParams();
      body.set("body", textarea.value);
      fetch(pane.dataset.url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": token ? token.value : "" },
        body: body,
      })
        .then(function (response) {
          return response.text().then(function (html) {
            return { ok: response.ok, html: html };
          });
        })
        .then(function (result) {
          if (mine !== sent) return; // a newer preview is on its way
          if (result.ok) {
            prose.innerHTML = result.html; // the server's sanitized rendering
            if (status) status.textContent = "Preview up to date";
          } else if (status) {
            status.textContent = "Could not preview: " + result.html;
          }
        })
        .catch(function () {
          if (status && mine === sent) status.textContent = "Could not reach the server to preview.";
        });
    }
    textarea.addEventListener("input", function () {
      if (status) status.textContent = "Updating…";
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, 300);
    });
    refresh();
  }

  // ---- Tabular rows on a phone: each field stacked under its column's heading ----

  function labelCells(root) {
    root.querySelectorAll("table.djn-table").forEach(function (table) {
      const headings = Array.from(table.querySelectorAll(":scope > thead th")).map(function (th) {
        return th.textContent.trim();
      });
      let number = 0;
      table.querySelectorAll(":scope > tbody > tr.djn-tr").forEach(function (row) {
        if (row.closest(".djn-empty-form, .empty-form")) return;
        number += 1;
        Array.from(row.children).forEach(function (cell, index) {
          const label = headings[index] || "";
          if (!label) return;
          if (cell.dataset.label !== label) cell.dataset.label = label;
          // The column's heading names the cell's field for screen readers, with its row.
          const spoken = label.replace(/\?$/, "") + ", row " + number;
          cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(
            function (field) {
              if (!field.labels || !field.labels.length) {
                if (field.getAttribute("aria-label") !== spoken) field.setAttribute("aria-label", spoken);
              }
            }
          );
        });
      });
    });
  }

  // ---- Wiring ----

  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-rules]")) {
      showRule(event.target);
      fitOptions(event.target);
      if (event.target.value === "true_false") addTrueFalse(event.target);
      labelCells(document);
    }
  });
  document.addEventListener("click", function (event) {
    const button = event.target.closest("button[data-move]");
    if (button) {
      event.preventDefault();
      move(button);
      return;
    }
  });

  // Rows added from an inline's empty form (by "Add another ...", or a true-or-false
  // question's two options): give them, and what they hold, their buttons and fields.
  let pending = false;
  function refreshAdded() {
    pending = false;
    addMoveButtons(document);
    document.querySelectorAll("select[data-rules]").forEach(function (select) {
      if (!select.closest(".empty-form")) fitOptions(select);
    });
    labelCells(document);
  }
  function watchForRows() {
    const main = document.getElementById("content-main");
    if (!main || !window.MutationObserver) return;
    new MutationObserver(function () {
      if (!pending) {
        pending = true;
        window.setTimeout(refreshAdded, 0);
      }
    }).observe(main, { childList: true, subtree: true });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-rules]").forEach(function (select) {
      if (!select.closest(".empty-form")) {
        showRule(select);
        fitOptions(select);
      }
    });
    addMoveButtons(document);
    labelCells(document);
    watchForRows();
    const body = document.querySelector("textarea.lesson-body");
    if (body) setUpPreview(body);
  });
})();

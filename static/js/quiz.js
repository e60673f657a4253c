// The attempt form, enhanced. The server renders one form that works without JavaScript: radios,
// checkboxes, a text box, and for ordering and matching questions a group of radio buttons per
// place or per item. This script never replaces what the server rendered; it hides some of it and
// keeps it in step, so the form posts exactly the same fields with or without it:
//
// - Ordering: the items become a list the learner sorts by dragging or with Move up / Move down
//   buttons. Until an item moves, the hidden radios stay empty: the order shown is drawn at
//   random, the answer's own as likely as any other, so an untouched list is unanswered.
// - Matching: tap (or press) an item, then its match; tapping a pair's match again undoes it.
// - The questions come one at a time, with Back and Next, and the bar at the foot of the screen
//   counts the answered questions ("3 of 9 answered"). Every question stays in the form: one
//   submit sends them all.
// Moves, pairings and the count are announced through polite live regions.
"use strict";

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function liveRegion() {
  const region = element("p", "visually-hidden");
  region.setAttribute("aria-live", "polite");
  return region;
}

function changed(node) {
  node.dispatchEvent(new Event("change", { bubbles: true }));
}

// Each place's (or item's) group of radios: its name and its options' values and texts.
function groupsOf(container) {
  return Array.from(container.querySelectorAll("fieldset")).map((fieldset) => {
    const radios = Array.from(fieldset.querySelectorAll("input[type=radio]"));
    return {
      fieldset,
      label: fieldset.querySelector("legend").textContent,
      radios,
      get value() {
        const checked = radios.find((radio) => radio.checked);
        return checked ? checked.value : "";
      },
      set value(value) {
        radios.forEach((radio) => {
          radio.checked = radio.value === value;
        });
      },
    };
  });
}

function optionsOf(group) {
  return group.radios.map((radio) => ({
    value: radio.value,
    text: radio.labels[0].textContent,
  }));
}

// ---- Ordering -------------------------------------------------------------------------------

function enhanceOrdering(container) {
  const places = groupsOf(container);
  if (!places.length) return; // a question whose items were all removed: nothing to order
  const options = optionsOf(places[0]);
  const textOf = new Map(options.map((option) => [option.value, option.text]));
  // Start from the learner's own order when it is complete, else from the order shown.
  const chosen = places.map((place) => place.value);
  let arranged = !chosen.some((value) => !value) && new Set(chosen).size === chosen.length;
  const start = arranged ? chosen : options.map((option) => option.value);
  // A partial order (saved from a page without the script) is not what the list shows: let it
  // go, so what is sent is always what the learner sees.
  if (!arranged) {
    places.forEach((place) => {
      place.value = "";
    });
  }

  const list = element("ol", "sortable");
  list.setAttribute("role", "list");
  const status = liveRegion();

  function moveButton(symbol, name, direction) {
    const button = element("button", `sortable__move sortable__${direction}`, symbol);
    button.type = "button";
    button.setAttribute("aria-label", name);
    button.addEventListener("click", () => move(button.closest("li"), direction === "up" ? -1 : 1));
    return button;
  }

  const items = start.map((value) => {
    const text = textOf.get(value);
    const item = element("li", "sortable__item");
    item.dataset.value = value;
    // The handle holds the item's place and the grip to drag it by.
    const handle = element("span", "sortable__handle");
    handle.setAttribute("aria-hidden", "true");
    handle.append(element("span", "sortable__place"), element("span", "sortable__grip"));
    const buttons = element("span", "sortable__buttons");
    buttons.append(
      moveButton("↑", `Move “${text}” up`, "up"),
      moveButton("↓", `Move “${text}” down`, "down"),
    );
    item.append(handle, element("span", "sortable__text", text), buttons);
    return item;
  });
  list.append(...items);

  function order() {
    return Array.from(list.children, (item) => item.dataset.value);
  }

  // Numbers and buttons follow the list; a focused button about to be disabled hands focus to
  // its item's other button, so the keyboard never loses its place.
  function refresh() {
    const count = list.children.length;
    Array.from(list.children).forEach((item, index) => {
      item.querySelector(".sortable__place").textContent = String(index + 1);
      const up = item.querySelector(".sortable__up");
      const down = item.querySelector(".sortable__down");
      const upOff = index === 0;
      const downOff = index === count - 1;
      if (upOff && document.activeElement === up) down.focus();
      if (downOff && document.activeElement === down) up.focus();
      up.disabled = upOff;
      down.disabled = downOff;
    });
  }

  function sync() {
    if (!arranged) return;
    order().forEach((value, index) => {
      places[index].value = value;
    });
    changed(container);
  }

  function announce(item) {
    const place = Array.from(list.children).indexOf(item) + 1;
    status.textContent = `“${textOf.get(item.dataset.value)}” is now at place ${place} of ${list.children.length}.`;
  }

  function move(item, step) {
    const target = step < 0 ? item.previousElementSibling : item.nextElementSibling;
    if (!target) return;
    // Move the neighbour rather than the item: the item's focused button stays where it is.
    if (step < 0) item.after(target);
    else item.before(target);
    arranged = true;
    refresh();
    sync();
    announce(item);
  }

  // Dragging, by mouse anywhere on an item or by touch on its handle. The list holds the pointer
  // (it never moves), and the item passes its neighbours as the pointer crosses their middles.
  let dragging = null;
  list.addEventListener("pointerdown", (event) => {
    const item = event.target.closest(".sortable__item");
    if (!item || event.target.closest("button") || event.button !== 0) return;
    if (event.pointerType !== "mouse" && !event.target.closest(".sortable__handle")) return;
    event.preventDefault();
    dragging = { item, before: order().join() };
    try {
      list.setPointerCapture(event.pointerId);
    } catch {
      // A pointer the browser no longer knows: the drag follows it while it stays on the list.
    }
    list.classList.add("sortable--dragging");
    item.classList.add("sortable__item--dragged");
  });
  list.addEventListener("pointermove", (event) => {
    if (!dragging) return;
    const { item } = dragging;
    const middle = (node) => {
      const box = node.getBoundingClientRect();
      return box.top + box.height / 2;
    };
    let moved = false;
    for (;;) {
      const previous = item.previousElementSibling;
      const next = item.nextElementSibling;
      if (previous && event.clientY < middle(previous)) item.after(previous);
      else if (next && event.clientY > middle(next)) item.before(next);
      else break;
      moved = true;
    }
    if (moved) refresh();
  });
  function drop() {
    if (!dragging) return;
    const { item, before } = dragging;
    dragging = null;
    list.classList.remove("sortable--dragging");
    item.classList.remove("sortable__item--dragged");
    if (order().join() === before) return;
    arranged = true;
    sync();
    announce(item);
  }
  list.addEventListener("pointerup", drop);
  list.addEventListener("pointercancel", drop);
  list.addEventListener("lostpointercapture", drop);

  const hint = container.previousElementSibling;
  if (hint && hint.classList.contains("question__hint")) {
    hint.textContent =
      "Put the items in order, first at the top: drag them by the handle, or use the arrow " +
      "buttons. Until you move one, the question counts as unanswered.";
  }
  refresh();
  sync();
  container.hidden = true;
  container.after(list, status);
}

// ---- Matching -------------------------------------------------------------------------------

function enhanceMatching(container) {
  const slots = groupsOf(container);
  if (!slots.length) return;
  const targets = optionsOf(slots[0]);
  const textOf = new Map(targets.map((target) => [target.value, target.text]));
  let selected = null; // {side: "item" | "target", index}

  const box = element("div", "pairing");
  const itemList = element("ul", "pairing__list pairing__items");
  const targetList = element("ul", "pairing__list pairing__targets");
  itemList.setAttribute("role", "list");
  targetList.setAttribute("role", "list");
  const status = liveRegion();

  function pairButton(className, text) {
    const button = element("button", `pair ${className}`);
    button.type = "button";
    button.setAttribute("aria-pressed", "false");
    button.append(element("span", "pair__text", text), element("span", "pair__note"));
    const item = element("li");
    item.append(button);
    return { item, button, text, note: button.querySelector(".pair__note") };
  }

  // A button's second line, and its name as one sentence for a screen reader ("meishi, matched
  // with a business card") where the eye sees an arrow.
  function writeNote(shown, seen, heard) {
    shown.note.replaceChildren(seen ? seen : "");
    shown.button.setAttribute("aria-label", heard ? `${shown.text}, ${heard}` : shown.text);
  }

  const items = slots.map((slot, index) => {
    const shown = pairButton("pair--item", slot.label);
    shown.button.addEventListener("click", () => choose("item", index));
    itemList.append(shown.item);
    return shown;
  });
  const targetButtons = targets.map((target, index) => {
    const shown = pairButton("pair--target", target.text);
    shown.button.addEventListener("click", () => choose("target", index));
    targetList.append(shown.item);
    return shown;
  });

  function refresh() {
    const usedBy = new Map();
    slots.forEach((slot, index) => {
      const value = slot.value;
      const shown = items[index];
      shown.button.classList.toggle("pair--paired", Boolean(value));
      if (value) writeNote(shown, `→ ${textOf.get(value)}`, `matched with ${textOf.get(value)}`);
      else writeNote(shown, "Not matched yet", "not matched yet");
      if (value) usedBy.set(value, [...(usedBy.get(value) || []), slot.label]);
    });
    targets.forEach((target, index) => {
      const shown = targetButtons[index];
      const users = usedBy.get(target.value) || [];
      shown.button.classList.toggle("pair--paired", users.length > 0);
      const note = users.length ? `Matched with ${users.join(", ")}` : "";
      writeNote(shown, note, note.toLowerCase() && `matched with ${users.join(", ")}`);
    });
    const pressed = (side, index) => selected !== null && selected.side === side && selected.index === index;
    items.forEach((shown, index) => shown.button.setAttribute("aria-pressed", String(pressed("item", index))));
    targetButtons.forEach((shown, index) => shown.button.setAttribute("aria-pressed", String(pressed("target", index))));
    box.classList.toggle("pairing--choosing-target", selected !== null && selected.side === "item");
    box.classList.toggle("pairing--choosing-item", selected !== null && selected.side === "target");
  }

  function pair(slotIndex, targetIndex) {
    const slot = slots[slotIndex];
    const target = targets[targetIndex];
    if (slot.value === target.value) {
      slot.value = "";
      status.textContent = `Unmatched “${slot.label}” and “${target.text}”.`;
    } else {
      // One match per item and one item per match: whoever held this match lets it go.
      slots.forEach((other) => {
        if (other !== slot && other.value === target.value) other.value = "";
      });
      slot.value = target.value;
      status.textContent = `Matched “${slot.label}” with “${target.text}”.`;
    }
    changed(container);
  }

  function choose(side, index) {
    if (selected && selected.side === side && selected.index === index) {
      selected = null; // pressed again: let go
      status.textContent = "Nothing selected.";
    } else if (selected && selected.side !== side) {
      const slotIndex = side === "item" ? index : selected.index;
      const targetIndex = side === "target" ? index : selected.index;
      selected = null;
      pair(slotIndex, targetIndex);
      refresh();
      // On to the next item without a match, for the keyboard as for the thumb.
      const next = slots.findIndex((slot) => !slot.value);
      items[next === -1 ? slotIndex : next].button.focus();
      return;
    } else {
      selected = { side, index };
      const text = side === "item" ? slots[index].label : targets[index].text;
      status.textContent =
        side === "item" ? `“${text}” selected: now choose its match.` : `“${text}” selected: now choose its item.`;
      if (side === "item") targetButtons[0].button.focus();
    }
    refresh();
  }

  const hint = container.previousElementSibling;
  if (hint && hint.classList.contains("question__hint")) {
    hint.textContent = "Tap an item, then its match. Tap a match again to undo it.";
  }
  const matchesLabel = element("p", "pairing__label", "Matches");
  matchesLabel.setAttribute("aria-hidden", "true");
  box.append(itemList, matchesLabel, targetList);
  refresh();
  container.hidden = true;
  container.after(box, status);
}

// ---- One question at a time -----------------------------------------------------------------

function isAnswered(question) {
  if (question.querySelector("input:checked")) return true;
  return Array.from(question.querySelectorAll("input[type=text]")).some((input) => input.value.trim());
}

function enhanceSteps(form) {
  const list = form.querySelector(".questions");
  const bar = form.querySelector(".quiz-bar");
  const questions = list ? Array.from(list.querySelectorAll(":scope > .question")) : [];
  if (!bar || questions.length < 2) {
    if (bar) enhanceCount(form, bar, questions);
    return;
  }
  const submitArea = form.querySelector(".quiz-form__submit");
  const submit = submitArea && submitArea.querySelector("button[type=submit]:not([name])");
  let current = 0;

  const back = element("button", "button button--ghost quiz-bar__back", "Back");
  const next = element("button", "button quiz-bar__next", "Next");
  back.type = next.type = "button";
  const position = element("p", "quiz-bar__position");
  const nav = element("div", "quiz-bar__nav");
  // After the last question: which questions are still unanswered, each a link to it.
  const unanswered = element("p", "quiz-form__unanswered");
  if (submitArea) bar.before(unanswered); // a staff preview sends nothing: no list
  function unansweredLinks() {
    const open = questions.filter((question) => !isAnswered(question));
    if (!open.length) return [document.createTextNode("Every question has an answer.")];
    const nodes = [document.createTextNode("Not answered yet: ")];
    open.forEach((question, index) => {
      const link = element("a", "", `Question ${questions.indexOf(question) + 1}`);
      link.href = `#${question.id}`;
      if (index) nodes.push(document.createTextNode(", "));
      nodes.push(link);
    });
    nodes.push(document.createTextNode("."));
    return nodes;
  }
  const count = enhanceCount(form, bar, questions, () => {
    unanswered.replaceChildren(...unansweredLinks());
  });
  const middle = element("div", "quiz-bar__middle");
  middle.append(position, bar.querySelector(".quiz-bar__progress"), count);
  // On the last question Next gives way to Submit: a plain submit button, which posts the form
  // as "Submit answers" does (that one is hidden meanwhile, so one is shown at a time).
  const finish = element("button", "button quiz-bar__submit", "Submit");
  finish.type = "submit";
  finish.hidden = true;
  if (submitArea) nav.append(back, middle, next, finish);
  else nav.append(back, middle, next);
  bar.append(nav);
  form.classList.add("quiz-form--steps");

  function show(index, focus) {
    current = Math.max(0, Math.min(index, questions.length - 1));
    questions.forEach((question, n) => {
      question.hidden = n !== current;
    });
    const last = current === questions.length - 1;
    position.textContent = `Question ${current + 1} of ${questions.length}`;
    back.disabled = current === 0;
    next.hidden = last && Boolean(submitArea);
    next.disabled = last;
    finish.hidden = !last;
    if (submit) {
      submit.hidden = last;
      submit.classList.toggle("button--ghost", !last);
    }
    form.classList.toggle("quiz-form--last", last);
    if (focus) {
      const fieldset = questions[current].querySelector("fieldset");
      fieldset.focus({ preventScroll: true });
      questions[current].scrollIntoView({ block: "start" });
    }
  }

  questions.forEach((question) => {
    question.querySelector("fieldset").tabIndex = -1;
  });
  back.addEventListener("click", () => {
    show(current - 1, true);
    if (back.disabled) next.focus();
  });
  next.addEventListener("click", () => {
    show(current + 1, true);
  });
  // Enter in a text box goes on to the next question; on the last it submits, as without steps.
  form.addEventListener("keydown", (event) => {
    const typing = event.target.matches && event.target.matches(".question input[type=text]");
    if (event.key === "Enter" && typing && current < questions.length - 1) {
      event.preventDefault();
      show(current + 1, true);
    }
  });
  questions.forEach((question) => {
    question.querySelectorAll("input[type=text]").forEach((input) => {
      input.enterKeyHint = question === questions[questions.length - 1] ? "done" : "next";
    });
  });

  // Links to a question (the server's list of unanswered ones, the list above) show it.
  function fromHash(focus) {
    const index = questions.findIndex((question) => `#${question.id}` === window.location.hash);
    if (index === -1) return false;
    show(index, focus);
    return true;
  }
  window.addEventListener("hashchange", () => fromHash(true));
  form.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a[href^='#question-']");
    if (link && link.getAttribute("href") === window.location.hash) {
      event.preventDefault();
      fromHash(true);
    }
  });
  // Resuming: the first question without an answer (or the one the address names).
  if (!fromHash(false)) {
    const open = questions.findIndex((question) => !isAnswered(question));
    show(open === -1 ? 0 : open, false);
  }
}

// The bar's "3 of 9 answered", written here (rather than counted by CSS) and announced.
function enhanceCount(form, bar, questions, onChange) {
  const count = bar.querySelector(".quiz-bar__count");
  const answered = count.querySelector(".quiz-bar__answered");
  const progress = element("progress", "quiz-bar__progress");
  progress.max = Math.max(questions.length, 1);
  progress.setAttribute("aria-hidden", "true");
  bar.prepend(progress);
  let last = -1;
  function update() {
    const done = questions.filter(isAnswered).length;
    if (done === last) return;
    last = done;
    answered.textContent = String(done);
    progress.value = done;
    if (onChange) onChange();
  }
  form.classList.add("quiz-form--counted");
  update();
  count.setAttribute("aria-live", "polite");
  count.setAttribute("aria-atomic", "true");
  form.addEventListener("change", update);
  form.addEventListener("input", update);
  return count;
}

document.querySelectorAll("[data-ordering]").forEach(enhanceOrdering);
document.querySelectorAll("[data-matching]").forEach(enhanceMatching);
document.querySelectorAll(".quiz-form").forEach(enhanceSteps);

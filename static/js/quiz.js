// Quiz form: each ordering question's "choose what comes at each place" selects become a list
// the learner rearranges with Move up / Move down buttons (keyboard and touch alike). The
// selects stay in the form, hidden, and follow the list, so the server reads the same fields
// with or without JavaScript. Until the learner moves something the selects stay empty: the
// order shown is drawn at random, the answer's own as likely as any other, so an untouched list
// is an unanswered question, as it is without JavaScript.
"use strict";

function enhanceOrdering(slots) {
  const selects = Array.from(slots.querySelectorAll("select"));
  if (!selects.length) return; // a question whose items were all removed: nothing to order
  const options = Array.from(selects[0].options).filter((option) => option.value);
  const textOf = new Map(options.map((option) => [option.value, option.textContent]));
  // Start from the learner's own order when it is complete, else from the order shown.
  let order = selects.map((select) => select.value);
  let arranged = !order.some((value) => !value) && new Set(order).size === order.length;
  if (!arranged) {
    order = options.map((option) => option.value);
  }

  const list = document.createElement("ol");
  list.className = "sortable";
  list.setAttribute("role", "list");
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("aria-live", "polite");

  function button(label, text, onClick, disabled) {
    const element = document.createElement("button");
    element.type = "button";
    element.className = "sortable__move";
    element.textContent = label;
    element.setAttribute("aria-label", text);
    element.disabled = disabled;
    element.addEventListener("click", onClick);
    return element;
  }

  function move(index, step) {
    const target = index + step;
    [order[index], order[target]] = [order[target], order[index]];
    arranged = true;
    sync();
    render();
    const text = textOf.get(order[target]);
    status.textContent = `“${text}” is now at place ${target + 1} of ${order.length}.`;
    const again = list.children[target].querySelector(step < 0 ? ".sortable__up" : ".sortable__down");
    (again && !again.disabled ? again : list.children[target].querySelector("button:not([disabled])")).focus();
  }

  function render() {
    list.replaceChildren(
      ...order.map((value, index) => {
        const text = textOf.get(value);
        const item = document.createElement("li");
        item.className = "sortable__item";
        const place = document.createElement("span");
        place.className = "sortable__place";
        place.textContent = String(index + 1);
        const label = document.createElement("span");
        label.className = "sortable__text";
        label.textContent = text;
        const up = button("↑", `Move “${text}” up`, () => move(index, -1), index === 0);
        up.classList.add("sortable__up");
        const down = button("↓", `Move “${text}” down`, () => move(index, 1), index === order.length - 1);
        down.classList.add("sortable__down");
        const buttons = document.createElement("span");
        buttons.className = "sortable__buttons";
        buttons.append(up, down);
        item.append(place, label, buttons);
        return item;
      }),
    );
  }

  function sync() {
    if (!arranged) return;
    selects.forEach((select, index) => {
      select.value = order[index];
    });
  }

  const hint = slots.previousElementSibling;
  if (hint && hint.classList.contains("question__hint")) {
    hint.textContent =
      "Put the items in order: first at the top. Move them with the arrow buttons; " +
      "until you move one, the question counts as unanswered.";
  }
  sync();
  render();
  slots.hidden = true;
  slots.after(list, status);
}

document.querySelectorAll("[data-ordering]").forEach(enhanceOrdering);

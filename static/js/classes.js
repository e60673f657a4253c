// The classes page: "Copy link" copies the calendar address (the field stays selectable
// without JavaScript, so the button only shows where it works).
document.querySelectorAll("[data-copy]").forEach((button) => {
  const field = document.getElementById(button.dataset.copy);
  const status = document.querySelector(`[data-copied="${button.dataset.copy}"]`);
  if (!field || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(field.value);
      status.textContent = "Link copied.";
    } catch {
      field.select();
      status.textContent = "Press Ctrl+C (or ⌘C) to copy the selected link.";
    }
  });
});

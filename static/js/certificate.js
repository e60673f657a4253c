// The certificate page's Print button: shown only when JavaScript can print (the page works,
// and prints from the browser's menu, without it).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});

// Reading and importing a large sheet takes a while: show that it is under way and keep
// the button from being pressed twice.
document.addEventListener("submit", function (event) {
  var form = event.target, text = form.getAttribute("data-busy");
  if (!text || event.defaultPrevented) return;
  var button = form.querySelector("button[type=submit]");
  if (button) {
    // Disabled after this tick, so that the browser still sends the form.
    setTimeout(function () { button.disabled = true; button.textContent = text; }, 0);
  }
  var status = form.querySelector("[role=status]");
  if (status) status.hidden = false;
});

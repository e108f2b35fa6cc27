// Small page behaviours: confirmation before destructive actions, printing.
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// "In (A4)": print the page (the print styles in app.css hide navigation and forms).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

// A file over the upload limit is refused next to its field, before it is sent (the
// server refuses it too, on the same page, when a browser sends it anyway).
function checkFileSize(input) {
  var max = parseInt(input.getAttribute("data-max-bytes"), 10);
  var file = input.files && input.files[0];
  var tooLarge = Boolean(file && max && file.size > max);
  var feedback = document.getElementById(input.id + "-err");
  input.classList.toggle("is-invalid", tooLarge);
  if (feedback) {
    feedback.textContent = tooLarge ? input.getAttribute("data-too-large") : "";
  }
  return !tooLarge;
}
document.addEventListener("change", function (event) {
  if (event.target.matches("input[type=file][data-max-bytes]")) {
    checkFileSize(event.target);
  }
});
document.addEventListener("submit", function (event) {
  var inputs = event.target.querySelectorAll("input[type=file][data-max-bytes]");
  for (var i = 0; i < inputs.length; i++) {
    if (!checkFileSize(inputs[i])) {
      event.preventDefault();
      inputs[i].focus();
    }
  }
});

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

// Typed work is never lost: what a form sends is kept in this tab (sessionStorage) until a
// page shows it saved. When the session had expired, the form's page, opened again after
// signing in, gets the text back. Passwords and files are never kept.
var PENDING_KEY = "tracker.pending-form";

function formTarget(form, submitter) {
  return (submitter && submitter.getAttribute("formaction")) || form.getAttribute("action")
    || window.location.pathname;
}

document.addEventListener("submit", function (event) {
  var form = event.target;
  if (event.defaultPrevented || (form.getAttribute("method") || "").toLowerCase() !== "post"
      || form.querySelector("input[type=password]")) {
    return;
  }
  var fields = {}, kept = 0;
  new FormData(form).forEach(function (value, name) {
    var input = form.elements[name];
    if (typeof value === "string" && value && name !== "csrf_token"
        && !(input && input.type === "hidden")) {
      fields[name] = value;
      kept += 1;
    }
  });
  if (kept) {
    try {
      window.sessionStorage.setItem(PENDING_KEY, JSON.stringify(
        {target: formTarget(form, event.submitter), fields: fields}));
    } catch (e) { /* storage full or disabled: the form works as before */ }
  }
});

(function restorePendingForm() {
  var pending;
  try {
    pending = JSON.parse(window.sessionStorage.getItem(PENDING_KEY) || "null");
  } catch (e) {
    pending = null;
  }
  if (!pending) {
    return;
  }
  if (document.querySelector("main .alert-success")) {  // saved
    window.sessionStorage.removeItem(PENDING_KEY);
    return;
  }
  var forms = document.querySelectorAll("form[method=post], form[method=POST]");
  var form = null;
  for (var i = 0; i < forms.length && !form; i++) {
    var f = forms[i];
    if (f.getAttribute("action") === pending.target
        || f.querySelector('[formaction="' + pending.target + '"]')) {
      form = f;
    }
  }
  if (!form) {
    return;  // not this form's page (the sign-in page, an error page): keep it for later
  }
  window.sessionStorage.removeItem(PENDING_KEY);
  if (form.querySelector(".is-invalid, .alert-danger")) {
    return;  // the server answered this form with what was typed, and why it was refused
  }
  Object.keys(pending.fields).forEach(function (name) {
    var input = form.elements[name];
    if (input && input.type !== "hidden" && input.type !== "file") {
      input.value = pending.fields[name];
    }
  });
  var notice = document.createElement("div");
  notice.className = "alert alert-info";
  notice.setAttribute("role", "status");
  notice.id = "restored-notice";
  notice.textContent = document.body.getAttribute("data-restored");
  form.insertBefore(notice, form.firstChild);
  var first = form.querySelector("textarea, input:not([type=hidden]), select");
  if (first) {
    first.focus();
  }
})();

// A search box over a long list of checkboxes (the bodies of an assignment): each word
// typed, without accents, starts a word of the item's key; groups left empty are hidden.
function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d")
    .toLowerCase();
}
document.addEventListener("input", function (event) {
  var box = event.target;
  if (!box.matches("input[data-filter-target]")) {
    return;
  }
  var list = document.getElementById(box.getAttribute("data-filter-target"));
  var words = fold(box.value).split(/[^0-9a-z]+/).filter(Boolean);
  var shown = 0;
  list.querySelectorAll("[data-search]").forEach(function (item) {
    var key = item.getAttribute("data-search");
    var match = words.every(function (word) { return key.indexOf(" " + word) !== -1; });
    item.hidden = !match;
    shown += match ? 1 : 0;
  });
  list.querySelectorAll(".body-group").forEach(function (group) {
    group.hidden = !group.querySelector("[data-search]:not([hidden])");
  });
  var empty = list.querySelector("#body-picker-empty");
  if (empty) {
    empty.hidden = shown > 0;
  }
});

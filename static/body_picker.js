// The search-first body picker of the assign and forward forms (templates/_body_picker.html),
// for a scope too long to list: what is typed (accents ignored by the server), the kind and
// the level ask the form's JSON endpoint for a page of matches, shown as checkboxes; a body
// ticked becomes a chip holding its hidden input "body_ids", and an option of the "Đơn vị
// chủ trì" select. Keyboard: Enter searches at once, ArrowDown goes to the first match,
// Space ticks, each chip's button removes it.
(function () {
  var box = document.getElementById("body-picker");
  if (!box || !box.hasAttribute("data-picker-url")) return;
  var form = box.closest("form");
  var query = document.getElementById("picker-q");
  var kind = document.getElementById("picker-kind");
  var level = document.getElementById("picker-level");
  var results = document.getElementById("picker-results");
  var status = document.getElementById("picker-status");
  var more = document.getElementById("picker-more");
  var chips = document.getElementById("picker-chips");
  var lead = form && form.querySelector("select[name=lead_id]");
  var offset = 0, asked = 0, timer = null, loaded = false;

  function text(name, values) {
    var t = box.getAttribute("data-text-" + name) || "";
    Object.keys(values || {}).forEach(function (k) { t = t.replace("{" + k + "}", values[k]); });
    return t;
  }
  function picked() {
    var ids = {};
    chips.querySelectorAll("li[data-id]").forEach(function (li) { ids[li.dataset.id] = true; });
    return ids;
  }
  function syncLead() {
    if (!lead) return;
    var chosen = lead.value, keep = {};
    chips.querySelectorAll("li[data-id]").forEach(function (li) {
      keep[li.dataset.id] = li.dataset.name;
    });
    Array.prototype.slice.call(lead.options).forEach(function (option) {
      if (option.value !== "0" && !keep[option.value]) option.remove();
    });
    Object.keys(keep).forEach(function (id) {
      if (!lead.querySelector('option[value="' + id + '"]')) {
        lead.add(new Option(keep[id], id));
      }
    });
    lead.value = keep[chosen] ? chosen : "0";
  }
  function addChip(id, name) {
    if (picked()[id]) return;
    var li = document.createElement("li");
    li.className = "picker-chip";
    li.dataset.id = id;
    li.dataset.name = name;
    var label = document.createElement("span");
    label.textContent = name;
    var remove = document.createElement("button");
    remove.type = "button";
    remove.className = "btn-close btn-close-sm";
    remove.setAttribute("aria-label", text("remove", {name: name}));
    remove.setAttribute("data-remove", "");
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = "body_ids";
    input.value = id;
    li.append(label, " ", remove, input);
    chips.appendChild(li);
    syncLead();
  }
  function removeChip(id) {
    var li = chips.querySelector('li[data-id="' + id + '"]');
    if (li) li.remove();
    var tick = document.getElementById("pick-" + id);
    if (tick) tick.checked = false;
    syncLead();
    status.textContent = text("picked", {n: chips.querySelectorAll("li[data-id]").length});
  }

  function render(items, append) {
    if (!append) results.textContent = "";
    var ids = picked();
    items.forEach(function (item) {
      var row = document.createElement("div");
      row.className = "form-check";
      var input = document.createElement("input");
      input.type = "checkbox";
      input.className = "form-check-input";
      input.id = "pick-" + item.id;
      input.value = item.id;
      input.checked = Boolean(ids[item.id]);
      input.dataset.name = item.name;
      var label = document.createElement("label");
      label.className = "form-check-label";
      label.htmlFor = input.id;
      var detail = document.createElement("span");
      detail.className = "text-body-secondary small";
      detail.textContent = " · " + [item.kind, item.level, item.parent].filter(Boolean).join(" · ");
      label.append(item.name, detail);
      row.append(input, label);
      results.appendChild(row);
    });
  }
  function search(append) {
    window.clearTimeout(timer);  // a search typed a moment ago is replaced by this one
    offset = append ? offset : 0;
    var params = new URLSearchParams({q: query.value, kind: kind.value, level: level.value,
                                      offset: String(offset)});
    var mine = ++asked;  // only the latest answer counts
    fetch(box.dataset.pickerUrl + "?" + params, {credentials: "same-origin",
                                                 headers: {Accept: "application/json"}})
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (page) {
        if (mine !== asked) return;
        loaded = true;
        render(page.items, append);
        offset = page.offset + page.items.length;
        more.hidden = !page.more;
        var shown = results.querySelectorAll("input").length;
        status.textContent = shown === 0 ? text("none")
          : text(page.more ? "more" : "count", {n: shown});
      })
      .catch(function () { if (mine === asked) status.textContent = text("error"); });
  }
  function soon() {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { search(false); }, 250);
  }

  query.addEventListener("input", soon);
  query.addEventListener("focus", function () { if (!loaded) search(false); });
  query.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {  // search, never submit the whole form from here
      event.preventDefault();
      search(false);
    } else if (event.key === "ArrowDown") {
      var first = results.querySelector("input");
      if (first) { event.preventDefault(); first.focus(); }
    }
  });
  results.addEventListener("keydown", function (event) {
    var inputs = Array.prototype.slice.call(results.querySelectorAll("input"));
    var at = inputs.indexOf(event.target);
    if (at < 0) return;
    if (event.key === "ArrowDown" && at + 1 < inputs.length) {
      event.preventDefault(); inputs[at + 1].focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault(); (at > 0 ? inputs[at - 1] : query).focus();
    } else if (event.key === "Enter") {  // Enter ticks too, instead of submitting
      event.preventDefault(); event.target.click();
    }
  });
  kind.addEventListener("change", function () { search(false); });
  level.addEventListener("change", function () { search(false); });
  more.addEventListener("click", function () { search(true); });
  results.addEventListener("change", function (event) {
    var input = event.target;
    if (input.checked) addChip(input.value, input.dataset.name);
    else removeChip(input.value);
    status.textContent = text("picked", {n: chips.querySelectorAll("li[data-id]").length});
  });
  chips.addEventListener("click", function (event) {
    var button = event.target.closest("[data-remove]");
    if (!button) return;
    var li = button.closest("li");
    var next = li.nextElementSibling || li.previousElementSibling;
    removeChip(li.dataset.id);
    (next ? next.querySelector("[data-remove]") : query).focus();
  });
  syncLead();
  // Words typed before this script ran (a slow page, a fast typist) are searched now.
  if (query.value) search(false);
})();

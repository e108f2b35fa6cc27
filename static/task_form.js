// Proposes the conventional title and due date of "sơ kết / tổng kết N năm" as the user
// changes the kind or the number of years, unless they have typed their own title. The
// proposal comes from the server (tasks.proposal), which holds the rule and its words.
(function () {
  var form = document.getElementById("task-form");
  if (!form) return;
  var kind = form.querySelector("#kind"), years = form.querySelector("#review_years");
  var title = form.querySelector("#title"), due = form.querySelector("#due_on");
  var reviewKinds = form.dataset.reviewKinds.split(" ");
  var touched = false, asked = 0;
  title.addEventListener("input", function () { touched = true; });

  function isReview() { return reviewKinds.indexOf(kind.value) >= 0; }
  function propose() {
    years.closest(".mb-3").hidden = !isReview();
    var n = parseInt(years.value, 10);
    if (!isReview() || isNaN(n)) return;  // the server says which numbers it takes
    var url = form.dataset.proposalUrl + "&kind=" + encodeURIComponent(kind.value) +
      "&years=" + n;
    var mine = ++asked;  // only the latest answer counts
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) {
        if (!p || mine !== asked) return;
        due.value = p.due_on;
        if (!touched) title.value = p.title;
      })
      .catch(function () { /* offline: the user types the title and date */ });
  }
  kind.addEventListener("change", propose);
  years.addEventListener("input", propose);
  years.closest(".mb-3").hidden = !isReview();
})();

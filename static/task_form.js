// Proposes the conventional title and due date of "sơ kết / tổng kết N năm" as the user
// changes the kind or the number of years, unless they have typed their own title.
(function () {
  var form = document.getElementById("task-form");
  if (!form) return;
  var kind = form.querySelector("#kind"), years = form.querySelector("#review_years");
  var title = form.querySelector("#title"), due = form.querySelector("#due_on");
  var words = { so_ket: "Sơ kết", tong_ket: "Tổng kết" };
  var touched = false;
  title.addEventListener("input", function () { touched = true; });

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function propose() {
    var word = words[kind.value], n = parseInt(years.value, 10);
    years.closest(".mb-3").hidden = !word;
    if (!word || !(n >= 1 && n <= 50)) return;
    var parts = form.dataset.issued.split("-").map(Number);
    var y = parts[0] + n, m = parts[1], d = parts[2];
    if (m === 2 && d === 29 && !((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0)) d = 28;
    due.value = pad(d) + "/" + pad(m) + "/" + y;
    if (!touched) title.value = word + " " + pad(n) + " năm thực hiện " + form.dataset.citation;
  }
  kind.addEventListener("change", propose);
  years.addEventListener("input", propose);
  years.closest(".mb-3").hidden = !words[kind.value];
})();

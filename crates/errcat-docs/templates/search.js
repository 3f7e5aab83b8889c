// Search with no server: the index is a script beside the pages, so it works from file:// too.
(function () {
  var input = document.getElementById("q");
  var out = document.getElementById("static-results");
  if (!input || !out || !window.ERRCAT_INDEX) return;
  function norm(s) { return (s || "").toLowerCase(); }
  function render(query) {
    var q = norm(query).trim();
    out.textContent = "";
    if (!q) return;
    var words = q.split(/[^a-z0-9]+/).filter(Boolean);
    var hits = [];
    window.ERRCAT_INDEX.forEach(function (e) {
      var key = norm(e.code) + " " + norm(e.id);
      var text = key + " " + norm(e.heading) + " " + norm(e.text);
      var score = 0;
      if (norm(e.code) === q || norm(e.id) === q) score += 1000;
      else if (key.indexOf(q) >= 0) score += 100;
      if (words.every(function (w) { return text.indexOf(w) >= 0; })) score += 10;
      if (score > 0) hits.push([score, e]);
    });
    hits.sort(function (a, b) { return b[0] - a[0]; });
    var heading = document.createElement("h2");
    heading.textContent = hits.length + " results for “" + query + "”";
    out.appendChild(heading);
    var list = document.createElement("ol");
    list.className = "results";
    hits.slice(0, 50).forEach(function (hit) {
      var e = hit[1], li = document.createElement("li"), a = document.createElement("a");
      a.href = e.url; a.textContent = e.code + " — " + e.heading;
      li.appendChild(a); list.appendChild(li);
    });
    out.appendChild(list);
  }
  input.form.addEventListener("submit", function (event) { event.preventDefault(); render(input.value); });
  input.addEventListener("input", function () { render(input.value); });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; render(initial); }
})();

// The review queue from the keyboard: j and k move through the claims, o opens the one marked.
// An enhancement only: without it, every link and form works as before.
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.queue tbody tr[data-claim]"));
  if (!rows.length) { return; }
  var current = -1;
  function mark(index) {
    if (current >= 0) { rows[current].classList.remove("current"); rows[current].removeAttribute("aria-current"); }
    current = Math.max(0, Math.min(rows.length - 1, index));
    var row = rows[current];
    row.classList.add("current");
    row.setAttribute("aria-current", "true");
    var link = row.querySelector("th a");
    if (link) { link.focus(); }
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey || /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(target.tagName)) { return; }
    if (event.key === "j") { mark(current + 1); event.preventDefault(); }
    else if (event.key === "k") { mark(current - 1); event.preventDefault(); }
    else if (event.key === "o" && current >= 0) {
      var link = rows[current].querySelector("th a");
      if (link) { window.location.assign(link.href); }
    }
  });
})();

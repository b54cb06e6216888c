// Judging an audit with the keyboard alone (templates/audit_judge.html):
// y right, n wrong (a panel: 1-3 toggle fields, Tab to a correction, Enter
// saves, Esc closes), s skip, j / k next / previous item.
(function () {
  "use strict";
  var form = document.getElementById("judge");
  if (!form) return;
  var panel = document.getElementById("au-wrong");
  var opener = document.getElementById("au-wrong-open");

  function openWrong() {
    panel.hidden = false;
    opener.setAttribute("aria-expanded", "true");
    var first = panel.querySelector("input[type=checkbox], input[type=text]");
    if (first) first.focus();
  }
  function closeWrong() {
    panel.hidden = true;
    opener.setAttribute("aria-expanded", "false");
    opener.focus();
  }
  function go(url) { if (url) window.location.assign(url); }

  opener.addEventListener("click", openWrong);
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
    var t = e.target;
    var typing = t && (t.tagName === "TEXTAREA" || (t.tagName === "INPUT" && t.type !== "checkbox"));
    if (!panel.hidden) {
      if (e.key === "Escape") { e.preventDefault(); closeWrong(); return; }
      if (e.key === "Enter") {  // from a correction or a checkbox: saved as wrong (not the form's first button)
        e.preventDefault();
        form.requestSubmit(document.getElementById("au-wrong-save"));
        return;
      }
      if (!typing && /^[1-9]$/.test(e.key)) {
        var box = panel.querySelector('input[data-key="' + e.key + '"]');
        if (box) { e.preventDefault(); box.checked = !box.checked; box.focus(); }
      }
      return;
    }
    if (typing || (t && t.tagName === "SELECT")) return;
    var k = e.key.toLowerCase();
    if (k === "y") { e.preventDefault(); form.requestSubmit(document.getElementById("au-right")); }
    else if (k === "n") { e.preventDefault(); openWrong(); }
    else if (k === "s") { e.preventDefault(); form.requestSubmit(document.getElementById("au-skip")); }
    else if (k === "j") { e.preventDefault(); go(form.dataset.next); }
    else if (k === "k") { e.preventDefault(); go(form.dataset.prev); }
  });
})();

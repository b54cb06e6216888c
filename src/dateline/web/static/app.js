// dateline: a tooltip for attributions and counts on hover *and* keyboard focus.
// Without JavaScript the same text is in each element's title attribute.
(function () {
  "use strict";
  var tip = document.getElementById("tip");
  if (!tip) return;
  var current = null;
  document.querySelectorAll("[data-tip][title]").forEach(function (el) { el.removeAttribute("title"); });

  function show(el) {
    current = el;
    tip.textContent = el.getAttribute("data-tip");
    tip.hidden = false;
    var rects = el.getClientRects();
    var r = rects.length ? rects[0] : el.getBoundingClientRect();
    var top = window.scrollY + r.bottom + 6;
    var left = Math.max(8, Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8));
    tip.style.top = top + "px";
    tip.style.left = left + "px";
    el.setAttribute("aria-describedby", "tip");
  }
  function hide(el) {
    if (el && el !== current) return;
    if (current) current.removeAttribute("aria-describedby");
    current = null;
    tip.hidden = true;
  }
  function target(e) { return e.target.closest ? e.target.closest("[data-tip]") : null; }
  document.addEventListener("mouseover", function (e) { var el = target(e); if (el) show(el); });
  document.addEventListener("mouseout", function (e) { var el = target(e); if (el) hide(el); });
  document.addEventListener("focusin", function (e) { var el = target(e); if (el) show(el); });
  document.addEventListener("focusout", function (e) { var el = target(e); if (el) hide(el); });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });
})();

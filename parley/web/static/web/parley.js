/* Parley: small progressive enhancements. Every feature works without this file. */
(function () {
  "use strict";

  function setupCounter(counter) {
    var field = document.getElementById(counter.dataset.counterFor);
    if (!field) { return; }
    var max = parseInt(field.dataset.max, 10) || 1000;
    var timer = null;
    function update() {
      var left = max - field.value.trim().length;
      var template = left >= 0 ? counter.dataset.left : counter.dataset.over;
      counter.textContent = template.replace("__n__", String(Math.abs(left)));
      counter.classList.toggle("counter-over", left < 0);
      field.setAttribute("aria-invalid", left < 0 ? "true" : "false");
    }
    field.setAttribute("aria-describedby", counter.id);
    // Debounced, so screen readers hear the count when typing pauses, not on every key.
    field.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 400);
    });
    update();
  }

  function init(root) {
    root.querySelectorAll("[data-counter-for]").forEach(setupCounter);
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
})();

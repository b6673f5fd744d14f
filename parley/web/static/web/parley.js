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

  // Ask for a description before an image is posted without one (the server asks too).
  function setupAltPrompt(form) {
    form.addEventListener("submit", function (event) {
      var confirm = form.querySelector('input[type="checkbox"][name$="no_description"]');
      if (confirm && confirm.checked) { return; }
      var firstMissing = null;
      form.querySelectorAll(".image-slot").forEach(function (slot) {
        var file = slot.querySelector('input[type="file"]');
        var alt = slot.querySelector('input[type="text"]');
        var old = slot.querySelector(".alt-prompt");
        if (old) { old.remove(); }
        if (!file || !alt || !file.files.length || alt.value.trim()) { return; }
        var note = document.createElement("p");
        note.className = "field-error alt-prompt";
        note.setAttribute("role", "alert");
        note.textContent = form.dataset.altMissing;
        alt.insertAdjacentElement("afterend", note);
        alt.setAttribute("aria-invalid", "true");
        firstMissing = firstMissing || alt;
      });
      if (firstMissing) {
        event.preventDefault();
        var details = form.querySelector("details.attach");
        if (details) { details.open = true; }
        firstMissing.focus();
      }
    });
  }

  function init(root) {
    root.querySelectorAll("[data-counter-for]").forEach(setupCounter);
    root.querySelectorAll("form[data-alt-missing]").forEach(setupAltPrompt);
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
})();

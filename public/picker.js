/* Convene checkbox picker: progressive enhancement of `fieldset[data-picker]` (see checkbox-picker.ts).
   Without this script every checkbox is shown and the form works; with it a filter box narrows the list,
   a live region says how many choices are shown, and the "Selected (n): …" summary follows the ticks. */
(function () {
  "use strict";
  var fold = function (text) {
    return text.toLocaleLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/ё/g, "е");
  };
  var fill = function (template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : match;
    });
  };

  function enhance(picker) {
    if (picker.hasAttribute("data-picker-ready")) return;
    picker.setAttribute("data-picker-ready", "");
    var filterBox = picker.querySelector(".picker-filter");
    var input = filterBox && filterBox.querySelector("input");
    var status = filterBox && filterBox.querySelector("[role=status]");
    var summary = picker.querySelector(".picker-summary");
    var items = Array.prototype.slice.call(picker.querySelectorAll(".picker-choices li"));
    var groups = Array.prototype.slice.call(picker.querySelectorAll(".picker-group"));
    var entries = items.map(function (item) {
      var box = item.querySelector("input");
      var label = item.querySelector("label");
      return { item: item, box: box, name: label ? label.textContent : "", key: fold((label ? label.textContent : "") + " " + box.value) };
    });

    function updateSummary() {
      if (!summary) return;
      var names = entries.filter(function (entry) { return entry.box.checked; }).map(function (entry) { return entry.name; });
      summary.textContent = names.length
        ? fill(picker.getAttribute("data-summary-some") || "", { count: names.length, names: names.join(", ") })
        : picker.getAttribute("data-summary-none") || "";
    }

    var timer = 0;
    function applyFilter() {
      var query = fold(input.value.trim());
      var shown = 0;
      entries.forEach(function (entry) {
        var isShown = !query || entry.key.indexOf(query) !== -1 || entry.box.checked;
        entry.item.hidden = !isShown;
        if (isShown) shown++;
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector("li:not([hidden])");
      });
      // Announce after typing pauses, so a screen reader is not interrupted on every key.
      clearTimeout(timer);
      timer = setTimeout(function () {
        status.textContent = query ? fill(picker.getAttribute("data-matches") || "", { count: shown }) : "";
      }, 400);
    }

    picker.addEventListener("change", function (event) {
      if (event.target && event.target.type === "checkbox") updateSummary();
    });
    if (input && status) {
      filterBox.hidden = false;
      input.addEventListener("input", applyFilter);
      // Enter in the filter box narrows the list; it must not submit the whole form.
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") event.preventDefault();
      });
    }
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("fieldset[data-picker]"), enhance);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

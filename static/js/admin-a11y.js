// Genk Village back office: Django's admin leaves some controls without a name a screen reader can read:
// the cells of tabular inlines (their name is the column header), the two halves of a date-and-time
// field, and the boxes select2 draws for autocomplete fields. Each gets the text a sighted person reads
// beside it, also when a row is added or select2 redraws.
(function () {
  "use strict";

  function text(element) {
    return element ? element.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function labelFor(control) {
    return control.id ? document.querySelector('label[for="' + CSS.escape(control.id) + '"]') : null;
  }

  function hasName(control) {
    return control.hasAttribute("aria-label") || control.hasAttribute("aria-labelledby") || labelFor(control);
  }

  function columnHeader(cell) {
    const head = cell.closest("table").tHead;
    return head ? text(head.rows[0].cells[cell.cellIndex]) : "";
  }

  function nameTabularCells(root) {
    const controls = root.querySelectorAll(".tabular td input, .tabular td select, .tabular td textarea");
    controls.forEach(function (control) {
      if (control.type !== "hidden" && !hasName(control)) {
        const header = columnHeader(control.closest("td"));
        if (header) control.setAttribute("aria-label", header);
      }
    });
  }

  function nameSplitDateTimes(root) {
    root.querySelectorAll("p.datetime input").forEach(function (control) {
      if (hasName(control)) return;
      const part = control.previousSibling ? control.previousSibling.textContent.trim() : "";
      const row = control.closest("td") || control.closest(".form-row");
      const legend = row && row.querySelector("legend, label");
      const field = legend ? text(legend) : row && row.closest(".tabular") ? columnHeader(row) : "";
      control.setAttribute("aria-label", [field, part].filter(Boolean).join(" "));
    });
  }

  let named = 0;

  function nameSelect2(root) {
    root.querySelectorAll("span.select2").forEach(function (container) {
      const select = container.previousElementSibling;
      if (!select || select.tagName !== "SELECT") return;
      const cell = select.closest(".tabular td");
      const source = labelFor(select) || (cell && cell.closest("table").tHead.rows[0].cells[cell.cellIndex]);
      if (!source || !text(source)) return;
      source.id = source.id || "named-control-" + ++named;
      const selection = container.querySelector(".select2-selection");
      const shown = selection ? selection.getAttribute("aria-labelledby") || "" : "";
      if (selection && shown.split(" ").indexOf(source.id) === -1) {
        selection.setAttribute("aria-labelledby", (source.id + " " + shown).trim());
      }
      container.querySelectorAll(".select2-search__field").forEach(function (search) {
        if (!search.hasAttribute("aria-label")) search.setAttribute("aria-label", text(source));
      });
      const shownChoices = container.querySelectorAll(".select2-selection__rendered[role=textbox]");
      shownChoices.forEach(function (shownChoice) {
        shownChoice.setAttribute("aria-labelledby", source.id);
      });
    });
  }

  function nameAll() {
    nameSplitDateTimes(document);
    nameTabularCells(document);
    nameSelect2(document);
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameAll();
    new MutationObserver(nameAll).observe(document.body, { childList: true, subtree: true });
  });
})();

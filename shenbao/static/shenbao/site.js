/* shenbao: small enhancements; every page works without them. No inline script anywhere (SECURE_CSP). */
(function () {
  "use strict";
  // Styles for enhanced controls apply only once this has run (see .js in site.css).
  document.documentElement.classList.add("js");

  // Forms are checked on the server, which answers with the error summary in Chinese; the browser's
  // own bubbles ("Please fill out this field") would speak the browser's language and stop that.
  function leaveValidationToTheServer(root) {
    root.querySelectorAll("form").forEach(function (form) { form.noValidate = true; });
  }
  document.addEventListener("DOMContentLoaded", function () { leaveValidationToTheServer(document); });
  document.addEventListener("htmx:afterSettle", function () { leaveValidationToTheServer(document); });

  function readableSize(bytes) {
    if (bytes < 1024) return bytes + " B";
    if (bytes < 1024 * 1024) return (bytes / 1024).toFixed(1) + " KB";
    return (bytes / 1024 / 1024).toFixed(1) + " MB";
  }

  // The file picker (templates/django/forms/widgets/file.html): the chosen file's name and size.
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.closest(".file-picker")) return;
    var line = input.closest(".file-picker").querySelector(".file-chosen");
    if (!line) return;
    var names = Array.prototype.map.call(input.files, function (file) {
      return file.name + "（" + readableSize(file.size) + "）";
    });
    line.textContent = names.length ? names.join("、") : line.dataset.empty;
  });

  // A table wider than its box scrolls sideways: the box takes keyboard focus (arrow keys scroll it)
  // and is named after its table, so keyboard users reach the hidden columns too.
  function markScrollingTables(root) {
    root.querySelectorAll(".table-wrap").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        var caption = box.querySelector("caption");
        var name = caption || previousHeading(box) || document.querySelector("h1");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (name) box.setAttribute("aria-label", name.textContent.trim());
      }
    });
  }
  function previousHeading(element) {
    for (var node = element; node; node = node.previousElementSibling || node.parentElement) {
      if (/^H[1-6]$/.test(node.tagName) && node !== element) return node;
    }
    return null;
  }
  document.addEventListener("DOMContentLoaded", function () { markScrollingTables(document); });
  window.addEventListener("resize", function () { markScrollingTables(document); });
  // A table inside a closed <details> has no width until it opens ("toggle" does not bubble).
  document.addEventListener("toggle", function () { markScrollingTables(document); }, true);
  document.addEventListener("htmx:afterSettle", function () { markScrollingTables(document); });

  // The error summary (templates/_form.html) takes focus, so it is read out and seen first.
  function focusSummary(root) {
    var summary = root.querySelector && root.querySelector(".error-summary");
    if (summary) summary.focus();
  }
  document.addEventListener("DOMContentLoaded", function () { focusSummary(document); });
  document.addEventListener("htmx:afterSwap", function (event) {
    var swapped = event.detail.elt;
    if (swapped && swapped.isConnected) focusSummary(swapped);
  });

  // A link in the summary focuses its field with the field's label in view, not just the input.
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element && event.target.closest(".error-summary a[href^='#']");
    if (!link) return;
    var field = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!field) return;
    event.preventDefault();
    (field.closest(".field") || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });
  // ==== The reviewer's roster (reviews/application.html): the keyboard ====
  // j/k or ↓/↑ move between persons, 1 clicks the focused person's 符合 button and 2 its 认定不符合
  // button (the same forms htmx or a plain POST send), Enter opens the reason box. A 不符合 needs a
  // reason: 2 with the box empty opens it instead; Enter in the box then submits 不符合. Keys typed
  // in a field are the field's. Without this script the buttons and forms work as they are.
  function rosterTable() { return document.querySelector("table.roster-table[data-keyboard]"); }
  function persons(table) { return Array.prototype.slice.call(table.querySelectorAll("tr.person")); }
  function isTyping(element) {
    return element instanceof HTMLElement &&
      (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName));
  }
  function focusPerson(row) {
    if (!row) return;
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" }); // scroll-margin in site.css clears the sticky bar and header
  }
  function move(table, current, step) {
    var rows = persons(table);
    if (!rows.length) return;
    var at = rows.indexOf(current);
    var next = at < 0 ? (step > 0 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, at + step));
    focusPerson(rows[next]);
  }
  function openReason(row) {
    var box = row.querySelector("details.reason");
    if (!box) return;
    box.open = true;
    var input = box.querySelector("input[name=reason]");
    if (input) { input.focus(); input.select(); }
  }
  document.addEventListener("keydown", function (event) {
    var table = rosterTable();
    if (!table || event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    var target = event.target;
    var row = target instanceof Element ? target.closest("tr.person") : null;
    if (row && !table.contains(row)) row = null;
    if (isTyping(target)) {
      // Escape leaves the reason box and goes back to the person.
      if (event.key === "Escape" && row) {
        var box = target.closest("details.reason");
        if (box) box.open = false;
        focusPerson(row);
        event.preventDefault();
      }
      return;
    }
    // Enter and the arrows keep their meaning on a link or button inside the row; 1, 2, j, k have none.
    var onRow = row !== null && target === row;
    var decides = table.dataset.keyboard === "decide";
    if (event.key === "j" || (event.key === "ArrowDown" && onRow)) {
      move(table, row, 1);
    } else if (event.key === "k" || (event.key === "ArrowUp" && onRow)) {
      move(table, row, -1);
    } else if (row && decides && event.key === "1") {
      var yes = row.querySelector("[data-key='1']");
      if (yes) yes.click();
    } else if (row && decides && event.key === "2") {
      var reason = row.querySelector("details.reason input[name=reason]");
      var no = row.querySelector("[data-key='2']");
      if (reason && !reason.value.trim()) openReason(row);
      else if (no) no.click();
    } else if (onRow && decides && event.key === "Enter") {
      openReason(row);
    } else {
      return;
    }
    event.preventDefault();
  });
  // A row decided through htmx is a new element: the keyboard stays on that person.
  document.addEventListener("htmx:afterSwap", function (event) {
    var swapped = event.detail.target;
    if (!swapped || !swapped.id || !/^row-\d+$/.test(swapped.id)) return;
    var row = document.getElementById(swapped.id);
    // Only when the keyboard was still there (the old row's focus fell to the page), not after j moved on.
    if (!row || (document.activeElement && document.activeElement !== document.body)) return;
    if (row.querySelector("[role=alert]")) openReason(row); else row.focus({ preventScroll: true });
  });
  // Arriving at a person (下一位未审核, or back from the plain form): the keyboard starts there.
  document.addEventListener("DOMContentLoaded", function () {
    var table = rosterTable();
    var row = table && /^#row-\d+$/.test(location.hash) ? document.getElementById(location.hash.slice(1)) : null;
    if (row && table.contains(row)) focusPerson(row);
  });
  // The table's sticky header sits under the sticky review bar, whatever height the bar wraps to.
  function measureReviewBar() {
    var bar = document.getElementById("review-progress");
    var section = bar && bar.closest(".review-roster");
    if (section) section.style.setProperty("--review-bar", bar.offsetHeight + "px");
  }
  document.addEventListener("DOMContentLoaded", measureReviewBar);
  window.addEventListener("load", measureReviewBar); // once the fonts are in, the bar's lines are final
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(measureReviewBar);
  window.addEventListener("resize", measureReviewBar);
  document.addEventListener("htmx:afterSettle", measureReviewBar);
})();

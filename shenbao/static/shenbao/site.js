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
})();

/*
 * Change forms that forgive (templates/admin/editorial/change_form.html):
 * - the error summary takes the focus on load, and each of its links opens
 *   the field's language tab (or collapsed section) and focuses the field;
 * - leaving a form with unsaved changes asks first: changes since the page
 *   loaded, edits in a rich-text editor, or input sent back with errors
 *   (not saved yet). Saving never asks;
 * - an inline's help (data-inline-help) moves under its heading.
 */
(function () {
  "use strict";

  function changeForm() {
    return document.querySelector("#content-main form[method='post'][id$='_form']");
  }

  // Error summary

  function reveal(target) {
    var node = target;
    while (node && node !== document.body) {
      if (node.tagName === "DETAILS") node.open = true;
      if (node.classList && node.classList.contains("ui-tabs-panel") && node.id) {
        var tab = document.getElementById(node.id + "-tab") ||
          document.querySelector("a[href='#" + node.id + "']");
        if (tab && tab.getAttribute("aria-selected") !== "true") tab.click();
      }
      if (node.classList && node.classList.contains("collapsed")) {
        node.classList.remove("collapsed");
      }
      node = node.parentNode;
    }
  }

  function focusable(target) {
    if (target.matches("input, select, textarea, button, a[href]")) return target;
    return target.querySelector(
      "input:not([type=hidden]), select, textarea, button, a[href]"
    ) || target;
  }

  function setUpSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-error-link]");
      if (!link) return;
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) return;
      event.preventDefault();
      reveal(target);
      var field = focusable(target);
      if (field === target && !target.hasAttribute("tabindex")) {
        target.setAttribute("tabindex", "-1");
      }
      field.focus();
      field.scrollIntoView({ block: "center" });
    });
    summary.focus();
    // Django's add form focuses its first field and the editors set up late:
    // once everything has loaded, the summary takes focus back unless the
    // person has already moved on.
    var moved = false;
    ["keydown", "mousedown", "touchstart"].forEach(function (type) {
      document.addEventListener(type, function () { moved = true; }, { once: true, capture: true });
    });
    window.addEventListener("load", function () {
      if (!moved && !summary.contains(document.activeElement)) summary.focus();
    });
  }

  // Unsaved changes

  function snapshot(form) {
    var parts = [];
    new FormData(form).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") return;
      parts.push(name + "=" + (typeof value === "string" ? value : value.name + ":" + value.size));
    });
    return parts.join("&");
  }

  function editorsChanged() {
    var editors = window.CKEDITOR && window.CKEDITOR.instances;
    if (!editors) return false;
    return Object.keys(editors).some(function (name) {
      return editors[name].checkDirty();
    });
  }

  function setUpLeavePrompt() {
    var form = changeForm();
    if (!form) return;
    // Input sent back with errors is not saved yet: leaving would lose it.
    var unsaved = form.querySelector("[data-error-summary]") !== null;
    var initial = null;
    var sending = false;
    window.addEventListener("load", function () {
      // After the other scripts (tabs, inlines, editors) have set up.
      initial = snapshot(form);
    });
    document.addEventListener("submit", function () { sending = true; }, true);
    window.addEventListener("pageshow", function () { sending = false; });
    window.addEventListener("beforeunload", function (event) {
      if (sending) return undefined;
      var changed = unsaved || editorsChanged() ||
        (initial !== null && snapshot(form) !== initial);
      if (!changed) return undefined;
      event.preventDefault();
      event.returnValue = "";
      return "";
    });
  }

  // Inline help

  function placeInlineHelp() {
    document.querySelectorAll("[data-inline-help]").forEach(function (help) {
      var group = document.getElementById(help.getAttribute("data-inline-help"));
      var heading = group && group.querySelector("fieldset > h2, fieldset h2");
      if (!heading) return;
      heading.insertAdjacentElement("afterend", help);
      var fieldset = heading.closest("fieldset");
      if (fieldset) fieldset.setAttribute("aria-describedby", help.id);
    });
  }

  function start() {
    placeInlineHelp();
    setUpSummary();
    setUpLeavePrompt();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());

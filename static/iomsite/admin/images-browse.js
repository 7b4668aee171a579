/* The library window opened by CKEditor's "Browse server": choosing an
 * image hands its address to the editor's image dialog, fills the dialog's
 * alternative text, and closes the window. Kept in a file: the admin's
 * Content-Security-Policy allows no inline handlers of the site's own. */
(function () {
  "use strict";

  function choose(button, funcNum) {
    var opener = window.opener;
    if (!opener || !opener.CKEDITOR) {
      return;
    }
    var alt = button.dataset.alt || "";
    opener.CKEDITOR.tools.callFunction(funcNum, button.dataset.url, function () {
      // Called with the dialog's field as "this": fill its alternative text.
      var dialog = this.getDialog && this.getDialog();
      if (dialog && dialog.getName() === "image" && alt) {
        var field = dialog.getContentElement("info", "txtAlt");
        if (field) {
          field.setValue(alt);
        }
      }
    });
    window.close();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var list = document.querySelector(".images-browse-list");
    if (!list || !list.dataset.funcNum) {
      return;
    }
    var funcNum = parseInt(list.dataset.funcNum, 10);
    list.addEventListener("click", function (event) {
      var button = event.target.closest(".images-browse-choice");
      if (button) {
        choose(button, funcNum);
      }
    });
  });
})();

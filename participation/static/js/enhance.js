/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";
  // Focus the error summary after a failed submit so screen readers announce it.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
  // Confirm destructive actions.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    });
  });
  // Confirmations (includes/confirm_dialog.html): the link to the confirmation page opens
  // the same form in a KERN dialog instead; cancelling (button, Escape, a click beside the
  // dialog) closes it and puts the focus back on the link.
  document.querySelectorAll("a[data-dialog-open]").forEach(function (link) {
    var dialog = document.getElementById(link.getAttribute("data-dialog-open"));
    if (!dialog || typeof dialog.showModal !== "function") {
      return;
    }
    link.setAttribute("role", "button");
    link.setAttribute("aria-haspopup", "dialog");
    var open = function (event) {
      event.preventDefault();
      dialog.showModal();
      var cancel = dialog.querySelector(".kern-dialog__footer [data-dialog-close]");
      if (cancel) {
        cancel.focus();
      }
    };
    link.addEventListener("click", open);
    link.addEventListener("keydown", function (event) {
      if (event.key === " ") {
        open(event);
      }
    });
    dialog.addEventListener("close", function () {
      link.focus();
    });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) {
        dialog.close();
      }
    });
    dialog.querySelectorAll("[data-dialog-close]").forEach(function (button) {
      button.addEventListener("click", function () {
        dialog.close();
      });
    });
  });
  // Share sections (includes/share.html): "Link kopieren" through the clipboard, announced
  // in the section's live region; "Teilen…" only where the browser has the Web Share API.
  document.querySelectorAll("[data-share]").forEach(function (share) {
    var url = share.getAttribute("data-share-url");
    var title = share.getAttribute("data-share-title");
    var status = share.querySelector("[data-share-status]");
    var field = share.querySelector("[data-share-field]");
    var copy = share.querySelector("[data-share-copy]");
    var native = share.querySelector("[data-share-native]");
    var say = function (text) {
      status.textContent = "";
      window.setTimeout(function () { status.textContent = text; }, 50);
    };
    if (copy && navigator.clipboard && window.isSecureContext) {
      copy.hidden = false;
      if (field) {
        field.hidden = true;
      }
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(url).then(
          function () { say(status.getAttribute("data-copied")); },
          function () {
            if (field) {
              field.hidden = false;
              field.querySelector("input").select();
            }
            say(status.getAttribute("data-failed"));
          }
        );
      });
    }
    if (native && typeof navigator.share === "function") {
      native.hidden = false;
      native.addEventListener("click", function () {
        navigator.share({ title: title, url: url }).catch(function () {});
      });
    }
  });
})();

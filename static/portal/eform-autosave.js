// The e-form keeps what the citizen types: HTMX posts the typed fields a moment
// after typing stops (the form's hx-* attributes), and the answer is a line for
// the form's live region and each field's error. This says "saving" while it
// goes, shows a refusal the server explained (its answer names its state), says
// when nothing could be saved, and marks each field as its error says, without
// touching what is being typed. Without JavaScript the save button does it all.
(function () {
  "use strict";
  var EXPLAINED = [400, 401, 404, 409];

  // The element whose request it is: its request's (a swap's details name
  // the target as their elt), or the event's own target.
  function autosaveForm(evt) {
    var detail = evt.detail || {};
    var elt = (detail.requestConfig && detail.requestConfig.elt) || detail.elt || evt.target;
    return elt && elt.hasAttribute && elt.hasAttribute("data-autosave") ? elt : null;
  }

  function say(text) {
    var status = document.getElementById("autosave-status");
    if (status) status.textContent = text;
  }

  function markFields(form) {
    form.querySelectorAll("[data-locked=false]").forEach(function (wrapper) {
      var control = wrapper.querySelector("input, select, textarea");
      var error = wrapper.querySelector(".invalid-feedback[id]");
      if (!control || !error) return;
      var invalid = error.textContent.trim() !== "";
      control.classList.toggle("is-invalid", invalid);
      if (invalid) {
        control.setAttribute("aria-invalid", "true");
        control.setAttribute("aria-describedby", error.id);
      } else {
        control.removeAttribute("aria-invalid");
        control.removeAttribute("aria-describedby");
      }
    });
  }

  document.addEventListener("htmx:beforeRequest", function (evt) {
    var form = autosaveForm(evt);
    if (form) say(form.dataset.saving);
  });

  document.addEventListener("htmx:beforeSwap", function (evt) {
    var form = autosaveForm(evt);
    if (!form) return;
    var xhr = evt.detail.xhr;
    if (xhr.status < 400) return;
    if (EXPLAINED.indexOf(xhr.status) >= 0 && xhr.getResponseHeader("X-Autosave-Answer")) {
      evt.detail.shouldSwap = true;
      evt.detail.isError = false;
      return;
    }
    // A refused security token (the page was left open across a logout and a
    // login): its alert goes to the top of the page (static/portal/page.js).
    if (xhr.status === 403) {
      say(form.dataset.expired);
      return;
    }
    evt.detail.shouldSwap = false;
    say(form.dataset.unsaved);
  });

  document.addEventListener("htmx:afterSettle", function () {
    var form = document.querySelector("form[data-autosave]");
    if (form) markFields(form);
  });

  ["htmx:sendError", "htmx:timeout"].forEach(function (name) {
    document.addEventListener(name, function (evt) {
      var form = autosaveForm(evt);
      if (form) say(form.dataset.unsaved);
    });
  });
})();

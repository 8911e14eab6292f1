// The e-form keeps what the citizen types: HTMX posts the typed fields a moment
// after typing stops (the form's hx-* attributes), and the answer is a line for
// the form's live region and each field's error. This says "saving" while it
// goes, shows a refusal the server explained (its answer names its state), says
// when nothing could be saved, and marks each field as its error says, without
// touching what is being typed. Without JavaScript the save button does it all.
//
// What is typed and not yet saved is also kept in this browser tab
// (sessionStorage, per draft), so that a session that ended or a page that
// expired loses none of it: when the form is drawn again, a kept value goes
// back into its field (if the field still shows what the server drew), the
// form says so and saves it. A kept value is forgotten once saved, and at
// logout (static/portal/page.js). A locked value is never kept.
(function () {
  "use strict";
  var EXPLAINED = [400, 401, 404, 409];
  var KEPT = "eform-unsaved:";

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

  // The summary at the top of a form sent back with its errors lists each
  // refused field: once the form has saved one by itself (its error is gone),
  // its entry goes too. With its last entry its heading, which says values were
  // not saved, would be wrong: the summary says instead that they all are, and
  // so does the status line, which screen readers read out.
  function pruneSummary() {
    var summary = document.getElementById("error-summary");
    if (!summary) return;
    var pruned = false;
    summary.querySelectorAll("li").forEach(function (entry) {
      var link = entry.querySelector('a[href^="#f-"]');
      var error = link && document.getElementById("e-" + link.getAttribute("href").slice(3));
      if (error && error.textContent.trim() === "") {
        entry.remove();
        pruned = true;
      }
    });
    if (summary.querySelector("li")) {
      // A heading naming what was saved and what not would name a field saved
      // since: it points to the list below instead.
      var heading = summary.querySelector("[data-summary-heading]");
      if (pruned && heading && summary.dataset.stillRefused) {
        heading.textContent = summary.dataset.stillRefused;
      }
      return;
    }
    var allSaved = summary.dataset.allSaved;
    var saved = document.createElement("p");
    saved.className = "alert alert-success";
    saved.setAttribute("data-testid", "all-saved");
    saved.textContent = allSaved;
    summary.replaceWith(saved);
    var status = document.getElementById("autosave-status");
    if (status) status.textContent = status.textContent.trim() + " " + allSaved;
  }

  // The typed fields' controls: one in each unlocked field, never a locked one.
  function typedControls(form) {
    var controls = [];
    form.querySelectorAll("[data-locked=false]").forEach(function (wrapper) {
      var control = wrapper.querySelector("input[name], select[name], textarea[name]");
      if (control) controls.push(control);
    });
    return controls;
  }

  function valueOf(control) {
    if (control.type === "checkbox") return control.checked ? control.value : "";
    return control.value;
  }

  // The value as the server drew it.
  function drawnValueOf(control) {
    if (control.type === "checkbox") return control.defaultChecked ? control.value : "";
    if (control.tagName === "SELECT") {
      var options = Array.prototype.slice.call(control.options);
      var drawn = options.filter(function (option) { return option.defaultSelected; })[0];
      return drawn ? drawn.value : options.length ? options[0].value : "";
    }
    return control.defaultValue;
  }

  function setValue(control, value) {
    if (control.type === "checkbox") control.checked = value !== "";
    else control.value = value;
  }

  function readKept(key) {
    try {
      return JSON.parse(window.sessionStorage.getItem(key) || "null");
    } catch (e) {
      return null; // storage refused (private mode, a policy) or unreadable
    }
  }

  function writeKept(key, values) {
    try {
      if (Object.keys(values).length) window.sessionStorage.setItem(key, JSON.stringify(values));
      else window.sessionStorage.removeItem(key);
    } catch (e) {
      // Storage refused or full: the form still saves as it did.
    }
  }

  var forms = []; // {form, key, saved}: what the server holds, as far as this page knows

  function keep(state) {
    var unsaved = {};
    typedControls(state.form).forEach(function (control) {
      var value = valueOf(control);
      if (value !== state.saved[control.name]) unsaved[control.name] = value;
    });
    writeKept(state.key, unsaved);
  }

  function stateOf(form) {
    return forms.filter(function (state) { return state.form === form; })[0];
  }

  function start(form) {
    // A form sent back with its errors answers the address it was sent to
    // (POST only): the address bar names the form, so that a reload draws it.
    if (form.dataset.page && window.location.pathname !== form.dataset.page) {
      window.history.replaceState(window.history.state, "", form.dataset.page);
    }
    if (!form.dataset.draft) return;
    var state = { form: form, key: KEPT + form.dataset.draft, saved: {} };
    forms.push(state);
    typedControls(form).forEach(function (control) {
      // A value drawn refused is not what the server holds.
      var refused = control.getAttribute("aria-invalid") === "true";
      state.saved[control.name] = refused ? null : drawnValueOf(control);
    });
    var kept = readKept(state.key) || {};
    var restored = null;
    typedControls(form).forEach(function (control) {
      if (!Object.prototype.hasOwnProperty.call(kept, control.name)) return;
      var value = String(kept[control.name]);
      if (value === drawnValueOf(control)) return; // what the server drew
      if (valueOf(control) !== drawnValueOf(control)) return; // changed since it was drawn
      setValue(control, value);
      restored = restored || control;
    });
    keep(state);
    form.addEventListener("input", function () { keep(state); });
    form.addEventListener("change", function () { keep(state); });
    if (!restored) return;
    var notice = document.getElementById("autosave-restored");
    if (notice) {
      notice.textContent = form.dataset.restored;
      notice.className = "alert alert-info";
    }
    // Saved as if typed: HTMX listens for a change from the typed fields.
    restored.dispatchEvent(new Event("change", { bubbles: true }));
  }

  // After HTMX has set up the form's triggers (on DOMContentLoaded).
  window.addEventListener("load", function () {
    document.querySelectorAll("form[data-autosave]").forEach(start);
  });

  document.addEventListener("htmx:beforeRequest", function (evt) {
    var form = autosaveForm(evt);
    if (!form) return;
    say(form.dataset.saving);
    // What this request carries, to know what is saved once it is answered.
    var sent = {};
    typedControls(form).forEach(function (control) { sent[control.name] = valueOf(control); });
    evt.detail.xhr.eformSent = sent;
  });

  document.addEventListener("htmx:beforeSwap", function (evt) {
    var form = autosaveForm(evt);
    if (!form) return;
    var xhr = evt.detail.xhr;
    var answer = xhr.getResponseHeader("X-Autosave-Answer");
    if (answer === "saved" || answer === "invalid") {
      var state = stateOf(form);
      if (state) state.answered = xhr.eformSent || null;
    }
    if (xhr.status < 400) return;
    if (EXPLAINED.indexOf(xhr.status) >= 0 && answer) {
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
    if (!form) return;
    markFields(form);
    pruneSummary();
    var state = stateOf(form);
    if (!state || !state.answered) return;
    // Each value sent is saved, but for one its field now shows refused.
    Object.keys(state.answered).forEach(function (name) {
      var error = document.getElementById("e-" + name);
      if (!error || error.textContent.trim() === "") state.saved[name] = state.answered[name];
    });
    state.answered = null;
    keep(state);
  });

  ["htmx:sendError", "htmx:timeout"].forEach(function (name) {
    document.addEventListener(name, function (evt) {
      var form = autosaveForm(evt);
      if (form) say(form.dataset.unsaved);
    });
  });
})();

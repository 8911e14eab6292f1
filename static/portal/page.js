// What every page does beyond HTMX's own rules.
(function () {
  "use strict";

  // HTMX shows no answer of 400 and more. One the server sent elsewhere on
  // purpose (HX-Retarget: an expired security token, sent to #page-alert at
  // the top of the page) is meant to be seen: it is shown there, as an answer
  // the page handles, not logged to the console as a failed request.
  document.addEventListener("htmx:beforeSwap", function (evt) {
    var xhr = evt.detail.xhr;
    if (xhr.status >= 400 && xhr.getResponseHeader("HX-Retarget")) {
      evt.detail.shouldSwap = true;
      evt.detail.isError = false;
    }
    // A live part that answers a refusal with itself, the reason next to the
    // field (data-swap-refusals="400 409"), has it swapped in, not dropped.
    var part = evt.target.closest && evt.target.closest("[data-swap-refusals]");
    if (part && part.dataset.swapRefusals.split(" ").indexOf(String(xhr.status)) >= 0) {
      evt.detail.shouldSwap = true;
      evt.detail.isError = false;
    }
  });

  // No code is written in the pages' attributes (the Content-Security-Policy
  // refuses it): what a control does is named by a data- attribute here.

  // A form whose move cannot be undone asks first (data-confirm="question"): in
  // the page's own dialog where it has one (#confirm-dialog), else the browser's.
  // Confirmed, it is sent with confirmed=1: the server asks the question on a
  // page of its own for a move sent without it (no JavaScript), not twice here.
  function confirmedMark(form, confirmed) {
    var mark = form.querySelector("input[name=confirmed]");
    if (!mark) {
      mark = document.createElement("input");
      mark.type = "hidden";
      mark.name = "confirmed";
      form.appendChild(mark);
    }
    mark.value = confirmed ? "1" : "";
  }
  document.addEventListener("submit", function (evt) {
    var form = evt.target;
    var question = form.getAttribute("data-confirm");
    if (!question) return;
    if (form.dataset.confirmed) {
      delete form.dataset.confirmed;
      confirmedMark(form, true);
      return;
    }
    confirmedMark(form, false);  // a page restored from the history may keep the last mark
    var dialog = document.getElementById("confirm-dialog");
    if (!dialog || typeof dialog.showModal !== "function") {
      if (window.confirm(question)) confirmedMark(form, true);
      else evt.preventDefault();
      return;
    }
    evt.preventDefault();
    var submitter = evt.submitter || form.querySelector("[type=submit]");
    dialog.querySelector("[data-dialog-question]").textContent = question;
    var yes = dialog.querySelector("[data-dialog-confirm]");
    if (submitter && submitter.textContent.trim()) yes.textContent = submitter.textContent.trim();
    dialog.pendingForm = form;
    dialog.pendingSubmitter = submitter;
    openDialog(dialog, submitter);
  });

  document.addEventListener("click", function (evt) {
    var dialog = evt.target.closest && evt.target.closest("dialog");
    if (!dialog) return;
    if (evt.target.closest("[data-dialog-cancel]")) dialog.close();
    if (evt.target.closest("[data-dialog-confirm]")) {
      var form = dialog.pendingForm;
      var submitter = dialog.pendingSubmitter;
      dialog.pendingForm = null;
      dialog.close();
      if (form) {
        form.dataset.confirmed = "1";
        form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
      }
    }
  });

  // A modal dialog takes the focus (its first control), keeps it while open:
  // Tab and Shift+Tab go round its own controls (WCAG 2.1.2, 2.4.3); Escape
  // closes it (the browser's own cancel), and the focus goes back to the
  // control that opened it.
  var FOCUSABLE = "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), " +
    "select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";
  function focusables(root) {
    return Array.prototype.filter.call(root.querySelectorAll(FOCUSABLE), function (el) {
      return el.getClientRects().length > 0;
    });
  }
  function openDialog(dialog, opener) {
    dialog.opener = opener || document.activeElement;
    dialog.showModal();
    var first = dialog.querySelector("[autofocus]") || focusables(dialog)[0];
    if (first) first.focus();
  }
  document.addEventListener("keydown", function (evt) {
    if (evt.key !== "Tab") return;
    var dialog = document.querySelector("dialog[open]");
    if (!dialog) return;
    var inside = focusables(dialog);
    if (!inside.length) return;
    var first = inside[0];
    var last = inside[inside.length - 1];
    if (evt.shiftKey && (document.activeElement === first || !dialog.contains(document.activeElement))) {
      evt.preventDefault();
      last.focus();
    } else if (!evt.shiftKey && (document.activeElement === last || !dialog.contains(document.activeElement))) {
      evt.preventDefault();
      first.focus();
    }
  });
  document.addEventListener("close", function (evt) {
    var dialog = evt.target;
    if (dialog.tagName !== "DIALOG") return;
    // The close event comes a task after the dialog closed, and the browser
    // gives the focus back at once: a dialog opened again meanwhile (Escape,
    // then Space at once) keeps the form it now asks about.
    if (dialog.open) return;
    dialog.pendingForm = null;
    if (dialog.opener && document.contains(dialog.opener)) dialog.opener.focus();
    dialog.opener = null;
  }, true);

  // A list filter without its own button is sent as soon as it is changed with
  // the mouse. Chosen with the arrow keys, each press is a change: the page is
  // not reloaded under the keyboard at each one (WCAG 3.2.2); Enter, or the
  // form's button, sends the choice.
  document.addEventListener("keydown", function (evt) {
    var select = evt.target;
    if (!select.hasAttribute || !select.hasAttribute("data-submit-on-change")) return;
    if (evt.key === "Enter" && select.form) {
      evt.preventDefault();
      select.form.requestSubmit();
    } else if (evt.key !== "Tab" && evt.key !== "Shift") {
      select.dataset.keyed = "1";
    }
  });
  document.addEventListener("pointerdown", function (evt) {
    if (evt.target.closest && evt.target.closest("[data-submit-on-change]")) {
      delete evt.target.closest("[data-submit-on-change]").dataset.keyed;
    }
  });
  document.addEventListener("change", function (evt) {
    if (evt.target.hasAttribute("data-submit-on-change") && evt.target.form &&
        !evt.target.dataset.keyed) {
      evt.target.form.submit();
    }
  });

  // A part of a form needed for some choices of a radio group only
  // (data-shown-for="acting_basis:parent authorisation") is hidden for the
  // others, its fields disabled so that nothing hidden is sent. Without
  // JavaScript it is always shown.
  function showForChoices(root) {
    var parts = root.querySelectorAll("[data-shown-for]");
    for (var i = 0; i < parts.length; i++) {
      var rule = parts[i].getAttribute("data-shown-for").split(":");
      var form = parts[i].closest("form");
      var checked = form && form.querySelector("input[name='" + rule[0] + "']:checked");
      var shown = !checked || rule[1].split(" ").indexOf(checked.value) >= 0;
      parts[i].hidden = !shown;
      var fields = parts[i].querySelectorAll("input, select, textarea");
      for (var j = 0; j < fields.length; j++) fields[j].disabled = !shown;
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { showForChoices(document); });
  } else {
    showForChoices(document);
  }
  document.addEventListener("change", function (evt) {
    if (evt.target.type === "radio" && evt.target.form) showForChoices(evt.target.form);
  });

  // A form sent back with its errors: the focus goes to the summary of them, read
  // out first, and each of its links puts the focus in its field (WCAG 2.4.3, 3.3.1).
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    if (!summary.hasAttribute("tabindex")) summary.setAttribute("tabindex", "-1");
    summary.focus();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusErrorSummary);
  } else {
    focusErrorSummary();
  }
  document.addEventListener("click", function (evt) {
    var link = evt.target.closest && evt.target.closest("[data-error-summary] a[href^='#']");
    if (!link) return;
    var field = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!field) return;
    evt.preventDefault();
    field.focus();
    field.scrollIntoView({block: "center"});
  });

  // A live part swapped in while the focus was in it (or on the control that sent
  // it, which htmx disables while the request runs, taking the focus away): the
  // focus goes to the field refused, else back to that control in the new part,
  // else to a control the part names (data-focus-after-swap), else to the part
  // itself: never lost to the page's body (WCAG 2.4.3).
  // Kept on each request, not in one variable: an autosave sent while an upload
  // runs would otherwise forget where the upload's focus was.
  document.addEventListener("htmx:beforeRequest", function (evt) {
    var target = evt.detail.target;
    var active = document.activeElement;
    if (evt.detail.xhr && active && active !== document.body && target && target.contains(active)) {
      evt.detail.xhr.portalHeldFocus = {target: target, targetId: target.id, activeId: active.id};
    }
  });
  document.addEventListener("htmx:afterSettle", function (evt) {
    var held = evt.detail && evt.detail.xhr && evt.detail.xhr.portalHeldFocus;
    if (!held || (document.activeElement && document.activeElement !== document.body)) return;
    evt.detail.xhr.portalHeldFocus = null;
    var root = (held.targetId && document.getElementById(held.targetId)) || held.target;
    if (!root || !document.contains(root)) root = document.getElementById("main");
    var same = held.activeId && document.getElementById(held.activeId);
    var to = root.querySelector("[aria-invalid=true]") ||
      (same && root.contains(same) && !same.disabled ? same : null) ||
      root.querySelector("[data-focus-after-swap]") || root;
    if (to === root && !to.hasAttribute("tabindex")) to.setAttribute("tabindex", "-1");
    to.focus();
  });

  // A page made for paper has a button that prints it.
  document.addEventListener("click", function (evt) {
    if (evt.target.closest && evt.target.closest("[data-print]")) window.print();
  });

  // A bar showing a share (data-share="40", in per cent) is drawn that wide.
  function drawShares(root) {
    var bars = root.querySelectorAll("[data-share]");
    for (var i = 0; i < bars.length; i++) {
      bars[i].style.width = Math.max(0, Math.min(100, Number(bars[i].dataset.share) || 0)) + "%";
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { drawShares(document); });
  } else {
    drawShares(document);
  }
  document.addEventListener("htmx:load", function (evt) { drawShares(evt.target); });

  // What a form kept of the typing in this browser tab (not yet saved on the
  // server) is forgotten at logout, as the session is: when the header's button
  // is pressed (even on a page left open after the session ended), and on the
  // pages after a logout by any other page, which say so (data-logged-out).
  // Not after a session that ended by itself: logging in again puts it back.
  function forgetKeptTyping() {
    try {
      for (var i = window.sessionStorage.length - 1; i >= 0; i--) {
        var key = window.sessionStorage.key(i);
        if (key && key.indexOf("eform-unsaved:") === 0) window.sessionStorage.removeItem(key);
      }
    } catch (e) {
      // Storage refused (private mode, a policy): nothing was kept.
    }
  }
  if (document.body && document.body.hasAttribute("data-logged-out")) forgetKeptTyping();
  document.addEventListener("submit", function (evt) {
    if (evt.target.hasAttribute("data-logout")) forgetKeptTyping();
  });
  // A dossier that can no longer be typed in online (submitted, taken at the
  // desk) has its kept typing forgotten by its page (data-forget-typing="<pk>").
  document.querySelectorAll("[data-forget-typing]").forEach(function (page) {
    try {
      window.sessionStorage.removeItem("eform-unsaved:" + page.dataset.forgetTyping);
    } catch (e) {
      // Storage refused: nothing was kept.
    }
  });
})();

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

  // A form whose move cannot be undone asks first (data-confirm="question").
  document.addEventListener("submit", function (evt) {
    var question = evt.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) evt.preventDefault();
  });

  // A list filter without its own button is sent as soon as it is changed.
  document.addEventListener("change", function (evt) {
    if (evt.target.hasAttribute("data-submit-on-change") && evt.target.form) {
      evt.target.form.submit();
    }
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

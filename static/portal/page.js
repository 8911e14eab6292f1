// What every page does beyond HTMX's own rules.
(function () {
  "use strict";

  // HTMX shows no answer of 400 and more. One the server sent elsewhere on
  // purpose (HX-Retarget: an expired security token, sent to #page-alert at
  // the top of the page) is meant to be seen: it is shown there.
  document.addEventListener("htmx:beforeSwap", function (evt) {
    var xhr = evt.detail.xhr;
    if (xhr.status >= 400 && xhr.getResponseHeader("HX-Retarget")) {
      evt.detail.shouldSwap = true;
    }
  });

  // What a form kept of the typing in this browser tab (not yet saved on the
  // server) is forgotten when the user logs out, as the session is.
  document.addEventListener("submit", function (evt) {
    if (!evt.target.hasAttribute("data-logout")) return;
    try {
      for (var i = window.sessionStorage.length - 1; i >= 0; i--) {
        var key = window.sessionStorage.key(i);
        if (key && key.indexOf("eform-unsaved:") === 0) window.sessionStorage.removeItem(key);
      }
    } catch (e) {
      // Storage refused (private mode, a policy): nothing was kept.
    }
  });
})();

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
})();

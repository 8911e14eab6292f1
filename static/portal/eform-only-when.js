// A field asked only when another holds a value (its group's data-only-when
// names that field, data-only-when-value the value): hidden until that value is
// chosen, then shown and required if the form requires it. Without JavaScript
// such a field stays shown with its note, required only if the form as last
// saved holds that value; the server checks it either way.
(function () {
  "use strict";

  function controlOf(form, name) {
    return form.querySelector('[name="' + name + '"]');
  }

  function apply(group, control) {
    var holds = !!control && control.value.trim() === group.getAttribute("data-only-when-value");
    group.hidden = !holds;
    var required = holds && group.getAttribute("data-required") === "true";
    group.querySelectorAll("input, select, textarea").forEach(function (input) {
      if (input.type !== "hidden" && input.type !== "checkbox") input.required = required;
    });
  }

  document.querySelectorAll("form").forEach(function (form) {
    form.querySelectorAll("[data-only-when]").forEach(function (group) {
      var control = controlOf(form, group.getAttribute("data-only-when"));
      apply(group, control);
      if (!control) return;
      ["change", "input"].forEach(function (type) {
        control.addEventListener(type, function () { apply(group, control); });
      });
    });
  });
})();

// Shows only the questions asked of the category chosen on the registration form: a
// question limited to some categories names them in its data-categories attribute.
(function () {
  "use strict";
  function update(form) {
    var select = form.querySelector('[name="category"]');
    var chosen = select ? select.value : "";
    form.querySelectorAll("[data-question-block]").forEach(function (block) {
      var categories = block.getAttribute("data-categories");
      var shown = !categories || categories.split(" ").indexOf(chosen) !== -1;
      block.hidden = !shown;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-questions]").forEach(function (form) {
      var select = form.querySelector('[name="category"]');
      if (select) {
        select.addEventListener("change", function () { update(form); });
      }
      update(form);
    });
  });
})();

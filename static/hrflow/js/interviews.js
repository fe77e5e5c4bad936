// The interview form shows the address for onsite and phone interviews and the
// meeting link for video ones. Without JavaScript both stay visible; the
// service ignores the one that does not apply.
(function () {
  "use strict";
  function sync(form) {
    var checked = form.querySelector("input[name=kind]:checked");
    var kind = checked ? checked.value : "";
    form.querySelectorAll("[data-for-kinds]").forEach(function (block) {
      var kinds = block.getAttribute("data-for-kinds").split(" ");
      block.hidden = kind !== "" && kinds.indexOf(kind) === -1;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-testid=interview-form]");
    if (!form) {
      return;
    }
    form.addEventListener("change", function (event) {
      if (event.target.name === "kind") {
        sync(form);
      }
    });
    sync(form);
  });
})();

// Ask for leave: show only what the chosen leave type needs. Each option of the type
// list carries its rule (data-hours: may be taken in hours; data-document: needs a
// supporting document; data-rule: the rule in words). A field the type does not use is
// hidden and disabled, so it is not sent; without this script every field shows and
// the server refuses a wrong combination with a form error.
(function () {
  "use strict";
  var select = document.querySelector("select[data-leave-rules]");
  if (!select || !select.form) return;
  var form = select.form;
  var hint = select.closest(".field") && select.closest(".field").querySelector(".help");
  if (hint) hint.setAttribute("aria-live", "polite");

  function show(name, wanted) {
    var input = form.elements[name];
    if (!input || !input.closest) return;
    var box = input.closest(".field") || input;
    box.hidden = !wanted;
    input.disabled = !wanted;
  }

  function apply() {
    var option = select.options[select.selectedIndex];
    if (!option) return;
    show("hours_asked", option.hasAttribute("data-hours"));
    show("document", option.hasAttribute("data-document"));
    show("health_consent", option.hasAttribute("data-health"));
    if (hint) hint.textContent = option.getAttribute("data-rule") || "";
  }

  select.addEventListener("change", apply);
  apply();
})();

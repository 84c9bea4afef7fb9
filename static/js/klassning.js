/* Shows each aspect's level (the highest consequence) while the classification is filled in.
   Only a convenience: the server computes the level again when the form is saved. */
(function () {
  "use strict";
  function update(fieldset) {
    var best = null, label = "";
    fieldset.querySelectorAll("select.level").forEach(function (select) {
      if (select.value === "") { return; }
      var value = parseInt(select.value, 10);
      if (best === null || value > best) {
        best = value;
        label = select.options[select.selectedIndex].text;
      }
    });
    var output = fieldset.querySelector("output");
    if (output) { output.textContent = best === null ? output.dataset.empty : label; }
  }
  document.querySelectorAll("fieldset.aspect").forEach(function (fieldset) {
    fieldset.addEventListener("change", function () { update(fieldset); });
  });
}());

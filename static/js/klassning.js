/* The classification form. Only conveniences: the server computes the aspect's level again and
   treats "Ej relevant" as level 0 when the form is saved.
   - Shows each aspect's level (the highest consequence) while the classification is filled in.
   - "Ej relevant" fills the row: level 0. Choosing another level clears "Ej relevant". */
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
  function sync(target) {
    var cell = target.closest("fieldset.cell");
    if (!cell) { return; }
    var select = cell.querySelector("select.level");
    var box = cell.querySelector("input.not-relevant");
    if (!select || !box) { return; }
    if (target === box && box.checked) {
      select.value = "0";
    } else if (target === select && select.value !== "0") {
      box.checked = false;
    }
  }
  document.querySelectorAll("fieldset.aspect").forEach(function (fieldset) {
    fieldset.addEventListener("change", function (event) {
      sync(event.target);
      update(fieldset);
    });
  });
}());

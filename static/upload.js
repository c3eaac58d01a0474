// Drag and drop for the PoE upload form. Without this script the form works as it is: one file
// and one description per row. With it, files dropped on the drop zone fill empty rows.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form || typeof DataTransfer === "undefined") { return; }
  var zone = form.querySelector(".drop-zone");
  zone.hidden = false;
  function emptyInputs() {
    return Array.prototype.filter.call(form.querySelectorAll("input[type=file]"), function (input) {
      return input.files.length === 0;
    });
  }
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("active"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function () { zone.classList.remove("active"); });
  });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    var inputs = emptyInputs();
    Array.prototype.forEach.call(event.dataTransfer.files, function (file, i) {
      if (!inputs[i]) { return; }
      var transfer = new DataTransfer();
      transfer.items.add(file);
      inputs[i].files = transfer.files;
    });
  });
})();

// Evidence uploads: a file over the size limit is refused here, before it is sent.
// The server refuses it too (while it streams in); this only spares the wait.
(function () {
  "use strict";
  function tooLarge(input) {
    const file = input.files && input.files[0];
    const max = Number(input.dataset.maxBytes);
    return file && max && file.size > max ? file : null;
  }
  function feedback(input) {
    return document.getElementById(input.id + "-error");
  }
  // Shows the refusal beside the input; returns whether the file may be sent.
  function check(input) {
    const file = tooLarge(input);
    const box = feedback(input);
    input.classList.toggle("is-invalid", Boolean(file));
    if (box) {
      box.textContent = file ? (input.dataset.tooLarge || "").replace("{name}", file.name) : "";
    }
    return !file;
  }
  const selector = "input[type=file][data-max-bytes]";
  // Captured here, and stopped: choosing a file is not a change of the answer around it, whose
  // autosave listens for "change" on the whole answer row.
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches(selector)) {
      event.stopPropagation();
      check(event.target);
    }
  }, true);
  document.addEventListener("submit", function (event) {
    const input = event.target.querySelector && event.target.querySelector(selector);
    if (input && !check(input)) {
      event.preventDefault();
      input.focus();
    }
  });
})();

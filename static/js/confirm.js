// Asks before a destructive or final action: a form, or its submit button, with
// data-confirm="<translated question>" is sent only if the person accepts. htmx-driven controls use
// hx-confirm instead. Listens in the capture phase so a refusal stops htmx's handlers too.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    const form = event.target;
    const button = event.submitter;
    const question = (button && button.dataset.confirm) || form.dataset.confirm;
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
})();

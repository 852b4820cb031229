// Small behaviours of the survey pages. No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";
  function stateFor(el) {
    const slot = el.closest("[data-slot]");
    return slot ? slot.querySelector(".save-state") : null;
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    const state = stateFor(event.detail.elt);
    if (state) {
      state.className = "save-state small is-saving";
      state.textContent = state.dataset.savingText || "Saving…";
    }
  });
  document.addEventListener("htmx:responseError", function (event) {
    const state = stateFor(event.detail.elt);
    if (state) {
      state.className = "save-state small is-error";
      state.textContent = state.dataset.errorText || "Not saved";
    }
  });
  document.addEventListener("htmx:sendError", function (event) {
    const state = stateFor(event.detail.elt);
    if (state) {
      state.className = "save-state small is-error";
      state.textContent = state.dataset.offlineText || "Not saved: no connection";
    }
  });
})();

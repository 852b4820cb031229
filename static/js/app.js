// Small behaviours of the survey pages. No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";
  // The texts of the save states, translated once per page (on the section form).
  function text(name, fallback) {
    const form = document.getElementById("section-form");
    return (form && form.dataset[name]) || fallback;
  }
  function stateFor(el) {
    const slot = el.closest("[data-slot]");
    return slot ? slot.querySelector(".save-state") : null;
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    const state = stateFor(event.detail.elt);
    if (state) {
      state.className = "save-state small is-saving";
      state.textContent = text("savingText", "Saving…");
    }
  });
  document.addEventListener("htmx:responseError", function (event) {
    const state = stateFor(event.detail.elt);
    if (state) {
      state.className = "save-state small is-error";
      // A refused request (400) explains itself in plain text; anything else gets the general text.
      const xhr = event.detail.xhr;
      const plain = xhr && xhr.status === 400 &&
        (xhr.getResponseHeader("Content-Type") || "").startsWith("text/plain");
      state.textContent = plain ? xhr.responseText.slice(0, 300) : text("errorText", "Not saved");
    }
  });
  document.addEventListener("htmx:sendError", function (event) {
    const state = stateFor(event.detail.elt);
    if (state) {
      state.className = "save-state small is-error";
      state.textContent = text("offlineText", "Not saved: no connection");
    }
  });
})();

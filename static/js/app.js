// Small behaviours of the survey pages. No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";
  // The texts of the save states, translated once per page (on the section form, or on the
  // review page's verdicts form).
  function text(name, fallback) {
    const form = document.getElementById("section-form") || document.getElementById("verdicts-form");
    return (form && form.dataset[name]) || fallback;
  }
  function stateFor(el) {
    const slot = el.closest("[data-slot], [data-verdict]");
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

// Edits are never lost on a quick exit: when the page is hidden or left, every answer changed
// since its last save is sent with fetch(keepalive), which outlives the page. Leaving with an
// answer that cannot be saved (a comment without a status, a conflict to resolve) asks first.
(function () {
  "use strict";
  function slots() {
    return document.querySelectorAll("[data-slot][hx-post]");
  }
  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }
  function hidden(slot, name) {
    const input = slot.querySelector('input[name="' + slot.dataset.slot + "-" + name + '"]');
    return input ? input.value : "";
  }
  // [status, comment] as the user sees them, and as last saved (the server renders the saved
  // values into hidden inputs and updates them after each save). Comments are stored trimmed.
  function shown(slot) {
    const radio = slot.querySelector("input[type=radio]:checked");
    const comment = slot.querySelector("textarea");
    return [radio ? radio.value : "", comment ? comment.value.replace(/\r\n?/g, "\n").trim() : ""];
  }
  function changed(slot) {
    const now = shown(slot);
    return now[0] !== hidden(slot, "initial_status") || now[1] !== hidden(slot, "initial_comment").trim();
  }
  function savable(slot) {
    const conflict = document.getElementById(slot.dataset.slot + "-conflict");
    return shown(slot)[0] !== "" && !(conflict && conflict.children.length);
  }
  function body(slot) {
    const data = new FormData();
    slot.querySelectorAll("input[name], textarea[name]").forEach(function (input) {
      if (input.disabled || (input.type === "radio" && !input.checked)) {
        return;
      }
      data.append(input.name, input.value);
    });
    data.append("slot", slot.dataset.slot);
    return data;
  }
  function flush() {
    slots().forEach(function (slot) {
      if (!changed(slot) || !savable(slot)) {
        return;
      }
      const sent = JSON.stringify(shown(slot));
      if (slot.diamSent === sent) {
        return; // already on its way (pagehide and visibilitychange both fire when leaving)
      }
      slot.diamSent = sent;
      fetch(slot.getAttribute("hx-post"), {
        method: "POST",
        body: body(slot),
        keepalive: true,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" },
      }).then(function (response) {
        return response.text().then(function (html) {
          // Still here (the tab was only hidden): show the outcome as an autosave would.
          if ([200, 409, 422].indexOf(response.status) !== -1 && window.htmx) {
            window.htmx.swap(slot, html, { swapStyle: "none" });
          }
        });
      }).catch(function () {
        slot.diamSent = undefined;
      });
    });
  }
  // The section form's Save button saves every answer itself.
  let submitting = false;
  document.addEventListener("submit", function (event) {
    submitting = event.target.id === "section-form";
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && !submitting) {
      flush();
    }
  });
  window.addEventListener("pagehide", function () {
    if (!submitting) {
      flush();
    }
  });
  window.addEventListener("beforeunload", function (event) {
    if (submitting) {
      return;
    }
    flush();
    const unsaved = Array.prototype.some.call(slots(), function (slot) {
      return changed(slot) && !savable(slot);
    });
    if (unsaved) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();

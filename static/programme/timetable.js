// Organiser timetable: drag a session card onto a grid cell (or the "not on the grid" zone).
// The move is POSTed to the JSON endpoint; on success the page reloads so the grid and the
// conflict list (#conflicts) are re-rendered by the server. Without JavaScript, or from the
// keyboard, the per-session forms below the grid do the same.
document.addEventListener("DOMContentLoaded", () => {
  const root = document.getElementById("timetable");
  if (!root) return;
  const moveUrl = root.dataset.moveUrl;
  const csrf = document.querySelector("input[name=csrfmiddlewaretoken]");
  const status = document.createElement("p");
  status.className = "timetable-status";
  status.setAttribute("role", "status");
  status.hidden = true;
  document.body.append(status);

  for (const el of document.querySelectorAll("[data-track-colour]")) {
    const colour = el.dataset.trackColour;
    if (/^#[0-9a-fA-F]{6}$/.test(colour)) el.style.borderLeftColor = colour;
  }

  let dragged = null;
  for (const card of root.querySelectorAll(".tt-session[draggable=true]")) {
    card.addEventListener("dragstart", (event) => {
      dragged = card;
      card.classList.add("is-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", card.dataset.sessionCode);
    });
    card.addEventListener("dragend", () => {
      card.classList.remove("is-dragging");
      dragged = null;
    });
  }

  const targets = root.querySelectorAll(".tt-cell, .tt-dropzone");
  for (const target of targets) {
    target.addEventListener("dragover", (event) => {
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      target.classList.add("is-drop-target");
    });
    target.addEventListener("dragleave", () => target.classList.remove("is-drop-target"));
    target.addEventListener("drop", async (event) => {
      event.preventDefault();
      target.classList.remove("is-drop-target");
      const code = event.dataTransfer.getData("text/plain") || (dragged && dragged.dataset.sessionCode);
      if (!code) return;
      const body = new FormData();
      body.append("code", code);
      body.append("day", target.dataset.day || "");
      body.append("start", target.dataset.time || "");
      body.append("room", target.dataset.room || "");
      status.hidden = false;
      status.textContent = "…";
      try {
        const response = await fetch(moveUrl, {
          method: "POST",
          body,
          headers: { "X-CSRFToken": csrf ? csrf.value : "", Accept: "application/json" },
          credentials: "same-origin",
        });
        const data = await response.json();
        if (data.ok) {
          window.location.reload();
        } else {
          status.textContent = (data.errors || []).join(" ");
        }
      } catch (error) {
        status.textContent = String(error);
      }
    });
  }
});

// Track colours come from the data (organisers pick them); CSP forbids inline style
// attributes, so they are applied through the CSSOM, which CSP allows.
document.addEventListener("DOMContentLoaded", () => {
  for (const el of document.querySelectorAll("[data-track-colour]")) {
    const colour = el.dataset.trackColour;
    if (/^#[0-9a-fA-F]{6}$/.test(colour)) el.style.borderLeftColor = colour;
  }
});

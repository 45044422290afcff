// Progressive enhancement only: every feature works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // The language switcher submits itself on change; its button stays for keyboard/no-JS users.
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form.requestSubmit());
  }
});

// "Follow online" on a registrant's agenda: each session shows "Join from …", then the Join
// button, then the recording, by the browser's clock (the page was drawn by the server's).
// The stream language a person picks is remembered in this browser (localStorage).
(() => {
  const KEY = "forum.join.language";
  const PERIOD = 30 * 1000;

  const remembered = () => {
    try {
      return window.localStorage.getItem(KEY);
    } catch (error) {
      return null; // storage refused (private mode, policy): the page's default stays
    }
  };

  const remember = (language) => {
    try {
      window.localStorage.setItem(KEY, language);
    } catch (error) {
      // nothing to do: the choice holds for this page only
    }
  };

  const stateAt = (item, now) => {
    const opens = Date.parse(item.dataset.joinOpens);
    const ends = Date.parse(item.dataset.joinEnds);
    if (now >= ends) return "ended";
    if (now >= opens) return "open";
    return "upcoming";
  };

  const useLanguage = (item, language) => {
    const select = item.querySelector("[data-join-language]");
    const link = item.querySelector("[data-join-link]");
    if (!select || !link) return;
    const option = Array.from(select.options).find((o) => o.value === language);
    if (!option) return;
    select.value = language;
    link.href = option.dataset.url;
    const label = link.querySelector("[data-join-link-language]");
    if (label) label.textContent = "(" + option.textContent.trim() + ")";
  };

  const update = (items) => {
    const now = Date.now();
    for (const item of items) {
      const state = stateAt(item, now);
      if (state === item.dataset.joinState) continue;
      item.dataset.joinState = state;
      for (const part of item.querySelectorAll("[data-join-part]")) {
        part.hidden = part.dataset.joinPart !== state;
      }
      const status = item.querySelector("[data-join-status]");
      const message = state === "open" ? item.dataset.joinAnnounceOpen : item.dataset.joinAnnounceEnded;
      if (status && state !== "upcoming" && message) status.textContent = message;
    }
  };

  document.addEventListener("DOMContentLoaded", () => {
    const items = Array.from(document.querySelectorAll("[data-join]"));
    if (!items.length) return;
    const saved = remembered();
    for (const item of items) {
      if (saved) useLanguage(item, saved);
      const select = item.querySelector("[data-join-language]");
      if (select) {
        select.addEventListener("change", () => {
          remember(select.value);
          for (const other of items) useLanguage(other, select.value);
        });
      }
    }
    update(items);
    window.setInterval(() => update(items), PERIOD);
  });
})();

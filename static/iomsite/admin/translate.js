// The translate view: "Copy source", "Use" (a memory suggestion) and live
// warnings while typing. Without this file the page still works: saving
// checks every segment and shows the same warnings.
(() => {
  const form = document.getElementById("translate-form");
  if (!form) return;
  const texts = document.getElementById("translate-messages").dataset;

  const fill = (row, text) => {
    const area = row.querySelector("textarea");
    area.value = text;
    area.dispatchEvent(new Event("input", { bubbles: true }));
    area.focus();
  };

  const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const contains = (text, term) => {
    if (!term.trim()) return false;
    const words = term.trim().split(/\s+/).map(escapeRegExp).join("\\s+");
    return new RegExp(`(?<![\\p{L}\\p{N}_])${words}(?![\\p{L}\\p{N}_])`, "iu").test(text);
  };
  const plain = (text) => text.replace(/\{\/?\d+\/?\}/g, "").replace(/\s+/g, " ").trim();
  const found = (pattern, text) => (text.match(pattern) || []).map((m) => m.toLowerCase()).sort().join("\n");
  const numbers = (text) => (text.match(/\d(?:[\d\u00a0\u202f ,.]*\d)?/g) || [])
    .map((m) => m.replace(/\D/g, "")).sort().join("\n");
  const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
  const URL = /(?:https?:\/\/|www\.)[^\s<>"']+[^\s<>"'.,;:!?)»]/g;

  const check = (row) => {
    const area = row.querySelector("textarea");
    const list = row.querySelector(".translate-warnings");
    const source = plain(area.dataset.source);
    const target = plain(area.value);
    const warnings = [];
    if (target) {
      row.querySelectorAll(".translate-terms dd").forEach((dd) => {
        const { term, translation } = dd.dataset;
        if (!contains(target, translation)) {
          warnings.push(texts.missingTerm.replace("{term}", term).replace("{translation}", translation));
        }
        dd.dataset.forbidden.split("|").filter(Boolean).forEach((variant) => {
          if (contains(target, variant)) {
            warnings.push(texts.forbidden.replace("{variant}", variant).replace("{translation}", translation));
          }
        });
      });
      if (numbers(source) !== numbers(target)) warnings.push(texts.numbers);
      if (found(EMAIL, source) !== found(EMAIL, target)) warnings.push(texts.emails);
      if (found(URL, source) !== found(URL, target)) warnings.push(texts.urls);
    }
    list.replaceChildren(...warnings.map((text) => {
      const item = document.createElement("li");
      item.textContent = text;
      return item;
    }));
  };

  form.querySelectorAll("[data-copy-source], [data-use]").forEach((button) => {
    button.hidden = false;
  });
  form.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-copy-source], button[data-use]");
    if (!button) return;
    const row = button.closest(".translate-segment");
    const area = row.querySelector("textarea");
    fill(row, "use" in button.dataset ? button.dataset.use : area.dataset.source);
  });
  form.addEventListener("input", (event) => {
    const row = event.target.closest(".translate-segment");
    if (row && event.target.matches("textarea")) check(row);
  });
})();

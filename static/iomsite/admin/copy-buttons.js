// "Copy" buttons in the admin (embargo links, outside review links): put
// the address on the clipboard and say so to screen readers (the field stays
// selectable for browsers without the clipboard API).
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  const status = document.getElementById("copy-status");
  field.select();
  const done = () => {
    if (status) status.textContent = button.dataset.copied;
  };
  if (navigator.clipboard) {
    navigator.clipboard.writeText(field.value).then(done, () => document.execCommand("copy") && done());
  } else if (document.execCommand("copy")) {
    done();
  }
});

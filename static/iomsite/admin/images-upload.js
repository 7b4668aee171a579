// Upload several images at once: each file goes on its own request
// (XMLHttpRequest, for its upload progress), and the page lists what was
// added and what was refused, with the reason. Without JavaScript the form
// posts every file at once and the server lists the same.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector(".images-upload-form");
  if (!form) {
    return;
  }
  const input = form.querySelector("input[type=file]");
  const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const section = document.querySelector(".images-results");
  const list = section.querySelector(".images-results-list");
  const text = form.dataset;

  function row(file) {
    const item = document.createElement("li");
    const name = document.createElement("strong");
    name.textContent = file.name;
    const bar = document.createElement("progress");
    bar.max = file.size || 1;
    bar.value = 0;
    bar.setAttribute("aria-label", file.name);
    const status = document.createElement("span");
    status.className = "images-status";
    status.textContent = text.sending;
    item.append(name, " ", bar, " ", status);
    list.append(item);
    return { item, bar, status };
  }

  function finish(parts, answer) {
    parts.bar.value = parts.bar.max;
    parts.status.textContent = "";
    if (answer && answer.ok) {
      parts.item.classList.add("images-made");
      const link = document.createElement("a");
      link.href = answer.url;
      link.textContent = text.edit;
      parts.status.append(text.made + " — ", link);
    } else {
      parts.item.classList.add("images-refused");
      const reason = document.createElement("span");
      reason.className = "images-reason";
      reason.textContent = (answer && answer.error) || text.failed;
      parts.status.append(text.refused + " — ", reason);
    }
  }

  function send(file, parts) {
    return new Promise((resolve) => {
      const data = new FormData();
      data.append("csrfmiddlewaretoken", token);
      data.append("file", file);
      const request = new XMLHttpRequest();
      request.open("POST", form.action || window.location.href);
      request.setRequestHeader("Accept", "application/json");
      request.setRequestHeader("X-CSRFToken", token);
      request.upload.addEventListener("progress", (event) => {
        if (event.lengthComputable) {
          parts.bar.max = event.total;
          parts.bar.value = event.loaded;
        }
      });
      request.addEventListener("load", () => {
        let answer = null;
        try {
          answer = JSON.parse(request.responseText);
        } catch (error) {
          answer = null;
        }
        finish(parts, answer);
        resolve();
      });
      request.addEventListener("error", () => {
        finish(parts, null);
        resolve();
      });
      request.send(data);
    });
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const files = Array.from(input.files);
    if (!files.length) {
      input.reportValidity();
      return;
    }
    section.hidden = false;
    list.replaceChildren();
    const rows = files.map(row);
    const button = form.querySelector("input[type=submit]");
    button.disabled = true;
    // One after the other: each file gets the whole line, so the first
    // ones are done (and listed) early even on a slow connection.
    for (const [index, file] of files.entries()) {
      await send(file, rows[index]);
    }
    button.disabled = false;
    input.value = "";
    form.dataset.done = "true";
  });
});

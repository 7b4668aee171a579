// The focal point picker of an image's change form: a click on the image,
// or the arrow keys on the marker (Shift for bigger steps), write the
// point into the focal_x and focal_y fields (0 to 1 across and down).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const picker = document.querySelector(".images-focal");
  const fieldX = document.getElementById("id_focal_x");
  const fieldY = document.getElementById("id_focal_y");
  if (!picker || !fieldX || !fieldY) {
    return;
  }
  const image = picker.querySelector("img");
  const marker = picker.querySelector(".images-focal-marker");

  function clamp(value) {
    return Math.min(1, Math.max(0, value));
  }

  function show(x, y) {
    marker.style.left = (x * 100) + "%";
    marker.style.top = (y * 100) + "%";
  }

  function set(x, y) {
    x = Math.round(clamp(x) * 1000) / 1000;
    y = Math.round(clamp(y) * 1000) / 1000;
    fieldX.value = x;
    fieldY.value = y;
    show(x, y);
  }

  image.addEventListener("click", (event) => {
    const box = image.getBoundingClientRect();
    set((event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height);
    marker.focus();
  });

  const moves = {
    ArrowLeft: [-1, 0],
    ArrowRight: [1, 0],
    ArrowUp: [0, -1],
    ArrowDown: [0, 1],
  };
  marker.addEventListener("keydown", (event) => {
    const move = moves[event.key];
    if (!move) {
      return;
    }
    event.preventDefault();
    const step = event.shiftKey ? 0.1 : 0.01;
    set(
      parseFloat(fieldX.value || "0.5") + move[0] * step,
      parseFloat(fieldY.value || "0.5") + move[1] * step,
    );
  });

  for (const field of [fieldX, fieldY]) {
    field.addEventListener("input", () => {
      show(clamp(parseFloat(fieldX.value) || 0), clamp(parseFloat(fieldY.value) || 0));
    });
  }
  show(parseFloat(fieldX.value || "0.5"), parseFloat(fieldY.value || "0.5"));
});

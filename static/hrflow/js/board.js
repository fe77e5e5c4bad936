// The pipeline board: drag a card to another column, or press Alt+Arrow on a
// focused card; the server moves it (the service writes the transition) and
// answers the new counts. Bulk selection just counts checked boxes.
(function () {
  "use strict";
  var board = document.querySelector("[data-board]");
  if (!board || board.dataset.canWork !== "1") return;
  var toast = document.querySelector("[data-toast]");
  var csrf = document.querySelector("#bulk input[name=csrfmiddlewaretoken]").value;
  var dragged = null;

  function say(text) {
    toast.textContent = text;
    toast.hidden = false;
    window.setTimeout(function () { toast.hidden = true; }, 4000);
  }

  function columnOf(element) { return element.closest("[data-stage]"); }

  function move(card, targetColumn) {
    var from = columnOf(card);
    if (!targetColumn || targetColumn === from) return;
    var body = new FormData();
    body.append("application", card.dataset.application);
    body.append("stage", targetColumn.dataset.stage);
    fetch(board.dataset.moveUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (!result.ok) { say(result.data.message || board.dataset.textFailed); return; }
      var list = targetColumn.querySelector("[data-drop]");
      var empty = list.querySelector(".empty-column");
      if (empty) empty.remove();
      list.insertBefore(card, list.firstChild);
      var age = card.querySelector("[data-stage-age]");
      var label = (result.data.stage_ages || {})[card.dataset.application];
      if (age && label) age.textContent = label;
      Object.keys(result.data.counts).forEach(function (stage) {
        var column = board.querySelector('[data-stage="' + stage + '"] [data-count]');
        if (column) column.textContent = result.data.counts[stage];
      });
      card.focus();
    }).catch(function () { say(board.dataset.textFailed); });
  }

  board.addEventListener("dragstart", function (event) {
    dragged = event.target.closest(".kanban-card");
    if (dragged) { event.dataTransfer.effectAllowed = "move"; dragged.classList.add("dragging"); }
  });
  board.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    board.querySelectorAll(".drop-target").forEach(function (c) { c.classList.remove("drop-target"); });
    dragged = null;
  });
  board.addEventListener("dragover", function (event) {
    var column = columnOf(event.target);
    if (dragged && column) { event.preventDefault(); column.classList.add("drop-target"); }
  });
  board.addEventListener("dragleave", function (event) {
    var column = columnOf(event.target);
    if (column && !column.contains(event.relatedTarget)) column.classList.remove("drop-target");
  });
  board.addEventListener("drop", function (event) {
    var column = columnOf(event.target);
    if (dragged && column) { event.preventDefault(); column.classList.remove("drop-target"); move(dragged, column); }
  });
  board.addEventListener("keydown", function (event) {
    var card = event.target.closest(".kanban-card");
    if (!card || !event.altKey || (event.key !== "ArrowRight" && event.key !== "ArrowLeft")) return;
    event.preventDefault();
    var column = columnOf(card);
    move(card, event.key === "ArrowRight" ? column.nextElementSibling : column.previousElementSibling);
  });

  var counter = document.querySelector("[data-selected-count]");
  var initial = counter.textContent;
  document.addEventListener("change", function (event) {
    if (event.target.name !== "applications") return;
    var checked = document.querySelectorAll('input[name="applications"]:checked').length;
    counter.textContent = checked ? checked + " " + board.dataset.textSelected : initial;
  });
})();

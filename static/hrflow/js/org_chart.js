// The org chart: "Close all" folds every department back to the top level.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-org-collapse]");
  if (!button) return;
  document.querySelectorAll(".org-tree details[open]").forEach((details) => {
    details.open = false;
  });
});

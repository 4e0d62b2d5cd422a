// Switchboard portal: conveniences only; every page works without this.
document.querySelectorAll("button.copy").forEach(function (b) {
  var field = document.getElementById(b.dataset.copy);
  if (!field || !navigator.clipboard) return;
  b.hidden = false;
  b.addEventListener("click", function () {
    navigator.clipboard.writeText(field.value);
  });
});

// Switchboard portal: conveniences only; every page works without this.
document.querySelectorAll("button.copy").forEach(function (b) {
  var field = document.getElementById(b.dataset.copy);
  if (!field || !navigator.clipboard) return;
  b.hidden = false;
  b.addEventListener("click", function () {
    navigator.clipboard.writeText(field.value);
  });
});

// Live state: the elements naming a device (data-live-device) follow its
// online/offline events from /events, the session's event stream; a
// "missed" event (notices were lost) reloads the page.
(function () {
  var shown = document.querySelectorAll("[data-live-device]");
  if (!shown.length || !window.EventSource) return;
  var stream = new EventSource("/events");
  stream.addEventListener("open", function () {
    shown.forEach(function (el) {
      el.dataset.live = "open";
    });
  });
  stream.addEventListener("device", function (m) {
    var ev = JSON.parse(m.data);
    shown.forEach(function (el) {
      var label = el.dataset[ev.state === "online" ? "labelOnline" : "labelOffline"];
      if (el.dataset.liveDevice !== ev.id || !label) return;
      el.className = el.className.replace(/\bstatus-\w+/, "status-" + ev.state);
      el.textContent = label;
    });
  });
  stream.addEventListener("missed", function () {
    location.reload();
  });
})();

// Tabs (function keys, one per expansion module): each tab is a link that
// reloads the page with its module; with this script the tabs switch in
// place and the address follows.
(function () {
  var tabs = document.querySelectorAll("[data-tab]");
  tabs.forEach(function (tab) {
    tab.addEventListener("click", function (ev) {
      ev.preventDefault();
      tabs.forEach(function (t) {
        var on = t === tab;
        t.setAttribute("aria-selected", on ? "true" : "false");
        document.getElementById(t.dataset.tab).hidden = !on;
      });
      history.replaceState(null, "", tab.href);
    });
  });
})();

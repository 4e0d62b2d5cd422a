// Switchboard portal: conveniences only; every page works without this.
document.querySelectorAll("button.copy").forEach(function (b) {
  var field = document.getElementById(b.dataset.copy);
  if (!field || !navigator.clipboard) return;
  b.hidden = false;
  b.addEventListener("click", function () {
    navigator.clipboard.writeText(field.value);
  });
});

// liveStream is the page's one connection to /events, the session's
// event stream, opened by the first part of the page that follows it.
var liveStream = (function () {
  var stream = null;
  return function () {
    if (!stream) stream = new EventSource("/events");
    return stream;
  };
})();

// Live state from the event stream: the elements
// naming a device (data-live-device), an order (data-live-order) or a
// message (data-live-message) follow its events, showing the label the
// page gave for the new state (data-label-<state>); a failed message
// offers its resend form. An event about an order or message the list
// (data-live-list) does not show yet reveals the reload link
// (#live-notice). A "missed" event (notices were lost) reloads the page.
(function () {
  var follow = { device: "liveDevice", order: "liveOrder", message: "liveMessage" };
  var list = document.querySelector("[data-live-list]");
  var shown = document.querySelectorAll("[data-live-device], [data-live-order], [data-live-message]");
  if ((!shown.length && !list) || !window.EventSource) return;
  var stream = liveStream();
  stream.addEventListener("open", function () {
    shown.forEach(function (el) {
      el.dataset.live = "open";
    });
    if (list) list.dataset.live = "open";
  });
  function show(el, state) {
    var label = el.dataset["label" + state.charAt(0).toUpperCase() + state.slice(1)];
    if (!label) return;
    el.className = el.className.replace(/\b(status|state)-\w+/, "$1-" + state);
    el.textContent = label;
    var resend = el.parentNode.querySelector("form.resend");
    if (resend) resend.hidden = state !== "failed";
  }
  Object.keys(follow).forEach(function (type) {
    stream.addEventListener(type, function (m) {
      var ev = JSON.parse(m.data);
      var found = false;
      shown.forEach(function (el) {
        if (el.dataset[follow[type]] !== ev.id) return;
        found = true;
        show(el, ev.state);
      });
      var notice = document.getElementById("live-notice");
      if (!found && notice && list && list.dataset.liveList === type &&
          (!list.dataset.liveCustomer || list.dataset.liveCustomer === ev.customer)) {
        notice.hidden = false;
      }
    });
  });
  stream.addEventListener("missed", function () {
    location.reload();
  });
})();

// A part of a page marked data-live-refresh (the fleet figures) is read
// again and replaced in place when an event of its kind and customer
// arrives: at once for the first, then at most every five seconds, so a
// boot storm does not have every open page recount the fleet on each
// registration. When reading fails, the reload link (#live-notice) shows.
(function () {
  var part = document.querySelector("[data-live-refresh]");
  if (!part || !window.EventSource || !window.fetch || !window.DOMParser) return;
  var stream = liveStream();
  var due = null;
  var last = 0;
  function refresh() {
    due = null;
    last = Date.now();
    fetch(location.href, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error("status " + r.status);
      return r.text();
    }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(part.id);
      if (!fresh) throw new Error("no " + part.id);
      fresh.dataset.live = "open";
      part.replaceWith(fresh);
      part = fresh;
    }).catch(function () {
      var notice = document.getElementById("live-notice");
      if (notice) notice.hidden = false;
    });
  }
  stream.addEventListener("open", function () {
    part.dataset.live = "open";
  });
  stream.addEventListener(part.dataset.liveRefresh, function (m) {
    var ev = JSON.parse(m.data);
    if (part.dataset.liveCustomer && part.dataset.liveCustomer !== ev.customer) return;
    if (due) return;
    due = setTimeout(refresh, Math.max(0, last + 5000 - Date.now()));
  });
  stream.addEventListener("missed", refresh);
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

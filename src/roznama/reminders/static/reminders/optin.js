// The reminders opt-in page: registers the service worker, asks for permission only when
// the reader presses the button, subscribes with the site's VAPID key and posts the choice.
(function () {
  "use strict";
  var root = document.querySelector("[data-reminders]");
  if (!root) return;
  var form = root.querySelector("[data-reminders-form]");
  var status = root.querySelector("[data-reminders-status]");
  var stop = root.querySelector("[data-reminders-stop]");
  var messages = root.querySelector("template[data-messages]");

  function say(key, detail) {
    var found = messages && messages.content.querySelector('[data-key="' + key + '"]');
    status.textContent = (found ? found.textContent : key) + (detail ? " (" + detail + ")" : "");
    status.setAttribute("data-state", key);
  }

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function postJSON(url, body) {
    return fetch(url, {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)})
      .then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) throw new Error(data.error || ("HTTP " + response.status));
          return data;
        });
      });
  }

  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    say("unsupported");
    form.querySelector("[data-reminders-subscribe]").disabled = true;
    return;
  }

  var registration = navigator.serviceWorker.register(root.dataset.swUrl, {scope: "/"});
  registration.then(function (reg) {
    root.setAttribute("data-sw", "registered");
    return reg.pushManager.getSubscription();
  }).then(function (existing) {
    if (existing) stop.hidden = false;
  }).catch(function (error) { say("failed", error.message); });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var chosen = Array.prototype.map.call(form.querySelectorAll('input[name="reminders"]:checked'),
                                          function (box) { return box.value; });
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") { say("denied"); throw null; }
      return navigator.serviceWorker.ready;
    }).then(function (reg) {
      return reg.pushManager.getSubscription().then(function (existing) {
        return existing || reg.pushManager.subscribe({userVisibleOnly: true,
                                                      applicationServerKey: keyBytes(root.dataset.serverKey)});
      });
    }).then(function (subscription) {
      return postJSON(root.dataset.subscribeUrl, {
        subscription: subscription.toJSON(), place: form.place.value, fiqh: form.fiqh.value,
        method: form.method.value, reminders: chosen, quiet_start: form.quiet_start.value,
        quiet_end: form.quiet_end.value, language: root.dataset.lang
      });
    }).then(function () {
      say("subscribed");
      stop.hidden = false;
    }).catch(function (error) { if (error) say("failed", error.message); });
  });

  stop.addEventListener("click", function () {
    navigator.serviceWorker.ready.then(function (reg) {
      return reg.pushManager.getSubscription();
    }).then(function (subscription) {
      if (!subscription) return null;
      return postJSON(root.dataset.unsubscribeUrl, {endpoint: subscription.endpoint})
        .then(function () { return subscription.unsubscribe(); });
    }).then(function () {
      say("stopped");
      stop.hidden = true;
    }).catch(function (error) { say("failed", error.message); });
  });
})();

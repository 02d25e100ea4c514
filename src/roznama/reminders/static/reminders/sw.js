// The site's service worker: shows the reminders pushed by the server.  Every reminder has
// an "unsubscribe" action, which stops them with one click (a POST to the reminder's link).
"use strict";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (error) { data = {title: event.data.text()}; }
  var options = {
    body: data.body || "",
    tag: data.tag,
    lang: data.lang,
    dir: data.lang === "ur" ? "rtl" : "ltr",
    data: {url: data.url || "/", unsubscribe: data.unsubscribe},
    actions: data.unsubscribe ? [{action: "unsubscribe", title: data.unsubscribe_label || "Unsubscribe"}] : []
  };
  event.waitUntil(self.registration.showNotification(data.title || "", options));
});

self.addEventListener("notificationclick", function (event) {
  var info = event.notification.data || {};
  event.notification.close();
  if (event.action === "unsubscribe" && info.unsubscribe) {
    event.waitUntil(
      fetch(info.unsubscribe, {method: "POST", headers: {"Accept": "application/json"}})
        .then(function () { return self.registration.pushManager.getSubscription(); })
        .then(function (subscription) { return subscription && subscription.unsubscribe(); })
    );
    return;
  }
  event.waitUntil(self.clients.openWindow(info.url || "/"));
});

// Why: clicking an alert's system notification focuses the app on that pair. Workbox's generated service
// worker imports this file (vite.config.ts, workbox.importScripts); the page listens for 'focus-pair'.
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const pair = event.notification.data && event.notification.data.pair;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(async (clients) => {
      const client = clients[0];
      if (client) {
        await client.focus();
        if (pair) client.postMessage({ type: 'focus-pair', pair });
      } else {
        await self.clients.openWindow(pair ? `./?symbols=${pair.y},${pair.x}` : './');
      }
    }),
  );
});

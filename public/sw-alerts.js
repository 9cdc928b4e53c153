// Why: clicking an alert's system notification focuses the app on that pair. Workbox's generated service
// worker imports this file (vite.config.ts, workbox.importScripts); the page listens for 'focus-pair'.
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const data = event.notification.data || {};
  const pair = data.pair;
  const timeframe = data.timeframe || null;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(async (clients) => {
      const client = clients[0];
      if (client) {
        await client.focus();
        if (pair) client.postMessage({ type: 'focus-pair', pair, timeframe });
      } else {
        const query = new URLSearchParams();
        if (pair) query.set('symbols', `${pair.y},${pair.x}`);
        if (timeframe) query.set('interval', timeframe);
        const search = query.toString();
        await self.clients.openWindow(search ? `./?${search}` : './');
      }
    }),
  );
});

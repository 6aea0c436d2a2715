// Genk Village coach service worker: keeps the stylesheets, the script and the contact-log page
// so that /coach/contact/ opens without a network. Drafts are kept by the page (js/coach-offline.js).
"use strict";
const CONFIG = {{ config|safe }};

async function install() {
  const cache = await caches.open(CONFIG.cache);
  await cache.addAll(CONFIG.assets);
  // The contact page goes through the same rule as later visits: kept only when it is the page itself.
  await shell(new Request(CONFIG.shell)).catch(() => undefined);
  await self.skipWaiting();
}

self.addEventListener("install", (event) => event.waitUntil(install()));

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith("genk-coach-") && name !== CONFIG.cache).map((name) => caches.delete(name))))
      .then(() => self.clients.claim())
  );
});

// The contact page comes from the network whenever it answers, so it is never stale online. A copy is
// kept only of the page itself: a redirect (to sign-in, say) or an error drops the copy.
async function shell(request) {
  const cache = await caches.open(CONFIG.cache);
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) {
      await cache.put(CONFIG.shell, response.clone());
    } else {
      await cache.delete(CONFIG.shell);
    }
    return response;
  } catch (error) {
    const copy = await cache.match(CONFIG.shell);
    if (copy) return copy;
    throw error;
  }
}

// Offline, any other coach page leads to the contact page, where a contact can still be written down.
async function elsewhere(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const cache = await caches.open(CONFIG.cache);
    if (await cache.match(CONFIG.shell)) return Response.redirect(CONFIG.shell, 302);
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(url.pathname === CONFIG.shell ? shell(request) : elsewhere(request));
  } else if (CONFIG.assets.includes(url.pathname)) {
    event.respondWith(caches.match(url.pathname).then((copy) => copy || fetch(request)));
  }
});

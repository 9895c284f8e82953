/**
 * The service worker: keeps the app shell on the phone so the inspection pages open without a
 * network. Built by the `service-worker` plugin in vite.config.ts, which fills in the build's
 * version and the files to keep (the entry, the inspection pages and what they import).
 *
 * - /assets/* (hashed, never change): cache first, fetched and kept on first use otherwise;
 * - page navigations: network first, so a new build's index.html always wins when online;
 *   offline, the kept index.html;
 * - /api/*: never cached, with one exception: the last answer of GET /api/auth/me, returned
 *   only when the network fails, so a reload offline still knows who is signed in and the
 *   phone's drafts stay reachable. Signing out drops it; signing in replaces it with the new
 *   user at once (the app does not ask /me after its own sign-in). A signed-in page asks /me once
 *   more when this worker takes control of it (main.tsx, 'controllerchange'): on a first visit the
 *   app's own /me went past the worker, which was not in control yet.
 */
const VERSION = '__SW_VERSION__';
const PRECACHE = __SW_PRECACHE__;
const SHELL = `huxiao-shell-${VERSION}`;
const SESSION = 'huxiao-session';
const ME = '/api/auth/me';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('huxiao-shell-') && k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (request.method !== 'GET') {
    // A new sign-in or a sign-out: the kept "who am I" answer is no longer true.
    if (url.pathname === '/api/auth/login' || url.pathname === '/api/auth/logout') event.respondWith(signInOrOut(request, url.pathname));
    return;
  }
  if (url.pathname === ME) {
    event.respondWith(currentUser(request));
    return;
  }
  if (url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(page(request));
    return;
  }
  if (url.pathname.startsWith('/assets/')) event.respondWith(asset(request));
});

async function currentUser(request) {
  try {
    const response = await fetch(request);
    const cache = await caches.open(SESSION);
    if (response.ok) await cache.put(ME, response.clone());
    else if (response.status === 401) await cache.delete(ME);
    return response;
  } catch (err) {
    const kept = await caches.match(ME, { cacheName: SESSION });
    if (kept) return kept;
    throw err;
  }
}

/** Drops the kept user before the request goes out; after a successful sign-in keeps the new one. */
async function signInOrOut(request, pathname) {
  await caches.delete(SESSION);
  const response = await fetch(request);
  if (response.ok && pathname === '/api/auth/login') {
    // The session cookie of the answer is already set: /me answers for the user who just signed in.
    await currentUser(new Request(ME, { credentials: 'same-origin' })).catch(() => {});
  }
  return response;
}

async function page(request) {
  try {
    const response = await fetch(request);
    if (response.ok && (response.headers.get('content-type') ?? '').startsWith('text/html')) {
      const cache = await caches.open(SHELL);
      await cache.put('/index.html', response.clone());
    }
    return response;
  } catch (err) {
    const shell = await caches.match('/index.html', { cacheName: SHELL });
    if (shell) return shell;
    throw err;
  }
}

async function asset(request) {
  const kept = await caches.match(request, { cacheName: SHELL });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(SHELL);
    await cache.put(request, response.clone());
  }
  return response;
}

// The offline copy of one language of the site, a service worker the
// builder writes into each language's folder (src/offline.rs), with these
// before it:
//   VERSION    the hash of every file below: a new deployment, a new copy
//   FILES      [path, fingerprinted] of each file to keep, from the folder
//   ELSEWHERE  the folders of the other languages inside this one's scope
// Once a page asks ("save"), every file is fetched in the background, a few
// at a time, into a cache named after the scope and the version; an older
// version's cache goes as soon as this one is active. Pages come from the
// network while it answers and from the cache when it does not, so an
// online reader never sees an old page; files whose names carry their
// content's hash (styles, scripts, search shards) come from the cache first.
"use strict";

const PREFIX = `mdbook-i18n-site ${self.registration.scope} `;
const CACHE = PREFIX + VERSION;
const FINGERPRINTED = new Set(FILES.filter(([, f]) => f).map(([path]) => path));
// How long a page waits for the network before an offline copy will do.
const PATIENCE = 4000;
const AT_ONCE = 3;

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

/** The path of `url` inside this worker's scope, or null outside it. */
function inScope(url) {
  const scope = self.registration.scope;
  if (!url.startsWith(scope)) return null;
  const path = url.slice(scope.length).split(/[?#]/)[0];
  return ELSEWHERE.some((folder) => path.startsWith(folder)) ? null : path;
}

let saving = null;

/** Whether this worker is the one in charge (a replaced one may still run). */
const inCharge = () => !self.serviceWorker || self.registration.active === self.serviceWorker;

/** Fetches every file the cache lacks, telling `tell` how far it got. */
async function save(tell) {
  if (!inCharge()) return;
  const cache = await caches.open(CACHE);
  const have = new Set((await cache.keys()).map((request) => request.url));
  const urls = FILES.map(([path]) => new URL(path, self.registration.scope).href);
  const queue = urls.filter((url) => !have.has(url));
  let done = urls.length - queue.length;
  let failed = 0;
  tell(done, failed);
  async function fetchNext() {
    for (let url = queue.shift(); url; url = queue.shift()) {
      try {
        // Revalidated: an HTTP cache may still hold the previous version.
        const response = await fetch(url, { cache: "no-cache" });
        if (response.ok) await cache.put(url, response);
        else failed++;
      } catch {
        failed++;
      }
      tell(++done, failed);
    }
  }
  await Promise.all(Array.from({ length: AT_ONCE }, fetchNext));
}

self.addEventListener("message", (event) => {
  if (event.data !== "save") return;
  const source = event.source;
  const tell = (done, failed) => source && source.postMessage({ offline: { done, failed, total: FILES.length } });
  saving = saving || save(tell).finally(() => { saving = null; });
  event.waitUntil(saving);
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const path = inScope(request.url);
  if (path === null || path === "sw.js") return;
  event.respondWith(answer(request, path));
});

async function answer(request, path) {
  // Only a cache `save` made: a replaced worker must not make its old one again.
  const cache = (await caches.has(CACHE)) ? await caches.open(CACHE) : null;
  const kept = async (key) => cache && cache.match(key);
  // A folder's address stands for its index.html; `?highlight=` changes nothing.
  const key = new URL(path === "" || path.endsWith("/") ? path + "index.html" : path, self.registration.scope).href;
  if (FINGERPRINTED.has(path)) {
    const copy = await kept(key);
    if (copy) return copy;
  }
  // Revalidated, so that a page never comes from an HTTP cache that still
  // holds the previous deployment's (GitHub Pages lets them keep one for
  // ten minutes). A navigation's redirect goes back to the browser as one.
  const fresh = FINGERPRINTED.has(path) ? request
    : new Request(request.url, { cache: "no-cache", redirect: request.mode === "navigate" ? "manual" : "follow" });
  const network = fetch(fresh).then((response) => {
    // Kept as it comes, but for the PDF: a download of its own.
    if (cache && response.ok && response.type === "basic" && !path.endsWith(".pdf")) cache.put(key, response.clone());
    return response;
  });
  network.catch(() => {});
  const late = new Promise((resolve) => setTimeout(resolve, PATIENCE));
  try {
    const first = await Promise.race([network, late]);
    if (first) return first;
    // The network is slow: a kept copy now, else wait for it.
    return (await kept(key)) || (await network);
  } catch (error) {
    const copy = await kept(key);
    if (copy) return copy;
    throw error;
  }
}

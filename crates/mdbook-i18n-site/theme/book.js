// The page's little behaviours: table of contents toggle, theme menu, search
// panel (its code and index are fetched only when it is first opened),
// keyboard shortcuts, and the language switch carrying the #anchor along.
// Every word shown comes from the page itself, already in its language.
"use strict";

(function () {
  const html = document.documentElement;
  const byId = (id) => document.getElementById(id);
  const wide = window.matchMedia("(min-width: 1000px)");
  const store = {
    get(key) { try { return localStorage.getItem(key); } catch (e) { return null; } },
    set(key, value) { try { localStorage.setItem(key, value); } catch (e) { /* private mode */ } },
  };

  // --- Table of contents --------------------------------------------------
  const sidebarToggle = byId("sidebar-toggle");
  const sidebar = byId("sidebar");
  function sidebarShown() {
    return wide.matches ? !html.classList.contains("sidebar-closed") : html.classList.contains("sidebar-open");
  }
  function syncSidebar() { sidebarToggle.setAttribute("aria-expanded", String(sidebarShown())); }
  function setSidebar(show) {
    if (wide.matches) {
      html.classList.toggle("sidebar-closed", !show);
      store.set("sidebar", show ? "open" : "closed");
    } else {
      html.classList.toggle("sidebar-open", show);
      if (show) {
        const current = sidebar.querySelector("[aria-current]") || sidebar.querySelector("a");
        if (current) current.focus();
      }
    }
    syncSidebar();
  }
  sidebarToggle.addEventListener("click", () => setSidebar(!sidebarShown()));
  wide.addEventListener("change", () => { html.classList.remove("sidebar-open"); syncSidebar(); });
  syncSidebar();

  // --- Theme menu ---------------------------------------------------------
  const themeToggle = byId("theme-toggle");
  const themeList = byId("theme-list");
  function showThemes(show) {
    themeList.hidden = !show;
    themeToggle.setAttribute("aria-expanded", String(show));
    if (show) themeList.querySelector("[aria-pressed=true]").focus();
  }
  function applyTheme(theme) {
    html.classList.remove("light", "dark");
    if (theme === "light" || theme === "dark") html.classList.add(theme);
    for (const button of themeList.querySelectorAll("button")) {
      button.setAttribute("aria-pressed", String(button.dataset.theme === theme));
    }
  }
  applyTheme(store.get("theme") || "auto");
  themeToggle.addEventListener("click", () => showThemes(themeList.hidden));
  themeList.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-theme]");
    if (!button) return;
    applyTheme(button.dataset.theme);
    store.set("theme", button.dataset.theme);
    showThemes(false);
    themeToggle.focus();
  });

  // --- Search -------------------------------------------------------------
  const searchToggle = byId("search-toggle");
  const search = byId("search");
  const searchInput = byId("search-input");
  let searchStarted = false;
  function showSearch(show) {
    search.hidden = !show;
    searchToggle.setAttribute("aria-expanded", String(show));
    if (!show) return;
    searchInput.focus();
    if (!searchStarted) {
      searchStarted = true;
      // Resolved against the page (or the 404 page's <base>), like every link.
      const script = new URL(search.dataset.script, document.baseURI).href;
      import(script).then((module) => module.start(search)).catch(() => {
        byId("search-status").textContent = search.dataset.error;
      });
    }
  }
  searchToggle.addEventListener("click", () => showSearch(search.hidden));
  // Opened from a search result: the search script marks the words.
  const highlight = new URLSearchParams(location.search).get("highlight");
  if (highlight) {
    import(new URL(search.dataset.script, document.baseURI).href)
      .then((module) => module.highlightPage(byId("content"), highlight)).catch(() => {});
  }

  // --- Keyboard help, its settings, and print ----------------------------
  const help = byId("help");
  byId("help-button").addEventListener("click", () => help.showModal());
  // The menu bar's print button is a link to the whole book where the book has its print page.
  for (const button of document.querySelectorAll("button#print-button, #print-end")) {
    button.addEventListener("click", () => window.print());
  }
  // Single keys on, arrow keys off, until changed in the help (WCAG 2.1.4).
  const singleBox = byId("shortcuts-single");
  const arrowsBox = byId("shortcuts-arrows");
  const keys = { single: store.get("shortcuts") !== "off", arrows: store.get("arrow-keys") === "on" };
  function applyKeys() {
    singleBox.checked = keys.single;
    arrowsBox.checked = keys.arrows;
    if (keys.single) searchToggle.setAttribute("aria-keyshortcuts", "/ s");
    else searchToggle.removeAttribute("aria-keyshortcuts");
    for (const link of document.querySelectorAll('a[rel="prev"], a[rel="next"]')) {
      if (keys.arrows) link.setAttribute("aria-keyshortcuts", link.rel === "prev" ? "ArrowLeft" : "ArrowRight");
      else link.removeAttribute("aria-keyshortcuts");
    }
  }
  singleBox.addEventListener("change", () => {
    keys.single = singleBox.checked;
    store.set("shortcuts", keys.single ? "on" : "off");
    applyKeys();
  });
  arrowsBox.addEventListener("change", () => {
    keys.arrows = arrowsBox.checked;
    store.set("arrow-keys", keys.arrows ? "on" : "off");
    applyKeys();
  });
  applyKeys();

  // --- Language switch: the same page, at the same place ------------------
  const switchLinks = document.querySelectorAll(".language-switch a");
  function carryAnchor() {
    for (const link of switchLinks) {
      if (!link.dataset.page) link.dataset.page = link.getAttribute("href");
      link.setAttribute("href", link.dataset.page + window.location.hash);
    }
  }
  carryAnchor();
  window.addEventListener("hashchange", carryAnchor);

  // --- Offline copy (the published site only) ----------------------------
  // Once the page has loaded, the language's service worker is registered
  // and asked to keep the whole language; the end of the page says how far
  // it got, then that the book can be read offline.
  const offline = byId("offline-status");
  const workers = navigator.serviceWorker;
  if (offline && offline.dataset.worker && workers) {
    const percent = new Intl.NumberFormat(html.lang, { style: "percent" });
    workers.addEventListener("message", ({ data }) => {
      const got = data && data.offline;
      if (!got) return;
      offline.hidden = false;
      offline.textContent = got.done < got.total || got.failed
        ? `${offline.dataset.saving} ${percent.format(got.done / got.total)}` : offline.dataset.ready;
    });
    // A new deployment's worker takes over this page: it keeps its own files.
    workers.addEventListener("controllerchange", () => workers.controller.postMessage("save"));
    window.addEventListener("load", () => {
      const worker = new URL(offline.dataset.worker, document.baseURI);
      // The manifest, beside the worker, is linked only now: browsers fetch
      // it at once, and the first load stays the page's own.
      const manifest = document.createElement("link");
      manifest.rel = "manifest";
      manifest.href = new URL("manifest.webmanifest", worker).href;
      document.head.append(manifest);
      // Without a worker (a browser that refuses one), the site works as before.
      workers.register(worker).then(() => workers.ready)
        .then((registration) => registration.active.postMessage("save")).catch(() => {});
    });
  }

  // The 404 page has a <base>, so a bare "#content" would leave the page.
  for (const link of document.querySelectorAll('a.skip-link')) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      byId("content").focus();
    });
  }

  // --- Closing things: Escape, and clicks elsewhere ----------------------
  // The menus (languages, side-by-side pages) are <details>: no script needed to open them.
  const menus = document.querySelectorAll("details.menu");
  function closeMenus() {
    const open = [...menus].find((menu) => menu.open);
    if (!open) return false;
    open.open = false;
    open.querySelector("summary").focus();
    return true;
  }
  document.addEventListener("click", (event) => {
    for (const menu of menus) if (menu.open && !menu.contains(event.target)) menu.open = false;
    if (!themeList.hidden && !event.target.closest(".popup-anchor")) showThemes(false);
    if (html.classList.contains("sidebar-open") && !wide.matches &&
        !event.target.closest("#sidebar, #sidebar-toggle")) setSidebar(false);
  });

  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "Escape") {
      if (!themeList.hidden) { showThemes(false); themeToggle.focus(); return; }
      if (closeMenus()) return;
      if (!search.hidden) { showSearch(false); searchToggle.focus(); return; }
      if (html.classList.contains("sidebar-open")) { setSidebar(false); sidebarToggle.focus(); }
      return;
    }
    const target = event.target;
    if (target.closest("input, textarea, select, [contenteditable]") || help.open) return;
    if (keys.single && (event.key === "/" || event.key === "s" || event.key === "S")) {
      event.preventDefault();
      showSearch(true);
    } else if (keys.single && event.key === "?") {
      event.preventDefault();
      help.showModal();
    } else if (keys.arrows && (event.key === "ArrowLeft" || event.key === "ArrowRight")) {
      const link = document.querySelector(event.key === "ArrowLeft" ? 'a[rel="prev"]' : 'a[rel="next"]');
      if (link) window.location.href = link.href;
    }
  });
})();

// Reading beyond one page, in Debian's Chromium: the side-by-side view (each
// English block beside its Vietnamese original, in both languages' frames),
// the whole book on one page to print and as a PDF per language (read back
// with poppler's pdftotext, pdffonts and pdftohtml), and the offline copy
// (a service worker per language: visit one page, go offline, read three
// others and search; then a new deployment replaces every kept file).
// Each works under /binh-duong/ and at a domain root.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { CHAPTER, CHROMIUM, CHROMIUM_ARGS, LANGUAGES, OUTDATED_CHAPTER, PAGES, UNTRANSLATED_CHAPTER, buildAndServe, buildAndServeVariant, buildSite, copyBook, freePort, launch } from "../browser.mjs";
import { axeViolations, cspViolations, overflow, pageOpener, search } from "../checks.mjs";
import { serve } from "../server.mjs";

// Two deployments of the same book, with PDFs: under a project's subpath,
// and at a domain root.
const BASES = ["/binh-duong/", "/"];
const sites = {};
let browser;

before(async () => {
  browser = await launch();
  sites["/binh-duong/"] = await buildAndServe({ base: "/binh-duong/", args: ["--pdf"] });
  sites["/"] = await buildAndServe({ base: "/", args: ["--pdf"] });
});

after(async () => {
  await browser?.close();
  for (const site of Object.values(sites)) await site.close();
});

const opener = (base) => pageOpener(() => browser, () => sites[base].url);
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

/** The text of each element `selector` picks, spaces collapsed. */
const texts = (page, selector) => page.$$eval(selector, (all) => all.map((el) => el.textContent.replace(/\s+/g, " ").trim()));

/** Clicks `selector` and waits for the page it leads to. */
async function follow(page, selector) {
  await Promise.all([page.waitForEvent("load"), page.click(selector)]);
}

/** `page.html` as its side-by-side page beside `code`. */
const beside = (page, code) => page.replace(/\.html$/, `.${code}.html`);

describe("side by side", () => {
  for (const base of BASES) {
    test(`${base}: each English block beside its Vietnamese one, same count and order, each with its lang, phone and desktop, both frames`, async () => {
      const open = opener(base);
      for (const path of PAGES) {
        const ownPage = await open(`en/${path}`);
        const english = await texts(ownPage, "main > :not(.untranslated-notice)");
        await ownPage.goto(sites[base].url + path);
        const vietnamese = await texts(ownPage, "main > *");
        await ownPage.context().close();
        assert.ok(english.length > 0 && english.length === vietnamese.length, `${path}: ${english.length} and ${vietnamese.length} blocks`);
        for (const [frame, lang] of [[`en/${beside(path, "vi")}`, "en"], [beside(path, "en"), "vi"]]) {
          for (const viewport of [PHONE, DESKTOP]) {
            const page = await open(frame, { viewport });
            const where = `${base}${frame} at ${viewport.width} px`;
            assert.equal(await page.getAttribute("html", "lang"), lang, where);
            const pairs = await page.$$eval("main .pair:not(.pair-legend)", (all) => all.map((pair) => {
              const [main, other] = pair.children;
              const box = (el) => el.getBoundingClientRect();
              return {
                langs: [main.getAttribute("lang"), other.getAttribute("lang")],
                text: [main.textContent.replace(/\s+/g, " ").trim(), other.textContent.replace(/\s+/g, " ").trim()],
                beside: box(other).left >= box(main).right - 1 && Math.abs(box(other).top - box(main).top) < 1,
                under: box(other).top >= box(main).bottom - 1,
              };
            }));
            assert.deepEqual(pairs.map((p) => p.langs), english.map(() => ["en", "vi"]), where);
            assert.deepEqual(pairs.map((p) => p.text[0]), english, `${where}: the English blocks, in order`);
            assert.deepEqual(pairs.map((p) => p.text[1]), vietnamese, `${where}: the Vietnamese blocks, in order`);
            const layout = viewport === DESKTOP ? "beside" : "under";
            assert.ok(pairs.every((p) => p[layout]), `${where}: each original ${layout} its translation`);
            assert.deepEqual(await overflow(page), [], where);
            assert.deepEqual(page.errors, [], where);
            assert.deepEqual(await cspViolations(page), [], where);
            await page.context().close();
          }
        }
      }
    });
  }

  test("the control leads there and back, the language switch, navigation and search keep the reader in the view", async () => {
    const open = opener("/binh-duong/");
    const url = sites["/binh-duong/"].url;
    const page = await open(`en/${CHAPTER}`);
    await follow(page, ".menu-bar .side-by-side-link");
    assert.equal(page.url(), `${url}en/${beside(CHAPTER, "vi")}`);
    assert.equal(await page.locator("main.side-by-side").count(), 1);
    // The switch: the same pair, in the Vietnamese frame.
    await follow(page, '.language-switch a[hreflang="vi"]');
    assert.equal(page.url(), `${url}${beside(CHAPTER, "en")}`);
    assert.equal(await page.getAttribute("html", "lang"), "vi");
    assert.equal(await page.locator("main.side-by-side").count(), 1);
    // Next chapter, then the contents: still side by side.
    await follow(page, 'a[rel="next"]');
    assert.match(page.url(), /\.en\.html$/);
    await follow(page, '#sidebar a[href$="index.en.html"]');
    assert.equal(page.url(), `${url}index.en.html`);
    // Search results open side by side too.
    const { hrefs } = await search(page, "do thi");
    assert.ok(hrefs.length > 0 && hrefs.every((h) => /\.en\.html(#|$)/.test(h)), hrefs.join(" "));
    await page.goto(hrefs[0]);
    assert.equal(await page.locator("main.side-by-side").count(), 1);
    // And back to the page alone.
    await follow(page, ".menu-bar .side-by-side-link");
    assert.equal(await page.locator("main.side-by-side").count(), 0);
    assert.doesNotMatch(page.url(), /\.(en|vi)\.html/);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test("needs no script: its links are plain links", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const url = sites["/"].url;
    await page.goto(`${url}en/${CHAPTER}`);
    await follow(page, ".menu-bar .side-by-side-link");
    assert.equal(page.url(), `${url}en/${beside(CHAPTER, "vi")}`);
    await follow(page, '.language-switch a[hreflang="vi"]');
    assert.equal(page.url(), `${url}${beside(CHAPTER, "en")}`);
    await context.close();
  });

  test("axe: 0 violations in both frames, both themes, phone and desktop; the control moves to the page's end at 320 px", async () => {
    const open = opener("/binh-duong/");
    for (const theme of ["light", "dark"]) {
      for (const viewport of [PHONE, DESKTOP]) {
        for (const path of [`en/${beside(CHAPTER, "vi")}`, beside(CHAPTER, "en"), `en/${CHAPTER}`]) {
          const page = await open(path, { viewport });
          await page.evaluate((t) => localStorage.setItem("theme", t), theme);
          await page.reload();
          assert.deepEqual(await axeViolations(page), [], `${path}, ${theme}, ${viewport.width} px`);
          await page.context().close();
        }
      }
    }
    for (const path of [`en/${beside(CHAPTER, "vi")}`, CHAPTER]) {
      const page = await open(path, { viewport: { width: 320, height: 256 } });
      assert.equal(await page.locator(".menu-bar .side-by-side-link").isVisible(), false);
      assert.equal(await page.locator(".page-end .side-by-side-end a").isVisible(), true);
      assert.deepEqual(await overflow(page), [], path);
      await page.context().close();
    }
  });
});

describe("side by side, a book in seven languages", () => {
  let variant;
  before(async () => { variant = await buildAndServeVariant(); });
  after(async () => { await variant?.close(); });

  test("a page of the original offers each translation, from a menu that works with the keyboard, axe 0", async () => {
    const open = pageOpener(() => browser, () => variant.url);
    const page = await open(CHAPTER);
    await page.focus(".side-by-side-menu summary");
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.querySelector(".side-by-side-menu").open), true);
    const links = await page.$$eval(".side-by-side-menu a", (all) => all.map((a) => [a.getAttribute("hreflang"), a.getAttribute("href")]));
    assert.equal(links.length, 6);
    for (const [code, href] of links) assert.equal(href, beside(CHAPTER, code));
    assert.deepEqual(await axeViolations(page), [], "the menu open");
    await page.keyboard.press("Escape");
    assert.equal(await page.evaluate(() => document.querySelector(".side-by-side-menu").open), false);
    await page.click(".side-by-side-menu summary");
    await follow(page, '.side-by-side-menu a[hreflang="ar"]');
    assert.equal(page.url(), variant.url + beside(CHAPTER, "ar"));
    assert.deepEqual(await page.$$eval(".pair:not(.pair-legend) > *", (all) => [...new Set(all.map((c) => c.getAttribute("lang")))]), ["ar", "vi"]);
    assert.equal(await page.getAttribute("html", "lang"), "vi");
    // From the Arabic frame, the switch leads to each language's page beside the original.
    await page.click('.language-switch summary');
    await follow(page, '.language-switch a[hreflang="ar"]');
    assert.equal(page.url(), `${variant.url}ar/${beside(CHAPTER, "vi")}`);
    assert.equal(await page.getAttribute("html", "dir"), "rtl");
    assert.deepEqual(await axeViolations(page), [], "right to left");
    // Untranslated and outdated passages show as on the English page: the
    // Vietnamese marked under the notice, the previous English marked.
    await page.goto(`${variant.url}en/${beside(UNTRANSLATED_CHAPTER, "vi")}`);
    assert.equal(await page.locator("main .untranslated-notice").count(), 1);
    assert.ok(await page.locator('.pair-main [lang="vi"]').count() > 0, "untranslated text marked in the English column");
    await page.goto(`${variant.url}en/${beside(OUTDATED_CHAPTER, "vi")}`);
    assert.equal(await page.locator(".pair-main .outdated").count(), 1, "the outdated passage in the English column");
    assert.deepEqual(await axeViolations(page), [], "an outdated passage side by side");
    await page.context().close();
  });
});

describe("the whole book on one page, to print", () => {
  for (const base of BASES) {
    test(`${base}: every chapter once, in order, under a title page and contents that lead to each; no menus; the page's language; axe 0`, async () => {
      const open = opener(base);
      for (const { code, prefix } of LANGUAGES) {
        // The chapters' titles, in the contents' order, from a chapter page.
        const chapterPage = await open(prefix + CHAPTER);
        const print = await chapterPage.getAttribute(".menu-bar #print-button", "href");
        assert.equal(print, "print.html");
        const titles = [];
        for (const path of PAGES) {
          await chapterPage.goto(sites[base].url + prefix + path);
          titles.push((await texts(chapterPage, "main h1"))[0]);
        }
        await chapterPage.context().close();

        for (const viewport of [PHONE, DESKTOP]) {
          const page = await open(prefix + "print.html", { viewport });
          const where = `${base}${prefix}print.html at ${viewport.width} px`;
          assert.equal(await page.getAttribute("html", "lang"), code, where);
          assert.equal(await page.locator(".menu-bar, #sidebar, #search, .chapter-nav, .page-end, .language-switch, #help").count(), 0, `${where}: no menus`);
          assert.equal(await page.locator("script[src]").count(), 0, `${where}: no page script`);
          // Each chapter starts with its title, once, in order.
          const starts = await page.evaluate(() => {
            const out = [];
            let wanted = true;
            for (const el of document.querySelectorAll("main > *")) {
              if (el.classList.contains("chapter-break")) wanted = true;
              else if (wanted && el.tagName === "H1" && !el.closest(".title-page")) { out.push(el.textContent.trim()); wanted = false; }
            }
            return out;
          });
          assert.deepEqual(starts, titles, where);
          for (const title of titles) {
            const count = (await texts(page, "main > h1")).filter((t) => t === title).length;
            assert.equal(count, 1, `${where}: “${title}” once`);
          }
          // The contents lead to each chapter's place.
          const contents = await page.$$eval(".print-contents a", (all) => all.map((a) => [a.textContent.trim(), document.getElementById(a.getAttribute("href").slice(1))?.textContent.trim()]));
          assert.deepEqual(contents.map(([, target]) => target), titles, `${where}: the contents`);
          assert.deepEqual(await axeViolations(page), [], where);
          assert.deepEqual(await overflow(page), [], where);
          assert.deepEqual(await cspViolations(page), [], where);
          // Printed, each chapter starts a page.
          await page.emulateMedia({ media: "print" });
          const breaks = await page.$$eval(".chapter-break", (all) => all.map((el) => getComputedStyle(el).breakBefore));
          assert.deepEqual(breaks, titles.slice(1).map(() => "page"), where);
          await page.context().close();
        }
      }
    });
  }
});

describe("the whole book as a PDF per language", () => {
  const site = () => sites["/binh-duong/"];
  const pdf = (prefix) => join(site().dir, prefix, "book.pdf");
  /** pdftotext's text, its lines joined and spaces collapsed. */
  const pdfText = (file) => execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"]).toString().normalize("NFC").replace(/\s+/g, " ");

  test("the Vietnamese PDF holds every seed paragraph once, the English one every English paragraph once", async () => {
    const open = opener("/binh-duong/");
    for (const { code, prefix } of LANGUAGES) {
      const page = await open(prefix + "thanh-pho-thong-minh.html");
      const paragraphs = [];
      for (const path of PAGES.slice(1)) {
        await page.goto(site().url + prefix + path);
        paragraphs.push(...await texts(page, "main > p"));
      }
      await page.context().close();
      const text = pdfText(pdf(prefix));
      assert.equal(paragraphs.length, 3, code);
      for (const paragraph of paragraphs) {
        const count = text.split(paragraph.normalize("NFC")).length - 1;
        assert.equal(count, 1, `${code}: “${paragraph.slice(0, 50)}…” ${count} times`);
      }
    }
    // The seed's own words: Vietnamese diacritics as written.
    assert.match(pdfText(pdf("")), /Đề án “Vùng đổi mới sáng tạo Bình Dương - Binh Duong Innovation Region”/);
  });

  test("every font is embedded, links and the outline are kept", () => {
    for (const { code, prefix } of LANGUAGES) {
      const fonts = execFileSync("pdffonts", [pdf(prefix)]).toString().trim().split("\n").slice(2);
      assert.ok(fonts.length > 0, code);
      for (const line of fonts) assert.match(line, /\s+yes\s+yes\s+yes\s+\d+\s+\d+$/, `${code}: ${line}`);
      const xml = execFileSync("pdftohtml", ["-xml", "-i", "-q", "-stdout", pdf(prefix)]).toString();
      const links = [...xml.matchAll(/<a href="[^"]*#(\d+)">/g)].length;
      assert.ok(links >= 4, `${code}: ${links} links inside the document`);
      const outline = [...xml.matchAll(/<item page="\d+">/g)].length;
      assert.ok(outline >= 4, `${code}: ${outline} outline entries`);
      const destinations = execFileSync("pdfinfo", ["-dests", pdf(prefix)]).toString();
      for (const id of ["thanh-pho-thong-minh", "do-thi-thong-minh-ben-vung", "van-minh-nghia-tinh-dang-song"]) {
        assert.match(destinations, new RegExp(`"${id}"`), `${code}: the chapter ${id} is a destination`);
      }
    }
  });

  test("every page links to its language's PDF, which is served as one, under /binh-duong/ and at a domain root", async () => {
    for (const base of BASES) {
      const open = opener(base);
      for (const { prefix } of LANGUAGES) {
        for (const path of [CHAPTER, beside(CHAPTER, prefix ? "vi" : "en")]) {
          const page = await open(prefix + path, { viewport: PHONE });
          const link = page.locator("a.pdf-link");
          assert.equal(await link.getAttribute("href"), "book.pdf");
          assert.match(await link.getAttribute("download"), /\.pdf$/);
          assert.equal(await link.isVisible(), true, `${base}${prefix}${path}: on a phone`);
          const response = await fetch(new URL("book.pdf", page.url()));
          assert.equal(response.status, 200);
          assert.equal(response.headers.get("content-type"), "application/pdf");
          await page.context().close();
        }
      }
    }
  });
});

describe("offline", () => {
  /** Waits until the end of the page says the book can be read offline. */
  async function readyOffline(page) {
    const ready = await page.getAttribute("#offline-status", "data-ready");
    await page.waitForFunction((text) => document.getElementById("offline-status")?.textContent === text, ready, { timeout: 30_000 });
  }

  /** Every cache the page's origin has, each with its entries' URLs and bodies (base64). */
  const cachesOf = (page) => page.evaluate(async () => {
    const out = {};
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      out[name] = [];
      for (const request of await cache.keys()) {
        const bytes = new Uint8Array(await (await cache.match(request)).arrayBuffer());
        let binary = "";
        for (const b of bytes) binary += String.fromCharCode(b);
        out[name].push([request.url, btoa(binary)]);
      }
    }
    return out;
  });

  /** A browser with the profile in `profile`, kept from one launch to the next, as a reader's is. */
  const launchWith = (profile, viewport) => chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport });

  for (const base of BASES) {
    test(`${base}: after one visit every page and the search work offline; the next visit after a new deployment shows it and keeps none of the old files`, async () => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}${base}`;
      const work = mkdtempSync(join(tmpdir(), "binh-duong-offline-"));
      const profile = join(work, "profile");
      const book = copyBook();
      let server;
      let context;
      try {
        buildSite({ book, dest: join(work, "one"), siteUrl: url });
        ({ server } = await serve(join(work, "one"), { base, port }));
        // A phone at the domain root, a desktop under the subpath.
        const viewport = base === "/" ? PHONE : DESKTOP;
        context = await launchWith(profile, viewport);
        let page = context.pages()[0] ?? await context.newPage();
        const errors = [];
        page.on("pageerror", (error) => errors.push(error.message));
        await page.goto(`${url}en/${CHAPTER}`);
        await readyOffline(page);
        assert.equal(await page.locator("a.pdf-link").count(), 0, "built without --pdf: no link to a file that is not there");

        // Offline: the network cut and the server gone.
        await context.setOffline(true);
        server.closeAllConnections();
        await new Promise((done) => server.close(done));
        for (const path of ["index.html", "do-thi-thong-minh-ben-vung.html", "van-minh-nghia-tinh-dang-song.html"]) {
          const response = await page.goto(`${url}en/${path}`);
          assert.equal(response.status(), 200, path);
          assert.ok((await texts(page, "main h1"))[0].length > 0, path);
          assert.equal(await page.getAttribute("html", "lang"), "en");
        }
        const { hrefs, status } = await search(page, "smart");
        assert.ok(hrefs.length > 0, `offline search: ${status}`);
        assert.deepEqual(errors, []);
        await context.close();

        // A new deployment: one paragraph's English changed.
        const po = join(book, "po", "en.po");
        const changed = "Efforts were renewed in this new deployment.";
        const text = readFileSync(po, "utf8");
        const entry = text.split("\n\n").find((e) => e.includes("#: src/do-thi-thong-minh-ben-vung.md") && e.includes("Đề án"));
        assert.ok(entry, "the paragraph's entry");
        writeFileSync(po, text.replace(entry, entry.replace(/\nmsgstr [^]*$/, `\nmsgstr "${changed}"`)));
        buildSite({ book, dest: join(work, "two"), siteUrl: url });
        ({ server } = await serve(join(work, "two"), { base, port }));

        // The next visit, online, in the same profile: the new text at once,
        // then the new worker keeps the new files, and the old cache goes.
        // (The browser is started again for it, as a reader's is: in the
        // same process, Playwright's emulated offline mode leaves the new
        // worker waiting forever, which a network that really went away
        // and came back does not.)
        context = await launchWith(profile, viewport);
        page = context.pages()[0] ?? await context.newPage();
        await page.goto(`${url}en/do-thi-thong-minh-ben-vung.html`);
        await page.reload();
        assert.match((await texts(page, "main p")).join(" "), new RegExp(changed));
        const worker = readFileSync(join(work, "two", "en", "sw.js"), "utf8");
        const version = worker.match(/^const VERSION = "([0-9a-f]+)";/)[1];
        const scope = `mdbook-i18n-site ${url}en/ `;
        const ours = () => page.evaluate((prefix) => caches.keys().then((names) => names.filter((n) => n.startsWith(prefix))), scope);
        for (let tries = 0; (await ours()).join() !== scope + version; tries++) {
          assert.ok(tries < 60, `the new version's cache alone, after 30 s: ${(await ours()).join(", ")}`);
          await page.waitForTimeout(500);
        }
        await page.reload();
        await readyOffline(page);
        const kept = await cachesOf(page);
        assert.deepEqual(Object.keys(kept).filter((n) => n.startsWith(scope)), [scope + version]);
        for (const [address, body] of kept[scope + version]) {
          const file = join(work, "two", decodeURIComponent(new URL(address).pathname.slice(base.length)));
          assert.equal(body, readFileSync(file).toString("base64"), `${address} is the new deployment's`);
        }
        assert.ok(kept[scope + version].length >= 15, `${kept[scope + version].length} files kept`);
      } finally {
        await context?.close();
        server?.closeAllConnections();
        await new Promise((done) => (server?.listening ? server.close(done) : done()));
        rmSync(work, { recursive: true, force: true });
        rmSync(book, { recursive: true, force: true });
      }
    });
  }

  test("installable: a manifest per language with a name, icons and colours; the first load stays 4 requests, the worker's traffic measured apart", async () => {
    const url = sites["/binh-duong/"].url;
    for (const { code, prefix } of LANGUAGES) {
      // A fresh profile that is not incognito, where Chromium would offer to install.
      const profile = mkdtempSync(join(tmpdir(), "binh-duong-profile-"));
      const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: PHONE });
      const page = context.pages()[0] ?? await context.newPage();
      // The first load: what the page asks for before its load event. The
      // rest — the manifest and icons Chromium checks, the worker and the
      // files it keeps — comes after, and is measured apart.
      const requests = [];
      context.on("request", (r) => requests.push(r));
      await page.goto(url + prefix + CHAPTER, { waitUntil: "load" });
      // The browser's own account of what the page loaded before its load event.
      const firstLoad = await page.evaluate(() => {
        const [navigation] = performance.getEntriesByType("navigation");
        return [navigation, ...performance.getEntriesByType("resource").filter((r) => r.startTime < navigation.loadEventStart)]
          .map((entry) => entry.name);
      });
      assert.equal(firstLoad.length, 4, `${code}: ${firstLoad.join(" ")}`);
      await page.waitForFunction(() => document.getElementById("offline-status")?.textContent === document.getElementById("offline-status")?.dataset.ready, null, { timeout: 30_000 });
      const weigh = async (requests) => {
        let bytes = 0;
        for (const request of requests) {
          const sizes = await request.sizes().catch(() => ({ responseBodySize: 0, responseHeadersSize: 0 }));
          bytes += sizes.responseBodySize + sizes.responseHeadersSize;
        }
        return bytes;
      };
      const afterLoad = requests.filter((r) => !firstLoad.includes(r.url()));
      console.log(`${code}: after the first load, the offline copy and Chromium's install check: ${afterLoad.length} requests, ${await weigh(afterLoad)} bytes`);
      // Linked once the page has loaded, by its script.
      const manifestHref = await page.getAttribute('link[rel="manifest"]', "href");
      assert.equal(await page.evaluate(() => document.querySelector('link[rel="manifest"]').matches("head > :last-child")), true);
      const manifest = await (await fetch(new URL(manifestHref, page.url()))).json();
      assert.equal(manifest.lang, code);
      assert.equal(manifest.start_url, "./");
      assert.ok(manifest.name && manifest.short_name && manifest.theme_color && manifest.background_color);
      for (const icon of manifest.icons) {
        const response = await fetch(new URL(icon.src, new URL(manifestHref, page.url())));
        assert.equal(response.status, 200, icon.src);
        assert.equal(response.headers.get("content-type"), "image/png");
      }
      // Chromium's own verdict on installing it.
      const cdp = await context.newCDPSession(page);
      const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
      assert.deepEqual(installabilityErrors.map((e) => e.errorId), [], code);
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});

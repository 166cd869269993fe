// The built site in Debian's Chromium: language switch, the theme's words in
// each language, Vietnamese search, accessibility (axe-core), requests that
// stay on the site's origin, and the weight of a chapter's first load.
// The site is built once with `cargo xtask build` and served with gzip under
// /binh-duong/, as GitHub Pages serves a project site.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { CHAPTER, LANGUAGES, OUTDATED_CHAPTER, PAGES, REPO, UNTRANSLATED_CHAPTER, VARIANT_LANGUAGES, buildAndServe, buildAndServeVariant, launch } from "../browser.mjs";
import { takeScreenshots } from "../screenshots.mjs";
import { axeViolations, cspViolations, overflow, pageOpener, search, smallTargets, tree } from "../checks.mjs";

// The site's promise: a chapter opens in 4 requests and under 10 KB gzipped.
const BUDGET_BYTES = 10_000;
const BUDGET_REQUESTS = 4;
const RESULTS = join(REPO, "tests", "browser", "test-results");

// The theme's words, as theme/ui.toml and po/en.po give them.
const WORDS = {
  vi: {
    search: "Tìm kiếm (phím /)",
    placeholder: "Tìm trong sách, có dấu hay không dấu…",
    toc: "Hiện hoặc ẩn mục lục",
    theme: "Đổi giao diện",
    themes: ["Tự động", "Sáng", "Tối"],
    print: "In trang này",
    printBook: "In cả cuốn sách",
    sideBySide: "Hiện song song bản dịch: Tiếng Anh",
    previous: "Chương trước",
    next: "Chương sau",
    skip: "Bỏ qua, đến nội dung",
    help: "Phím tắt",
    notFound: "Không tìm thấy trang",
    language: "Ngôn ngữ",
  },
  en: {
    search: "Search (shortcut: /)",
    placeholder: "Search this book…",
    toc: "Show or hide the table of contents",
    theme: "Change theme",
    themes: ["Automatic", "Light", "Dark"],
    print: "Print this page",
    printBook: "Print the whole book",
    sideBySide: "Show the original (Vietnamese) side by side",
    previous: "Previous chapter",
    next: "Next chapter",
    skip: "Skip to content",
    help: "Keyboard shortcuts",
    notFound: "Page not found",
    language: "Language",
  },
};

let site;
let browser;
const foreignRequests = [];

before(async () => {
  site = await buildAndServe();
  browser = await launch();
  mkdirSync(RESULTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await site?.close();
});

const open = pageOpener(() => browser, () => site.url, foreignRequests);

describe("language switch", () => {
  test("goes to the same page at the same anchor, both directions", async () => {
    const page = await open(`${CHAPTER}#thanh-pho-thong-minh`);
    await page.click('.language-switch a[hreflang="en"]');
    await page.waitForURL(`${site.url}en/${CHAPTER}#thanh-pho-thong-minh`);
    assert.equal(await page.getAttribute("html", "lang"), "en");
    await page.click('.language-switch a[hreflang="vi"]');
    await page.waitForURL(`${site.url}${CHAPTER}#thanh-pho-thong-minh`);
    assert.equal(await page.getAttribute("html", "lang"), "vi");
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test("is plain links in the HTML, current language marked, and works from the keyboard", async () => {
    for (const { code, prefix } of LANGUAGES) {
      const html = await (await fetch(site.url + prefix + CHAPTER)).text();
      assert.match(html, new RegExp(`<a href="[^"]*${CHAPTER}" hreflang="vi" lang="vi"`));
      assert.match(html, new RegExp(`<a href="[^"]*en/${CHAPTER}" hreflang="en" lang="en"`));
      const page = await open(prefix + CHAPTER);
      assert.equal(await page.getAttribute(`.language-switch a[hreflang="${code}"]`, "aria-current"), "true");
      const other = code === "vi" ? "en" : "vi";
      await page.focus(`.language-switch a[hreflang="${other}"]`);
      await page.keyboard.press("Enter");
      await page.waitForURL((url) => url.href.endsWith(CHAPTER) && (other === "en") === url.pathname.includes("/en/"));
      await page.context().close();
    }
  });

  test("works at a domain root too, not only under /binh-duong/", async () => {
    const root = await buildAndServe({ base: "/" });
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      const failed = [];
      page.on("response", (response) => {
        if (response.status() >= 400) failed.push(response.url());
      });
      await page.goto(`${root.url}en/${CHAPTER}#thanh-pho-thong-minh`);
      await page.click('.language-switch a[hreflang="vi"]');
      await page.waitForURL(`${root.url}${CHAPTER}#thanh-pho-thong-minh`);
      assert.equal(await page.getAttribute('link[rel="canonical"]', "href"), root.url + CHAPTER);
      await page.goto(`${root.url}en/no-such-page.html`);
      // The root 404 page, with working styles and links from any depth.
      assert.equal(await page.evaluate(() => getComputedStyle(document.body).fontFamily.includes("system-ui")), true);
      const home = await page.getAttribute('main a[href]', "href");
      assert.equal(new URL(home, page.url()).href.startsWith(root.url), true);
      assert.deepEqual(failed, [`${root.url}en/no-such-page.html`]);
      await context.close();
    } finally {
      await root.close();
    }
  });

  test("head links: canonical, hreflang alternates with x-default, description and Open Graph", async () => {
    for (const { code, prefix } of LANGUAGES) {
      const page = await open(prefix + CHAPTER);
      const head = await page.evaluate(() => ({
        lang: document.documentElement.lang,
        canonical: document.querySelector('link[rel="canonical"]')?.href,
        alternates: Object.fromEntries(
          [...document.querySelectorAll('link[rel="alternate"][hreflang]')].map((l) => [l.hreflang, l.href]),
        ),
        description: document.querySelector('meta[name="description"]')?.content,
        ogTitle: document.querySelector('meta[property="og:title"]')?.content,
        ogLocale: document.querySelector('meta[property="og:locale"]')?.content,
      }));
      assert.equal(head.lang, code);
      assert.equal(head.canonical, site.url + prefix + CHAPTER);
      assert.deepEqual(head.alternates, {
        vi: site.url + CHAPTER,
        en: `${site.url}en/${CHAPTER}`,
        "x-default": site.url + CHAPTER,
      });
      assert.ok(head.description && head.ogTitle, JSON.stringify(head));
      assert.equal(head.ogLocale, code === "vi" ? "vi_VN" : "en_US");
      if (code === "en") assert.doesNotMatch(head.description + head.ogTitle, /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i);
      await page.context().close();
    }
  });
});

describe("the theme's words are in the page's language", () => {
  for (const { code, prefix } of LANGUAGES) {
    test(`${code}: buttons, labels, menus, navigation and the 404 page`, async () => {
      const w = WORDS[code];
      const page = await open(prefix + CHAPTER);
      const attr = (selector, name) => page.getAttribute(selector, name);
      assert.equal(await attr("#search-toggle", "aria-label"), w.search);
      assert.equal(await attr("#search-input", "placeholder"), w.placeholder);
      assert.equal(await attr("#sidebar-toggle", "aria-label"), w.toc);
      assert.equal(await attr("#theme-toggle", "title"), w.theme);
      assert.equal(await attr("#print-button", "aria-label"), w.printBook);
      assert.equal(await attr("#print-end", "aria-label") ?? await page.textContent("#print-end"), w.print);
      assert.equal(await attr(".menu-bar .side-by-side-link", "aria-label"), w.sideBySide);
      assert.equal(await attr(".language-switch", "aria-label"), w.language);
      assert.deepEqual(await page.$$eval("#theme-list button", (b) => b.map((x) => x.textContent)), w.themes);
      assert.equal(await page.textContent('a[rel="prev"] .direction'), w.previous);
      assert.equal(await page.textContent('a[rel="next"] .direction'), w.next);
      assert.equal(await page.textContent(".skip-link"), w.skip);
      assert.equal(await page.textContent("#help-title"), w.help);
      assert.equal(await page.locator("[data-i18n], [data-i18n-attrs]").count(), 0);
      if (code === "en") {
        // Outside the chapter text, nothing Vietnamese but the name of the language.
        const chrome = await page.evaluate(() => {
          const texts = [];
          for (const el of document.querySelectorAll("body *:not(main, main *, [lang=vi], [lang=vi] *, script)")) {
            for (const node of el.childNodes) if (node.nodeType === 3) texts.push(node.textContent);
            for (const name of ["aria-label", "title", "placeholder", "data-results", "data-no-results", "data-loading"]) {
              if (el.hasAttribute(name)) texts.push(el.getAttribute(name));
            }
          }
          return texts.join(" ");
        });
        // The table of contents lists the translated chapter titles: English too.
        assert.doesNotMatch(chrome, /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i, chrome);
      }
      await page.goto(`${site.url}${prefix}no-such-page.html`);
      await page.goto(`${site.url}${prefix}404.html`);
      assert.equal(await page.textContent("main h1"), w.notFound);
      assert.equal(await page.title(), w.notFound);
      assert.equal(await page.getAttribute("html", "lang"), code);
      await page.context().close();
    });
  }

  test("the missing-page address gets the 404 page with status 404", async () => {
    const response = await fetch(`${site.url}no-such-page.html`);
    assert.equal(response.status, 404);
    assert.match(await response.text(), /Không tìm thấy trang/);
  });

  test("the repeated heading is shown once, in both languages", async () => {
    for (const { prefix } of LANGUAGES) {
      for (const path of PAGES) {
        const page = await open(prefix + path);
        const repeats = await page.evaluate(() => {
          const h1 = document.querySelector("main h1").textContent.trim();
          return [...document.querySelectorAll("main *")].filter((el) => el.textContent.trim() === h1 && el.children.length === 0).length;
        });
        assert.equal(repeats, 1, prefix + path);
        await page.context().close();
      }
    }
  });
});

describe("search", () => {
  test("Vietnamese: without diacritics, with them, decomposed; Vietnamese pages only", async () => {
    const page = await open(CHAPTER);
    const plain = await search(page, "binh duong");
    assert.ok(plain.hrefs.length >= 4, plain.status);
    assert.match(plain.status, /kết quả cho “binh duong”/);
    assert.ok(plain.hrefs.every((href) => !href.includes("/en/")), plain.hrefs.join());
    const marked = await search(page, "Bình Dương");
    assert.deepEqual(marked.hrefs.slice().sort(), plain.hrefs.slice().sort());
    const decomposed = await search(page, "Bi\u0300nh Du\u031bo\u031bng");
    assert.deepEqual(decomposed.hrefs, marked.hrefs);
    // Words mdBook's English tokenizer cut (nghệ → ngh) or dropped (đô, đổi, the stop word do).
    for (const word of ["nghệ", "đô", "đổi", "do"]) {
      const { hrefs, status } = await search(page, word + " ");
      assert.ok(hrefs.length > 0, `${word}: ${status}`);
    }
    // `đ` folds to `d`.
    const d = await search(page, "do thi ");
    assert.ok(d.hrefs.some((href) => href.includes("do-thi-thong-minh-ben-vung")), d.hrefs.join());
    const none = await search(page, "qwxz");
    assert.equal(none.hrefs.length, 0);
    assert.equal(none.status, "Không có kết quả cho “qwxz”");
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test("a quoted phrase finds its words side by side only", async () => {
    const page = await open(CHAPTER);
    const phrase = await search(page, '"đô thị thông minh"');
    assert.ok(phrase.hrefs.length > 0, phrase.status);
    const folded = (t) => t.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/gi, "d").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ");
    for (const href of phrase.hrefs) {
      const text = await page.evaluate(async (url) => {
        const html = new DOMParser().parseFromString(await (await fetch(url)).text(), "text/html");
        return html.querySelector("main").textContent;
      }, href.split("#")[0]);
      assert.ok(folded(text).includes("do thi thong minh"), href);
    }
    // Both words are in every chapter; never in this order.
    const loose = await search(page, "minh thông ");
    assert.ok(loose.hrefs.length > 0, loose.status);
    const reversed = await search(page, "“minh thông”");
    assert.deepEqual(reversed.hrefs, [], reversed.status);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test("exactly spelled results rank first", async () => {
    const page = await open(CHAPTER);
    const exact = await search(page, "đô ");
    const first = exact.hrefs[0];
    const text = await page.evaluate(async (href) => {
      const response = await fetch(href.split("#")[0]);
      return (await response.text()).toLowerCase();
    }, first);
    assert.match(text, /\bđô\b|[ >]đô[ ,.<]/, first);
    await page.context().close();
  });

  test("English: English pages only, messages in English", async () => {
    const page = await open(`en/${CHAPTER}`);
    const smart = await search(page, "smart city");
    assert.ok(smart.hrefs.length > 0, smart.status);
    assert.ok(smart.hrefs.every((href) => href.includes("/en/")), smart.hrefs.join());
    assert.match(smart.status, /results? for “smart city”/);
    const vietnamese = await search(page, "thông minh ");
    assert.equal(vietnamese.hrefs.length, 0);
    assert.equal(vietnamese.status, "No results for “thông minh”");
    await page.context().close();
  });

  test("opens from the keyboard and Enter follows the first result", async () => {
    const page = await open(CHAPTER);
    await page.keyboard.press("/");
    assert.equal(await page.evaluate(() => document.activeElement.id), "search-input");
    await search(page, "van minh");
    await page.keyboard.press("Enter");
    await page.waitForURL(/van-minh-nghia-tinh-dang-song\.html/);
    await page.context().close();
  });

  test("arrow keys move through the results and back to the field", async () => {
    const page = await open(CHAPTER);
    const { hrefs } = await search(page, "binh duong");
    assert.ok(hrefs.length >= 3);
    const at = () => page.evaluate(() => {
      const links = [...document.querySelectorAll("#search-results a")];
      return document.activeElement.id === "search-input" ? -1 : links.indexOf(document.activeElement);
    });
    await page.keyboard.press("ArrowDown");
    assert.equal(await at(), 0);
    await page.keyboard.press("ArrowDown");
    assert.equal(await at(), 1);
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("ArrowUp");
    assert.equal(await at(), -1, "back in the field");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.searchParams.get("highlight") === "binh duong");
    await page.context().close();
  });

  test("the page a result opens marks the words, scrolled to, until Escape", async () => {
    for (const { code, prefix } of LANGUAGES) {
      const page = await open(prefix + CHAPTER);
      const query = code === "vi" ? "do thi" : "urban";
      await search(page, query);
      const href = await page.getAttribute('#search-results a[href*="do-thi-thong-minh-ben-vung"]', "href");
      assert.ok(href, `a result on the second chapter for “${query}”`);
      await page.goto(href);
      await page.waitForSelector("main mark.search-hit");
      const marks = await page.$$eval("main mark.search-hit", (all) => all.map((m) => m.textContent));
      const folded = (t) => t.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/gi, "d").toLowerCase();
      assert.ok(marks.length > 0 && marks.every((m) => query.split(" ").includes(folded(m))), marks.join());
      assert.ok(await page.evaluate(() => {
        const box = document.querySelector("main mark.search-hit").getBoundingClientRect();
        return box.top >= 0 && box.bottom <= innerHeight;
      }), "the first mark is in view");
      assert.deepEqual(await axeViolations(page), [], `${code}: marked`);
      await page.keyboard.press("Escape");
      assert.equal(await page.locator("main mark").count(), 0, "Escape takes the marks away");
      assert.equal(new URL(page.url()).searchParams.get("highlight"), null);
      assert.deepEqual(page.errors, []);
      assert.deepEqual(await cspViolations(page), []);
      await page.context().close();
    }
  });
});

describe("content security policy", () => {
  test("no page, in any state, breaks its policy", async () => {
    for (const { prefix } of LANGUAGES) {
      for (const path of [...PAGES, "404.html"]) {
        const page = await open(prefix + path);
        await page.click("#theme-toggle");
        await page.click('[data-theme="dark"]');
        await search(page, "binh duong");
        assert.deepEqual(await cspViolations(page), [], prefix + path);
        assert.deepEqual(page.errors, [], prefix + path);
        await page.context().close();
      }
    }
  });

  test("a script that slipped into a page would not run", async () => {
    const page = await open(CHAPTER);
    await page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "window.__ran = true;";
      document.body.append(script);
      const img = document.createElement("img");
      img.setAttribute("src", "data:,");
      img.setAttribute("onerror", "window.__ran = true");
      document.body.append(img);
    });
    await page.waitForFunction(() => window.__cspViolations.length >= 1);
    assert.equal(await page.evaluate(() => window.__ran), undefined);
    assert.match((await cspViolations(page))[0], /^script-src/);
    await page.context().close();
  });
});

describe("keyboard shortcuts (WCAG 2.1.4)", () => {
  const searchHidden = (page) => page.locator("#search").isHidden();
  const helpOpen = (page) => page.evaluate(() => document.getElementById("help").open);

  test("single keys can be turned off and stay off; arrows only when turned on; never while typing", async () => {
    const page = await open(CHAPTER);
    // Arrow keys are off until turned on: the page stays.
    await page.keyboard.press("ArrowRight");
    await page.waitForTimeout(200);
    assert.equal(page.url(), site.url + CHAPTER);
    assert.equal(await page.getAttribute('a[rel="next"]', "aria-keyshortcuts"), null);

    await page.keyboard.press("?");
    assert.equal(await helpOpen(page), true, "? opens the help");
    assert.deepEqual(await axeViolations(page), [], "help open");
    await page.uncheck("#shortcuts-single");
    await page.check("#shortcuts-arrows");
    await page.keyboard.press("Escape");
    assert.equal(await helpOpen(page), false);
    await page.keyboard.press("s");
    await page.keyboard.press("/");
    await page.keyboard.press("?");
    assert.equal(await searchHidden(page), true, "s and / turned off");
    assert.equal(await helpOpen(page), false, "? turned off");
    assert.equal(await page.getAttribute("#search-toggle", "aria-keyshortcuts"), null);
    assert.equal(await page.getAttribute('a[rel="next"]', "aria-keyshortcuts"), "ArrowRight");

    // Remembered on the next page; the help button still opens the help.
    await page.keyboard.press("ArrowRight");
    await page.waitForURL((url) => url.href !== site.url + CHAPTER);
    await page.keyboard.press("s");
    assert.equal(await searchHidden(page), true, "still off on the next page");
    await page.click("#help-button");
    assert.equal(await helpOpen(page), true, "the help button opens the help");
    assert.equal(await page.isChecked("#shortcuts-single"), false);
    assert.equal(await page.isChecked("#shortcuts-arrows"), true);
    await page.check("#shortcuts-single");
    await page.keyboard.press("Escape");
    assert.equal(await page.getAttribute("#search-toggle", "aria-keyshortcuts"), "/ s");

    // In a text field every key is text.
    await page.keyboard.press("s");
    assert.equal(await page.evaluate(() => document.activeElement.id), "search-input");
    await page.keyboard.type("?s/");
    assert.equal(await helpOpen(page), false);
    assert.equal(await page.inputValue("#search-input"), "?s/");
    await page.keyboard.press("ArrowLeft");
    await page.waitForTimeout(200);
    assert.equal(await page.inputValue("#search-input"), "?s/");
    assert.ok(!page.url().endsWith(CHAPTER), "the arrow moved the caret, not the page");
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});

describe("reflow (WCAG 1.4.10)", () => {
  // 320 CSS px wide: a small phone, and 1280 px at 400 % zoom (320 × 200).
  const VIEWPORTS = [
    { width: 320, height: 256, deviceScaleFactor: 1 },
    { width: 320, height: 200, deviceScaleFactor: 4 },
  ];


  for (const { code, prefix } of LANGUAGES) {
    test(`${code}: chapter, index and 404 page, search open, both themes, at 320 px and 400 % zoom`, async () => {
      for (const viewport of VIEWPORTS) {
        const { deviceScaleFactor, ...size } = viewport;
        const context = await browser.newContext({ viewport: size, deviceScaleFactor });
        const page = await context.newPage();
        for (const theme of ["light", "dark"]) {
          await page.goto(site.url + prefix + CHAPTER);
          await page.evaluate((t) => localStorage.setItem("theme", t), theme);
          for (const path of [CHAPTER, "index.html", "404.html"]) {
            await page.goto(site.url + prefix + path);
            const where = `${prefix}${path}, ${theme}, ${size.width}×${size.height}`;
            assert.deepEqual(await overflow(page), [], where);
            await search(page, code === "vi" ? "binh duong" : "smart");
            assert.deepEqual(await overflow(page), [], `${where}, search open`);
          }
        }
        await context.close();
      }
    });
  }
});

describe("text spacing (WCAG 1.4.12)", () => {
  // The spacing 1.4.12 lets readers set, as a bookmarklet or extension would.
  const SPACING = `* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
    p { margin-bottom: 2em !important; }`;

  /** Text cut off by a box that hides what overflows it. */
  const clipped = (page) => page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll("body *")) {
      if (!el.checkVisibility() || !el.textContent.trim()) continue;
      const style = getComputedStyle(el);
      const hides = (v) => v === "hidden" || v === "clip";
      // The header's book title is cut with an ellipsis by design: it is the
      // home link, and the full title is the page's and the home page's.
      // Screen-reader-only text is clipped on purpose.
      if (el.closest(".menu-title, .visually-hidden")) continue;
      if ((hides(style.overflowX) && el.scrollWidth > el.clientWidth + 1) ||
          (hides(style.overflowY) && el.scrollHeight > el.clientHeight + 1)) {
        out.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${el.className} “${el.textContent.trim().slice(0, 30)}”`);
      }
    }
    return out;
  });

  /** Lines of text that lie over other lines (each text node's line boxes). */
  const overlapping = (page) => page.evaluate(() => {
    const boxes = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!node.data.trim() || !el.checkVisibility() || el.closest(".visually-hidden")) continue;
      // What a scrolling box (the search results) hides is not shown over anything.
      let clip = { left: -Infinity, top: -Infinity, right: Infinity, bottom: Infinity };
      for (let n = el; n; n = n.parentElement) {
        if (getComputedStyle(n).overflowY === "visible") continue;
        const c = n.getBoundingClientRect();
        clip = { left: Math.max(clip.left, c.left), top: Math.max(clip.top, c.top), right: Math.min(clip.right, c.right), bottom: Math.min(clip.bottom, c.bottom) };
      }
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const line of range.getClientRects()) {
        const r = { left: Math.max(line.left, clip.left), top: Math.max(line.top, clip.top), right: Math.min(line.right, clip.right), bottom: Math.min(line.bottom, clip.bottom) };
        if (r.right > r.left && r.bottom > r.top) boxes.push({ r, text: node.data.trim().slice(0, 25) });
      }
    }
    const out = [];
    // Line boxes include the half-leading: only a real overlap of two lines counts.
    const slack = 3;
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i].r, boxes[j].r];
        const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (x > slack && y > slack) out.push(`“${boxes[i].text}” over “${boxes[j].text}”`);
      }
    }
    return out.slice(0, 5);
  });

  for (const { code, prefix } of LANGUAGES) {
    test(`${code}: no text is cut off or overlaps other text with the spacing readers may set, phone and desktop`, async () => {
      for (const viewport of [{ width: 320, height: 640 }, { width: 1280, height: 800 }]) {
        // A reader's own stylesheet is not the page's: the policy does not apply.
        const context = await browser.newContext({ viewport, bypassCSP: true });
        const page = await context.newPage();
        for (const path of [CHAPTER, "index.html", "404.html"]) {
          await page.goto(site.url + prefix + path);
          await page.addStyleTag({ content: SPACING });
          const where = `${prefix}${path} at ${viewport.width} px`;
          assert.deepEqual(await clipped(page), [], where);
          assert.deepEqual(await overlapping(page), [], where);
          await search(page, code === "vi" ? "binh duong" : "smart");
          assert.deepEqual(await clipped(page), [], `${where}, search results`);
          assert.deepEqual(await overlapping(page), [], `${where}, search results`);
        }
        await context.close();
      }
    });
  }
});

describe("target size (WCAG 2.5.8)", () => {

  for (const { code, prefix } of LANGUAGES) {
    test(`${code}: every control, with the menus, search and help open, on a phone and a desktop`, async () => {
      for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 800 }]) {
        const page = await open(prefix + CHAPTER, { viewport });
        const where = `${prefix}${CHAPTER} at ${viewport.width} px`;
        for (const path of ["index.html", "404.html", CHAPTER]) {
          await page.goto(site.url + prefix + path);
          assert.deepEqual(await smallTargets(page), [], `${prefix}${path} at ${viewport.width} px`);
        }
        await page.click("#theme-toggle");
        assert.deepEqual(await smallTargets(page), [], `${where}, theme menu`);
        await page.keyboard.press("Escape");
        await search(page, code === "vi" ? "binh duong" : "smart");
        assert.deepEqual(await smallTargets(page), [], `${where}, search results`);
        await page.keyboard.press("Escape");
        await page.click("#help-button");
        assert.deepEqual(await smallTargets(page), [], `${where}, keyboard help`);
        await page.context().close();
      }
    });
  }
});

describe("keyboard only (WCAG 2.1.1, 2.4.7, 2.4.11)", () => {
  /** The contrast ratio of two CSS colours given as rgb()/rgba(). */
  function contrast(a, b) {
    const luminance = (css) => {
      const [r, g, bl] = css.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
    };
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  }

  for (const { code, prefix } of LANGUAGES) {
    test(`${code}: a tab walk reaches every control in order, each visibly focused and never under the menu bar, both themes`, async () => {
      for (const theme of ["light", "dark"]) {
        for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
          for (const path of [CHAPTER, "index.html", "404.html"]) {
            const page = await open(prefix + path, { viewport });
            await page.evaluate((t) => localStorage.setItem("theme", t), theme);
            await page.reload();
            const where = `${prefix}${path}, ${theme}, ${viewport.width} px`;
            const controls = await page.evaluate(() => {
              const all = [...document.querySelectorAll("a[href], button, input, select, textarea, [tabindex]")];
              return {
                positive: all.filter((el) => el.tabIndex > 0).length,
                reachable: all.filter((el) => el.tabIndex >= 0 && el.checkVisibility({ visibilityProperty: true }) && !el.closest("dialog:not([open]), [inert]")).length,
              };
            });
            assert.equal(controls.positive, 0, `${where}: no tabindex above 0, so the order is the page's`);
            // Forwards, then backwards from the end of the page: going back up,
            // the browser scrolls each control to the top, where the sticky
            // menu bar is.
            const seen = [];
            for (let i = 0; i < 400; i++) {
              const backwards = i >= 200;
              if (i === 200) {
                await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, document.body.scrollHeight); });
                await page.focus("#help-button");
              }
              await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
              const focus = await page.evaluate(() => {
                const el = document.activeElement;
                if (!el || el === document.body) return null;
                const style = getComputedStyle(el);
                const box = el.getBoundingClientRect();
                const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
                const y = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
                const hit = document.elementFromPoint(x, y);
                let bg = getComputedStyle(document.body).backgroundColor;
                for (let n = el.parentElement; n; n = n.parentElement) {
                  const c = getComputedStyle(n).backgroundColor;
                  if (c !== "rgba(0, 0, 0, 0)" && c !== "transparent") { bg = c; break; }
                }
                const path = [];
                for (let n = el; n && n !== document.body; n = n.parentElement) path.unshift(n.tagName.toLowerCase() + (n.id ? "#" + n.id : ""));
                return {
                  name: path.slice(-3).join(" > ") + ` “${(el.textContent || el.value || "").trim().slice(0, 20)}”`,
                  outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
                  outlineColor: style.outlineColor,
                  bg,
                  hidden: !(hit && (hit === el || el.contains(hit) || hit.contains(el))),
                };
              });
              if (focus === null) continue;
              if (!backwards && seen.length && focus.name === seen[0]) i = 199; // wrapped round
              else if (!backwards) seen.push(focus.name);
              else if (focus.name === seen[0]) break; // back at the start
              assert.ok(focus.outline, `${where}: ${focus.name} shows no focus outline`);
              assert.ok(contrast(focus.outlineColor, focus.bg) >= 3, `${where}: ${focus.name} focus ${focus.outlineColor} on ${focus.bg}`);
              // Its middle is on top: the sticky menu bar does not hide it (2.4.11).
              assert.ok(!focus.hidden, `${where}: ${focus.name} is under the menu bar or another element`);
            }
            assert.equal(new Set(seen).size, controls.reachable, `${where}: every control reached once (${seen.join(", ")})`);
            await page.context().close();
          }
        }
      }
    });

    // The walk above never puts a control under the bar: the pages are short,
    // and Chromium centres a control it scrolls to. A reader who scrolled
    // with the mouse and then presses Tab does: each control below the bar is
    // scrolled to just under the top, the one before it focused where it is.
    test(`${code}: a control scrolled under the menu bar comes out from under it when tabbed to`, async () => {
      let tried = 0;
      for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 400 }]) {
        for (const path of [CHAPTER, "index.html"]) {
          const page = await open(prefix + path, { viewport });
          const controls = "a[href], button, input, select, textarea, summary";
          const count = await page.$$eval(controls, (all) => all.length);
          for (let k = 1; k < count; k++) {
            const name = await page.evaluate(([sel, k]) => {
              const all = [...document.querySelectorAll(sel)].filter((el) => el.tabIndex >= 0 && el.checkVisibility({ visibilityProperty: true }));
              const el = all[k];
              if (!el || el.closest(".menu-bar")) return null;
              document.activeElement?.blur();
              window.scrollBy(0, el.getBoundingClientRect().top - 2);
              if (el.getBoundingClientRect().top > document.querySelector(".menu-bar").getBoundingClientRect().bottom) return null;
              all[k - 1].focus({ preventScroll: true });
              return `${el.tagName.toLowerCase()} “${el.textContent.trim().slice(0, 20)}”`;
            }, [controls, k]);
            if (!name) continue;
            tried++;
            await page.keyboard.press("Tab");
            const hidden = await page.evaluate(() => {
              const el = document.activeElement;
              const box = el.getBoundingClientRect();
              const hit = document.elementFromPoint(box.left + box.width / 2, Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1));
              return !(hit && (hit === el || el.contains(hit) || hit.contains(el)));
            });
            assert.ok(!hidden, `${prefix}${path}, ${viewport.width}×${viewport.height}: ${name} stays under the menu bar`);
          }
          await page.context().close();
        }
      }
      assert.ok(tried > 0, "some control could be scrolled under the bar");
    });
  }
});

describe("menus and panels with the keyboard alone", () => {
  const focused = (page) => page.evaluate(() => {
    const el = document.activeElement;
    return el.id || el.getAttribute("data-theme") || el.getAttribute("href") || el.tagName.toLowerCase();
  });

  test("the sidebar, theme menu, search and help open, work and close, and give focus back", async () => {
    const phone = await open(CHAPTER, { viewport: { width: 390, height: 844 } });
    await phone.focus("#sidebar-toggle");
    await phone.keyboard.press("Enter");
    assert.equal(await phone.getAttribute("#sidebar-toggle", "aria-expanded"), "true");
    assert.equal(await focused(phone), CHAPTER, "focus on the current chapter in the sidebar");
    await phone.keyboard.press("Escape");
    assert.equal(await phone.getAttribute("#sidebar-toggle", "aria-expanded"), "false");
    assert.equal(await focused(phone), "sidebar-toggle", "focus back on the sidebar button");
    await phone.context().close();

    const page = await open(CHAPTER);
    await page.focus("#theme-toggle");
    await page.keyboard.press("Enter");
    assert.equal(await page.locator("#theme-list").isVisible(), true);
    assert.equal(await focused(page), "auto", "focus on the theme in use");
    await page.keyboard.press("Escape");
    assert.equal(await page.locator("#theme-list").isVisible(), false);
    assert.equal(await focused(page), "theme-toggle");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    assert.equal(await focused(page), "dark");
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains("dark")), true, "dark theme chosen");
    assert.equal(await page.locator("#theme-list").isVisible(), false);
    assert.equal(await focused(page), "theme-toggle", "focus back after choosing");

    await page.focus("#search-toggle");
    await page.keyboard.press("Enter");
    assert.equal(await focused(page), "search-input");
    await page.keyboard.type("binh duong");
    await page.waitForFunction(() => document.querySelectorAll("#search-results li").length > 0);
    await page.keyboard.press("Escape");
    assert.equal(await page.locator("#search").isHidden(), true);
    assert.equal(await focused(page), "search-toggle", "focus back on the search button");

    await page.focus("#help-button");
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.getElementById("help").open), true);
    await page.keyboard.press("Escape");
    assert.equal(await page.evaluate(() => document.getElementById("help").open), false);
    assert.equal(await focused(page), "help-button", "focus back on the help button");
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});

describe("contrast when hovered and focused (WCAG 1.4.3, 1.4.11)", () => {
  /** The text (or icon) colour of `el` against what is behind it, as a ratio. */
  const contrastOf = (page, selector) => page.evaluate((sel) => {
    const el = document.querySelector(sel);
    const rgb = (css) => css.match(/[\d.]+/g).map(Number);
    const behind = (node) => {
      for (let n = node; n; n = n.parentElement) {
        const c = getComputedStyle(n).backgroundColor;
        const v = rgb(c);
        if (v.length < 4 || v[3] > 0) return c;
      }
      return getComputedStyle(document.documentElement).backgroundColor;
    };
    const lum = (css) => {
      const [r, g, b] = rgb(css).slice(0, 3).map((v) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const icon = el.querySelector("svg");
    const fg = getComputedStyle(icon ?? el)[icon ? "stroke" : "color"];
    const [hi, lo] = [lum(fg), lum(behind(el))].sort((x, y) => y - x);
    return { ratio: (hi + 0.05) / (lo + 0.05), icon: Boolean(icon), fg, bg: behind(el) };
  }, selector);

  const CONTROLS = [
    "#sidebar-toggle", "#theme-toggle", "#search-toggle", '.language-switch a[aria-current]',
    '.language-switch a:not([aria-current])', 'a[rel="next"]', "#sidebar a[aria-current]",
    "#sidebar li:last-child a", "#help-button", "main a",
  ];

  for (const { code, prefix } of LANGUAGES) {
    test(`${code}: every kind of control, at rest, hovered and focused, both themes, chapter, index and 404 page`, async () => {
      for (const theme of ["light", "dark"]) {
        for (const path of [CHAPTER, "index.html", "404.html"]) {
          const page = await open(prefix + path);
          await page.evaluate((t) => localStorage.setItem("theme", t), theme);
          await page.reload();
          for (const selector of CONTROLS) {
            // The chapter page has every kind; the others, what they have.
            const present = await page.$(selector);
            if (path === CHAPTER) assert.ok(present, `${selector} on the chapter page`);
            if (!present) continue;
            for (const state of ["rest", "hover", "focus"]) {
              await page.mouse.move(1270, 795); // away from every control
              if (state === "hover") await page.hover(selector);
              if (state === "focus") { await page.focus(selector); await page.keyboard.press("Shift+Tab"); await page.keyboard.press("Tab"); }
              const c = await contrastOf(page, selector);
              const needed = c.icon ? 3 : 4.5;
              assert.ok(c.ratio >= needed, `${prefix}${path}, ${theme}, ${selector} ${state}: ${c.fg} on ${c.bg} is ${c.ratio.toFixed(2)}:1, under ${needed}:1`);
            }
          }
          await page.context().close();
        }
      }
    });
  }
});

describe("reduced motion and forced colours", () => {
  test("with reduced motion nothing moves: the sidebar opens at once", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, reducedMotion: "reduce" });
    const page = await context.newPage();
    await page.goto(site.url + CHAPTER);
    await page.click("#sidebar-toggle");
    const motion = await page.evaluate(() => ({
      animations: document.getAnimations().length,
      transition: getComputedStyle(document.getElementById("sidebar")).transitionDuration,
    }));
    assert.deepEqual(motion, { animations: 0, transition: "0s" });
    await context.close();
  });

  test("in forced colours (Windows high contrast) focus and the current choices stay visible", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, forcedColors: "active" });
    const page = await context.newPage();
    await page.goto(site.url + CHAPTER);
    assert.equal(await page.evaluate(() => matchMedia("(forced-colors: active)").matches), true);
    for (const selector of ["#sidebar-toggle", "#search-toggle", '.language-switch a[hreflang="en"]', "#help-button"]) {
      await page.focus(selector);
      await page.keyboard.press("Shift+Tab");
      await page.keyboard.press("Tab");
      const outline = await page.evaluate(() => {
        const style = getComputedStyle(document.activeElement);
        return style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
      });
      assert.ok(outline, `${selector}: a focus outline in forced colours`);
    }
    // Background colours are replaced: the current language and theme must
    // differ from the others by something forced colours keep.
    const differs = await page.evaluate(() => {
      const looks = (el) => {
        const s = getComputedStyle(el);
        return [s.fontWeight, s.textDecorationLine, s.borderStyle, s.outlineStyle].join();
      };
      const [current, other] = ['a[aria-current]', 'a:not([aria-current])'].map((q) => document.querySelector(".language-switch " + q));
      return looks(current) !== looks(other);
    });
    assert.ok(differs, "the current language looks different without colours");
    await page.click("#theme-toggle");
    const pressed = await page.evaluate(() => getComputedStyle(document.querySelector('#theme-list [aria-pressed="true"]'), "::before").content);
    assert.equal(pressed, '"✓ "', "the current theme is ticked");
    await context.close();
  });
});

describe("what assistive technology is told (the accessibility tree)", () => {

  for (const { code, prefix } of LANGUAGES) {
    test(`${code}: every control is named in the page's language, the current language and results are announced`, async () => {
      const w = WORDS[code];
      for (const path of ["index.html", "404.html", CHAPTER]) {
        const page = await open(prefix + path);
        const nodes = await tree(page);
        const controls = nodes.filter((n) => ["button", "link", "checkbox", "searchbox", "textbox", "combobox"].includes(n.role));
        assert.ok(controls.length > 10, `${controls.length} controls`);
        assert.deepEqual(controls.filter((n) => !n.name.trim()).map((n) => n.role), [], "controls without a name");
        const named = (role, name) => nodes.some((n) => n.role === role && n.name === name);
        const expected = [["button", w.search], ["button", w.toc], ["button", w.theme], ["link", w.printBook], ["button", w.print], ["button", w.help], ["link", w.skip]];
        if (path !== "404.html") expected.push(["link", w.sideBySide]);
        for (const [role, name] of expected) {
          assert.ok(named(role, name), `a ${role} named “${name}”`);
        }
        // Chromium's tree (CDP, and Playwright's aria snapshot) leaves out
        // aria-current, which screen readers get from the platform API: the
        // attribute is checked instead.
        assert.equal(await page.getAttribute(`.language-switch a[hreflang="${code}"]`, "aria-current"), "true");
        assert.ok(named("link", code === "vi" ? "Tiếng Việt" : "English"), "the current language's link, by its name");
        assert.ok(nodes.some((n) => n.role === "navigation" && n.name === w.language), "the language switch is a navigation region named in the page's language");
        if (path !== CHAPTER) { await page.context().close(); continue; }

        await search(page, code === "vi" ? "binh duong" : "smart");
        const after = await tree(page);
        const status = after.find((n) => n.role === "status");
        assert.ok(status, "search has a status region");
        assert.equal(status.props.live, "polite");
        const count = await page.locator("#search-results li").count();
        const statusText = await page.textContent("#search-status");
        assert.ok(statusText.includes(String(count)), `the status “${statusText}” says how many results (${count})`);
        await page.context().close();
      }
    });
  }
});

describe("accessibility (axe-core)", () => {
  for (const { code, prefix } of LANGUAGES) {
    test(`${code}: every page, and the 404 page`, async () => {
      const page = await open(null);
      for (const path of [...PAGES, "404.html"]) {
        await page.goto(site.url + prefix + path);
        assert.deepEqual(await axeViolations(page), [], prefix + path);
      }
      await page.context().close();
    });

    test(`${code}: sidebar open on a phone, theme menu open, search open with results`, async () => {
      const phone = await open(prefix + CHAPTER, { viewport: { width: 390, height: 844 } });
      await phone.click("#sidebar-toggle");
      assert.equal(await phone.getAttribute("#sidebar-toggle", "aria-expanded"), "true");
      await phone.locator("#sidebar").waitFor({ state: "visible" });
      await phone.waitForTimeout(300); // the slide-in transition
      assert.deepEqual(await axeViolations(phone), [], "sidebar open");
      await phone.screenshot({ path: join(RESULTS, `${code}-sidebar-phone.png`) });
      await phone.context().close();

      const page = await open(prefix + CHAPTER);
      await page.click("#theme-toggle");
      assert.equal(await page.locator("#theme-list").isVisible(), true);
      assert.deepEqual(await axeViolations(page), [], "theme menu open");
      await page.click('#theme-list button[data-theme="dark"]');
      assert.deepEqual(await axeViolations(page), [], "dark theme");
      await page.click("#theme-toggle");
      await page.click('#theme-list button[data-theme="light"]');
      const { hrefs } = await search(page, code === "vi" ? "thanh pho" : "smart");
      assert.ok(hrefs.length > 0);
      assert.deepEqual(await axeViolations(page), [], "search open with results");
      await page.screenshot({ path: join(RESULTS, `${code}-search.png`) });
      await page.context().close();
    });
  }
});

describe("weight and origin", () => {
  for (const { code, prefix } of LANGUAGES) {
    test(`${code}: a chapter's first load is under 10 KB gzipped in 4 requests; search loads on demand`, async () => {
      const page = await open(null);
      const responses = [];
      page.on("requestfinished", async (request) => {
        responses.push(request);
      });
      await page.goto(site.url + prefix + CHAPTER, { waitUntil: "networkidle" });
      let bytes = 0;
      for (const request of responses) {
        const sizes = await request.sizes();
        bytes += sizes.responseBodySize + sizes.responseHeadersSize;
      }
      const urls = responses.map((r) => r.url());
      console.log(`${code}: ${responses.length} requests, ${bytes} bytes transferred\n  ${urls.join("\n  ")}`);
      assert.ok(responses.length <= BUDGET_REQUESTS, `${responses.length} requests`);
      assert.ok(bytes <= BUDGET_BYTES, `${bytes} bytes`);
      assert.ok(urls.every((u) => !/search/.test(u)), "search code or index loaded before search was opened");
      for (const request of responses) {
        const response = await request.response();
        const type = response.headers()["content-type"] || "";
        if (/html|css|javascript|json/.test(type)) {
          assert.equal(response.headers()["content-encoding"], "gzip", request.url());
        }
      }
      await page.context().close();
    });
  }

  test("screenshots of a chapter at 390×844 and 1280×800 in both languages", async () => {
    const files = await takeScreenshots(site.url, browser, RESULTS);
    assert.equal(files.length, 4);
  });

  test("every request stayed on the site's origin", () => {
    assert.deepEqual(foreignRequests, []);
  });
});

describe("a book in seven languages, partly translated (a variant of this one)", () => {
  let variant;
  before(async () => { variant = await buildAndServeVariant(); });
  after(async () => { await variant?.close(); });

  async function at(path, options = {}) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.errors = errors;
    await page.goto(variant.url + path);
    return page;
  }
  const menuOpen = (page) => page.evaluate(() => document.querySelector(".language-menu").open);
  const CODES = ["vi", "en", ...VARIANT_LANGUAGES];

  test("the language switch is a menu that fits a phone and works with the keyboard alone", async () => {
    for (const prefix of ["", "en/", "ar/", "ja/"]) {
      for (const viewport of [{ width: 320, height: 256 }, { width: 1280, height: 800 }]) {
        const page = await at(prefix + CHAPTER, { viewport });
        const where = `${prefix}${CHAPTER} at ${viewport.width} px`;
        assert.deepEqual(await overflow(page), [], where);
        await page.focus(".language-menu summary");
        await page.keyboard.press("Enter");
        assert.equal(await menuOpen(page), true, `${where}: Enter opens the menu`);
        assert.deepEqual(await overflow(page), [], `${where}, menu open`);
        assert.deepEqual(await smallTargets(page), [], `${where}, menu open`);
        // Shown, not clipped by the switch's box or covered: each link whose
        // middle is in the open menu's box is what a pointer there hits.
        const unseen = await page.evaluate(() => {
          const menu = document.querySelector(".language-menu .popup").getBoundingClientRect();
          const out = [];
          let checked = 0;
          for (const a of document.querySelectorAll(".language-menu a")) {
            const b = a.getBoundingClientRect();
            const [x, y] = [b.left + b.width / 2, b.top + b.height / 2];
            if (y < menu.top || y > menu.bottom || y > innerHeight) continue; // scrolled within the menu
            checked++;
            const hit = document.elementFromPoint(x, y);
            if (!(hit && (hit === a || a.contains(hit)))) out.push(`${a.hreflang} under ${hit?.tagName.toLowerCase()}`);
          }
          return checked ? out : ["no link in the menu's box"];
        });
        assert.deepEqual(unseen, [], `${where}, menu open: every link visible`);
        const links = await page.$$eval(".language-menu a", (all) => all.map((a) => ({
          lang: a.lang, hreflang: a.hreflang, current: a.getAttribute("aria-current"), href: a.getAttribute("href"),
        })));
        assert.deepEqual(links.map((l) => l.lang).sort(), [...CODES].sort(), `${where}: a link for every language`);
        assert.ok(links.every((l) => l.lang === l.hreflang && l.href.endsWith(CHAPTER)), `${where}: each to the same page, in its language`);
        const code = prefix ? prefix.slice(0, -1) : "vi";
        assert.deepEqual(links.filter((l) => l.current).map((l) => l.lang), [code], `${where}: the current language marked`);
        await page.keyboard.press("Tab");
        assert.equal(await page.evaluate(() => document.activeElement.closest(".language-menu") !== null), true, "Tab goes into the menu");
        await page.keyboard.press("Escape");
        assert.equal(await menuOpen(page), false, `${where}: Escape closes it`);
        assert.equal(await page.evaluate(() => document.activeElement.tagName), "SUMMARY", `${where}: focus back on the menu's button`);
        await page.click(".language-menu summary");
        await page.mouse.click(viewport.width / 2, viewport.height - 10);
        assert.equal(await menuOpen(page), false, `${where}: a click elsewhere closes it`);
        assert.deepEqual(page.errors, []);
        await page.context().close();
      }
    }
  });

  test("the menu needs no script: it opens and its links lead to the same page", async () => {
    const page = await at("en/" + CHAPTER, { javaScriptEnabled: false });
    await page.click(".language-menu summary");
    await page.click('.language-menu a[hreflang="fr"]');
    await page.waitForURL(`${variant.url}fr/${CHAPTER}`);
    assert.equal(await page.getAttribute("html", "lang"), "fr");
    await page.context().close();
  });

  test("axe: 0 violations with the menu open and with text left untranslated, both themes", async () => {
    for (const theme of ["light", "dark"]) {
      for (const path of [`en/${UNTRANSLATED_CHAPTER}`, `ar/${CHAPTER}`, `ja/${CHAPTER}`]) {
        const page = await at(path);
        await page.evaluate((t) => localStorage.setItem("theme", t), theme);
        await page.reload();
        assert.deepEqual(await axeViolations(page), [], `${path}, ${theme}`);
        await page.click(".language-menu summary");
        assert.deepEqual(await axeViolations(page), [], `${path}, ${theme}, menu open`);
        await page.context().close();
      }
    }
  });

  test("a screen reader is told the notice is a note, which text is Vietnamese, and the menu's state", async () => {
    const page = await at(`en/${UNTRANSLATED_CHAPTER}`);
    const nodes = await tree(page);
    const notice = await page.textContent(".untranslated-notice p");
    assert.ok(nodes.some((n) => n.role === "note"), "the untranslated notice is a note");
    assert.ok(notice.includes("not translated yet"), notice);
    // The tree does not carry languages: the element each text is in does.
    const languages = await page.evaluate(() => [...document.querySelectorAll("main p")].map((p) => ({
      text: p.textContent.slice(0, 30),
      lang: (p.querySelector("[lang]") ?? p.closest("[lang]")).lang,
    })));
    assert.deepEqual(languages.map((l) => l.lang), ["en", "vi"], JSON.stringify(languages));
    const summary = nodes.find((n) => n.role === "DisclosureTriangle");
    assert.ok(summary && summary.name === "English" && summary.props.expanded === false, JSON.stringify(summary));
    await page.click(".language-menu summary");
    const opened = (await tree(page)).find((n) => n.role === "DisclosureTriangle");
    assert.equal(opened.props.expanded, true);
    assert.ok(nodes.some((n) => n.role === "navigation" && n.name === "Language"), "the switch is a navigation region");
    await page.context().close();
  });

  test("an outdated paragraph: the previous English marked, the Vietnamese one key away, axe 0 in both themes", async () => {
    for (const theme of ["light", "dark"]) {
      const page = await at(`en/${OUTDATED_CHAPTER}`);
      await page.evaluate((t) => localStorage.setItem("theme", t), theme);
      await page.reload();
      assert.match(await page.textContent("main .outdated-label"), /^Outdated translation/);
      assert.equal(await page.locator("details.outdated-original div[lang=vi]").isVisible(), false, "the original is closed");
      assert.deepEqual(await axeViolations(page), [], `${theme}, closed`);
      // From the top of the page with the keyboard alone.
      let reached = false;
      for (let i = 0; i < 40 && !reached; i++) {
        await page.keyboard.press("Tab");
        reached = await page.evaluate(() => document.activeElement.matches("details.outdated-original summary"));
      }
      assert.ok(reached, "Tab reaches the disclosure");
      await page.keyboard.press("Enter");
      const original = page.locator("details.outdated-original div[lang=vi] p");
      assert.equal(await original.isVisible(), true, "Enter opens it");
      assert.match(await original.textContent(), /^Sau hơn 20 năm tái lập tỉnh/);
      assert.deepEqual(await axeViolations(page), [], `${theme}, open`);
      assert.match(await page.textContent(".untranslated-notice"), /Outdated: 1\. Untranslated: 0\./);
      await page.context().close();
    }
  });

  test("the translation status pages: figures per chapter and per language, fit a phone, axe 0", async () => {
    for (const path of ["en/translation.html", "translation.html"]) {
      for (const viewport of [{ width: 320, height: 256 }, { width: 1280, height: 800 }]) {
        const page = await at(path, { viewport });
        assert.deepEqual(await overflow(page), [], `${path} at ${viewport.width} px`);
        assert.deepEqual(await axeViolations(page), [], `${path} at ${viewport.width} px`);
        await page.context().close();
      }
    }
    const page = await at("en/translation.html");
    const rows = await page.$$eval("main tbody tr", (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
    const row = (name) => rows.find((r) => r[0] === name);
    assert.deepEqual(row("Efforts to Develop a Sustainable Smart Urban Area").slice(1, 4), ["1", "0", "1"], JSON.stringify(rows));
    assert.deepEqual(row("Continually Building a Civilized, Compassionate and Livable Binh Duong").slice(1, 4), ["1", "1", "0"]);
    // Linked from the notice.
    await page.goto(`${variant.url}en/${UNTRANSLATED_CHAPTER}`);
    await page.click('.untranslated-notice a[href="translation.html"]');
    await page.waitForURL(`${variant.url}en/translation.html`);
    await page.context().close();
  });
});

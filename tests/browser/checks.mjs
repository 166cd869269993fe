// What the browser suites check on a page, shared by them: a page opened
// with its errors and policy violations recorded, axe-core's violations,
// a search run to its results, what sticks out of the viewport, controls
// too small to hit, and the accessibility tree.
import AxeBuilder from "@axe-core/playwright";

/**
 * A function that opens `path` (under `base()`, the site's address) in a
 * new page of a fresh context of `browser()`; each page records its errors
 * and Content-Security-Policy violations, and `foreign` gets every request
 * it makes to another origin.
 */
export function pageOpener(browser, base, foreign = []) {
  return async function open(path, { viewport = { width: 1280, height: 800 } } = {}) {
    const context = await browser().newContext({ viewport });
    const page = await context.newPage();
    const origin = new URL(base()).origin;
    page.on("request", (request) => {
      const url = request.url();
      if (!url.startsWith("data:") && new URL(url).origin !== origin) foreign.push(url);
    });
    const errors = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.errors = errors;
    // Every Content-Security-Policy violation the page reports, kept in the page.
    await page.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener("securitypolicyviolation", (event) => {
        window.__cspViolations.push(`${event.violatedDirective}: ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`);
      });
    });
    if (path !== null) await page.goto(base() + path);
    return page;
  };
}

export const cspViolations = (page) => page.evaluate(() => window.__cspViolations);

export async function axeViolations(page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

export async function search(page, query) {
  if (await page.locator("#search").isHidden()) await page.click("#search-toggle");
  await page.fill("#search-input", query);
  // Results are in when the list is no longer busy fetching shards.
  await page.waitForFunction(() => {
    const status = document.getElementById("search-status").textContent;
    return status && !status.endsWith("…") && !document.getElementById("search-results").hasAttribute("aria-busy");
  });
  return {
    status: await page.textContent("#search-status"),
    // Without `?highlight=`, which carries the query to the page.
    hrefs: await page.$$eval("#search-results a", (links) => links.map((a) => {
      const url = new URL(a.href);
      url.search = "";
      return url.href;
    })),
  };
}

/** What scrolls sideways or sticks out of the viewport, if anything. */
export const overflow = (page) => page.evaluate(() => {
  const out = [];
  if (document.documentElement.scrollWidth > innerWidth) {
    out.push(`the page is ${document.documentElement.scrollWidth} px wide`);
  }
  for (const el of document.querySelectorAll("header *, main *, .page-end *, .search *, .chapter-nav *")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || getComputedStyle(el).visibility === "hidden") continue;
    // A data table may scroll sideways in its own box (1.4.10 exempts it).
    if (el.closest(".table-scroll")) continue;
    if (box.left < -0.5 || box.right > innerWidth + 0.5) {
      out.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} spans ${Math.round(box.left)}–${Math.round(box.right)} px`);
    }
  }
  return out.slice(0, 5);
});

/** Controls smaller than 24 × 24 CSS px, other than links inside a sentence. */
export const smallTargets = (page) => page.evaluate(() => {
  const out = [];
  for (const el of document.querySelectorAll("a[href], button, input, select, summary, [tabindex]:not([tabindex='-1'])")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || getComputedStyle(el).visibility === "hidden") continue;
    const inline = el.tagName === "A" && el.closest("main p, main li, main td, .search-results p");
    if (!inline && (box.width < 24 || box.height < 24)) {
      out.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} “${el.textContent.trim().slice(0, 20)}” ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
  }
  return out;
});

/** Chromium's accessibility tree of the page, as a screen reader gets it. */
export async function tree(page) {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send("Accessibility.getFullAXTree");
  await cdp.detach();
  return nodes.filter((n) => !n.ignored).map((n) => ({
    role: n.role?.value,
    name: n.name?.value ?? "",
    props: Object.fromEntries((n.properties ?? []).map((p) => [p.name, p.value?.value])),
  }));
}

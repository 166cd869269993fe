// How long a reader waits for results while typing, in Debian's Chromium:
// each keystroke of a query, from the key going down to the results'
// status changing, on a built site served gzipped (shards fetched as the
// query needs them included). The same run types the same query with a
// baseline, so the two are side by side: either the search script of an
// earlier commit served in place of today's (when the index's format is
// the same), or a site built by an earlier commit (`--baseline-site`),
// each with its own script.
//
//   cargo xtask scale --generate /tmp/book --largest 5000 --languages 2
//   cargo xtask build /tmp/book --dest /tmp/site
//   node tests/browser/search-typing.mjs /tmp/site [--baseline REV | --baseline-site DIR] [--query "…"] [--page PATH]
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO, launch } from "./browser.mjs";
import { serve } from "./server.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const site = args[0];
if (!site || site.startsWith("--")) {
  console.error("usage: node tests/browser/search-typing.mjs SITE_DIR [--baseline REV] [--query TEXT] [--page PATH]");
  process.exit(2);
}
const baselineSite = option("--baseline-site", null);
const baselineRev = baselineSite ? "baseline" : option("--baseline", "HEAD~1");
const query = option("--query", "thanh pho thong minh");
const path = option("--page", "index.html");
const baseline = baselineSite ? null : execFileSync("git", ["show", `${baselineRev}:crates/mdbook-i18n-site/theme/search.js`], { cwd: REPO, encoding: "utf8" });
// Today's script from the working tree, whatever the site was built with.
const current = readFileSync(join(REPO, "crates/mdbook-i18n-site/theme/search.js"), "utf8");

const { server, url: siteUrl } = await serve(site, { base: "/" });
const other = baselineSite ? await serve(baselineSite, { base: "/" }) : null;
const browser = await launch();

/** Per keystroke, milliseconds from keydown to the status's next change; `script` replaces the site's. */
async function typing(script, url = siteUrl) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  if (script) {
    await page.route(/\/search-[0-9a-f]{8}\.js$/, (route) => route.fulfill({ body: script, contentType: "text/javascript" }));
  }
  await page.goto(url + path);
  await page.click("#search-toggle");
  // The index is loaded once the status has been emptied.
  await page.waitForFunction(() => document.getElementById("search-status").textContent === "", null, { timeout: 60000 });
  await page.evaluate(() => {
    window.__times = [];
    const status = document.getElementById("search-status");
    let down = 0;
    document.getElementById("search-input").addEventListener("keydown", () => { down = performance.now(); }, true);
    new MutationObserver(() => window.__times.push(performance.now() - down)).observe(status, { childList: true, characterData: true, subtree: true });
  });
  const times = [];
  for (const key of query) {
    const before = await page.evaluate(() => window.__times.length);
    await page.keyboard.press(key === " " ? "Space" : key);
    await page.waitForFunction((n) => window.__times.length > n, before, { timeout: 60000 });
    times.push(await page.evaluate(() => window.__times.at(-1)));
    await page.waitForTimeout(50);
  }
  const results = await page.locator("#search-results li").count();
  await context.close();
  return { times, results };
}

const stats = (times) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], max: sorted.at(-1) };
};
const today = await typing(baselineSite ? null : current);
const before = baselineSite ? await typing(null, other.url) : await typing(baseline);
const a = stats(today.times);
const b = stats(before.times);
console.log(`${site}: “${query}”, ${query.length} keystrokes, ${today.results} results`);
const perKey = (times) => times.map((t, i) => `${query[i] === " " ? "␣" : query[i]} ${t.toFixed(0)}`).join("  ");
console.log(`  today     median ${a.median.toFixed(1)} ms   max ${a.max.toFixed(1)} ms`);
console.log(`            ${perKey(today.times)}`);
console.log(`  ${baselineRev.padEnd(9)} median ${b.median.toFixed(1)} ms   max ${b.max.toFixed(1)} ms   (${before.results} results)`);
console.log(`            ${perKey(before.times)}`);
console.log(`  ratio today / ${baselineRev}: median ${(a.median / b.median).toFixed(2)}, max ${(a.max / b.max).toFixed(2)}`);
await browser.close();
server.close();
other?.server.close();

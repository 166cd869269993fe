// Measures the searchers the site could use (crates/mdbook-i18n-site/theme/SEARCH.md has the results):
// ours (crates/mdbook-i18n-site/src/search/ + its theme/search.js), mdBook's own (elasticlunr) and
// Pagefind, in Debian's Chromium, each site served gzipped, the bytes counted being those a reader's
// browser downloads to open search and run one query (engine included), on
//   1. this book: bytes per query, and which Vietnamese queries find anything;
//   2. generated books of realistic Vietnamese text (1,000 and 5,000 chapters by default): index
//      size and bytes per query;
//   3. with RBE=/path/to/rust-by-example, its ja, zh, ko and es builds: bytes per query, and how
//      many of the queries of search-queries.mjs (answers read off the catalogs by hand) each
//      engine answers right. mdBook there is the conventional pipeline (mdbook-gettext, one
//      `mdbook build` per language).
// The last lines are the table of all three side by side.
// Usage: node search-compare.mjs [CHAPTERS…] (0 skips the generated books; KEEP=1 keeps the sites)
// Needs `mdbook` 0.5 (and mdbook-gettext for RBE) on PATH and, for Pagefind,
// PAGEFIND=/path/to/pagefind_extended (the extended build segments CJK; e.g. from
// `npm i pagefind` in a scratch folder); without it Pagefind is skipped.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { REPO, launch } from "./browser.mjs";
import { QUERIES as RBE_QUERIES } from "./search-queries.mjs";
import { serve } from "./server.mjs";

const SIZES = process.argv.length > 2 ? process.argv.slice(2).map(Number).filter((n) => n > 0) : [1000, 5000];
const PAGEFIND = process.env.PAGEFIND;
const RBE = process.env.RBE;
/** Every row of the final table: book, engine, bytes of one query, requests, right answers. */
const TABLE = [];
const QUERIES = ["binh duong", "Bình Dương", "Bi\u0300nh Du\u031bo\u031bng", "nghệ", "đô thị", "do thi", "đổi mới", "doi moi"];

const gz = (buffer) => gzipSync(buffer, { level: 9 }).length;
function sizeOf(path, filter = () => true) {
  let raw = 0;
  let zipped = 0;
  let files = 0;
  const walk = (p) => {
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p)) walk(join(p, name));
    } else if (filter(p)) {
      const data = readFileSync(p);
      raw += data.length;
      zipped += gz(data);
      files += 1;
    }
  };
  walk(path);
  return { raw, zipped, files };
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const mb = (n) => `${(n / 1024 / 1024).toFixed(2)} MB`;

/**
 * A book of `count` chapters of six sections each, every section 80 words
 * drawn at random (seeded) from the real articles' words: the articles'
 * vocabulary and word frequencies, without the repetition that would flatter
 * gzip.
 */
function generateBook(root, count, { ourTheme }) {
  const words = [];
  for (const file of readdirSync(join(REPO, "src"))) {
    if (file === "SUMMARY.md") continue;
    words.push(...readFileSync(join(REPO, "src", file), "utf8").replace(/^#.*$/gm, "").split(/\s+/).filter(Boolean));
  }
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const paragraph = (n) => Array.from({ length: n }, () => words[Math.floor(random() * words.length)]).join(" ");
  mkdirSync(join(root, "src"), { recursive: true });
  const summary = ["# Mục lục", ""];
  for (let i = 1; i <= count; i++) {
    const parts = [`# Chương ${i}: ${paragraph(6)}`, ""];
    for (let j = 0; j < 6; j++) {
      parts.push(`## ${paragraph(5)}`, "", paragraph(80), "");
    }
    writeFileSync(join(root, "src", `chuong-${i}.md`), parts.join("\n"));
    summary.push(`- [Chương ${i}](chuong-${i}.md)`);
  }
  writeFileSync(join(root, "src", "SUMMARY.md"), summary.join("\n") + "\n");
  const html = ourTheme
    ? readFileSync(join(REPO, "book.toml"), "utf8").split("[output.html]")[1].replace(/\n\[preprocessor[\s\S]*/, "")
    : "";
  writeFileSync(
    join(root, "book.toml"),
    `[book]\ntitle = "Thử"\nlanguage = "vi"\nsrc = "src"\n\n[output.html]${html || "\n"}`,
  );
  if (ourTheme) cpSync(join(REPO, "theme"), join(root, "theme"), { recursive: true });
}

/** Bytes and requests a reader's browser spends to open search and run `query`. */
async function queryCost(browser, pageUrl, run) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const all = [];
  page.on("requestfinished", (r) => all.push(r));
  await page.goto(pageUrl, { waitUntil: "networkidle" });
  const hits = await run(page);
  await page.waitForLoadState("networkidle");
  // Whatever serves search, whether fetched with the page or on demand.
  const finished = all.filter((r) => /search|elasticlunr|mark\.min|pagefind/.test(r.url()));
  let bytes = 0;
  for (const r of finished) {
    const s = await r.sizes();
    bytes += s.responseBodySize + s.responseHeadersSize;
  }
  await context.close();
  return { bytes, requests: finished.length, hits };
}

const ours = async (page, query) => {
  if (await page.locator("#search").isHidden()) await page.click("#search-toggle");
  await page.fill("#search-input", query);
  await page.waitForFunction(() => /\d|Không|No |[^…]$/.test(document.getElementById("search-status").textContent)
    && !document.getElementById("search-results").hasAttribute("aria-busy"));
  return page.locator("#search-results li").count();
};
const mdbook = async (page, query) => {
  if (await page.locator("#mdbook-search-wrapper").isHidden()) await page.click("#mdbook-search-toggle");
  await page.fill("#mdbook-searchbar", query);
  await page.keyboard.press("End"); // mdBook searches on keyup
  // Its index loads when search opens; give it time (15 MB at 1,000 chapters).
  await page.locator("#mdbook-searchresults li").first().waitFor({ timeout: 20000 }).catch(() => {});
  return page.locator("#mdbook-searchresults li").count();
};
const pagefind = (base) => async (page, query) =>
  page.evaluate(async ({ base, query }) => {
    const pf = await import(`${base}pagefind/pagefind.js`);
    const search = await pf.search(query);
    // What a results list shows: the first five results' excerpts.
    await Promise.all(search.results.slice(0, 5).map((r) => r.data()));
    return search.results.length;
  }, { base, query });

/** The pages a results list shows for `query`, as paths under `root` (the language's folder URL), best first. */
const resultPages = {
  async ours(page, query) {
    await ours(page, query);
    return page.$$eval("#search-results a", (links) => links.map((a) => a.href));
  },
  async mdBook(page, query) {
    await mdbook(page, query);
    return page.$$eval("#mdbook-searchresults a", (links) => links.map((a) => a.href));
  },
  async Pagefind(page, query, base) {
    return page.evaluate(async ({ base, query }) => {
      const pf = await import(`${base}pagefind/pagefind.js`);
      const search = await pf.search(query);
      const data = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
      return data.map((d) => new URL(d.url, location.href).href);
    }, { base, query });
  },
};

/** Distinct page paths of `hrefs` under `root`. */
const pathsUnder = (hrefs, root) => [...new Set(hrefs.map((h) => {
  const url = new URL(h);
  return url.href.startsWith(root) ? url.pathname.slice(new URL(root).pathname.length) : url.pathname;
}))];

async function main() {
  const work = mkdtempSync(join(tmpdir(), "search-compare-"));
  const browser = await launch();
  const servers = [];
  const at = async (dir) => {
    const { server, url } = await serve(dir, { base: "/s/" });
    servers.push(server);
    return url;
  };
  try {
    await realBook(work, browser, at);
    for (const size of SIZES) await generated(work, browser, at, size);
    if (RBE) await rbe(work, browser, at);
  } finally {
    for (const server of servers) server.close();
    await browser.close();
    if (process.env.KEEP) console.log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
  console.log("\n# bytes one query downloads (engine included, gzipped as served) and right answers, side by side");
  console.table(TABLE.map(({ bytes, ...r }) => ({ ...r, KB: Number((bytes / 1024).toFixed(1)) })));
}

/** Costs of one query by each engine, printed and put in the table. */
function report(book, costs, rights = {}) {
  const oursBytes = costs.ours?.bytes;
  for (const [engine, c] of Object.entries(costs)) {
    const ratio = oursBytes ? ` (${(c.bytes / oursBytes).toFixed(1)}× ours)` : "";
    console.log(`${engine}: one query downloads ${kb(c.bytes)} in ${c.requests} requests${ratio}, ${c.hits} results`);
    TABLE.push({ book, engine, bytes: c.bytes, requests: c.requests, right: rights[engine] ?? "" });
  }
}

async function generated(work, browser, at, chapters) {
  console.log(`\n# ${chapters} generated chapters`);
  const root = join(work, `generated-${chapters}`);
  const oursRoot = join(root, "ours");
  generateBook(oursRoot, chapters, { ourTheme: true });
  let started = Date.now();
  execFileSync("cargo", ["xtask", "build", oursRoot, "--dest", join(oursRoot, "site")], { cwd: REPO, stdio: ["ignore", "ignore", "inherit"] });
  console.log(`ours: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const mdRoot = join(root, "mdbook");
  generateBook(mdRoot, chapters, { ourTheme: false });
  started = Date.now();
  execFileSync("mdbook", ["build", mdRoot, "-d", join(mdRoot, "site")], { stdio: ["ignore", "ignore", "inherit"] });
  console.log(`mdBook: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const oursIndex = sizeOf(join(oursRoot, "site", "search"));
  const oursCode = sizeOf(join(oursRoot, "site"), (p) => /site\/search-[0-9a-f]{8}\.js$/.test(p));
  const mdIndex = sizeOf(join(mdRoot, "site"), (p) => /searchindex.*\.js$/.test(p));
  const mdCode = sizeOf(join(mdRoot, "site"), (p) => /(elasticlunr|mark\.min|searcher).*\.js$/.test(p));
  console.log(`ours:    index ${oursIndex.files} files, ${mb(oursIndex.raw)} (${kb(oursIndex.zipped)} gzipped); code ${kb(oursCode.zipped)} gzipped`);
  console.log(`mdBook:  index ${mb(mdIndex.raw)} (${kb(mdIndex.zipped)} gzipped); code ${kb(mdCode.zipped)} gzipped`);
  const chapter = `chuong-${Math.ceil(chapters / 2)}.html`;
  const oursUrl = await at(join(oursRoot, "site"));
  const mdUrl = await at(join(mdRoot, "site"));
  const costs = {
    ours: await queryCost(browser, oursUrl + chapter, (p) => ours(p, "binh duong")),
    mdBook: await queryCost(browser, mdUrl + chapter, (p) => mdbook(p, "binh duong")),
  };
  if (PAGEFIND) {
    started = Date.now();
    execFileSync(PAGEFIND, ["--site", join(oursRoot, "site"), "--quiet"], { stdio: "inherit" });
    const pf = sizeOf(join(oursRoot, "site", "pagefind"));
    console.log(`Pagefind: indexed in ${((Date.now() - started) / 1000).toFixed(1)} s; ${pf.files} files, ${mb(pf.raw)} (${mb(pf.zipped)} gzipped)`);
    costs.Pagefind = await queryCost(browser, oursUrl + chapter, (p) => pagefind(oursUrl)(p, "binh duong"));
  }
  // A phrase costs the pairs' shard on top.
  const phrase = await queryCost(browser, oursUrl + chapter, (p) => ours(p, '"thành phố thông minh"'));
  console.log(`ours, a quoted phrase ("thành phố thông minh"): ${kb(phrase.bytes)} in ${phrase.requests} requests, ${phrase.hits} results`);
  report(`${chapters} chapters`, costs);
  if (!process.env.KEEP) rmSync(root, { recursive: true, force: true });
}

// 1. This book: its index, what one query costs, which queries find anything.
async function realBook(work, browser, at) {
  console.log("# this book (Vietnamese pages)");
  const real = join(work, "real");
  execFileSync("cargo", ["xtask", "build", "--dest", real], { cwd: REPO, stdio: ["ignore", "ignore", "inherit"] });
  const realMd = join(work, "real-mdbook");
  mkdirSync(realMd);
  cpSync(join(REPO, "src"), join(realMd, "src"), { recursive: true });
  writeFileSync(join(realMd, "book.toml"), '[book]\ntitle = "x"\nlanguage = "vi"\nsrc = "src"\n');
  execFileSync("mdbook", ["build", realMd, "-d", join(realMd, "site")], { stdio: ["ignore", "ignore", "inherit"] });
  if (PAGEFIND) execFileSync(PAGEFIND, ["--site", real, "--quiet"], { stdio: "inherit" });
  const realUrl = await at(real);
  const realMdUrl = await at(join(realMd, "site"));
  for (const lang of ["", "en/"]) {
    const index = sizeOf(join(real, lang, "search"));
    console.log(`ours, ${lang || "vi/"}: index ${index.files} files, ${kb(index.raw)} (${kb(index.zipped)} gzipped)`);
  }
  const costs = {
    ours: await queryCost(browser, realUrl + "index.html", (p) => ours(p, "binh duong")),
    mdBook: await queryCost(browser, realMdUrl + "index.html", (p) => mdbook(p, "binh duong")),
  };
  if (PAGEFIND) costs.Pagefind = await queryCost(browser, realUrl + "index.html", (p) => pagefind(realUrl)(p, "binh duong"));
  const rows = [];
  const found = { ours: 0, mdBook: 0, Pagefind: 0 };
  for (const query of QUERIES) {
    const row = { query: JSON.stringify(query) };
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(realUrl + "index.html");
    row.ours = await ours(page, query);
    if (PAGEFIND) row.Pagefind = await pagefind(realUrl)(page, query);
    await page.goto(realMdUrl + "index.html");
    row.mdBook = await mdbook(page, query);
    await context.close();
    for (const engine of Object.keys(found)) found[engine] += row[engine] > 0;
    rows.push(row);
  }
  console.table(rows);
  const of = (engine) => `${found[engine]}/${QUERIES.length} found`;
  report("this book (vi)", costs, { ours: of("ours"), mdBook: of("mdBook"), Pagefind: of("Pagefind") });
}

// 3. Rust by Example: ours and Pagefind over the tool's build, mdBook over the conventional one.
async function rbe(work, browser, at) {
  console.log(`\n# Rust by Example (${RBE})`);
  const ourSite = join(work, "rbe-ours");
  execFileSync("cargo", ["xtask", "build", RBE, "--dest", ourSite], { cwd: REPO, stdio: ["ignore", "ignore", "ignore"] });
  if (PAGEFIND) execFileSync(PAGEFIND, ["--site", ourSite, "--quiet"], { stdio: "inherit" });
  const mdSite = join(work, "rbe-mdbook");
  const ourUrl = await at(ourSite);
  const mdUrl = await at(mdSite);
  for (const [lang, queries] of Object.entries(RBE_QUERIES)) {
    execFileSync("mdbook", ["build", RBE, "-d", join(mdSite, lang)], {
      stdio: ["ignore", "ignore", "ignore"],
      env: { ...process.env, MDBOOK_BOOK__LANGUAGE: lang },
    });
    const roots = { ours: `${ourUrl}${lang}/`, Pagefind: `${ourUrl}${lang}/`, mdBook: `${mdUrl}${lang}/` };
    const engines = PAGEFIND ? ["ours", "Pagefind", "mdBook"] : ["ours", "mdBook"];
    const first = queries[0][0];
    const costs = {};
    for (const engine of engines) {
      costs[engine] = await queryCost(browser, `${roots[engine]}index.html`, (p) => resultPages[engine](p, first, ourUrl).then((r) => r.length));
    }
    const rights = {};
    for (const engine of engines) {
      let right = 0;
      const context = await browser.newContext();
      const page = await context.newPage();
      for (const [query, expected, within] of queries) {
        await page.goto(`${roots[engine]}index.html`);
        const pages = pathsUnder(await resultPages[engine](page, query + " ", ourUrl), roots[engine]);
        const at = pages.indexOf(expected);
        const ok = at >= 0 && at < within;
        right += ok;
        if (!ok) console.log(`${lang} ${engine} MISS “${query}” → ${expected} (first: ${pages.slice(0, 3).join(", ")})`);
      }
      await context.close();
      rights[engine] = `${right}/${queries.length}`;
    }
    console.log(`## ${lang}`);
    report(`RBE ${lang}`, costs, rights);
  }
}

await main();

// Measures the searchers the site could use (crates/mdbook-i18n-site/theme/SEARCH.md has the results):
// ours (crates/mdbook-i18n-site/src/search.rs + its theme/search.js), mdBook's own (elasticlunr) and
// Pagefind, on
//   1. a generated 1,000-chapter Vietnamese book: index size on disk and
//      gzipped, and the bytes a reader downloads to run one query;
//   2. the real book: which Vietnamese queries find anything.
// Usage: node search-compare.mjs [CHAPTERS] (KEEP=1 keeps the built sites)
// Needs `mdbook` (the CLI, with its default search feature) on PATH and,
// for Pagefind, PAGEFIND=/path/to/pagefind (e.g. from `npm i pagefind` in a
// scratch folder); without it Pagefind is skipped.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { REPO, launch } from "./browser.mjs";
import { serve } from "./server.mjs";

const CHAPTERS = Number(process.argv[2] || 1000);
const PAGEFIND = process.env.PAGEFIND;
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
  await page.waitForFunction(() => /\d|Không|No /.test(document.getElementById("search-status").textContent));
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
    // 1. The 1,000-chapter book (skipped with CHAPTERS = 0).
    if (CHAPTERS > 0) await generated(work, browser, at);
    await realBook(work, browser, at);
  } finally {
    for (const server of servers) server.close();
    await browser.close();
    if (process.env.KEEP) console.log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

async function generated(work, browser, at) {
  console.log(`# ${CHAPTERS} generated chapters`);
  const oursRoot = join(work, "ours");
  generateBook(oursRoot, CHAPTERS, { ourTheme: true });
  execFileSync("cargo", ["xtask", "build", oursRoot, "--dest", join(oursRoot, "site")], { cwd: REPO, stdio: "inherit" });
  const mdRoot = join(work, "mdbook");
  generateBook(mdRoot, CHAPTERS, { ourTheme: false });
  execFileSync("mdbook", ["build", mdRoot, "-d", join(mdRoot, "site")], { stdio: "inherit" });

  const oursIndex = sizeOf(join(oursRoot, "site", "searchindex.json"));
  const oursCode = sizeOf(join(oursRoot, "site"), (p) => /(^|\/)search-[0-9a-f]{8}\.js$/.test(p));
  const mdIndex = sizeOf(join(mdRoot, "site"), (p) => /searchindex.*\.js$/.test(p));
  const mdCode = sizeOf(join(mdRoot, "site"), (p) => /(elasticlunr|mark\.min|searcher).*\.js$/.test(p));
  console.log(`ours:    index ${mb(oursIndex.raw)} (${kb(oursIndex.zipped)} gzipped); code ${kb(oursCode.zipped)} gzipped`);
  console.log(`mdBook:  index ${mb(mdIndex.raw)} (${kb(mdIndex.zipped)} gzipped); code ${kb(mdCode.zipped)} gzipped`);
  const chapter = "chuong-500.html";
  const oursUrl = await at(join(oursRoot, "site"));
  const mdUrl = await at(join(mdRoot, "site"));
  const cost = {
    ours: await queryCost(browser, oursUrl + chapter, (p) => ours(p, "binh duong")),
    mdBook: await queryCost(browser, mdUrl + chapter, (p) => mdbook(p, "binh duong")),
  };
  if (PAGEFIND) {
    execFileSync(PAGEFIND, ["--site", join(oursRoot, "site"), "--quiet"], { stdio: "inherit" });
    const pf = sizeOf(join(oursRoot, "site", "pagefind"));
    console.log(`Pagefind: ${pf.files} files, ${mb(pf.raw)} (${mb(pf.zipped)} gzipped)`);
    cost.Pagefind = await queryCost(browser, oursUrl + chapter, (p) => pagefind(oursUrl)(p, "binh duong"));
  }
  for (const [name, c] of Object.entries(cost)) {
    console.log(`${name}: one query ("binh duong") downloads ${kb(c.bytes)} in ${c.requests} requests, ${c.hits} results`);
  }

}

// 2. The real book: its index, what one query costs, which queries find anything.
async function realBook(work, browser, at) {
  console.log("\n# the real book (Vietnamese pages)");
  const real = join(work, "real");
  execFileSync("cargo", ["xtask", "build", "--dest", real], { cwd: REPO, stdio: "inherit" });
  const realMd = join(work, "real-mdbook");
  mkdirSync(realMd);
  cpSync(join(REPO, "src"), join(realMd, "src"), { recursive: true });
  writeFileSync(join(realMd, "book.toml"), '[book]\ntitle = "x"\nlanguage = "vi"\nsrc = "src"\n');
  execFileSync("mdbook", ["build", realMd, "-d", join(realMd, "site")], { stdio: "inherit" });
  if (PAGEFIND) execFileSync(PAGEFIND, ["--site", real, "--quiet"], { stdio: "inherit" });
  const realUrl = await at(real);
  const realMdUrl = await at(join(realMd, "site"));
  for (const lang of ["", "en/"]) {
    const index = sizeOf(join(real, lang, "searchindex.json"));
    console.log(`ours, ${lang || "vi/"}: index ${kb(index.raw)} (${kb(index.zipped)} gzipped)`);
  }
  const costs = {
    ours: await queryCost(browser, realUrl + "index.html", (p) => ours(p, "binh duong")),
    mdBook: await queryCost(browser, realMdUrl + "index.html", (p) => mdbook(p, "binh duong")),
  };
  if (PAGEFIND) costs.Pagefind = await queryCost(browser, realUrl + "index.html", (p) => pagefind(realUrl)(p, "binh duong"));
  for (const [name, c] of Object.entries(costs)) {
    console.log(`${name}: one query ("binh duong") downloads ${kb(c.bytes)} in ${c.requests} requests`);
  }
  const rows = [];
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
    rows.push(row);
  }
  console.table(rows);
}

await main();

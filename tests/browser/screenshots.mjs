// Screenshots for the README: a chapter at phone (390×844) and desktop
// (1280×800) sizes in both languages (docs/screenshots/<lang>-<width>.png),
// and the ways of reading beyond one page: side by side on a desktop and a
// phone, the page's end once the book can be read offline, the print page,
// and the first pages of the English PDF (pdftoppm).
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { CHAPTER, LANGUAGES, REPO, buildAndServe, launch } from "./browser.mjs";

const SIZES = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
];

export async function takeScreenshots(baseUrl, browser, out = join(REPO, "docs", "screenshots")) {
  mkdirSync(out, { recursive: true });
  const files = [];
  for (const { code, prefix } of LANGUAGES) {
    for (const viewport of SIZES) {
      const context = await browser.newContext({ viewport, colorScheme: "light" });
      const page = await context.newPage();
      await page.goto(baseUrl + prefix + CHAPTER);
      const file = join(out, `${code}-${viewport.width}x${viewport.height}.png`);
      await page.screenshot({ path: file });
      files.push(file);
      await context.close();
    }
  }
  return files;
}

/** The reading screenshots of a site built with --pdf, served at `baseUrl` from `dir`. */
export async function takeReadingScreenshots(baseUrl, dir, browser, out = join(REPO, "docs", "screenshots")) {
  mkdirSync(out, { recursive: true });
  const files = [];
  const shoot = async (path, viewport, name, prepare = async () => {}) => {
    const context = await browser.newContext({ viewport, colorScheme: "light" });
    const page = await context.newPage();
    await page.goto(baseUrl + path);
    await prepare(page);
    const file = join(out, name);
    await page.screenshot({ path: file });
    files.push(file);
    await context.close();
  };
  const beside = CHAPTER.replace(/\.html$/, ".vi.html");
  await shoot(`en/${beside}`, { width: 1280, height: 800 }, "side-by-side-en-1280x800.png");
  await shoot(beside.replace(".vi.", ".en."), { width: 390, height: 844 }, "side-by-side-vi-390x844.png");
  await shoot(`en/${CHAPTER}`, { width: 390, height: 844 }, "offline-en-390x844.png", async (page) => {
    const ready = await page.getAttribute("#offline-status", "data-ready");
    await page.waitForFunction((text) => document.getElementById("offline-status").textContent === text, ready);
    await page.evaluate(() => document.querySelector(".page-end").scrollIntoView({ block: "center" }));
  });
  await shoot("print.html", { width: 1280, height: 800 }, "print-vi-1280x800.png");
  // The English PDF's contents page, as a reader's PDF viewer shows it.
  const pdfPage = join(out, "pdf-en");
  execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "2", "-l", "2", "-singlefile", join(dir, "en", "book.pdf"), pdfPage]);
  files.push(`${pdfPage}.png`);
  return files;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const given = process.argv[2];
  const site = given ? { url: given, dir: process.argv[3], close: async () => {} } : await buildAndServe({ args: ["--pdf"] });
  const browser = await launch();
  try {
    for (const file of await takeScreenshots(site.url, browser)) console.log(file);
    for (const file of await takeReadingScreenshots(site.url, site.dir, browser)) console.log(file);
  } finally {
    await browser.close();
    await site.close();
  }
}

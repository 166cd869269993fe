// Screenshots of a chapter at phone (390×844) and desktop (1280×800) sizes in
// both languages, for the README: docs/screenshots/<lang>-<width>.png.
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

if (import.meta.url === `file://${process.argv[1]}`) {
  const given = process.argv[2];
  const site = given ? { url: given, close: async () => {} } : await buildAndServe();
  const browser = await launch();
  try {
    for (const file of await takeScreenshots(site.url, browser)) console.log(file);
  } finally {
    await browser.close();
    await site.close();
  }
}

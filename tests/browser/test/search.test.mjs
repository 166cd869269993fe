// The searcher's folding, tokenizing and ranking, without a browser: the
// functions crates/mdbook-i18n-site/theme/search.js exports, over a small index shaped like the one
// crates/mdbook-i18n-site/src/search.rs writes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { exact, fold, searchIndex, startingWith, stem, tokenize } from "../../../crates/mdbook-i18n-site/theme/search.js";

test("search.js folds and tokenizes the fixture's strings byte for byte as the Rust indexer", () => {
  const dir = new URL("../../../crates/mdbook-i18n-site/tests/fixtures/search/", import.meta.url);
  let strings = readFileSync(new URL("strings.txt", dir), "utf8");
  if (strings.endsWith("\n")) strings = strings.slice(0, -1);
  // The keys in the order the indexer's JSON writes them (sorted).
  const rows = strings.split("\n").map((text) => ({
    exact: exact(text), fold: fold(text), stems: tokenize(text).map((t) => stem(fold(t))), text, tokens: tokenize(text),
  }));
  const ours = JSON.stringify(rows, null, 2) + "\n";
  const theirs = readFileSync(new URL("folded.json", dir), "utf8");
  if (ours !== theirs) {
    const expected = JSON.parse(theirs);
    const differ = rows.filter((row, i) => JSON.stringify(row) !== JSON.stringify(expected[i])).slice(0, 5);
    assert.fail(`${differ.length ? "" : "same rows, other bytes: "}${JSON.stringify(differ.map((r, i) => [r, expected[rows.indexOf(r)]]))}`);
  }
  assert.ok(rows.length > 500, `${rows.length} strings`);
});

test("fold removes Vietnamese diacritics, composed or decomposed", () => {
  const cases = [
    ["Bình Dương", "binh duong"],
    ["ĐỔI MỚI", "doi moi"],
    ["nghệ ở những", "nghe o nhung"],
    ["Bi\u0300nh Du\u031bo\u031bng", "binh duong"],
    ["đô", "do"],
  ];
  for (const [input, expected] of cases) assert.equal(fold(input), expected, input);
});

test("tokenize keeps Vietnamese words whole and drops no stop words", () => {
  assert.deepEqual(tokenize("nghệ, đô; đổi."), ["nghệ", "đô", "đổi"]);
  assert.deepEqual(tokenize("an ninh do to lớn"), ["an", "ninh", "do", "to", "lớn"]);
  assert.deepEqual(tokenize("Bi\u0300nh"), ["bình"]);
  assert.equal(exact("Bi\u0300nh"), "bình");
});

// Same shape as searchindex.json; section numbers in postings are gaps
// from the previous one.
const index = {
  pages: [["a.html", "Đô thị"], ["b.html", "Đổi mới"], ["c.html", "Do đó"], ["d.html", "Bình Dương"]],
  docs: [
    [0, "a", "Đô thị", ""],
    [1, "b", "Đổi mới", ""],
    [2, "c", "Do đó", ""],
    [3, "d", "Bình Dương", ""],
  ],
  terms: {
    do: [["", [2, 5]], ["đó", [2, 5]], ["đô", [0, 5]]],
    doi: [["đổi", [1, 5]]],
    thi: [["thị", [0, 5]]],
    moi: [["mới", [1, 5]]],
    binh: [["bình", [3, 5]]],
    duong: [["dương", [3, 5]]],
  },
};
const hrefs = (query) => searchIndex(index, query).map((r) => r.href);

test("postings are gaps between section numbers", () => {
  const gaps = { pages: index.pages, docs: index.docs, terms: { x: [["", [1, 1, 2, 1]]] } };
  assert.deepEqual(searchIndex(gaps, "x ").map((r) => r.href), ["b.html#b", "d.html#d"]);
});

test("a query without diacritics finds every spelling", () => {
  assert.deepEqual(hrefs("do ").sort(), ["a.html#a", "c.html#c"]);
  assert.deepEqual(hrefs("doi moi"), ["b.html#b"]);
  assert.deepEqual(hrefs("binh duong"), ["d.html#d"]);
});

test("exact diacritics rank first", () => {
  assert.equal(hrefs("đô ")[0], "a.html#a");
  assert.equal(hrefs("đó ")[0], "c.html#c");
  assert.equal(hrefs("do ")[0], "c.html#c");
});

test("decomposed input matches like composed input", () => {
  assert.deepEqual(hrefs("\u0111o\u0302 "), hrefs("đô "));
  assert.deepEqual(hrefs("Bi\u0300nh Du\u031bo\u031bng"), ["d.html#d"]);
});

test("every word must match; the last one may be a prefix while typing", () => {
  assert.deepEqual(hrefs("đô thị"), ["a.html#a"]);
  assert.deepEqual(hrefs("binh du"), ["d.html#d"]);
  assert.deepEqual(hrefs("binh du "), []);
  assert.deepEqual(hrefs("   "), []);
});

test("an English index is stemmed: plural, -ing and -ed find one another, typed in full or not", () => {
  const english = {
    pages: [["a.html", "Parks"], ["b.html", "Cities"]],
    docs: [[0, "a", "Industrial parks", ""], [1, "b", "Developing cities", ""]],
    terms: {
      industrial: [["", [0, 5]]],
      park: [["parks", [0, 5]]],
      develop: [["developing", [1, 5]]],
      city: [["cities", [1, 5]]],
    },
    stemmed: true,
  };
  const hrefs = (query) => searchIndex(english, query).map((r) => r.href);
  for (const query of ["industrial park ", "parks ", "park", "developed ", "develop", "city ", "developin"]) {
    assert.ok(hrefs(query).length === 1, `${query}: ${hrefs(query)}`);
  }
  assert.deepEqual(hrefs("parking lot "), []);
  // A Vietnamese index is not: "các" stays "các".
  assert.equal(stem("cac"), "cac");
  assert.equal(stem("parks"), "park");
});

test("a prefix finds the keys a scan of every key finds, by binary search", () => {
  const terms = {};
  for (const key of ["an", "ana", "anb", "b", "ba", "bình", "binh", "đô", "do", "doi", "z", "10", "2", "東京", "東"]) terms[key] = [["", [0, 1]]];
  const index = { pages: [], docs: [], terms };
  for (const prefix of ["a", "an", "b", "bi", "d", "do", "1", "東", "x", ""]) {
    const scan = Object.keys(terms).filter((k) => k.startsWith(prefix)).sort();
    assert.deepEqual(startingWith(index, prefix).sort(), scan, prefix);
  }
});

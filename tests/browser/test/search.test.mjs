// The searcher's folding, tokenizing and ranking, without a browser: the
// functions crates/mdbook-i18n-site/theme/search.js exports, over a small index shaped like the one
// crates/mdbook-i18n-site/src/search.rs writes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Index, MAX_PREFIX_SHARDS, compare, exact, fold, phrases, search, startingWith, stem, tokenize } from "../../../crates/mdbook-i18n-site/theme/search.js";

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

/**
 * An Index over a plain `{pages, docs, terms, pairs, stemmed}`, cut as the
 * indexer cuts it (src/search/mod.rs) but `perShard` keys to a shard and
 * two sections to a run of details and three to a run of heading lengths,
 * so that small tests cross shards. Postings are
 * `[gap, weight × 2 + 1 if in the heading, …]`.
 */
function memoryIndex({ pages, docs, terms, pairs = {}, stemmed }, perShard = 2) {
  const files = {};
  const cut = (kind, entries) => {
    const keys = Object.keys(entries).sort(compare);
    const firsts = [];
    for (let i = 0; i === 0 || i < keys.length; i += perShard) {
      firsts.push(i === 0 ? "" : keys[i]);
      files[`${kind}${firsts.length - 1}.json`] = Object.fromEntries(keys.slice(i, i + perShard).map((k) => [k, entries[k]]));
    }
    return firsts;
  };
  for (let i = 0; i < docs.length; i += 2) files[`d${i / 2}.json`] = { pages, docs: docs.slice(i, i + 2) };
  const headings = docs.map((d) => tokenize(d[2]).length.toString(36)).join("");
  for (let i = 0; i < docs.length; i += 3) files[`h${i / 3}.json`] = headings.slice(i, i + 3);
  const meta = { version: "test", sections: docs.length, terms: cut("t", terms), pairs: cut("p", pairs), docsPerRun: 2, headingsPerRun: 3, stemmed };
  const reads = [];
  const index = new Index(meta, async (name) => {
    reads.push(name);
    if (!files[name]) throw new Error(`no ${name}`);
    return files[name];
  });
  return Object.assign(index, { reads });
}

const index = memoryIndex({
  pages: [["a.html", "Đô thị"], ["b.html", "Đổi mới"], ["c.html", "Do đó"], ["d.html", "Bình Dương"]],
  docs: [
    [0, "a", "Đô thị", ""],
    [1, "b", "Đổi mới", ""],
    [2, "c", "Do đó", ""],
    [3, "d", "Bình Dương", ""],
  ],
  terms: {
    do: [["", [2, 11]], ["đó", [2, 11]], ["đô", [0, 11]]],
    doi: [["đổi", [1, 11]]],
    thi: [["thị", [0, 11]]],
    moi: [["mới", [1, 11]]],
    binh: [["bình", [3, 11]]],
    duong: [["dương", [3, 11]]],
  },
});
const hrefs = async (query, from = index) => (await search(from, query)).map((r) => r.href);

test("postings are gaps between section numbers", async () => {
  const gaps = memoryIndex({ pages: [["a.html", "A"]], docs: [0, 1, 2, 3].map((n) => [0, `s${n}`, "A", ""]), terms: { x: [["", [1, 2, 2, 2]]] } });
  assert.deepEqual(await hrefs("x ", gaps), ["a.html#s1", "a.html#s3"]);
});

test("a query without diacritics finds every spelling", async () => {
  assert.deepEqual((await hrefs("do ")).sort(), ["a.html#a", "c.html#c"]);
  assert.deepEqual(await hrefs("doi moi"), ["b.html#b"]);
  assert.deepEqual(await hrefs("binh duong"), ["d.html#d"]);
});

test("exact diacritics rank first", async () => {
  assert.equal((await hrefs("đô "))[0], "a.html#a");
  assert.equal((await hrefs("đó "))[0], "c.html#c");
  assert.equal((await hrefs("do "))[0], "c.html#c");
});

test("decomposed input matches like composed input", async () => {
  assert.deepEqual(await hrefs("\u0111o\u0302 "), await hrefs("đô "));
  assert.deepEqual(await hrefs("Bi\u0300nh Du\u031bo\u031bng"), ["d.html#d"]);
});

test("every word must match; the last one may be a prefix while typing", async () => {
  assert.deepEqual(await hrefs("đô thị"), ["a.html#a"]);
  assert.deepEqual(await hrefs("binh du"), ["d.html#d"]);
  assert.deepEqual(await hrefs("binh du "), []);
  assert.deepEqual(await hrefs("   "), []);
});

test("a query reads only the shards its words need, each once", async () => {
  const fresh = memoryIndex({ ...index.meta, ...{ pages: [["a.html", "A"]] }, docs: [[0, "a", "A", ""]], terms: { a: [["", [0, 2]]], b: [["", [0, 2]]], c: [["", [0, 2]]], d: [["", [0, 2]]], e: [["", [0, 2]]] } }, 1);
  assert.deepEqual(await hrefs("c ", fresh), ["a.html#a"]);
  assert.deepEqual(fresh.reads, ["t2.json", "d0.json"]);
  await hrefs("c d ", fresh);
  assert.deepEqual(fresh.reads, ["t2.json", "d0.json", "t3.json"]);
  // A word in no shard's range still has the shard it would be in.
  assert.deepEqual(await hrefs("zz ", fresh), []);
});

test("a short prefix spanning many shards matches its whole word until it is longer", async () => {
  const terms = {};
  for (let i = 0; i < 40; i++) terms[`ka${String(i).padStart(2, "0")}`] = [["", [0, 2]]];
  terms.k = [["", [1, 2]]];
  const wide = memoryIndex({ pages: [["a.html", "A"]], docs: [[0, "a", "A", ""], [0, "b", "B", ""]], terms }, 8);
  assert.ok(wide.prefixShards("k").length > MAX_PREFIX_SHARDS);
  assert.deepEqual(await hrefs("k", wide), ["a.html#b"]);
  assert.deepEqual(await hrefs("ka0", wide), ["a.html#a"]);
  assert.ok(wide.prefixShards("ka0").length <= MAX_PREFIX_SHARDS);
  assert.deepEqual(wide.reads.sort(), ["d0.json", "t0.json", "t1.json"]);
});

test("a quoted phrase matches its words only next to one another", async () => {
  const phrased = memoryIndex({
    pages: [["a.html", "A"]],
    docs: [[0, "a", "A", ""], [0, "b", "B", ""]],
    // Both sections have both words; only section 1 has them side by side.
    terms: { do: [["đô", [0, 2, 1, 2]]], thi: [["thị", [0, 2, 1, 2]]], minh: [["", [0, 2, 1, 2]]] },
    pairs: { "do thi": [1], "thi minh": [0], "minh do": [0] },
  });
  assert.deepEqual(await hrefs("đô thị ", phrased), ["a.html#a", "a.html#b"]);
  assert.deepEqual(await hrefs('"đô thị"', phrased), ["a.html#b"]);
  assert.deepEqual(await hrefs("“do thi”", phrased), ["a.html#b"]);
  assert.deepEqual(await hrefs('"thi minh" ', phrased), ["a.html#a"]);
  // While the phrase's last word is typed, its pair is not yet asked.
  assert.deepEqual(await hrefs('"do th', phrased), ["a.html#a", "a.html#b"]);
  assert.deepEqual(await hrefs('"do thi minh"', phrased), []);
  assert.deepEqual(phrases('a "b c" d «e'), [{ words: ["b", "c"], closed: true }, { words: ["e"], closed: false }]);
});

test("a section titled just what was typed comes before one that names it more often", async () => {
  const titled = memoryIndex({
    pages: [["a.html", "A"]],
    docs: [[0, "a", "Đô thị lớn", ""], [0, "b", "Đô thị", ""]],
    terms: { do: [["đô", [0, 11, 1, 11]]], thi: [["thị", [0, 21, 1, 11]]], lon: [["lớn", [0, 11]]] },
  });
  assert.deepEqual(await hrefs("đô thị ", titled), ["a.html#b", "a.html#a"]);
});

test("keys sort by code point, as Rust sorts them", () => {
  const keys = ["b", "\u{20000}", "\uff41", "a", "\ue000", "ab", ""];
  const byCodePoint = (a, b) => { const x = [...a].map((c) => c.codePointAt(0)); const y = [...b].map((c) => c.codePointAt(0)); for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i]; return x.length - y.length; };
  assert.deepEqual([...keys].sort(compare), [...keys].sort(byCodePoint));
  assert.notDeepEqual([...keys].sort(), [...keys].sort(byCodePoint));
});

test("an English index is stemmed: plural, -ing and -ed find one another, typed in full or not", async () => {
  const english = memoryIndex({
    pages: [["a.html", "Parks"], ["b.html", "Cities"]],
    docs: [[0, "a", "Industrial parks", ""], [1, "b", "Developing cities", ""]],
    terms: {
      industrial: [["", [0, 11]]],
      park: [["parks", [0, 11]]],
      develop: [["developing", [1, 11]]],
      city: [["cities", [1, 11]]],
    },
    stemmed: true,
  }, 1);
  for (const query of ["industrial park ", "parks ", "park", "developed ", "develop", "city ", "developin"]) {
    const found = await hrefs(query, english);
    assert.ok(found.length === 1, `${query}: ${found}`);
  }
  assert.deepEqual(await hrefs("parking lot ", english), []);
  // A Vietnamese index is not: "các" stays "các".
  assert.equal(stem("cac"), "cac");
  assert.equal(stem("parks"), "park");
});

test("a prefix finds the keys a scan of every key finds, by binary search", () => {
  const terms = {};
  for (const key of ["an", "ana", "anb", "b", "ba", "bình", "binh", "đô", "do", "doi", "z", "10", "2", "東京", "東"]) terms[key] = [["", [0, 1]]];
  for (const prefix of ["a", "an", "b", "bi", "d", "do", "1", "東", "x", ""]) {
    const scan = Object.keys(terms).filter((k) => k.startsWith(prefix)).sort();
    assert.deepEqual(startingWith(terms, prefix).sort(), scan, prefix);
  }
});

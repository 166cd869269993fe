//! The search index of one language, in files a reader downloads only as
//! a query needs them.
//!
//! Every word is filed under its folded form ([`folding`]) with the exact
//! forms it was written in. The index is split so that the first query of
//! a 5,000-chapter book downloads a few shards, not the whole book's words
//! (`theme/SEARCH.md` has the measurements):
//!
//! - `search/index.json`, fetched when a reader opens search: the number of
//!   sections and the first key of every shard;
//! - `search/<version>/t<N>.json`: words (folded) → exact forms →
//!   postings, cut in key order into shards of at most [`SHARD_BYTES`]
//!   (one word with more postings than that alone in its shard);
//! - `search/<version>/p<N>.json`: pairs of neighbouring words → the
//!   sections holding them, for quoted phrases, in shards of at most
//!   [`PAIR_SHARD_BYTES`]; fetched only for a phrase;
//! - `search/<version>/d<N>.json`: each section's page, anchor, title and
//!   teaser, in runs of [`DOCS_PER_RUN`] sections, fetched for the results
//!   shown;
//! - `search/<version>/h<N>.json`: how many words each section's heading
//!   has, in runs of [`HEADINGS_PER_RUN`], fetched only for sections whose
//!   heading has every word of a query (one titled just that ranks first).
//!
//! `<version>` is a hash of every file: a reader whose `index.json` is
//! older than the deployment gets a clear failure, never a mix of two
//! builds. One section per heading with an `id`.

pub mod folding;

pub use folding::{exact, fold, is_stemmed, stem, tokenize};

use crate::page::LocalizedPage;
use crate::page::sections::{Section, is_indexed};
use anyhow::{Context, Result};
use folding::is_unspaced;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::Path;

/// The folder of the index, in each language's folder.
pub const SEARCH_DIR: &str = "search";

/// The file a page points the search script to, in each language's folder.
pub const INDEX_FILE: &str = "search/index.json";

/// The most bytes of JSON a shard of words holds, unless one word alone is
/// larger. Smaller shards download less per query and make more files,
/// which cost the build time (`theme/SEARCH.md` has the measurements).
pub const SHARD_BYTES: usize = 2 * 1024;

/// The same for pairs, fetched only for phrases: larger, for fewer files.
pub const PAIR_SHARD_BYTES: usize = 8 * 1024;

/// Sections per file of section details: about 2 KB of JSON, a few of
/// which a results list needs (consecutive sections are often shown
/// together).
pub const DOCS_PER_RUN: usize = 8;

/// Sections per file of heading lengths: one character each.
pub const HEADINGS_PER_RUN: usize = 4096;

/// Words of a section's text shown under its title in the results.
const TEASER_WORDS: usize = 28;

/// How much a word in a heading counts against one in the text.
const HEADING_WEIGHT: u32 = 5;

/// The longest heading [`SearchIndex`] counts, in words: one base-36 digit.
const MAX_HEADING_WORDS: usize = 35;

/// A word's postings while indexing: (section, weight, in the heading).
type Postings = Vec<(u32, u32, bool)>;

/// One language's index, before it is cut into files.
#[derive(Debug, Default)]
pub struct SearchIndex {
    /// Per page: `[path, title]`.
    pages: Vec<(String, String)>,
    /// Per section: page number, heading id ("" for none), title, teaser.
    docs: Vec<(usize, String, String, String)>,
    /// Per section: how many words its heading has.
    heading_words: Vec<usize>,
    /// Folded word (stemmed when `stemmed`) → `[exact form ("" when equal
    /// to the key), [section gap, posting, section gap, posting, …]]`,
    /// a posting being the word's weight in the section times two, plus
    /// one when the heading has it.
    terms: BTreeMap<String, Vec<(String, Vec<u32>)>>,
    /// `"word word"`, two folded words next to each other in a heading or
    /// a text → section gaps.
    pairs: BTreeMap<String, Vec<u32>>,
    /// The keys are English stems: `search.js` stems the query too.
    stemmed: bool,
}

/// The files of an index, as [`SearchIndex::files`] cuts them.
#[derive(Debug)]
pub struct IndexFiles {
    /// `search/index.json`.
    pub index: String,
    /// The folder of the shards, under `search/`.
    pub version: String,
    /// Each shard's file name in that folder, and its JSON.
    pub shards: Vec<(String, String)>,
}

impl SearchIndex {
    /// Indexes `sections`, in order, their words [`stem`]med if `stemmed`.
    pub fn new(sections: &[Section], stemmed: bool) -> SearchIndex {
        // Each distinct spelling is folded once and collects its postings
        // (section, weight, heading) in section order: a book repeats a
        // small vocabulary many times, and folding per occurrence cost more
        // than everything else in the build.
        let mut spellings: HashMap<String, usize> = HashMap::new();
        let mut postings: Vec<Postings> = Vec::new();
        // Per spelling, its key's number; per key number, the key.
        let mut key_of: Vec<usize> = Vec::new();
        let mut key_numbers: HashMap<String, usize> = HashMap::new();
        let mut keys: Vec<String> = Vec::new();
        let mut pairs: HashMap<(usize, usize), Vec<u32>> = HashMap::new();
        let mut docs = Vec::with_capacity(sections.len());
        let mut heading_words = Vec::with_capacity(sections.len());
        let mut pages: Vec<(String, String)> = Vec::new();
        for (number, section) in sections.iter().enumerate() {
            let number = u32::try_from(number).unwrap_or(u32::MAX);
            let fields = [
                (&section.title, HEADING_WEIGHT, true),
                (&section.text, 1, false),
            ];
            for (text, weight, heading) in fields {
                let words = tokenize(text);
                if heading {
                    heading_words.push(words.len().min(MAX_HEADING_WORDS));
                }
                // The previous word's key, when it is a whole word (not a
                // pair of characters of a script without spaces).
                let mut previous: Option<usize> = None;
                for word in words {
                    let spaced = word.chars().next().is_some_and(|c| !is_unspaced(c));
                    let next = postings.len();
                    let id = match spellings.get(&word) {
                        Some(id) => *id,
                        None => {
                            let folded = fold(&word);
                            let key = if stemmed { stem(&folded) } else { folded };
                            let count = keys.len();
                            let key = *key_numbers.entry(key.clone()).or_insert_with(|| {
                                keys.push(key);
                                count
                            });
                            key_of.push(key);
                            postings.push(Vec::new());
                            spellings.insert(word, next);
                            next
                        }
                    };
                    match postings[id].last_mut() {
                        Some((section, total, in_heading)) if *section == number => {
                            *total += weight;
                            *in_heading |= heading;
                        }
                        _ => postings[id].push((number, weight, heading)),
                    }
                    let key = key_of[id];
                    if let (Some(before), true) = (previous, spaced) {
                        let sections = pairs.entry((before, key)).or_default();
                        if sections.last() != Some(&number) {
                            sections.push(number);
                        }
                    }
                    previous = spaced.then_some(key);
                }
            }
            let (path, anchor) = section
                .href
                .split_once('#')
                .unwrap_or((section.href.as_str(), ""));
            if pages.last().is_none_or(|(last, _)| last != path) {
                pages.push((path.to_string(), section.page_title.clone()));
            }
            docs.push((
                pages.len() - 1,
                anchor.to_string(),
                section.title.clone(),
                teaser(&section.text),
            ));
        }
        // folded → exact → postings, both in order.
        let mut grouped: BTreeMap<&str, BTreeMap<String, Postings>> = BTreeMap::new();
        for (spelling, id) in spellings {
            grouped
                .entry(&keys[key_of[id]])
                .or_default()
                .insert(spelling, std::mem::take(&mut postings[id]));
        }
        let terms = grouped
            .into_iter()
            .map(|(folded, forms)| {
                let forms = forms
                    .into_iter()
                    .map(|(form, postings)| {
                        let form = if form == folded { String::new() } else { form };
                        let mut previous = 0;
                        let postings = postings
                            .into_iter()
                            .flat_map(|(doc, weight, heading)| {
                                let gap = doc - previous;
                                previous = doc;
                                [gap, weight * 2 + u32::from(heading)]
                            })
                            .collect();
                        (form, postings)
                    })
                    .collect();
                (folded.to_string(), forms)
            })
            .collect();
        let pairs = pairs
            .into_iter()
            .map(|((a, b), sections)| {
                let mut previous = 0;
                let gaps = sections
                    .into_iter()
                    .map(|doc| {
                        let gap = doc - previous;
                        previous = doc;
                        gap
                    })
                    .collect();
                (format!("{} {}", keys[a], keys[b]), gaps)
            })
            .collect();
        SearchIndex {
            pages,
            docs,
            heading_words,
            terms,
            pairs,
            stemmed,
        }
    }

    /// The index of every chapter page among the pages of the language
    /// `code`.
    pub fn of_pages(pages: &[LocalizedPage], code: &str) -> SearchIndex {
        let mut chapters: Vec<&LocalizedPage> =
            pages.iter().filter(|p| is_indexed(&p.relative)).collect();
        // The index page first, then the others in a stable order.
        chapters.sort_by_key(|p| (p.relative != "index.html", p.relative.as_str()));
        let sections: Vec<Section> = chapters
            .iter()
            .flat_map(|p| p.sections.iter().cloned())
            .collect();
        SearchIndex::new(&sections, is_stemmed(code))
    }

    /// The index cut into its files.
    pub fn files(&self) -> Result<IndexFiles> {
        let mut shards = Vec::new();
        let mut firsts = |prefix: &str, cut: Vec<(String, String)>| {
            let mut keys = Vec::with_capacity(cut.len());
            for (number, (first, body)) in cut.into_iter().enumerate() {
                shards.push((format!("{prefix}{number}.json"), body));
                keys.push(first);
            }
            keys
        };
        let terms = firsts("t", cut_shards(&self.terms, SHARD_BYTES)?);
        let pairs = firsts("p", cut_shards(&self.pairs, PAIR_SHARD_BYTES)?);
        for (number, body) in self.doc_runs()?.into_iter().enumerate() {
            shards.push((format!("d{number}.json"), body));
        }
        let headings: Vec<char> = self
            .heading_words
            .iter()
            .map(|n| char::from_digit(*n as u32, 36).unwrap_or('z'))
            .collect();
        for (number, run) in headings.chunks(HEADINGS_PER_RUN).enumerate() {
            let run: String = run.iter().collect();
            shards.push((format!("h{number}.json"), serde_json::to_string(&run)?));
        }

        // The version is every shard's name and bytes, hashed.
        let mut hasher = Sha256::new();
        for (name, body) in &shards {
            hasher.update(name.as_bytes());
            hasher.update([0]);
            hasher.update(body.as_bytes());
            hasher.update([0]);
        }
        let version: String = hasher.finalize()[..4]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let mut index = serde_json::json!({
            "version": version,
            "sections": self.docs.len(),
            "terms": terms,
            "pairs": pairs,
            "docsPerRun": DOCS_PER_RUN,
            "headingsPerRun": HEADINGS_PER_RUN,
        });
        if self.stemmed {
            index["stemmed"] = true.into();
        }
        Ok(IndexFiles {
            index: serde_json::to_string(&index)?,
            version,
            shards,
        })
    }

    /// Runs of [`DOCS_PER_RUN`] consecutive sections, every run with its
    /// own page list, as JSON: `{"pages": [[path, title]…], "docs":
    /// [[page, anchor, title, teaser]…]}`.
    fn doc_runs(&self) -> Result<Vec<String>> {
        self.docs
            .chunks(DOCS_PER_RUN)
            .map(|run| {
                let mut pages: Vec<&(String, String)> = Vec::new();
                let mut local: HashMap<usize, usize> = HashMap::new();
                let docs: Vec<_> = run
                    .iter()
                    .map(|(page, anchor, title, teaser)| {
                        let number = *local.entry(*page).or_insert_with(|| {
                            pages.push(&self.pages[*page]);
                            pages.len() - 1
                        });
                        (number, anchor, title, teaser)
                    })
                    .collect();
                Ok(serde_json::to_string(
                    &serde_json::json!({ "pages": pages, "docs": docs }),
                )?)
            })
            .collect()
    }
}

/// `entries` in key order, cut into JSON objects of at most
/// `bound` bytes each (or one entry, when it alone is larger): each
/// shard's first key, and its JSON. Always at least one shard, so that
/// every key has one to be looked up in.
fn cut_shards<V: serde::Serialize>(
    entries: &BTreeMap<String, V>,
    bound: usize,
) -> Result<Vec<(String, String)>> {
    let mut shards: Vec<(String, String)> = Vec::new();
    let mut body = String::new();
    let mut first = String::new();
    for (key, value) in entries {
        let entry = format!(
            "{}:{}",
            serde_json::to_string(key)?,
            serde_json::to_string(value)?
        );
        if !body.is_empty() && body.len() + entry.len() + 2 > bound {
            body.push('}');
            shards.push((std::mem::take(&mut first), std::mem::take(&mut body)));
        }
        if body.is_empty() {
            body.push('{');
            // The first shard starts at the smallest key there is.
            if !shards.is_empty() {
                first = key.clone();
            }
        } else {
            body.push(',');
        }
        body.push_str(&entry);
    }
    if body.is_empty() {
        body.push('{');
    }
    body.push('}');
    shards.push((first, body));
    Ok(shards)
}

fn teaser(text: &str) -> String {
    let mut words = text.split_whitespace();
    let mut out: Vec<&str> = words.by_ref().take(TEASER_WORDS).collect();
    if words.next().is_some() {
        out.push("…");
    }
    out.join(" ")
}

/// Writes the index of `pages`, in the language `code`, into
/// `dir/search/` (replacing what was there): the shards first, then
/// `index.json`, which points to them.
pub fn write_index(dir: &Path, pages: &[LocalizedPage], code: &str) -> Result<()> {
    let files = SearchIndex::of_pages(pages, code).files()?;
    let search = dir.join(SEARCH_DIR);
    if search.exists() {
        fs::remove_dir_all(&search).with_context(|| format!("removing {}", search.display()))?;
    }
    let shards = search.join(&files.version);
    fs::create_dir_all(&shards).with_context(|| format!("creating {}", shards.display()))?;
    for (name, body) in &files.shards {
        let path = shards.join(name);
        fs::write(&path, body).with_context(|| format!("writing {}", path.display()))?;
    }
    let path = dir.join(INDEX_FILE);
    fs::write(&path, &files.index).with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;
    use serde_json::{Value, json};

    fn section(href: &str, title: &str, text: &str) -> Section {
        Section {
            href: href.into(),
            title: title.into(),
            page_title: title.into(),
            text: text.into(),
        }
    }

    /// Every shard of `kind` (`t`, `p` or `d`) of `files`, parsed.
    fn shards(files: &IndexFiles, kind: char) -> Vec<Value> {
        files
            .shards
            .iter()
            .filter(|(name, _)| name.starts_with(kind))
            .map(|(_, body)| serde_json::from_str(body).unwrap())
            .collect()
    }

    #[test]
    fn index_files_exact_forms_under_folded_words() {
        let index = SearchIndex::new(
            &[
                section("a.html#a", "Bình Dương", "binh dương bình"),
                section("b.html#b", "Khác", "bính"),
                section("b.html#c", "Ba", "bính bính"),
            ],
            false,
        );
        let files = index.files().unwrap();
        let terms = &shards(&files, 't')[0];
        // Weight × 2, plus 1 where the heading has the word.
        assert_eq!(
            terms["binh"],
            json!([["", [0, 2]], ["bình", [0, 13]], ["bính", [1, 2, 1, 4]]])
        );
        assert_eq!(terms["duong"], json!([["dương", [0, 13]]]));
        let docs = &shards(&files, 'd')[0];
        assert_eq!(
            docs["pages"],
            json!([["a.html", "Bình Dương"], ["b.html", "Khác"]])
        );
        assert_eq!(docs["docs"][2], json!([1, "c", "Ba", "bính bính"]));
        let meta: Value = serde_json::from_str(&files.index).unwrap();
        assert_eq!(meta["sections"], 3);
        assert_eq!(shards(&files, 'h'), [json!("211")]);
        assert_eq!(meta["version"], files.version);
    }

    #[test]
    fn pairs_are_neighbouring_whole_words_within_one_field() {
        let index = SearchIndex::new(
            &[
                section("a.html#a", "Đô thị", "thông minh, Bình Dương"),
                section("a.html#b", "Thị trường", "đô thị thông minh 東京 rust"),
            ],
            false,
        );
        let pairs = &shards(&index.files().unwrap(), 'p')[0];
        assert_eq!(pairs["do thi"], json!([0, 1]));
        assert_eq!(pairs["thong minh"], json!([0, 1]));
        // Punctuation between words is no gap in a phrase.
        assert_eq!(pairs["minh binh"], json!([0]));
        // Not across a heading and its text, nor across characters of a
        // script without spaces.
        assert_eq!(pairs.get("thi thong"), Some(&json!([1])));
        assert_eq!(pairs.get("minh rust"), None);
        assert_eq!(pairs.get("東京 rust"), None);
    }

    #[test]
    fn shards_are_cut_in_key_order_within_their_bound() {
        let mut entries = BTreeMap::new();
        for n in 0..5000 {
            entries.insert(format!("word{n:05}"), vec![n, 1]);
        }
        // One key with more postings than a shard holds.
        entries.insert("huge".into(), vec![1; SHARD_BYTES]);
        let shards = cut_shards(&entries, SHARD_BYTES).unwrap();
        assert!(shards.len() > 3, "{}", shards.len());
        assert_eq!(shards[0].0, "");
        let mut seen = 0;
        let mut previous = String::new();
        for (i, (first, body)) in shards.iter().enumerate() {
            let parsed: BTreeMap<String, Vec<u32>> = serde_json::from_str(body).unwrap();
            if i > 0 {
                assert_eq!(parsed.keys().next(), Some(first));
                assert!(*first > previous);
            }
            assert!(
                body.len() <= SHARD_BYTES || parsed.len() == 1,
                "{i}: {}",
                body.len()
            );
            previous = parsed.keys().last().unwrap().clone();
            seen += parsed.len();
        }
        assert_eq!(seen, entries.len());
        // No words: one empty shard.
        assert_eq!(
            cut_shards::<u32>(&BTreeMap::new(), SHARD_BYTES).unwrap(),
            [("".into(), "{}".into())]
        );
    }

    #[test]
    fn section_details_and_headings_are_cut_in_runs_with_their_own_pages() {
        let count = HEADINGS_PER_RUN + 3;
        let sections: Vec<Section> = (0..count)
            .map(|n| section(&format!("p{}.html#s{n}", n / 3), &format!("S{n}"), "chữ"))
            .collect();
        let files = SearchIndex::new(&sections, false).files().unwrap();
        let docs = shards(&files, 'd');
        assert_eq!(docs.len(), count.div_ceil(DOCS_PER_RUN));
        let mut at = 0;
        for run in &docs {
            for doc in run["docs"].as_array().unwrap() {
                let page = &run["pages"][doc[0].as_u64().unwrap() as usize];
                assert_eq!(page[0], format!("p{}.html", at / 3));
                assert_eq!(doc[1], format!("s{at}"));
                at += 1;
            }
        }
        assert_eq!(at, count);
        let headings = shards(&files, 'h');
        assert_eq!(headings.len(), 2);
        assert_eq!(headings[1], json!("111"));
    }

    #[test]
    fn the_version_changes_with_any_text() {
        let version = |text: &str| {
            SearchIndex::new(&[section("a.html#a", "A", text)], false)
                .files()
                .unwrap()
                .version
        };
        assert_eq!(version("một hai"), version("một hai"));
        assert_ne!(version("một hai"), version("một ba"));
    }

    #[test]
    fn teasers_are_cut_at_a_word() {
        let long = "một ".repeat(40);
        let t = teaser(&long);
        assert!(t.ends_with(" …"), "{t}");
        assert_eq!(t.split_whitespace().count(), TEASER_WORDS + 1);
        assert_eq!(teaser("ngắn thôi"), "ngắn thôi");
    }
}

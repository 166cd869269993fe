//! The search index of one language, for every script.
//!
//! mdBook's searcher tokenizes as English: it cuts non-ASCII letters at word
//! edges (`nghệ` → `ngh`), drops English stop words that are Vietnamese words
//! (`an`, `do`, `to`) and cannot match a query typed without diacritics. This
//! index keeps every word whole and files it under its *folded* form
//! ([`fold`]: combining marks removed — Vietnamese tones, Greek accents,
//! Arabic harakat, Hebrew niqqud —, `đ` → `d`, `ß` → `ss`, final `ς` → `σ`,
//! Arabic letter variants unified, full-width forms narrowed, lowercase)
//! together with the exact forms it was written in, so `theme/search.js`
//! finds `Bình Dương` from `binh duong` and ranks sections spelled exactly
//! as typed first. Han, kana and Thai, written without spaces, are indexed
//! by pairs of neighbouring characters ([`tokenize`]), so a two-character
//! word is found inside a sentence. No stemming and no stop words.
//! `theme/search.js` folds and tokenizes the same way, step for step; a
//! fixture of several hundred strings proves it.
//!
//! One section per heading with an `id`; the index is a JSON file,
//! `searchindex.json`, beside the language's pages, fetched only when a reader
//! opens search. The decision and its measurements are in `theme/SEARCH.md`.
//!
//! ```
//! use mdbook_i18n_site::search::{fold, tokenize};
//! assert_eq!(fold("Đô thị Bình Dương"), "do thi binh duong");
//! assert_eq!(tokenize("Nghệ-thuật, đổi mới!"), ["nghệ", "thuật", "đổi", "mới"]);
//! ```

use crate::page::LocalizedPage;
use crate::page::sections::{Section, is_indexed};
use anyhow::{Context, Result};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::Path;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// The file the index is written to, in each language's folder.
pub const INDEX_FILE: &str = "searchindex.json";

/// Words of a section's text shown under its title in the results.
const TEASER_WORDS: usize = 28;

/// How much a word in a heading counts against one in the text.
const HEADING_WEIGHT: u32 = 5;

/// How a word is spelled: full-width forms narrowed, NFC, lowercase (with
/// Greek final sigma where a word ends, as JavaScript lowercases it).
pub fn exact(text: &str) -> String {
    let narrow = narrowed(text);
    // Most text is NFC already; the quick check is much cheaper than
    // composing it again.
    if is_nfc_quick(narrow.chars()) == IsNormalized::Yes {
        narrow.to_lowercase()
    } else {
        narrow.nfc().collect::<String>().to_lowercase()
    }
}

/// `text` with the full-width and half-width forms (U+FF00–U+FFEF) and the
/// ideographic space as NFKC has them (`Ａ` → `A`, `ｶ` → `カ`): only there,
/// since elsewhere NFKC changes what was written (`²` → `2`, `ﬁ` → `fi`).
fn narrowed(text: &str) -> std::borrow::Cow<'_, str> {
    let wide = |c: char| ('\u{ff00}'..='\u{ffef}').contains(&c) || c == '\u{3000}';
    if !text.chars().any(wide) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut buffer = [0; 4];
    for c in text.chars() {
        if wide(c) {
            out.extend(c.encode_utf8(&mut buffer).nfkc());
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// How a word is looked up: its [`exact`] form in NFD without combining
/// marks (Vietnamese tones, Greek accents, Arabic harakat, Hebrew niqqud),
/// and the letters readers type for one another: `đ` → `d`, `ß` → `ss`,
/// `ς` → `σ`, `ı` → `i`, the Arabic alef wasla, alef maksura and Persian
/// yeh and kaf as the plain letters, the tatweel gone.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in exact(text).nfd().filter(|c| !is_combining_mark(*c)) {
        match c {
            'đ' => out.push('d'),
            'ß' => out.push_str("ss"),
            'ς' => out.push('σ'),
            'ı' => out.push('i'),
            'ٱ' => out.push('ا'),
            'ى' | 'ی' => out.push('ي'),
            'ک' => out.push('ك'),
            'ـ' => {}
            c => out.push(c),
        }
    }
    out
}

/// Scripts written without spaces between words, searched by pairs of
/// characters: Han, Hiragana, Katakana and Thai (code point ranges, the
/// same in `theme/search.js`).
fn is_unspaced(c: char) -> bool {
    matches!(c as u32,
        0x3005 | 0x3040..=0x30ff | 0x31f0..=0x31ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff
        | 0xf900..=0xfaff | 0x20000..=0x3ffff | 0x0e00..=0x0e7f)
}

/// Words in their [`exact`] form: runs of letters, digits and marks; in
/// scripts without spaces ([`is_unspaced`]), each pair of neighbouring
/// characters (with their marks), or the character alone when it stands
/// alone, so that a word is found inside a sentence.
pub fn tokenize(text: &str) -> Vec<String> {
    let text = exact(text);
    let mut words = Vec::new();
    // The run being read: its characters with their marks, and whether it
    // is in a script without spaces.
    let mut run: Vec<String> = Vec::new();
    let mut unspaced = false;
    let flush = |run: &mut Vec<String>, unspaced: bool, words: &mut Vec<String>| {
        if unspaced && run.len() > 1 {
            words.extend(run.windows(2).map(|pair| pair.concat()));
        } else if !run.is_empty() {
            words.push(run.concat());
        }
        run.clear();
    };
    for c in text.chars() {
        if is_combining_mark(c) {
            match run.last_mut() {
                Some(last) => last.push(c),
                None => {
                    unspaced = false;
                    run.push(c.to_string());
                }
            }
        } else if c.is_alphanumeric() {
            let this = is_unspaced(c);
            if this != unspaced {
                flush(&mut run, unspaced, &mut words);
                unspaced = this;
            }
            match run.last_mut() {
                Some(last) if !unspaced => last.push(c),
                _ => run.push(c.to_string()),
            }
        } else {
            flush(&mut run, unspaced, &mut words);
        }
    }
    flush(&mut run, unspaced, &mut words);
    words
}

/// An English word's light stem (plurals, `-ing`, `-ed`), so that
/// `industrial parks` finds `industrial park` and `developing` finds
/// `developed`; words of other letters than a–z, and short ones, as they
/// are. Only English is stemmed: elsewhere such suffixes are not suffixes.
pub fn stem(word: &str) -> String {
    if !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_string();
    }
    let mut w = word.to_string();
    if w.len() > 4 && w.ends_with("ies") {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if w.len() > 4 && w.ends_with("sses") {
        w.truncate(w.len() - 2);
    } else if w.len() > 3
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
    {
        w.truncate(w.len() - 1);
    }
    if w.len() > 5 && w.ends_with("ing") {
        w.truncate(w.len() - 3);
    } else if w.len() > 4 && w.ends_with("ed") {
        w.truncate(w.len() - 2);
    }
    w
}

/// Whether the index of the language `code` is stemmed ([`stem`]).
pub fn is_stemmed(code: &str) -> bool {
    code == "en" || code.starts_with("en-")
}

/// The index as `theme/search.js` reads it. Kept compact, since a reader
/// downloads it whole: page paths and titles once per page, section numbers
/// as gaps from the previous one.
#[derive(Debug, Default, Serialize)]
pub struct SearchIndex {
    /// Per page: `[path, title]`.
    pages: Vec<(String, String)>,
    /// Per section: `[page number, heading id ("" for none), title, teaser]`.
    docs: Vec<(u32, String, String, String)>,
    /// Folded word (stemmed when `stemmed`) → `[exact form ("" when equal
    /// to the key), [section gap, weight, section gap, weight, …]]`.
    terms: BTreeMap<String, Vec<(String, Vec<u32>)>>,
    /// The keys are English stems: `search.js` stems the query too.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    stemmed: bool,
}

impl SearchIndex {
    /// Indexes `sections`, in order, their words [`stem`]med if `stemmed`.
    pub fn new(sections: &[Section], stemmed: bool) -> SearchIndex {
        // Each distinct spelling is folded once and collects its postings
        // (section, weight) in section order: a book repeats a small
        // vocabulary many times, and folding per occurrence cost more than
        // everything else in the build.
        let mut spellings: HashMap<String, usize> = HashMap::new();
        let mut postings: Vec<Vec<(u32, u32)>> = Vec::new();
        let mut docs = Vec::with_capacity(sections.len());
        let mut pages: Vec<(String, String)> = Vec::new();
        for (number, section) in sections.iter().enumerate() {
            let number = u32::try_from(number).unwrap_or(u32::MAX);
            let words = [(&section.title, HEADING_WEIGHT), (&section.text, 1)];
            for (text, weight) in words {
                for word in tokenize(text) {
                    let next = postings.len();
                    let id = *spellings.entry(word).or_insert(next);
                    if id == next {
                        postings.push(Vec::new());
                    }
                    match postings[id].last_mut() {
                        Some((section, total)) if *section == number => *total += weight,
                        _ => postings[id].push((number, weight)),
                    }
                }
            }
            let (path, anchor) = section
                .href
                .split_once('#')
                .unwrap_or((section.href.as_str(), ""));
            if pages.last().is_none_or(|(last, _)| last != path) {
                pages.push((path.to_string(), section.page_title.clone()));
            }
            let page = u32::try_from(pages.len() - 1).unwrap_or(u32::MAX);
            docs.push((
                page,
                anchor.to_string(),
                section.title.clone(),
                teaser(&section.text),
            ));
        }
        // folded → exact → postings, both in order.
        let mut grouped: BTreeMap<String, BTreeMap<String, Vec<(u32, u32)>>> = BTreeMap::new();
        for (spelling, id) in spellings {
            let folded = fold(&spelling);
            let key = if stemmed { stem(&folded) } else { folded };
            grouped
                .entry(key)
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
                            .flat_map(|(doc, weight)| {
                                let gap = doc - previous;
                                previous = doc;
                                [gap, weight]
                            })
                            .collect();
                        (form, postings)
                    })
                    .collect();
                (folded, forms)
            })
            .collect();
        SearchIndex {
            pages,
            docs,
            terms,
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

    /// The index as JSON.
    pub fn to_json(&self) -> Result<String> {
        Ok(serde_json::to_string(self)?)
    }
}

fn teaser(text: &str) -> String {
    let mut words = text.split_whitespace();
    let mut out: Vec<&str> = words.by_ref().take(TEASER_WORDS).collect();
    if words.next().is_some() {
        out.push("…");
    }
    out.join(" ")
}

/// Writes `searchindex.json` into `dir` for its `pages`, in the language
/// `code`.
pub fn write_index(dir: &Path, pages: &[LocalizedPage], code: &str) -> Result<()> {
    let index = SearchIndex::of_pages(pages, code);
    let path = dir.join(INDEX_FILE);
    fs::write(&path, index.to_json()?).with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Several hundred strings across scripts (`tests/fixtures/search/`),
    /// folded and tokenized here into `folded.json`, which the browser
    /// suite's `search.test.mjs` compares byte for byte with what
    /// `theme/search.js` makes of the same strings.
    #[test]
    fn folding_and_tokenizing_are_the_fixtures_which_search_js_checks_too() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search");
        let strings = fs::read_to_string(dir.join("strings.txt")).unwrap();
        let strings = strings.strip_suffix('\n').unwrap_or(&strings);
        let rows: Vec<serde_json::Value> = strings
            .split('\n')
            .map(|s| {
                let stems: Vec<String> = tokenize(s).iter().map(|t| stem(&fold(t))).collect();
                serde_json::json!({ "text": s, "exact": exact(s), "fold": fold(s), "tokens": tokenize(s), "stems": stems })
            })
            .collect();
        let text = serde_json::to_string_pretty(&rows).unwrap() + "\n";
        let path = dir.join("folded.json");
        if std::env::var_os("UPDATE_FIXTURES").is_some() {
            fs::write(&path, &text).unwrap();
        }
        assert!(rows.len() > 500);
        assert!(
            fs::read_to_string(&path).unwrap() == text,
            "{} differs from what the indexer makes (UPDATE_FIXTURES=1 rewrites it)",
            path.display()
        );
    }

    #[test]
    fn english_stems_are_light() {
        for (word, stemmed) in [
            ("parks", "park"),
            ("cities", "city"),
            ("classes", "class"),
            ("developing", "develop"),
            ("developed", "develop"),
            ("process", "process"),
            ("status", "status"),
            ("analysis", "analysis"),
            ("need", "need"),
            ("sing", "sing"),
            ("bus", "bus"),
            ("đô", "đô"),
            ("trees", "tree"),
        ] {
            assert_eq!(stem(word), stemmed, "{word}");
        }
    }

    #[test]
    fn each_script_folds_and_splits_as_its_readers_type_it() {
        for (text, folded, tokens) in [
            ("ΟΔΟΣ οδός", "οδοσ οδοσ", &["οδος", "οδός"][..]),
            ("Straße", "strasse", &["straße"]),
            (
                "İstanbul Işık",
                "istanbul isik",
                &["i\u{307}stanbul", "işık"],
            ),
            ("Ｆｕｌｌ１２", "full12", &["full12"]),
            ("ｶﾀｶﾅ", "カタカナ", &["カタ", "タカ", "カナ"]),
            (
                "مُحَمَّد أحمد ٱلله فارسی",
                "محمد احمد الله فارسي",
                &["مُحَمَّد", "أحمد", "ٱلله", "فارسی"],
            ),
            ("שָׁלוֹם", "שלום", &["שָׁלוֹם"]),
            (
                "東京の天気",
                "東京の天気",
                &["東京", "京の", "の天", "天気"],
            ),
            ("学习Rust语言", "学习rust语言", &["学习", "rust", "语言"]),
            ("東", "東", &["東"]),
        ] {
            assert_eq!(fold(text), folded, "{text}");
            assert_eq!(tokenize(text), tokens, "{text}");
        }
    }
    use pretty_assertions::assert_eq;

    #[track_caller]
    fn assert_fold(text: &str, expected: &str) {
        assert_eq!(fold(text), expected, "fold({text:?})");
    }

    #[test]
    fn folding_removes_every_vietnamese_diacritic() {
        assert_fold("Bình Dương", "binh duong");
        assert_fold("ĐỔI MỚI", "doi moi");
        assert_fold("nghệ ở những", "nghe o nhung");
        assert_fold("Ấp Ủ Ỹ ỵ", "ap u y y");
        // Decomposed input folds the same as composed.
        assert_fold("Bi\u{300}nh Du\u{31b}\u{301}ng", "binh dung");
        assert_fold("e\u{302}\u{323}", "e");
        assert_fold("smart city 4.0", "smart city 4.0");
    }

    #[track_caller]
    fn assert_tokens(text: &str, expected: &[&str]) {
        assert_eq!(tokenize(text), expected, "tokenize({text:?})");
    }

    #[test]
    fn words_stay_whole_with_no_stop_words() {
        // mdBook's English tokenizer made these `ngh`, `` and `` and dropped `an`, `do`, `to`.
        assert_tokens("nghệ, đô; đổi.", &["nghệ", "đô", "đổi"]);
        assert_tokens("an ninh do to lớn", &["an", "ninh", "do", "to", "lớn"]);
        assert_tokens(
            "TP.Hồ Chí Minh (12.670 ha)",
            &["tp", "hồ", "chí", "minh", "12", "670", "ha"],
        );
        // Decomposed text comes out composed.
        assert_tokens("Bi\u{300}nh", &["bình"]);
        assert_tokens("“Thành phố thông minh”", &["thành", "phố", "thông", "minh"]);
    }

    #[test]
    fn index_files_exact_forms_under_folded_words() {
        let section = |href: &str, title: &str, text: &str| Section {
            href: href.into(),
            title: title.into(),
            page_title: title.into(),
            text: text.into(),
        };
        let index = SearchIndex::new(
            &[
                section("a.html#a", "Bình Dương", "binh dương bình"),
                section("b.html#b", "Khác", "bính"),
                section("b.html#c", "Ba", "bính bính"),
            ],
            false,
        );
        let json: serde_json::Value = serde_json::from_str(&index.to_json().unwrap()).unwrap();
        assert_eq!(
            json["terms"]["binh"],
            serde_json::json!([["", [0, 1]], ["bình", [0, 6]], ["bính", [1, 1, 1, 2]]])
        );
        assert_eq!(
            json["terms"]["duong"],
            serde_json::json!([["dương", [0, 6]]])
        );
        assert_eq!(
            json["pages"],
            serde_json::json!([["a.html", "Bình Dương"], ["b.html", "Khác"]])
        );
        assert_eq!(
            json["docs"][2],
            serde_json::json!([1, "c", "Ba", "bính bính"])
        );
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

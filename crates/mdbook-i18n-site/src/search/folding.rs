//! How words are spelled, looked up and cut, in every script: the one
//! folding the indexer ([`super`]) and `theme/search.js` share.
//!
//! mdBook's searcher tokenizes as English: it cuts non-ASCII letters at word
//! edges (`nghệ` → `ngh`), drops English stop words that are Vietnamese words
//! (`an`, `do`, `to`) and cannot match a query typed without diacritics.
//! Here every word stays whole ([`tokenize`]) and is looked up by its
//! *folded* form ([`fold`]: combining marks removed — Vietnamese tones,
//! Greek accents, Arabic harakat, Hebrew niqqud —, `đ` → `d`, `ß` → `ss`,
//! final `ς` → `σ`, Arabic letter variants unified, full-width forms
//! narrowed, lowercase), while its [`exact`] form ranks sections spelled as
//! typed first. Han, kana and Thai, written without spaces, are cut into
//! pairs of neighbouring characters, so a two-character word is found
//! inside a sentence. English alone is [`stem`]med. `theme/search.js` does
//! each step the same way; a fixture of several hundred strings proves it.
//!
//! ```
//! use mdbook_i18n_site::search::{fold, tokenize};
//! assert_eq!(fold("Đô thị Bình Dương"), "do thi binh duong");
//! assert_eq!(tokenize("Nghệ-thuật, đổi mới!"), ["nghệ", "thuật", "đổi", "mới"]);
//! ```

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

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
pub(super) fn is_unspaced(c: char) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::path::Path;

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
}

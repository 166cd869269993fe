//! What changed in an original since it was translated: a word-level diff
//! of an outdated entry's previous original (`#| msgid`, which
//! `msgmerge --previous` keeps) against today's, so that a translator
//! edits only what changed.
//!
//! Words are Unicode word boundaries (UAX #29), so that a Han or kana
//! sentence, which has no spaces, is compared character by character.

use crate::catalog::Entry;
use similar::{ChangeTag, TextDiff};

/// One run of the diff: kept, removed or added text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// In both originals.
    Same(String),
    /// Only in the previous original.
    Removed(String),
    /// Only in today's.
    Added(String),
}

/// The diff of `old` against `new`, word by word, runs merged.
pub fn word_diff(old: &str, new: &str) -> Vec<Part> {
    let diff = TextDiff::from_unicode_words(old, new);
    let mut parts: Vec<Part> = Vec::new();
    for change in diff.iter_all_changes() {
        let text = change.value();
        match (change.tag(), parts.last_mut()) {
            (ChangeTag::Equal, Some(Part::Same(run)))
            | (ChangeTag::Delete, Some(Part::Removed(run)))
            | (ChangeTag::Insert, Some(Part::Added(run))) => run.push_str(text),
            (ChangeTag::Equal, _) => parts.push(Part::Same(text.to_string())),
            (ChangeTag::Delete, _) => parts.push(Part::Removed(text.to_string())),
            (ChangeTag::Insert, _) => parts.push(Part::Added(text.to_string())),
        }
    }
    parts
}

/// The diff as text, `wdiff`'s way: `[-removed-]{+added+}`. With
/// `context`, unchanged runs keep only that many words at each side of a
/// change (`…` for the rest): one line for `i18n check`.
pub fn render(parts: &[Part], context: Option<usize>) -> String {
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        match part {
            Part::Removed(text) => {
                out.push_str("[-");
                out.push_str(text);
                out.push_str("-]");
            }
            Part::Added(text) => {
                out.push_str("{+");
                out.push_str(text);
                out.push_str("+}");
            }
            Part::Same(text) => match context {
                None => out.push_str(text),
                Some(n) => out.push_str(&shorten(text, n, i > 0, i + 1 < parts.len())),
            },
        }
    }
    out
}

/// `text` with only `n` words kept after a change before it (`after`) and
/// before a change after it (`before`).
fn shorten(text: &str, n: usize, after: bool, before: bool) -> String {
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                words.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    let keep = n * (usize::from(after) + usize::from(before));
    // Alone, with no change at either side, it stays whole.
    if n == 0 || !(after || before) || words.len() <= keep + 1 {
        return text.to_string();
    }
    let mut out = String::new();
    if after {
        out.push_str(&text[..words[n - 1].1]);
        out.push(' ');
    }
    out.push('…');
    if before {
        out.push(' ');
        out.push_str(&text[words[words.len() - n].0..]);
    }
    out
}

/// The diff of an outdated entry's previous original against today's, if
/// the catalog kept the previous one.
pub fn entry_diff(entry: &Entry) -> Option<Vec<Part>> {
    let previous = entry.previous_msgid.as_deref()?;
    entry.fuzzy.then(|| word_diff(previous, &entry.msgid))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_that_changed_and_only_those() {
        for (old, new, full, short) in [
            (
                "Bình Dương có 28 khu công nghiệp.",
                "Bình Dương có 29 khu công nghiệp.",
                "Bình Dương có [-28-]{+29+} khu công nghiệp.",
                "Bình Dương có [-28-]{+29+} khu công nghiệp.",
            ),
            (
                "một hai ba bốn năm sáu bảy tám chín mười",
                "một hai ba bốn năm SÁU bảy tám chín mười",
                "một hai ba bốn năm [-sáu-]{+SÁU+} bảy tám chín mười",
                "… bốn năm [-sáu-]{+SÁU+} bảy tám …",
            ),
            // No spaces: character by character.
            (
                "東京の天気",
                "京都の天気",
                "[-東-]京{+都+}の天気",
                "[-東-]京{+都+}の天気",
            ),
            ("Giữ nguyên.", "Giữ nguyên.", "Giữ nguyên.", "Giữ nguyên."),
        ] {
            let parts = word_diff(old, new);
            assert_eq!(render(&parts, None), full, "{old} → {new}");
            assert_eq!(render(&parts, Some(2)), short, "{old} → {new}");
        }
    }

    #[test]
    fn an_entry_has_a_diff_only_when_outdated_with_its_previous_original() {
        let entry = |fuzzy: bool, previous: Option<&str>| Entry {
            msgid: "mới".into(),
            fuzzy,
            previous_msgid: previous.map(str::to_string),
            ..Entry::default()
        };
        assert_eq!(
            entry_diff(&entry(true, Some("cũ"))),
            Some(vec![Part::Removed("cũ".into()), Part::Added("mới".into())])
        );
        assert_eq!(entry_diff(&entry(true, None)), None);
        assert_eq!(entry_diff(&entry(false, Some("cũ"))), None);
    }
}

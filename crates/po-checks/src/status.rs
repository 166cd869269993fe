//! What is left to translate: translated, outdated and untranslated messages
//! per language and per source file, as a table or as JSON.

use crate::catalog::{Entry, PoFile};
use serde::Serialize;
use std::collections::BTreeMap;

/// Translation figures for one group of messages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Translated and not fuzzy.
    pub translated: usize,
    /// Outdated: marked fuzzy, as `msgmerge` marks a message whose
    /// original changed (its previous translation is shown, marked, until
    /// a translator reviews it).
    pub outdated: usize,
    /// Empty, or left equal to the source text.
    pub untranslated: usize,
}

impl Counts {
    /// Counts one entry.
    pub fn add(&mut self, entry: &Entry) {
        match state(entry) {
            State::Translated => self.translated += 1,
            State::Outdated => self.outdated += 1,
            State::Untranslated => self.untranslated += 1,
        }
    }

    /// All messages.
    pub fn total(&self) -> usize {
        self.translated + self.outdated + self.untranslated
    }

    /// Share translated, in percent.
    pub fn percent(&self) -> f64 {
        if self.total() == 0 {
            100.0
        } else {
            100.0 * self.translated as f64 / self.total() as f64
        }
    }
}

enum State {
    Translated,
    Outdated,
    Untranslated,
}

fn state(entry: &Entry) -> State {
    if entry.msgstr.is_empty() {
        State::Untranslated
    } else if entry.fuzzy {
        State::Outdated
    } else if entry.msgstr == entry.msgid && entry.msgctxt.is_none() {
        // msginit fills every msgstr with its msgid: that is not a translation.
        State::Untranslated
    } else {
        State::Translated
    }
}

/// The status of one language: totals and one line per source file.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageStatus {
    /// Language code.
    pub language: String,
    /// All messages.
    pub total: Counts,
    /// Per file (`src/x.md`, `book.toml`, `theme/ui.toml`).
    pub files: BTreeMap<String, Counts>,
}

impl LanguageStatus {
    /// The figures of catalog `po`, for the language `code`.
    pub fn of(code: &str, po: &PoFile) -> LanguageStatus {
        let mut total = Counts::default();
        let mut files: BTreeMap<String, Counts> = BTreeMap::new();
        for entry in po.entries() {
            total.add(entry);
            // A message counts in every file it appears in (a chapter's
            // heading is also its entry in SUMMARY.md).
            let mut sources: Vec<&str> = entry
                .references
                .iter()
                .map(|r| r.split(':').next().unwrap_or(r))
                .collect();
            sources.dedup();
            if sources.is_empty() {
                sources.push("(no reference)");
            }
            for source in sources {
                files.entry(source.to_string()).or_default().add(entry);
            }
        }
        LanguageStatus {
            language: code.to_string(),
            total,
            files,
        }
    }
}

/// The status as a plain-text table.
pub fn format_status(statuses: &[LanguageStatus]) -> String {
    let mut out = String::new();
    for status in statuses {
        out.push_str(&format!(
            "{}: {:.0}% translated ({} of {}), {} outdated, {} untranslated\n",
            status.language,
            status.total.percent(),
            status.total.translated,
            status.total.total(),
            status.total.outdated,
            status.total.untranslated
        ));
        let width = status
            .files
            .keys()
            .map(|k| k.chars().count())
            .max()
            .unwrap_or(4)
            .max(4);
        out.push_str(&format!(
            "  {:<width$}  translated  outdated  untranslated\n",
            "file"
        ));
        for (file, counts) in &status.files {
            out.push_str(&format!(
                "  {:<width$}  {:>10}  {:>8}  {:>12}\n",
                file, counts.translated, counts.outdated, counts.untranslated
            ));
        }
    }
    out
}

//! The glossary of a language: how each recurring Vietnamese term is
//! rendered, in `po/glossary/<lang>.toml`, one `[[term]]` per entry.
//!
//! The QA checks ([`crate::qa`]) use it to flag a translation that renders a
//! term otherwise, and `cargo xtask i18n glossary` prints it as the Markdown
//! table of `TRANSLATING.md`.

use anyhow::{Context, Result};
use serde::Deserialize;
use std::fs;
use std::path::{Path, PathBuf};

/// One term: a Vietnamese phrase and its required rendering.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The Vietnamese phrase, matched as whole words, ignoring case.
    pub source: String,
    /// What a translation containing `source` must contain, ignoring case.
    pub target: String,
    /// Advice for the translator (plurals, exceptions).
    #[serde(default)]
    pub note: Option<String>,
}

/// The glossary of one language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Glossary {
    /// The file it was read from (empty for a glossary built in code).
    #[serde(skip)]
    pub path: PathBuf,
    /// The terms, in file order.
    #[serde(rename = "term", default)]
    pub terms: Vec<Term>,
}

impl Glossary {
    /// The glossary file of `code` under `po_dir`: `po/glossary/<code>.toml`.
    pub fn path_for(po_dir: &Path, code: &str) -> PathBuf {
        po_dir.join("glossary").join(format!("{code}.toml"))
    }

    /// Reads `path`; a missing file is an empty glossary (a new language
    /// starts without one). Syntax errors name the file and line.
    pub fn load(path: &Path) -> Result<Glossary> {
        if !path.exists() {
            return Ok(Glossary {
                path: path.to_owned(),
                terms: Vec::new(),
            });
        }
        let text =
            fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let mut glossary: Glossary = toml::from_str(&text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
                .unwrap_or(1);
            anyhow::anyhow!("{}:{line}: {}", path.display(), e.message().trim())
        })?;
        glossary.path = path.to_owned();
        Ok(glossary)
    }

    /// The terms `msgid` contains whose rendering `msgstr` lacks.
    pub fn misses(&self, msgid: &str, msgstr: &str) -> Vec<&Term> {
        let (msgid, msgstr) = (msgid.to_lowercase(), msgstr.to_lowercase());
        self.terms
            .iter()
            .filter(|term| {
                contains_phrase(&msgid, &term.source.to_lowercase(), true)
                    && !contains_phrase(&msgstr, &term.target.to_lowercase(), false)
            })
            .collect()
    }

    /// The glossary as a Markdown table (term, rendering, note), for
    /// `TRANSLATING.md`; `language` heads the rendering column.
    pub fn markdown_table(&self, language: &str) -> String {
        let cell = |s: &str| s.replace('|', "\\|");
        let mut out = format!("| Vietnamese | {language} | Note |\n|---|---|---|\n");
        for term in &self.terms {
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                cell(&term.source),
                cell(&term.target),
                cell(term.note.as_deref().unwrap_or(""))
            ));
        }
        out
    }
}

/// Whether `phrase` occurs in `text` starting at a word boundary, and — when
/// `whole` — ending at one too. A rendering may take a suffix (the glossary's
/// "industrial park" covers "industrial parks"); a Vietnamese term may not
/// (its syllables are whole words).
fn contains_phrase(text: &str, phrase: &str, whole: bool) -> bool {
    if phrase.is_empty() {
        return true;
    }
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(phrase).any(|(start, _)| {
        let end = start + phrase.len();
        !is_word(text[..start].chars().next_back())
            && (!whole || !is_word(text[end..].chars().next()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glossary() -> Glossary {
        toml::from_str(
            "[[term]]\nsource = \"khu công nghiệp\"\ntarget = \"industrial park\"\n\n[[term]]\nsource = \"đô thị\"\ntarget = \"urban\"\nnote = \"urban area\"\n",
        )
        .unwrap()
    }

    #[track_caller]
    fn assert_misses(msgid: &str, msgstr: &str, expected: &[&str]) {
        let glossary = glossary();
        let got: Vec<&str> = glossary
            .misses(msgid, msgstr)
            .iter()
            .map(|t| t.source.as_str())
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn terms_are_whole_words_and_renderings_may_take_a_suffix() {
        assert_misses(
            "Có 29 khu công nghiệp.",
            "There are 29 industrial parks.",
            &[],
        );
        assert_misses("Có 29 Khu công nghiệp.", "29 Industrial Parks.", &[]);
        assert_misses(
            "Có 29 khu công nghiệp.",
            "There are 29 factories.",
            &["khu công nghiệp"],
        );
        // "đô thị" inside a longer word is not the term.
        assert_misses("Đô thịnh vượng", "Prosperity", &[]);
        assert_misses("Diện mạo đô thị", "The city's look", &["đô thị"]);
        // The rendering must start at a word boundary.
        assert_misses("Diện mạo đô thị", "suburban", &["đô thị"]);
    }

    #[test]
    fn markdown_table_escapes_pipes() {
        let table = Glossary {
            terms: vec![Term {
                source: "a|b".into(),
                target: "c".into(),
                note: None,
            }],
            ..Glossary::default()
        }
        .markdown_table("English");
        assert_eq!(
            table,
            "| Vietnamese | English | Note |\n|---|---|---|\n| a\\|b | c |  |\n"
        );
    }

    #[test]
    fn missing_file_is_an_empty_glossary_and_errors_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fr.toml");
        assert!(Glossary::load(&path).unwrap().terms.is_empty());
        fs::write(&path, "[[term]]\nsource = \"a\"\ntarget = 1\n").unwrap();
        let err = Glossary::load(&path).unwrap_err().to_string();
        assert!(err.starts_with(&format!("{}:3: ", path.display())), "{err}");
    }
}

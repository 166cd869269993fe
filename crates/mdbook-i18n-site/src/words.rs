//! The site's own words: the book title and description from `book.toml`
//! and the theme's strings from `theme/ui.toml`, in every language.
//!
//! They are gettext messages like the chapters' text, with a `msgctxt`
//! saying where they come from (`book.title`, `ui:search-placeholder`), so a
//! translator finds every word of a language in its one `.po` file and the
//! coverage figures count them too.

use crate::project::Project;
use anyhow::{Context, Result};
use po_checks::catalog::PoFile;
use std::collections::BTreeMap;
use std::fs;

/// A message that is not in a chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteMessage {
    /// `book.title`, `book.description` or `ui:<key>`.
    pub context: String,
    /// The source-language text.
    pub text: String,
    /// Where it comes from, for the `#:` reference.
    pub reference: String,
}

/// Every site message, in a stable order: title, description, then the theme
/// strings sorted by key.
pub fn site_messages(project: &Project) -> Result<Vec<SiteMessage>> {
    let config = project.config.clone();
    let mut messages = Vec::new();
    for (context, value) in [
        ("book.title", &config.book.title),
        ("book.description", &config.book.description),
    ] {
        if let Some(text) = value.as_ref().filter(|t| !t.is_empty()) {
            messages.push(SiteMessage {
                context: context.to_string(),
                text: text.clone(),
                reference: "book.toml".to_string(),
            });
        }
    }
    for (key, text) in theme_strings(project)? {
        messages.push(SiteMessage {
            context: format!("ui:{key}"),
            text,
            reference: "theme/ui.toml".to_string(),
        });
    }
    Ok(messages)
}

/// `theme/ui.toml`: key → source-language text.
pub fn theme_strings(project: &Project) -> Result<BTreeMap<String, String>> {
    let path = project.ui_strings_file();
    if !path.exists() {
        return Ok(BTreeMap::new());
    }
    let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    toml::from_str(&text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
            .unwrap_or(1);
        anyhow::anyhow!("{}:{line}: {}", path.display(), e.message().trim())
    })
}

/// The site's words in one language; untranslated ones fall back to the
/// source language, and say so.
#[derive(Debug, Clone, Default)]
pub struct Words {
    map: BTreeMap<String, (String, bool)>,
}

impl Words {
    /// The words for a language: the source text, replaced by each
    /// translated (non-fuzzy) msgstr of `po` when there is one.
    pub fn new(messages: &[SiteMessage], po: Option<&PoFile>) -> Words {
        let map = messages
            .iter()
            .map(|m| {
                let translated = po
                    .and_then(|po| po.find(Some(&m.context), &m.text))
                    .filter(|e| e.is_translated())
                    .map(|e| e.msgstr.clone());
                let is_translated = translated.is_some() || po.is_none();
                (
                    m.context.clone(),
                    (translated.unwrap_or_else(|| m.text.clone()), is_translated),
                )
            })
            .collect();
        Words { map }
    }

    /// The text for `context` (`book.title`, `ui:<key>`), if the site has it.
    pub fn get(&self, context: &str) -> Option<&str> {
        self.map.get(context).map(|(text, _)| text.as_str())
    }

    /// The text of a theme string, by key.
    pub fn ui(&self, key: &str) -> Option<&str> {
        self.get(&format!("ui:{key}"))
    }

    /// Whether `context` is shown in the source language for want of a translation.
    pub fn is_fallback(&self, context: &str) -> bool {
        self.map
            .get(context)
            .is_some_and(|(_, translated)| !translated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn words_fall_back_to_the_source() {
        let messages = [
            SiteMessage {
                context: "ui:search".into(),
                text: "Tìm kiếm".into(),
                reference: String::new(),
            },
            SiteMessage {
                context: "ui:print".into(),
                text: "In".into(),
                reference: String::new(),
            },
        ];
        let po = PoFile::parse(
            "msgid \"\"\nmsgstr \"Project-Id-Version: x\\nPOT-Creation-Date: \\nPO-Revision-Date: \\nLanguage-Team: \\nMIME-Version: 1.0\\nContent-Type: text/plain; charset=UTF-8\\nContent-Transfer-Encoding: 8bit\\nLanguage: en\\n\"\n\nmsgctxt \"ui:search\"\nmsgid \"Tìm kiếm\"\nmsgstr \"Search\"\n\n#, fuzzy\nmsgctxt \"ui:print\"\nmsgid \"In\"\nmsgstr \"Print\"\n",
            Path::new("en.po"),
        );
        let po = po.unwrap();
        let words = Words::new(&messages, Some(&po));
        assert_eq!(words.ui("search"), Some("Search"));
        assert!(!words.is_fallback("ui:search"));
        // A fuzzy translation is not shown.
        assert_eq!(words.ui("print"), Some("In"));
        assert!(words.is_fallback("ui:print"));
        let source = Words::new(&messages, None);
        assert_eq!(source.ui("print"), Some("In"));
        assert!(!source.is_fallback("ui:print"));
    }
}

//! The site's own words in every language: the book's title and
//! description, and the theme's (menus, search, notices, the 404 page).
//!
//! The theme's words come from tables the tool ships, one per language
//! (`theme/ui/<lang>.toml`); a book may give its own source-language text
//! for any of them in its theme folder's `ui.toml`. All of them are gettext
//! messages like the chapters' text, with a `msgctxt` saying what they are
//! (`book.title`, `ui:search-placeholder`), so a catalog can translate or
//! override each one, and the status figures count them. For each word of a
//! page in language L the first of these is used: L's catalog's translation;
//! the tool's table for L (unless the book changed the source text, which
//! the table does not translate); the source language's text, marked as
//! being in that language. A language's name for itself is CLDR's unless
//! the catalog says otherwise.

use crate::project::{Language, Project};
use anyhow::{Context, Result, anyhow};
use po_checks::catalog::PoFile;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;

/// The tool's tables of the theme's words, by BCP 47 code (a language, or
/// a language and script where the script tells the writing apart).
const TABLES: &[(&str, &str)] = &[
    ("ar", include_str!("../theme/ui/ar.toml")),
    ("bn", include_str!("../theme/ui/bn.toml")),
    ("da", include_str!("../theme/ui/da.toml")),
    ("de", include_str!("../theme/ui/de.toml")),
    ("el", include_str!("../theme/ui/el.toml")),
    ("en", include_str!("../theme/ui/en.toml")),
    ("es", include_str!("../theme/ui/es.toml")),
    ("fa", include_str!("../theme/ui/fa.toml")),
    ("fr", include_str!("../theme/ui/fr.toml")),
    ("he", include_str!("../theme/ui/he.toml")),
    ("id", include_str!("../theme/ui/id.toml")),
    ("it", include_str!("../theme/ui/it.toml")),
    ("ja", include_str!("../theme/ui/ja.toml")),
    ("ko", include_str!("../theme/ui/ko.toml")),
    ("pl", include_str!("../theme/ui/pl.toml")),
    ("pt", include_str!("../theme/ui/pt.toml")),
    ("ro", include_str!("../theme/ui/ro.toml")),
    ("ru", include_str!("../theme/ui/ru.toml")),
    ("tr", include_str!("../theme/ui/tr.toml")),
    ("uk", include_str!("../theme/ui/uk.toml")),
    ("vi", include_str!("../theme/ui/vi.toml")),
    ("zh-Hans", include_str!("../theme/ui/zh-Hans.toml")),
    ("zh-Hant", include_str!("../theme/ui/zh-Hant.toml")),
];

/// The `#:` reference of the theme's words in the template: one row of
/// `i18n status` for all of them.
pub const THEME_REFERENCE: &str = "theme";

/// The key of a language's name for itself, in the language switch.
pub const LANGUAGE_NAME: &str = "language-name";

/// The tool's table for `code`: the table of the code itself, else of its
/// language and likely script (`zh-TW` → `zh-Hant`, `zh` → `zh-Hans`), else
/// of its language (`pt-BR` → `pt`).
fn table_for(code: &str) -> Option<BTreeMap<String, String>> {
    let mut candidates = vec![code.to_string()];
    if let Ok(mut locale) = code.parse::<icu_locale::Locale>() {
        icu_locale::LocaleExpander::new_common().maximize(&mut locale.id);
        let language = locale.id.language.to_string();
        if let Some(script) = locale.id.script {
            candidates.push(format!("{language}-{script}"));
        }
        candidates.push(language);
    }
    candidates.iter().find_map(|candidate| {
        TABLES
            .iter()
            .find(|(table, _)| table == candidate)
            .and_then(|(_, text)| toml::from_str(text).ok())
    })
}

/// A message that is not in a chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteMessage {
    /// `book.title`, `book.description` or `ui:<key>`.
    pub context: String,
    /// The source-language text (the msgid).
    pub text: String,
    /// Where it comes from, for the `#:` reference.
    pub reference: String,
    /// The language `text` is written in: the source language, or English
    /// for a word neither the book nor the tool has in the source language.
    pub lang: String,
    /// Whether the tool's tables translate it: a theme word whose source
    /// text the book did not change.
    pub tabled: bool,
}

/// Every site message, in a stable order: title, description, then the
/// theme's words sorted by key.
pub fn site_messages(project: &Project) -> Result<Vec<SiteMessage>> {
    let source = project.source();
    let mut messages = Vec::new();
    for (context, value) in [
        ("book.title", &project.config.book.title),
        ("book.description", &project.config.book.description),
    ] {
        if let Some(text) = value.as_ref().filter(|t| !t.is_empty()) {
            messages.push(SiteMessage {
                context: context.to_string(),
                text: text.clone(),
                reference: "book.toml".to_string(),
                lang: source.code.clone(),
                tabled: false,
            });
        }
    }
    let english = table_for("en").unwrap_or_default();
    let own = table_for(&source.code);
    let book = book_words(project)?;
    let keys: BTreeSet<&String> = english.keys().chain(book.keys()).collect();
    for key in keys {
        let (text, lang, tabled) = match (book.get(key), own.as_ref().and_then(|t| t.get(key))) {
            (Some(text), _) => (text.clone(), source.code.clone(), false),
            (None, Some(text)) => (text.clone(), source.code.clone(), true),
            (None, None) => match english.get(key) {
                Some(text) => (text.clone(), "en".to_string(), true),
                None => continue,
            },
        };
        messages.push(SiteMessage {
            context: format!("ui:{key}"),
            text,
            reference: THEME_REFERENCE.to_string(),
            lang,
            tabled,
        });
    }
    messages.push(SiteMessage {
        context: format!("ui:{LANGUAGE_NAME}"),
        text: source.autonym(),
        reference: THEME_REFERENCE.to_string(),
        lang: source.code.clone(),
        tabled: false,
    });
    Ok(messages)
}

/// The book's own source-language words for the theme (its `ui.toml`),
/// by key.
pub fn book_words(project: &Project) -> Result<BTreeMap<String, String>> {
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
        anyhow!("{}:{line}: {}", path.display(), e.message().trim())
    })
}

/// A word as a page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Word {
    text: String,
    /// The language of `text` when it is not the page's (a fallback).
    lang: Option<String>,
}

/// The site's words in one language.
#[derive(Debug, Clone, Default)]
pub struct Words {
    map: BTreeMap<String, Word>,
}

impl Words {
    /// The words of `language` (whose catalog is `po`, none for the source
    /// language), from `messages` ([`site_messages`]).
    pub fn new(messages: &[SiteMessage], language: &Language, po: Option<&PoFile>) -> Words {
        let table = if language.is_source {
            None
        } else {
            table_for(&language.code)
        };
        let map = messages
            .iter()
            .map(|m| {
                let translated = po
                    .and_then(|po| po.find(Some(&m.context), &m.text))
                    .filter(|e| e.is_translated())
                    .map(|e| e.msgstr.clone());
                let key = m.context.strip_prefix("ui:");
                let tabled = key
                    .filter(|_| m.tabled)
                    .and_then(|key| table.as_ref()?.get(key).cloned());
                let word = match (translated, tabled) {
                    (Some(text), _) | (None, Some(text)) => Word { text, lang: None },
                    _ if language.is_source && m.lang == language.code => Word {
                        text: m.text.clone(),
                        lang: None,
                    },
                    _ if key == Some(LANGUAGE_NAME) => Word {
                        text: language.autonym(),
                        lang: None,
                    },
                    _ => Word {
                        text: m.text.clone(),
                        lang: Some(m.lang.clone()),
                    },
                };
                (m.context.clone(), word)
            })
            .collect();
        Words { map }
    }

    /// The text for `context` (`book.title`, `ui:<key>`), if the site has it.
    pub fn get(&self, context: &str) -> Option<&str> {
        self.map.get(context).map(|word| word.text.as_str())
    }

    /// The text of a theme word, by key.
    pub fn ui(&self, key: &str) -> Option<&str> {
        self.get(&format!("ui:{key}"))
    }

    /// The language `context` is shown in when it is not the page's: the
    /// source language's (or English) text, for want of a translation.
    pub fn fallback_lang(&self, context: &str) -> Option<&str> {
        self.map.get(context).and_then(|word| word.lang.as_deref())
    }

    /// Whether `context` is shown in another language for want of a
    /// translation.
    pub fn is_fallback(&self, context: &str) -> bool {
        self.fallback_lang(context).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use po_checks::catalog::Entry;

    fn message(context: &str, text: &str, tabled: bool) -> SiteMessage {
        SiteMessage {
            context: context.into(),
            text: text.into(),
            reference: String::new(),
            lang: "vi".into(),
            tabled,
        }
    }

    #[test]
    fn catalog_then_table_then_source_marked() {
        let messages = [
            message("ui:search-label", "Tìm trong sách", true),
            message("ui:print", "In cả trang", false),
            message("ui:close", "Đóng", true),
            message("ui:language-name", "Tiếng Việt", false),
            message("book.title", "Sách", false),
        ];
        let entry = |context: &str, msgid: &str, msgstr: &str, fuzzy: bool| Entry {
            msgctxt: Some(context.into()),
            msgid: msgid.into(),
            msgstr: msgstr.into(),
            fuzzy,
            ..Entry::default()
        };
        let po = PoFile::new(
            "fr.po",
            String::new(),
            vec![
                entry("ui:close", "Đóng", "Fermer la boîte", false),
                entry("ui:print", "In cả trang", "Imprimer", true),
            ],
        );
        let fr = Words::new(&messages, &Language::new("fr", false), Some(&po));
        // The catalog wins.
        assert_eq!(fr.ui("close"), Some("Fermer la boîte"));
        // The tool's table, for a word the book did not change.
        assert_eq!(fr.ui("search-label"), Some("Rechercher dans ce livre"));
        assert!(!fr.is_fallback("ui:search-label"));
        // A word the book changed, and a fuzzy translation of it: the source.
        assert_eq!(fr.ui("print"), Some("In cả trang"));
        assert_eq!(fr.fallback_lang("ui:print"), Some("vi"));
        assert_eq!(fr.get("book.title"), Some("Sách"));
        assert!(fr.is_fallback("book.title"));
        // A language's name for itself, from CLDR.
        assert_eq!(fr.ui("language-name"), Some("Français"));
        // A language the tables do not have: all from the source, marked.
        let xh = Words::new(&messages, &Language::new("xh", false), None);
        assert_eq!(xh.fallback_lang("ui:search-label"), Some("vi"));
        // The source language, as it is.
        let vi = Words::new(&messages, &Language::new("vi", true), None);
        assert_eq!(vi.ui("print"), Some("In cả trang"));
        assert!(!vi.is_fallback("ui:print"));
    }

    #[track_caller]
    fn assert_table(code: &str, search_label: &str) {
        let table = table_for(code).unwrap_or_default();
        assert_eq!(
            table.get("search-label").map(String::as_str),
            Some(search_label),
            "{code}"
        );
    }

    #[test]
    fn tables_are_found_by_language_and_script() {
        assert_table("ja", "この本を検索");
        assert_table("zh", "在本书中搜索");
        assert_table("zh-CN", "在本书中搜索");
        assert_table("zh-TW", "搜尋本書");
        assert_table("zh-Hant-HK", "搜尋本書");
        assert_table("pt-BR", "Pesquisar neste livro");
        assert!(table_for("xh").is_none());
    }

    #[test]
    fn every_table_has_every_key_and_keeps_the_placeholders() {
        let english = table_for("en").unwrap();
        for (code, text) in TABLES {
            let table: BTreeMap<String, String> =
                toml::from_str(text).unwrap_or_else(|e| panic!("{code}: {e}"));
            assert_eq!(
                table.keys().collect::<Vec<_>>(),
                english.keys().collect::<Vec<_>>(),
                "{code}"
            );
            for (key, text) in &table {
                for placeholder in [
                    "{count}",
                    "{query}",
                    "{language}",
                    "{outdated}",
                    "{untranslated}",
                ] {
                    assert_eq!(
                        text.contains(placeholder),
                        english[key].contains(placeholder),
                        "{code}: {key} = {text:?}"
                    );
                }
            }
        }
    }
}

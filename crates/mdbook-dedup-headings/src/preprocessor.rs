//! The mdBook side: run [`dedup_chapter`] over every chapter of a book, with
//! the book's own Markdown options, after checking this preprocessor's table
//! in `book.toml`.

use std::borrow::Cow;
use std::collections::BTreeMap;

use anyhow::{Context, bail};
use log::{debug, info};
use mdbook_preprocessor::book::{Book, Chapter};
use mdbook_preprocessor::config::Config;
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use serde::de::IgnoredAny;

use crate::{MarkdownOptions, dedup_chapter};

/// The mdBook preprocessor that removes repeated headings from every chapter
/// (see [`dedup_chapter`] for what counts as a repeat).
///
/// It reads the Markdown options (`smart-punctuation`, `definition-lists`,
/// `admonitions`) from `[output.html]`, as mdBook's renderer does, and
/// accepts in `[preprocessor.dedup-headings]` only mdBook's own keys
/// (`command`, `renderers`, `before`, `after`, `optional`); any other key is
/// an error. Register it in-process with
/// `MDBook::with_preprocessor(DedupHeadings)`, or run the
/// `mdbook-dedup-headings` binary as a `command`.
#[derive(Debug, Clone, Copy, Default)]
pub struct DedupHeadings;

impl DedupHeadings {
    /// The preprocessor's name, as in `[preprocessor.dedup-headings]`.
    pub const NAME: &'static str = "dedup-headings";
}

/// The keys mdBook itself reads from a preprocessor's table.
const MDBOOK_KEYS: [&str; 5] = ["command", "renderers", "before", "after", "optional"];

impl Preprocessor for DedupHeadings {
    fn name(&self) -> &str {
        Self::NAME
    }

    fn run(&self, ctx: &PreprocessorContext, mut book: Book) -> anyhow::Result<Book> {
        check_table(&ctx.config)?;
        let options = markdown_options(&ctx.config)?;
        book.for_each_chapter_mut(|chapter| dedup_in_place(chapter, &options));
        Ok(book)
    }
}

/// Replaces the chapter's content by its deduplicated text, logging what
/// was removed.
fn dedup_in_place(chapter: &mut Chapter, options: &MarkdownOptions) {
    let deduped = dedup_chapter(&chapter.content, options);
    let removed = deduped.removed();
    if removed == 0 {
        return;
    }
    let where_ = chapter
        .source_path
        .as_ref()
        .or(chapter.path.as_ref())
        .map_or_else(|| chapter.name.clone(), |path| path.display().to_string());
    info!("{where_}: removed {removed} repeated heading(s)");
    if log::log_enabled!(log::Level::Debug) {
        for cut in &deduped.cuts {
            let cut_text = &chapter.content[cut.clone()];
            let repeat = cut_text.trim_start();
            let repeat_start = cut.start + (cut_text.len() - repeat.len());
            let line = chapter.content[..repeat_start].matches('\n').count() + 1;
            debug!(
                "{where_}:{line}: removed {:?}, a repeat of the heading before it",
                repeat.trim_end()
            );
        }
    }
    if let Cow::Owned(text) = deduped.text {
        chapter.content = text;
    }
}

/// Rejects keys of `[preprocessor.dedup-headings]` that neither mdBook nor
/// this preprocessor reads: a misspelt `before` would otherwise silently
/// change the order of preprocessors.
fn check_table(config: &Config) -> anyhow::Result<()> {
    let table_name = format!("preprocessor.{}", DedupHeadings::NAME);
    let table: Option<BTreeMap<String, IgnoredAny>> = config
        .get(&table_name)
        .with_context(|| format!("reading [{table_name}] in book.toml"))?;
    for key in table.unwrap_or_default().keys() {
        if !MDBOOK_KEYS.contains(&key.as_str()) {
            bail!(
                "unknown key `{key}` in [{table_name}] of book.toml; \
                 the keys it accepts are {}",
                MDBOOK_KEYS.join(", ")
            );
        }
    }
    Ok(())
}

/// The Markdown options mdBook's html renderer uses for this book: its
/// defaults, changed by `[output.html]`.
fn markdown_options(config: &Config) -> anyhow::Result<MarkdownOptions> {
    let mut options = MarkdownOptions::default();
    let flags = [
        ("smart-punctuation", &mut options.smart_punctuation),
        ("definition-lists", &mut options.definition_lists),
        ("admonitions", &mut options.admonitions),
    ];
    for (key, flag) in flags {
        let name = format!("output.html.{key}");
        if let Some(value) = config
            .get::<bool>(&name)
            .with_context(|| format!("reading `{name}` in book.toml"))?
        {
            *flag = value;
        }
    }
    Ok(options)
}

#[cfg(test)]
mod tests {
    use super::{DedupHeadings, check_table, markdown_options};
    use mdbook_preprocessor::book::{Book, BookItem, Chapter};
    use mdbook_preprocessor::config::Config;
    use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
    use pretty_assertions::assert_eq;
    use std::path::PathBuf;

    fn config(toml: &str) -> Config {
        toml.parse().expect("test book.toml parses")
    }

    #[track_caller]
    fn assert_table_error(toml: &str, expected: Option<&str>) {
        let result = check_table(&config(toml));
        assert_eq!(
            result.err().map(|e| format!("{e:#}")),
            expected.map(String::from)
        );
    }

    #[test]
    fn mdbook_keys_are_accepted() {
        assert_table_error("", None);
        assert_table_error("[preprocessor.dedup-headings]\n", None);
        assert_table_error(
            "[preprocessor.dedup-headings]\ncommand = \"x\"\nrenderers = [\"html\"]\n\
             before = [\"gettext\"]\nafter = [\"links\"]\noptional = true\n",
            None,
        );
        assert_table_error("[preprocessor.other]\nanything = 1\n", None);
    }

    #[test]
    fn unknown_key_is_an_error() {
        assert_table_error(
            "[preprocessor.dedup-headings]\nbefor = [\"gettext\"]\n",
            Some(
                "unknown key `befor` in [preprocessor.dedup-headings] of book.toml; \
                 the keys it accepts are command, renderers, before, after, optional",
            ),
        );
    }

    #[test]
    fn options_follow_output_html() {
        let defaults = markdown_options(&config("")).expect("defaults");
        assert!(defaults.smart_punctuation && defaults.definition_lists && defaults.admonitions);
        let changed = markdown_options(&config(
            "[output.html]\nsmart-punctuation = false\ndefinition-lists = false\n",
        ))
        .expect("changed");
        assert!(!changed.smart_punctuation && !changed.definition_lists && changed.admonitions);
        let error = markdown_options(&config("[output.html]\nadmonitions = \"yes\"\n"))
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            error.as_deref(),
            Some("reading `output.html.admonitions` in book.toml")
        );
    }

    fn chapter(name: &str, content: &str) -> Chapter {
        Chapter::new(name, content.to_string(), format!("{name}.md"), Vec::new())
    }

    #[test]
    fn run_dedups_every_chapter() {
        let mut parent = chapter("a", "# A\n\nA\n\nx\n");
        parent
            .sub_items
            .push(BookItem::Chapter(chapter("b", "# B\n\nB\n")));
        let book = Book::new_with_items(vec![
            BookItem::Chapter(parent),
            BookItem::Separator,
            BookItem::Chapter(chapter("c", "# C\n\nD\n")),
        ]);
        let ctx = PreprocessorContext::new(PathBuf::from("."), Config::default(), "html".into());
        let book = DedupHeadings.run(&ctx, book).expect("runs");
        let contents: Vec<String> = book
            .iter()
            .filter_map(|item| match item {
                BookItem::Chapter(chapter) => Some(chapter.content.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(contents, ["# A\n\nx\n", "# B\n", "# C\n\nD\n"]);
    }

    #[test]
    fn run_rejects_unknown_keys() {
        let ctx = PreprocessorContext::new(
            PathBuf::from("."),
            config("[preprocessor.dedup-headings]\nstrict = true\n"),
            "html".into(),
        );
        let error = DedupHeadings.run(&ctx, Book::new()).err();
        assert!(error.is_some_and(|e| e.to_string().contains("unknown key `strict`")));
    }

    #[test]
    fn supports_every_renderer() {
        for renderer in ["html", "markdown", "xgettext", "anything"] {
            assert!(DedupHeadings.supports_renderer(renderer).unwrap_or(false));
        }
        assert_eq!(DedupHeadings.name(), "dedup-headings");
    }
}

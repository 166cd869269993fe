//! Translation that tells the reader what it could not translate.
//!
//! mdbook-i18n-helpers' `gettext` preprocessor silently leaves a message in
//! the source language when its catalog has no translation for it (or only
//! a fuzzy one). This one translates the same way, with the library's own
//! functions, but wraps each such fallback in `<span lang="vi">` so browsers
//! and screen readers read it as Vietnamese, and starts the page with a
//! short notice, in the reader's language, linking to the Vietnamese
//! original. A fully translated page carries neither.
//!
//! It registers under the name `gettext`, so it takes the place book.toml
//! gives that preprocessor.

use crate::catalog;
use crate::localize::counterpart_href;
use crate::site::Language;
use crate::ui::Words;
use anyhow::{Context, Result, anyhow};
use mdbook_i18n_helpers::{
    Group, extract_events, group_events, reconstruct_markdown, trim_paragraph,
};
use mdbook_preprocessor::book::{Book, BookItem};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use polib::catalog::Catalog;
use polib::message::Message;
use pulldown_cmark::{Event, Tag, TagEnd};
use pulldown_cmark_escape::escape_html;
use std::path::Path;

/// The theme string (`theme/ui.toml`) saying that parts of a page are not
/// translated yet.
pub const NOTICE_KEY: &str = "untranslated-notice";
/// The theme string labelling the link to the original.
pub const ORIGINAL_LINK_KEY: &str = "untranslated-original";

/// The words of the notice in one language, each with the language it is
/// actually in (the notice itself may not be translated yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// "Parts of this page are not translated yet."
    pub text: String,
    /// Set when `text` fell back to the source language.
    pub text_lang: Option<String>,
    /// "Read the Vietnamese original"
    pub link_label: String,
    /// Set when `link_label` fell back to the source language.
    pub link_lang: Option<String>,
}

impl Notice {
    /// The notice in the language of `words`; `source` is the source
    /// language's code.
    pub fn from_words(words: &Words, source: &str) -> Result<Notice> {
        let get = |key: &str| -> Result<(String, Option<String>)> {
            let text = words.ui(key).with_context(|| {
                format!(
                    "theme/ui.toml: the string `{key}` (the untranslated-page notice) is missing"
                )
            })?;
            let lang = words
                .is_fallback(&format!("ui:{key}"))
                .then(|| source.to_string());
            Ok((text.to_string(), lang))
        };
        let (text, text_lang) = get(NOTICE_KEY)?;
        let (link_label, link_lang) = get(ORIGINAL_LINK_KEY)?;
        Ok(Notice {
            text,
            text_lang,
            link_label,
            link_lang,
        })
    }

    /// The notice as an HTML block for the top of a chapter: a `role="note"`
    /// landmark with a plain link, so it needs no JavaScript.
    pub fn html(&self, href: &str, source: &str) -> String {
        let lang = |l: &Option<String>| match l {
            Some(code) => format!(" lang=\"{}\"", escape(code)),
            None => String::new(),
        };
        let text = match &self.text_lang {
            Some(_) => format!(
                "<span{}>{}</span>",
                lang(&self.text_lang),
                escape(&self.text)
            ),
            None => escape(&self.text),
        };
        format!(
            "<div class=\"untranslated-notice\" role=\"note\"><p>{text} <a href=\"{}\" hreflang=\"{}\"{}>{}</a></p></div>",
            escape(href),
            escape(source),
            lang(&self.link_lang),
            escape(&self.link_label)
        )
    }
}

fn escape(text: &str) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = escape_html(&mut out, text);
    out
}

/// The `gettext` preprocessor, marking what falls back to the source.
#[derive(Debug, Clone)]
pub struct FallbackGettext {
    source: String,
    notice: Notice,
}

impl FallbackGettext {
    /// Translates into the book's `book.language` from `po/<language>.po`,
    /// marking fallbacks to `source` and announcing them with `notice`.
    pub fn new(source: &str, notice: Notice) -> FallbackGettext {
        FallbackGettext {
            source: source.to_string(),
            notice,
        }
    }

    fn translate_book(&self, catalog: &Catalog, language: &str, book: &mut Book) -> Result<()> {
        let from = Language {
            code: language.to_string(),
            is_source: false,
        };
        // mdBook lets a preprocessor visit every item but not stop early:
        // collect the results, report the first error.
        let mut results = Vec::new();
        book.for_each_mut(|item| results.push(self.translate_item(item, catalog, &from)));
        results.into_iter().collect()
    }

    fn translate_item(
        &self,
        item: &mut BookItem,
        catalog: &Catalog,
        from: &Language,
    ) -> Result<()> {
        match item {
            BookItem::Chapter(chapter) => {
                let (content, fallbacks) =
                    translate_markdown(&chapter.content, catalog, Some(&self.source))?;
                chapter.content = match (fallbacks, &chapter.path) {
                    (0, _) | (_, None) => content,
                    (_, Some(path)) => {
                        let to = Language {
                            code: self.source.clone(),
                            is_source: true,
                        };
                        let href = counterpart_href(&page_path(path), from, &to);
                        format!("{}\n\n{content}", self.notice.html(&href, &self.source))
                    }
                };
                // Names go to the sidebar and the title: plain text, unmarked.
                chapter.name = translate_markdown(&chapter.name, catalog, None)?.0;
            }
            BookItem::PartTitle(title) => {
                *title = translate_markdown(title, catalog, None)?.0;
            }
            BookItem::Separator => {}
        }
        Ok(())
    }
}

/// The page mdBook renders a chapter to: `chapter.md` → `chapter.html`,
/// `README.md` → `index.html`, with `/` separators.
fn page_path(source: &Path) -> String {
    let page = if source.file_name().is_some_and(|n| n == "README.md") {
        source.with_file_name("index.html")
    } else {
        source.with_extension("html")
    };
    page.to_string_lossy().replace('\\', "/")
}

impl Preprocessor for FallbackGettext {
    fn name(&self) -> &str {
        "gettext"
    }

    fn run(&self, ctx: &PreprocessorContext, mut book: Book) -> anyhow::Result<Book> {
        let Some(language) = ctx.config.book.language.clone() else {
            return Ok(book);
        };
        if language == self.source {
            return Ok(book);
        }
        let po_dir: String = ctx
            .config
            .get("preprocessor.gettext.po-dir")?
            .unwrap_or_else(|| "po".to_string());
        let path = ctx.root.join(po_dir).join(format!("{language}.po"));
        if !path.exists() {
            return Ok(book);
        }
        let (_, mut catalog) = catalog::load_catalog(&path)?;
        add_stripped_summary_translations(&mut catalog);
        self.translate_book(&catalog, &language, &mut book)
            .with_context(|| format!("translating with {}", path.display()))?;
        Ok(book)
    }

    fn supports_renderer(&self, renderer: &str) -> mdbook_preprocessor::errors::Result<bool> {
        Ok(renderer != "xgettext")
    }
}

/// mdBook strips the formatting of `SUMMARY.md` titles before preprocessors
/// see them; add those stripped forms. Unlike mdbook-i18n-helpers' version,
/// fuzzy titles stay untranslated (a stripped copy would lose the flag).
fn add_stripped_summary_translations(catalog: &mut Catalog) {
    let strip = |text: &str| -> String {
        extract_events(text, None)
            .iter()
            .filter_map(|(_, event)| match event {
                Event::Text(text) | Event::Code(text) => Some(text.to_string()),
                Event::SoftBreak => Some(" ".into()),
                _ => None,
            })
            .collect()
    };
    let stripped: Vec<Message> = catalog
        .messages()
        .filter(|m| m.source().contains("SUMMARY.md") && m.is_translated())
        .filter(|m| !m.flags().is_fuzzy() && m.msgctxt().is_empty())
        .filter_map(|m| {
            let msgstr = m.msgstr().ok()?;
            Some(
                Message::build_singular()
                    .with_msgid(strip(m.msgid()))
                    .with_msgstr(strip(msgstr))
                    .done(),
            )
        })
        .collect();
    for message in stripped {
        catalog.append_or_update(message);
    }
}

/// Events that sit inside a block and may be wrapped in a `<span>`.
fn is_inline(event: &Event<'_>) -> bool {
    match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::InlineHtml(_)
        | Event::InlineMath(_)
        | Event::FootnoteReference(_) => true,
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ),
        Event::End(tag) => matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        ),
        _ => false,
    }
}

/// Translates Markdown with `catalog` as mdbook-i18n-helpers'
/// `translate_events` does (non-fuzzy, translated messages only). When
/// `mark` is the source language's code, each inline message left in the
/// source is wrapped in `<span lang="…">`. Returns the Markdown and the
/// number of messages with words that were left untranslated.
pub fn translate_markdown(
    text: &str,
    catalog: &Catalog,
    mark: Option<&str>,
) -> Result<(String, usize)> {
    let events = extract_events(text, None);
    let mut translated: Vec<(usize, Event<'_>)> = Vec::new();
    let mut state = None;
    let mut fallbacks = 0;
    // Inside a code block, a `<span>` would be shown as text.
    let mut code_depth = 0usize;
    let track = |events: &[(usize, Event<'_>)], depth: &mut usize| {
        for (_, event) in events {
            match event {
                Event::Start(Tag::CodeBlock(_)) => *depth += 1,
                Event::End(TagEnd::CodeBlock) => *depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    };
    let cmark = |e| anyhow!("{e}").context("reconstructing Markdown while translating");
    for group in group_events(&events).map_err(cmark)? {
        match group {
            Group::Translate { events: group, .. } => {
                let (msgid, new_state) =
                    reconstruct_markdown(&group, state.clone()).map_err(cmark)?;
                let msgstr = catalog
                    .find_message(None, &msgid, None)
                    .filter(|m| !m.flags().is_fuzzy() && m.is_translated())
                    .and_then(|m| m.msgstr().ok());
                match msgstr {
                    Some(msgstr) => translated
                        .extend_from_slice(trim_paragraph(&extract_events(msgstr, state), &group)),
                    None => {
                        // Numbers and code read the same in every language.
                        let has_words = code_depth == 0
                            && msgid.chars().any(char::is_alphabetic)
                            && !group
                                .iter()
                                .any(|(_, e)| matches!(e, Event::Start(Tag::CodeBlock(_))));
                        fallbacks += usize::from(has_words);
                        // A paragraph's group holds its start and end; the
                        // span goes inside them.
                        let (head, rest) = match group.split_first() {
                            Some((first, rest)) if first.1 == Event::Start(Tag::Paragraph) => {
                                (std::slice::from_ref(first), rest)
                            }
                            _ => (&group[..0], &group[..]),
                        };
                        let (inner, tail) = match rest.split_last() {
                            Some((last, inner)) if last.1 == Event::End(TagEnd::Paragraph) => {
                                (inner, std::slice::from_ref(last))
                            }
                            _ => (rest, &rest[..0]),
                        };
                        let wrap = mark.filter(|_| {
                            has_words
                                && !inner.is_empty()
                                && inner.iter().all(|(_, event)| is_inline(event))
                        });
                        match wrap {
                            Some(code) => {
                                let line = inner.first().map_or(1, |(line, _)| *line);
                                let open = format!("<span lang=\"{}\">", escape(code));
                                translated.extend_from_slice(head);
                                translated.push((line, Event::InlineHtml(open.into())));
                                translated.extend_from_slice(inner);
                                translated.push((line, Event::InlineHtml("</span>".into())));
                                translated.extend_from_slice(tail);
                            }
                            None => translated.extend_from_slice(&group),
                        }
                    }
                }
                track(&group, &mut code_depth);
                state = Some(new_state);
            }
            Group::Skip(group) => {
                translated.extend_from_slice(&group);
                track(&group, &mut code_depth);
                let (_, new_state) = reconstruct_markdown(&group, state).map_err(cmark)?;
                state = Some(new_state);
            }
        }
    }
    let (markdown, _) = reconstruct_markdown(&translated, None).map_err(cmark)?;
    Ok((markdown, fallbacks))
}

#[cfg(test)]
mod tests {
    use super::*;
    use polib::metadata::CatalogMetadata;

    fn catalog(entries: &[(&str, &str, bool)]) -> Catalog {
        let mut catalog = Catalog::new(CatalogMetadata::new());
        for (msgid, msgstr, fuzzy) in entries {
            let mut message = Message::build_singular()
                .with_msgid(msgid.to_string())
                .with_msgstr(msgstr.to_string())
                .done();
            if *fuzzy {
                use polib::message::MessageMutView;
                message.flags_mut().add_flag("fuzzy");
            }
            catalog.append_or_update(message);
        }
        catalog
    }

    #[track_caller]
    fn assert_translation(source: &str, expected: &str, expected_fallbacks: usize) {
        let catalog = catalog(&[
            ("Xin chào.", "Hello.", false),
            ("Tiêu đề", "Title", false),
            ("Cũ.", "Old.", true),
        ]);
        let (markdown, fallbacks) = translate_markdown(source, &catalog, Some("vi")).unwrap();
        assert_eq!(
            (markdown.as_str(), fallbacks),
            (expected, expected_fallbacks)
        );
    }

    #[test]
    fn fallbacks_are_wrapped_and_counted() {
        assert_translation("# Tiêu đề\n\nXin chào.", "# Title\n\nHello.", 0);
        assert_translation(
            "# Tiêu đề\n\nChưa dịch.",
            "# Title\n\n<span lang=\"vi\">Chưa dịch.</span>",
            1,
        );
        // A fuzzy translation is not used.
        assert_translation("Cũ.", "<span lang=\"vi\">Cũ.</span>", 1);
        assert_translation(
            "- Chưa *dịch*\n- Xin chào.",
            "- <span lang=\"vi\">Chưa _dịch_</span>\n- Hello.",
            1,
        );
        // Numbers alone are not a fallback; code blocks are never wrapped.
        assert_translation("2024", "2024", 0);
        assert_translation("```\nmã\n```", "```\nmã\n```", 0);
    }

    /// The project's chapters and catalog, with every other message
    /// emptied and every fifth marked fuzzy when `half`.
    fn project_catalog(half: bool) -> Catalog {
        use polib::message::MessageMutView;
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let (_, mut catalog) = catalog::load_catalog(&root.join("po/en.po")).unwrap();
        if half {
            for (i, mut message) in catalog.messages_mut().enumerate() {
                if i % 2 == 0 {
                    message.msgstr_mut().unwrap().clear();
                } else if i % 5 == 0 {
                    message.flags_mut().add_flag("fuzzy");
                }
            }
        }
        catalog
    }

    #[test]
    fn unmarked_it_translates_exactly_as_mdbook_i18n_helpers() {
        use mdbook_preprocessor::book::Chapter;
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src");
        let mut chapters = 0;
        for entry in std::fs::read_dir(&src).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "md") || path.ends_with("SUMMARY.md") {
                continue;
            }
            chapters += 1;
            let text = std::fs::read_to_string(&path).unwrap();
            for half in [false, true] {
                let catalog = project_catalog(half);
                let chapter = Chapter::new("x", text.clone(), "x.md", Vec::new());
                let mut book = Book::new_with_items(vec![BookItem::Chapter(chapter)]);
                mdbook_i18n_helpers::gettext::translate_book(&catalog, &mut book).unwrap();
                let BookItem::Chapter(upstream) = &book.items[0] else {
                    unreachable!("one chapter in, one chapter out")
                };
                let (ours, _) = translate_markdown(&text, &catalog, None).unwrap();
                assert_eq!(ours, upstream.content, "{} (half: {half})", path.display());
                // Marking only adds the spans.
                let (marked, fallbacks) = translate_markdown(&text, &catalog, Some("vi")).unwrap();
                assert_eq!(
                    marked
                        .replace("<span lang=\"vi\">", "")
                        .replace("</span>", ""),
                    ours
                );
                assert_eq!(fallbacks > 0, half, "{}", path.display());
            }
        }
        assert_eq!(chapters, 4);
    }

    #[test]
    fn pages_are_named_as_mdbook_renders_them() {
        assert_eq!(page_path(Path::new("a.md")), "a.html");
        assert_eq!(page_path(Path::new("part/b.md")), "part/b.html");
        assert_eq!(page_path(Path::new("README.md")), "index.html");
        assert_eq!(page_path(Path::new("part/README.md")), "part/index.html");
    }

    #[test]
    fn notice_html_marks_its_own_fallbacks() {
        let notice = Notice {
            text: "Not all translated.".into(),
            text_lang: None,
            link_label: "Đọc bản gốc <tiếng Việt>".into(),
            link_lang: Some("vi".into()),
        };
        assert_eq!(
            notice.html("../a.html", "vi"),
            "<div class=\"untranslated-notice\" role=\"note\"><p>Not all translated. <a href=\"../a.html\" hreflang=\"vi\" lang=\"vi\">Đọc bản gốc &lt;tiếng Việt&gt;</a></p></div>"
        );
        let untranslated = Notice {
            text_lang: Some("vi".into()),
            text: "Chưa dịch.".into(),
            ..notice
        };
        assert!(
            untranslated
                .html("a.html", "vi")
                .contains("<p><span lang=\"vi\">Chưa dịch.</span> <a")
        );
    }
}

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
//! A message whose original changed since it was translated (`#, fuzzy`,
//! as `msgmerge` marks it) shows its previous translation, marked as
//! outdated, with the current original in a disclosure beside it: a reader
//! keeps a paragraph that was 95 % right and sees what changed. Books that
//! would rather show the original set `outdated = "original"` under
//! `[preprocessor.gettext]`.
//!
//! It registers under the name `gettext`, so it takes the place book.toml
//! gives that preprocessor.

use crate::project::{Language, counterpart_href};
use crate::words::Words;
use anyhow::{Context, Result, anyhow, bail};
use mdbook_i18n_helpers::{
    Group, extract_events, group_events, reconstruct_markdown, trim_paragraph,
};
use mdbook_markdown::MarkdownOptions;
use mdbook_preprocessor::book::{Book, BookItem};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use po_checks::catalog::{PoFile, Translations};
use po_checks::safety::{self, Capabilities, MAX_NESTING};
use pulldown_cmark::{Event, Tag, TagEnd};
use pulldown_cmark_escape::escape_html;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The theme string (`theme/ui.toml`) saying that parts of a page are not
/// translated yet.
pub const NOTICE_KEY: &str = "untranslated-notice";
/// The theme string labelling the link to the original.
pub const ORIGINAL_LINK_KEY: &str = "untranslated-original";
/// The theme string saying that parts of a page translate an earlier
/// version of the original.
pub const OUTDATED_NOTICE_KEY: &str = "outdated-notice";
/// The theme string giving the counts (`{outdated}`, `{untranslated}`).
pub const COUNTS_KEY: &str = "notice-counts";
/// The theme string atop an outdated passage.
pub const OUTDATED_LABEL_KEY: &str = "outdated-label";
/// The theme string on the disclosure holding the current original.
pub const OUTDATED_ORIGINAL_KEY: &str = "outdated-original";

/// What a translated page shows for a message whose original changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Outdated {
    /// The previous translation, marked, with the current original beside
    /// it (the default: the reader loses nothing that was right).
    #[default]
    Previous,
    /// The current original only, as for an untranslated message.
    Original,
}

impl Outdated {
    /// The setting's value in `book.toml`, or an error naming the values.
    pub fn parse(value: &str) -> Result<Outdated> {
        match value {
            "previous" => Ok(Outdated::Previous),
            "original" => Ok(Outdated::Original),
            other => bail!(
                "`outdated = \"{other}\"`: the values are \"previous\" (show the previous translation, marked) and \"original\""
            ),
        }
    }
}

/// The words of the notice in one language, each with the language it is
/// actually in (the notice itself may not be translated yet).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notice {
    /// "Parts of this page are not translated yet."
    pub text: String,
    /// Set when `text` fell back to the source language.
    pub text_lang: Option<String>,
    /// "Read the Vietnamese original"
    pub link_label: String,
    /// Set when `link_label` fell back to the source language.
    pub link_lang: Option<String>,
    /// "Parts of this page translate an earlier version of the original."
    pub outdated: Word,
    /// "Outdated: {outdated}. Untranslated: {untranslated}."
    pub counts: Word,
    /// Atop an outdated passage.
    pub outdated_label: Word,
    /// On the disclosure with the current original.
    pub outdated_original: Word,
    /// The link to the language's translation status page.
    pub status: Word,
}

/// A theme word, and the language it is in when it fell back to another.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Word {
    /// The text.
    pub text: String,
    /// Set when the text fell back to the source language.
    pub lang: Option<String>,
}

impl Word {
    /// The word as HTML: escaped, in a span with its language if it fell back.
    fn html(&self) -> String {
        match &self.lang {
            Some(code) => format!(
                "<span lang=\"{}\">{}</span>",
                escape(code),
                escape(&self.text)
            ),
            None => escape(&self.text),
        }
    }
}

impl Notice {
    /// The notice on a page in `page`'s language, from its `words`; the
    /// original is in `source`.
    pub fn from_words(words: &Words, page: &Language, source: &Language) -> Result<Notice> {
        let get = |key: &str| -> Result<(String, Option<String>)> {
            let text = words.ui(key).with_context(|| {
                format!("the theme word `{key}` (the untranslated-page notice) is missing")
            })?;
            let lang = words
                .fallback_lang(&format!("ui:{key}"))
                .map(str::to_string);
            // `{language}`: the original's language, named in the
            // language the notice is written in.
            let written_in = lang
                .as_deref()
                .map_or(page.clone(), |code| Language::new(code, false));
            let text = text.replace("{language}", &source.name_in(&written_in));
            Ok((text, lang))
        };
        let (text, text_lang) = get(NOTICE_KEY)?;
        let (link_label, link_lang) = get(ORIGINAL_LINK_KEY)?;
        let word = |key: &str| get(key).map(|(text, lang)| Word { text, lang });
        Ok(Notice {
            text,
            text_lang,
            link_label,
            link_lang,
            outdated: word(OUTDATED_NOTICE_KEY)?,
            counts: word(COUNTS_KEY)?,
            outdated_label: word(OUTDATED_LABEL_KEY)?,
            outdated_original: word(OUTDATED_ORIGINAL_KEY)?,
            status: word("status-title")?,
        })
    }

    /// The notice as an HTML block for the top of a chapter: a `role="note"`
    /// landmark with a plain link, so it needs no JavaScript. It says what
    /// the page has (`untranslated` and `outdated` passages) and counts
    /// both when there are outdated ones; `status` is the link to the
    /// language's status page.
    pub fn html(
        &self,
        (href, status): (&str, &str),
        source: &str,
        untranslated: usize,
        outdated: usize,
    ) -> String {
        let lang = |l: &Option<String>| match l {
            Some(code) => format!(" lang=\"{}\"", escape(code)),
            None => String::new(),
        };
        let mut text = Vec::new();
        if untranslated > 0 {
            text.push(
                Word {
                    text: self.text.clone(),
                    lang: self.text_lang.clone(),
                }
                .html(),
            );
        }
        if outdated > 0 {
            text.push(self.outdated.html());
            let counts = Word {
                text: self
                    .counts
                    .text
                    .replace("{outdated}", &outdated.to_string())
                    .replace("{untranslated}", &untranslated.to_string()),
                lang: self.counts.lang.clone(),
            };
            text.push(counts.html());
        }
        format!(
            "<div class=\"untranslated-notice\" role=\"note\"><p>{} <a href=\"{}\" hreflang=\"{}\"{}>{}</a> · <a href=\"{}\">{}</a></p></div>",
            text.join(" "),
            escape(href),
            escape(source),
            lang(&self.link_lang),
            escape(&self.link_label),
            escape(status),
            self.status.html()
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
///
/// It is given the catalog already read (see [`po_checks::catalog`]): the
/// pages are translated from the very entries the QA checks read.
pub struct FallbackGettext {
    source: String,
    target: Option<Target>,
}

/// The part title after which the gettext preprocessor appends the
/// side-by-side chapters to the book ([`FallbackGettext::with_side_by_side`]):
/// the book's chapters again, with the original's titles, each translated
/// block beside its original. They go through the preprocessors that come
/// after it, like the book's own; the renderer takes them off the book
/// ([`split_side_by_side`]) before it renders it.
pub const SIDE_BY_SIDE_MARKER: &str = "mdbook-i18n-site: side-by-side pages";

/// `book` without the side-by-side chapters the gettext preprocessor added,
/// and those chapters as a book of their own; `None` if it added none.
pub fn split_side_by_side(book: &Book) -> Option<(Book, Book)> {
    let at = book
        .items
        .iter()
        .position(|item| matches!(item, BookItem::PartTitle(t) if t == SIDE_BY_SIDE_MARKER))?;
    Some((
        Book::new_with_items(book.items[..at].to_vec()),
        Book::new_with_items(book.items[at + 1..].to_vec()),
    ))
}

/// What a translated language's build needs.
struct Target {
    language: Language,
    translations: Translations,
    /// The previous translations of outdated messages, when shown.
    previous: Option<Translations>,
    notice: Notice,
    /// The catalog, to name in errors.
    catalog: PathBuf,
    review: Review,
    /// Also append the side-by-side chapters, in these languages.
    side_by_side: Option<SideBySide>,
}

/// Checks a catalog once the book it translates is known, given the msgids
/// the book used (and which came from code blocks): an error refuses the
/// build.
pub type Review = Box<dyn Fn(&Used) -> Result<()> + Send + Sync>;

impl FallbackGettext {
    /// Translates into `language` with `catalog`'s reviewed translations,
    /// marking fallbacks to `source` and outdated messages as `outdated`
    /// says, and announcing both with `notice`;
    /// `review` checks the catalog against the book before the translated
    /// book goes on to be rendered.
    pub fn new(
        source: &str,
        language: &Language,
        catalog: &PoFile,
        (notice, outdated): (Notice, Outdated),
        review: Review,
    ) -> Self {
        FallbackGettext {
            source: source.to_string(),
            target: Some(Target {
                language: language.clone(),
                translations: page_translations(catalog),
                previous: (outdated == Outdated::Previous).then(|| previous_translations(catalog)),
                notice,
                catalog: catalog.path.clone(),
                review,
                side_by_side: None,
            }),
        }
    }

    /// Also appends, after [`SIDE_BY_SIDE_MARKER`], every chapter laid out
    /// block by block beside its original.
    pub fn with_side_by_side(mut self, languages: SideBySide) -> Self {
        if let Some(target) = self.target.as_mut() {
            target.side_by_side = Some(languages);
        }
        self
    }

    /// Stands in the place of `[preprocessor.gettext]` for the source
    /// language and for extraction: it changes nothing, and no
    /// `mdbook-gettext` is run.
    pub fn source_only(source: &str) -> Self {
        FallbackGettext {
            source: source.to_string(),
            target: None,
        }
    }

    fn translate_book(
        &self,
        target: &Target,
        markdown: &MarkdownOptions,
        book: &mut Book,
    ) -> Result<()> {
        // mdBook lets a preprocessor visit every item but not stop early:
        // collect the results, report the first error.
        let mut results = Vec::new();
        let mut used = Used::default();
        // The side-by-side chapters follow the book's own, in the book's
        // structure as the original has it (its titles), after a marker.
        let original = target.side_by_side.as_ref().map(|_| book.clone());
        let mut beside = Vec::new();
        book.for_each_mut(|item| {
            results.push(self.translate_item(item, target, markdown, (&mut used, &mut beside)))
        });
        // The checks of the catalog name the line of a problem: they speak
        // first; the checks of whole chapters catch what only context shows.
        (target.review)(&used)?;
        results.into_iter().collect::<Result<()>>()?;
        if let Some(mut original) = original {
            let mut beside = beside.into_iter();
            original.for_each_mut(|item| {
                if let BookItem::Chapter(chapter) = item
                    && let Some(content) = beside.next()
                {
                    chapter.content = content;
                }
            });
            book.items
                .push(BookItem::PartTitle(SIDE_BY_SIDE_MARKER.to_string()));
            book.items.extend(original.items);
        }
        Ok(())
    }

    fn translate_item(
        &self,
        item: &mut BookItem,
        target: &Target,
        markdown: &MarkdownOptions,
        (used, beside): (&mut Used, &mut Vec<String>),
    ) -> Result<()> {
        let translations = &target.translations;
        match item {
            BookItem::Chapter(chapter) => {
                let shown = chapter
                    .source_path
                    .as_deref()
                    .or(chapter.path.as_deref())
                    .map_or_else(|| chapter.name.clone(), |p| p.display().to_string());
                let (depth, line) = safety::nesting(&chapter.content);
                if depth > MAX_NESTING {
                    bail!(
                        "{shown}:{line}: blocks nested {depth} deep; a translated chapter may nest at most {MAX_NESTING} levels (block quotes, lists)"
                    );
                }
                let marking = Marking {
                    source: &self.source,
                    outdated: target.previous.as_ref().map(|p| (p, &target.notice)),
                    side_by_side: target.side_by_side.as_ref(),
                };
                let Translated {
                    markdown: content,
                    fallbacks,
                    outdated,
                    messages,
                    code,
                    side_by_side,
                } = translate_markdown(
                    &chapter.content,
                    translations,
                    Some(&marking),
                    &heading_ids(&chapter.content, markdown),
                )?;
                used.messages.extend(messages);
                used.code.extend(code);
                // The last word on safety, in context: link references,
                // blocks that only mean something in the whole chapter, and
                // code that would break out of its block.
                let added = Capabilities::of(&content)
                    .added_to(&Capabilities::of(&chapter.content), MARKING_MARKUP);
                if let Some(reason) = added.unsafe_.first() {
                    bail!(
                        "{shown}: its `{}` translation {reason} ({})",
                        target.language.code,
                        target.catalog.display()
                    );
                }
                let notice = match (fallbacks + outdated, &chapter.path) {
                    (0, _) | (_, None) => None,
                    (_, Some(path)) => {
                        let to = Language::new(&self.source, true);
                        let page = page_path(path);
                        let href = counterpart_href(&page, &target.language, &to);
                        let status = format!(
                            "{}{}",
                            "../".repeat(page.matches('/').count()),
                            crate::page::status::STATUS_PAGE
                        );
                        Some(target.notice.html(
                            (&href, &status),
                            &self.source,
                            fallbacks,
                            outdated,
                        ))
                    }
                };
                // The side-by-side page says what the translated one says,
                // then names its columns.
                if let (Some(text), Some(languages)) = (side_by_side, &target.side_by_side) {
                    let notice = notice
                        .as_deref()
                        .map_or(String::new(), |n| format!("{n}\n\n"));
                    beside.push(format!("{notice}{}\n\n{text}", languages.legend()));
                }
                chapter.content = match notice {
                    Some(notice) => format!("{notice}\n\n{content}"),
                    None => content,
                };
                // Names go to the sidebar and the title: plain text, unmarked.
                let name = translate_markdown(&chapter.name, translations, None, &[])?;
                used.messages.extend(name.messages);
                chapter.name = name.markdown;
            }
            BookItem::PartTitle(title) => {
                let translated = translate_markdown(title, translations, None, &[])?;
                used.messages.extend(translated.messages);
                *title = translated.markdown;
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
        if let Some(target) = &self.target {
            self.translate_book(target, &markdown_options(ctx), &mut book)
                .with_context(|| format!("translating with {}", target.catalog.display()))?;
        }
        Ok(book)
    }

    fn supports_renderer(&self, renderer: &str) -> mdbook_preprocessor::errors::Result<bool> {
        Ok(renderer != "xgettext")
    }
}

/// The Markdown options `book.toml` gives mdBook's renderer.
fn markdown_options(ctx: &PreprocessorContext) -> MarkdownOptions {
    let html = ctx.config.html_config().unwrap_or_default();
    let mut options = MarkdownOptions::default();
    options.smart_punctuation = html.smart_punctuation;
    options.definition_lists = html.definition_lists;
    options.admonitions = html.admonitions;
    options
}

/// The ids mdBook's renderer gives the headings of `markdown`, in order: a
/// heading's own `{#id}`, else one made from its text, made unique in the
/// page with `-1`, `-2`… Definition terms take part in the numbering as in
/// mdBook, but are not listed (a translation cannot give them an id).
///
/// A copy of mdbook-html 0.5.4's `add_header_links`, `id_from_content` and
/// `unique_id` (`src/html/tree.rs`, `src/utils.rs`), which are private to
/// it; a test compares this with the ids mdBook renders.
pub fn heading_ids(markdown: &str, options: &MarkdownOptions) -> Vec<String> {
    let mut used = HashSet::new();
    let mut ids = Vec::new();
    // The text of the heading or term being read, and whether it is a term.
    let mut current: Option<(String, bool)> = None;
    for event in mdbook_markdown::new_cmark_parser(markdown, options) {
        match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => ids.push(id.to_string()),
            Event::Start(Tag::Heading { id: None, .. }) => current = Some((String::new(), false)),
            Event::Start(Tag::DefinitionListTitle) => current = Some((String::new(), true)),
            Event::Text(text) | Event::Code(text) => {
                if let Some((content, _)) = current.as_mut() {
                    content.push_str(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((content, _)) = current.as_mut() {
                    content.push('\n');
                }
            }
            Event::End(TagEnd::Heading(_) | TagEnd::DefinitionListTitle) => {
                if let Some((content, is_term)) = current.take() {
                    let id = unique_id(&id_from_content(&content), &mut used);
                    if !is_term {
                        ids.push(id);
                    }
                }
            }
            _ => {}
        }
    }
    ids
}

/// mdbook-html 0.5.4's `id_from_content`.
fn id_from_content(content: &str) -> String {
    content
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|ch| {
            if ch.is_alphanumeric() || ch == '_' || ch == '-' {
                Some(ch)
            } else if ch.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// mdbook-html 0.5.4's `unique_id`.
fn unique_id(id: &str, used: &mut HashSet<String>) -> String {
    if used.insert(id.to_string()) {
        return id.to_string();
    }
    let mut counter: u32 = 1;
    loop {
        let candidate = format!("{id}-{counter}");
        if used.insert(candidate.clone()) {
            return candidate;
        }
        counter += 1;
    }
}

/// The translations the pages use: the catalog's reviewed chapter messages,
/// plus the `SUMMARY.md` titles without their formatting, since mdBook
/// strips it before preprocessors see them. Unlike mdbook-i18n-helpers'
/// version, fuzzy titles stay untranslated (a stripped copy would lose the
/// flag).
pub fn page_translations(catalog: &PoFile) -> Translations {
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
    let mut translations = catalog.translations();
    for entry in catalog.entries() {
        let in_summary = entry.references.iter().any(|r| r.contains("SUMMARY.md"));
        if in_summary && entry.msgctxt.is_none() && entry.is_translated() {
            translations.insert(strip(&entry.msgid), strip(&entry.msgstr));
        }
    }
    translations
}

/// The previous translations of the chapter messages whose original
/// changed (fuzzy, with a translation), shown marked as outdated.
pub fn previous_translations(catalog: &PoFile) -> Translations {
    let mut previous = Translations::default();
    for entry in catalog.entries() {
        if entry.fuzzy && entry.msgctxt.is_none() && !entry.msgstr.is_empty() {
            previous.insert(entry.msgid.clone(), entry.msgstr.clone());
        }
    }
    previous
}

/// The markup marking adds to a chapter, which the final safety check of
/// a translated chapter allows: `(element, attribute)`, `""` for the element.
const MARKING_MARKUP: &[(&str, &str)] = &[
    ("span", ""),
    ("span", "lang"),
    ("span", "class"),
    ("div", ""),
    ("div", "class"),
    ("div", "lang"),
    ("p", ""),
    ("p", "class"),
    ("details", ""),
    ("details", "class"),
    ("summary", ""),
];

/// How [`translate_markdown`] marks what a page does not translate.
pub struct Marking<'a> {
    /// The source language's code, on text left in it.
    pub source: &'a str,
    /// The previous translations of outdated messages and the words that
    /// mark them; `None`: outdated messages show the original.
    pub outdated: Option<(&'a Translations, &'a Notice)>,
    /// Also lay the translation out beside its original, block by block
    /// ([`Translated::side_by_side`]).
    pub side_by_side: Option<&'a SideBySide>,
}

/// The two languages of a side-by-side page, each with its code and its
/// name for itself: the translation's blocks come first, each with its
/// original beside it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SideBySide {
    /// The translation's code and name (`en`, `English`).
    pub translation: (String, String),
    /// The original's code and name (`vi`, `Tiếng Việt`).
    pub original: (String, String),
}

impl SideBySide {
    /// The row that names the two columns, above the first block.
    pub fn legend(&self) -> String {
        let ((t, t_name), (o, o_name)) = (&self.translation, &self.original);
        format!(
            "<div class=\"pair pair-legend\"><p class=\"pair-main\" lang=\"{}\">{}</p><p class=\"pair-other\" lang=\"{}\">{}</p></div>",
            escape(t),
            escape(t_name),
            escape(o),
            escape(o_name)
        )
    }
}

/// Blocks that hold other blocks: a paragraph inside one is marked inline,
/// since an HTML block there would have to carry the container's indent.
fn is_container(tag: &Tag<'_>) -> bool {
    !matches!(
        tag,
        Tag::Paragraph | Tag::Heading { .. } | Tag::HtmlBlock | Tag::MetadataBlock(_)
    ) && !is_inline(&Event::Start(tag.clone()))
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

/// Markdown translated by [`translate_markdown`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translated {
    /// The translated Markdown.
    pub markdown: String,
    /// How many messages with words were left in the source language.
    pub fallbacks: usize,
    /// How many show a previous translation, marked as outdated.
    pub outdated: usize,
    /// Every msgid the text has.
    pub messages: Vec<String>,
    /// The msgids found in code blocks (comments and strings), which a
    /// page shows as code.
    pub code: Vec<String>,
    /// With [`Marking::side_by_side`]: the translated Markdown with each
    /// block beside its original, aligned message by message (see
    /// [`side_by_side_markdown`]).
    pub side_by_side: Option<String>,
}

/// Translates Markdown with `catalog` as mdbook-i18n-helpers'
/// `translate_events` does (non-fuzzy, translated messages only). With a
/// `mark`ing, each inline message left in the source is wrapped in
/// `<span lang="…">`, and an outdated one shows its previous translation,
/// marked ([`Marking`]). The k-th heading without an id of its own gets
/// `ids[k]`, the id of the k-th heading of the original ([`heading_ids`]),
/// so that a link to a section works in every language.
pub fn translate_markdown(
    text: &str,
    catalog: &Translations,
    mark: Option<&Marking<'_>>,
    ids: &[String],
) -> Result<Translated> {
    let events = extract_events(text, None);
    let mut translated: Vec<(usize, Event<'_>)> = Vec::new();
    let mut state = None;
    let mut fallbacks = 0;
    let mut outdated = 0;
    let mut messages = Vec::new();
    let mut code = Vec::new();
    // Inside a code block, a `<span>` would be shown as text; inside a list
    // or a quote, an HTML block would need the container's indent.
    let mut depth = Depth::default();
    let side_by_side = mark.and_then(|m| m.side_by_side);
    let mut alignment = side_by_side.map(|_| Alignment::default());
    let cmark = |e| anyhow!("{e}").context("reconstructing Markdown while translating");
    for group in group_events(&events).map_err(cmark)? {
        match group {
            Group::Translate { events: group, .. } => {
                let (msgid, new_state) =
                    reconstruct_markdown(&group, state.clone()).map_err(cmark)?;
                let in_code = depth.code > 0
                    || group
                        .iter()
                        .any(|(_, e)| matches!(e, Event::Start(Tag::CodeBlock(_))));
                if in_code {
                    code.push(msgid.clone());
                }
                let msgstr = catalog.get(&msgid);
                messages.push(msgid.clone());
                // Numbers and code read the same in every language.
                let has_words = !in_code && msgid.chars().any(char::is_alphabetic);
                // An outdated translation is shown unless it links where the
                // original no longer does (a page moved): then the original.
                let previous = mark
                    .and_then(|m| m.outdated)
                    .filter(|_| has_words)
                    .and_then(|(previous, notice)| {
                        Some((extract_events(previous.get(&msgid)?, state.clone()), notice))
                    })
                    .filter(|(events, _)| links_of(events).is_subset(&links_of(&group)));
                match (msgstr, previous) {
                    (Some(msgstr), _) => translated
                        .extend_from_slice(trim_paragraph(&extract_events(msgstr, state), &group)),
                    (None, Some((previous, notice))) => {
                        outdated += 1;
                        let source = mark.map_or("", |m| m.source);
                        let previous = trim_paragraph(&previous, &group);
                        mark_outdated(
                            &mut translated,
                            &group,
                            previous,
                            depth.containers == 0,
                            source,
                            notice,
                        );
                    }
                    (None, None) => {
                        fallbacks += usize::from(has_words);
                        let (head, inner, tail) = paragraph_parts(&group);
                        let wrap = mark.map(|m| m.source).filter(|_| {
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
                depth.track(&group);
                if let Some(alignment) = alignment.as_mut() {
                    alignment.track(&group, translated.len());
                }
                state = Some(new_state);
            }
            Group::Skip(group) => {
                if let Some(alignment) = alignment.as_mut() {
                    // Copied as it is: a block can end anywhere in it.
                    for (i, event) in group.iter().enumerate() {
                        alignment.track(std::slice::from_ref(event), translated.len() + i + 1);
                    }
                }
                translated.extend_from_slice(&group);
                depth.track(&group);
                let (_, new_state) = reconstruct_markdown(&group, state).map_err(cmark)?;
                state = Some(new_state);
            }
        }
    }
    let mut source_ids = ids.iter();
    for (_, event) in &mut translated {
        if let Event::Start(Tag::Heading { id, .. }) = event
            && let Some(source_id) = source_ids.next()
            && id.is_none()
        {
            *id = Some(source_id.clone().into());
        }
    }
    let (markdown, _) = reconstruct_markdown(&translated, None).map_err(cmark)?;
    let side_by_side = match (side_by_side, alignment) {
        (Some(languages), Some(alignment)) => {
            let events = alignment.side_by_side(&translated, ids, languages);
            Some(reconstruct_markdown(&events, None).map_err(cmark)?.0)
        }
        _ => None,
    };
    Ok(Translated {
        markdown,
        fallbacks,
        outdated,
        messages,
        code,
        side_by_side,
    })
}

/// Where a translated chapter can be cut into blocks that stand beside
/// their originals: after a message or a skipped run of events, where the
/// original is at its top level — no Markdown container or HTML element
/// open (a `<details>` whose Markdown body spans several blocks stays one
/// block).
#[derive(Debug, Default)]
struct Alignment<'a> {
    /// The original's events, as the groups gave them.
    original: Vec<Located<'a>>,
    /// Each block's end: (in the translated events, in `original`).
    cuts: Vec<(usize, usize)>,
    /// Markdown tags open.
    nesting: usize,
    /// HTML elements open in HTML blocks, innermost last.
    html: Vec<String>,
}

/// Elements without an end tag.
const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

impl<'a> Alignment<'a> {
    /// Reads the next events of the original (a message, or a skipped
    /// event), `translated_len` being the length of the translated events
    /// once they are translated.
    fn track(&mut self, group: &[Located<'a>], translated_len: usize) {
        self.original.extend_from_slice(group);
        for (_, event) in group {
            match event {
                Event::Start(_) => self.nesting += 1,
                Event::End(_) => self.nesting = self.nesting.saturating_sub(1),
                Event::Html(html) => {
                    for tag in safety::html_tags(html) {
                        if tag.name.starts_with('!') || VOID_ELEMENTS.contains(&tag.name.as_str()) {
                            continue;
                        }
                        // An end tag that does not close the innermost
                        // element is left out, as mdBook's renderer leaves
                        // it out (`<details>…</detail>` stays open).
                        if !tag.end {
                            self.html.push(tag.name);
                        } else if self.html.last() == Some(&tag.name) {
                            self.html.pop();
                        }
                    }
                }
                _ => {}
            }
        }
        if self.nesting == 0 && self.html.is_empty() {
            self.cuts.push((translated_len, self.original.len()));
        }
    }

    /// The events of the side-by-side chapter: each block of `translated`
    /// (its headings already carrying the original's `ids`) in a
    /// `<div class="pair">`, first in the translation's language, then its
    /// original, whose headings and footnotes are renamed
    /// `<name>--<original code>` so that the page's ids stay unique and
    /// the translation keeps the ids every language shares.
    fn side_by_side(
        mut self,
        translated: &[Located<'a>],
        ids: &[String],
        languages: &SideBySide,
    ) -> Vec<Located<'a>> {
        let (code, _) = &languages.original;
        let suffixed =
            |name: &str| -> pulldown_cmark::CowStr<'a> { format!("{name}--{code}").into() };
        let mut headings = ids.iter();
        for (_, event) in &mut self.original {
            match event {
                Event::Start(Tag::Heading { id, .. }) => {
                    let own = headings
                        .next()
                        .cloned()
                        .or_else(|| id.as_ref().map(|i| i.to_string()));
                    *id = own.map(|own| suffixed(&own));
                }
                Event::FootnoteReference(label) => *label = suffixed(label),
                Event::Start(Tag::FootnoteDefinition(label)) => *label = suffixed(label),
                _ => {}
            }
        }
        // A last block that never closed (an HTML element left open) ends
        // with the chapter, each column closing what it left open, or the
        // renderer would nest the next column inside it.
        if self.cuts.last() != Some(&(translated.len(), self.original.len())) {
            self.cuts.push((translated.len(), self.original.len()));
        }
        let unclosed: String = self
            .html
            .iter()
            .rev()
            .map(|name| format!("</{name}>"))
            .collect();
        let open = format!(
            "<div class=\"pair\">\n<div class=\"pair-main\" lang=\"{}\">\n",
            escape(&languages.translation.0)
        );
        let middle = format!(
            "</div>\n<div class=\"pair-other\" lang=\"{}\">\n",
            escape(code)
        );
        let mut events =
            Vec::with_capacity(translated.len() + self.original.len() + 9 * self.cuts.len());
        let (mut t, mut o) = (0, 0);
        let last = self.cuts.len().saturating_sub(1);
        for (i, &(t_end, o_end)) in self.cuts.iter().enumerate() {
            let (ours, theirs) = (&translated[t..t_end], &self.original[o..o_end]);
            (t, o) = (t_end, o_end);
            if !shows_anything(theirs) {
                // A comment or a blank: nothing to stand beside.
                events.extend_from_slice(ours);
                continue;
            }
            let closing = if i == last { unclosed.as_str() } else { "" };
            let line = theirs.first().map_or(1, |(line, _)| *line);
            push_html_block(&mut events, line, open.clone());
            events.extend_from_slice(ours);
            push_html_block(&mut events, line, format!("{closing}{middle}"));
            events.extend_from_slice(theirs);
            push_html_block(&mut events, line, format!("{closing}</div>\n</div>\n"));
        }
        events
    }
}

/// Whether a block of events shows something on the page: not only HTML
/// comments and blank space.
fn shows_anything(events: &[Located<'_>]) -> bool {
    events.iter().any(|(_, event)| match event {
        Event::Html(html) | Event::InlineHtml(html) => {
            safety::html_tags(html).iter().any(|tag| tag.name != "!--")
        }
        Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => false,
        Event::Text(text) => !text.trim().is_empty(),
        Event::SoftBreak | Event::HardBreak => false,
        _ => true,
    })
}

/// Pushes an HTML block as the parser gives one, so that it is written as
/// its own block, with the Markdown around it.
fn push_html_block<'a>(out: &mut Vec<Located<'a>>, line: usize, html: String) {
    out.push((line, Event::Start(Tag::HtmlBlock)));
    out.push((line, Event::Html(html.into())));
    out.push((line, Event::End(TagEnd::HtmlBlock)));
}

/// Where the links and images of `events` lead.
fn links_of<'e>(events: &'e [Located<'_>]) -> std::collections::BTreeSet<&'e str> {
    events
        .iter()
        .filter_map(|(_, event)| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some(dest_url.as_ref())
            }
            _ => None,
        })
        .collect()
}

/// How deep the events read so far are in code blocks and in containers.
#[derive(Debug, Default)]
struct Depth {
    code: usize,
    containers: usize,
}

impl Depth {
    fn track(&mut self, events: &[(usize, Event<'_>)]) {
        for (_, event) in events {
            match event {
                Event::Start(Tag::CodeBlock(_)) => self.code += 1,
                Event::End(TagEnd::CodeBlock) => self.code = self.code.saturating_sub(1),
                _ => {}
            }
            match event {
                Event::Start(tag) if is_container(tag) => self.containers += 1,
                Event::End(tag) if is_container_end(tag) => {
                    self.containers = self.containers.saturating_sub(1)
                }
                _ => {}
            }
        }
    }
}

fn is_container_end(tag: &TagEnd) -> bool {
    !matches!(
        tag,
        TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_)
    ) && !is_inline(&Event::End(*tag))
}

/// An event with the line it was read from.
type Located<'a> = (usize, Event<'a>);

/// A group's paragraph start, what is inside, and its end (either end
/// empty when the group is not a whole paragraph).
fn paragraph_parts<'g, 'a>(
    group: &'g [Located<'a>],
) -> (&'g [Located<'a>], &'g [Located<'a>], &'g [Located<'a>]) {
    let (head, rest) = match group.split_first() {
        Some((first, rest)) if first.1 == Event::Start(Tag::Paragraph) => {
            (std::slice::from_ref(first), rest)
        }
        _ => (&group[..0], group),
    };
    let (inner, tail) = match rest.split_last() {
        Some((last, inner)) if last.1 == Event::End(TagEnd::Paragraph) => {
            (inner, std::slice::from_ref(last))
        }
        _ => (rest, &rest[..0]),
    };
    (head, inner, tail)
}

/// Writes an outdated message: its `previous` translation, marked. A
/// paragraph at the top of the chapter (`block`) becomes a block with a
/// label, the translation, and the current `original` in a disclosure in
/// the `source` language; anything else shows the translation in a span
/// whose label only screen readers read. Neither needs script.
fn mark_outdated<'a>(
    out: &mut Vec<(usize, Event<'a>)>,
    original: &[(usize, Event<'a>)],
    previous: &[(usize, Event<'a>)],
    block: bool,
    source: &str,
    notice: &Notice,
) {
    let line = original.first().map_or(1, |(line, _)| *line);
    let (head, inner, tail) = paragraph_parts(previous);
    let whole_paragraph = !head.is_empty() && !tail.is_empty();
    let html = |out: &mut Vec<(usize, Event<'a>)>, text: String| push_html_block(out, line, text);
    if block && whole_paragraph && paragraph_parts(original).0.len() == 1 {
        let label = notice.outdated_label.html();
        html(
            out,
            format!("<div class=\"outdated\">\n<p class=\"outdated-label\">{label}</p>\n"),
        );
        out.extend_from_slice(previous);
        let summary = notice.outdated_original.html();
        html(
            out,
            format!(
                "<details class=\"outdated-original\"><summary>{summary}</summary>\n<div lang=\"{}\">\n",
                escape(source)
            ),
        );
        out.extend_from_slice(original);
        html(out, "</div></details></div>\n".to_string());
    } else if !inner.is_empty() && inner.iter().all(|(_, event)| is_inline(event)) {
        out.extend_from_slice(head);
        out.push((line, Event::InlineHtml("<span class=\"outdated\">".into())));
        out.extend_from_slice(inner);
        let label = format!(
            "<span class=\"visually-hidden\"> ({})</span></span>",
            notice.outdated_label.html()
        );
        out.push((line, Event::InlineHtml(label.into())));
        out.extend_from_slice(tail);
    } else {
        out.extend_from_slice(previous);
    }
}

/// The msgids of a book's chapters that come from code blocks.
pub fn code_messages(book: &Book) -> Result<HashSet<String>> {
    let none = Translations::default();
    let mut code = HashSet::new();
    for item in book.iter() {
        if let BookItem::Chapter(chapter) = item {
            code.extend(translate_markdown(&chapter.content, &none, None, &[])?.code);
        }
    }
    Ok(code)
}

/// The msgids a translated book used, and those of them in code blocks.
#[derive(Debug, Clone, Default)]
pub struct Used {
    /// Every msgid of the chapters and their titles.
    pub messages: HashSet<String>,
    /// Those found in code blocks.
    pub code: HashSet<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use po_checks::catalog::Entry;

    /// Marking text left in Vietnamese; outdated messages show the original.
    const VI: Marking<'static> = Marking {
        source: "vi",
        outdated: None,
        side_by_side: None,
    };

    fn catalog(entries: &[(&str, &str, bool)]) -> PoFile {
        let entries = entries
            .iter()
            .map(|(msgid, msgstr, fuzzy)| Entry {
                msgid: msgid.to_string(),
                msgstr: msgstr.to_string(),
                fuzzy: *fuzzy,
                ..Entry::default()
            })
            .collect();
        PoFile::new("po/en.po", String::new(), entries)
    }

    #[track_caller]
    fn assert_translation(source: &str, expected: &str, expected_fallbacks: usize) {
        let catalog = catalog(&[
            ("Xin chào.", "Hello.", false),
            ("Tiêu đề", "Title", false),
            ("Cũ.", "Old.", true),
        ]);
        let Translated {
            markdown,
            fallbacks,
            ..
        } = translate_markdown(source, &page_translations(&catalog), Some(&VI), &[]).unwrap();
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

    fn catalog_moved() -> PoFile {
        catalog(&[("Xem [trang mới](new.md).", "See [the page](old.md).", true)])
    }

    #[test]
    fn outdated_messages_show_their_previous_translation_marked() {
        let catalog = catalog(&[
            ("Xin chào.", "Hello.", false),
            ("Bản mới.", "Old version.", true),
            ("Tiêu đề mới", "Old title", true),
            ("Mục mới", "Old item", true),
        ]);
        let notice = Notice {
            outdated_label: Word {
                text: "Outdated <translation>".into(),
                lang: None,
            },
            outdated_original: Word {
                text: "Bản gốc".into(),
                lang: Some("vi".into()),
            },
            ..Notice::default()
        };
        let previous = previous_translations(&catalog);
        let marking = Marking {
            source: "vi",
            outdated: Some((&previous, &notice)),
            side_by_side: None,
        };
        let html = |markdown: &str| {
            let translated =
                translate_markdown(markdown, &page_translations(&catalog), Some(&marking), &[])
                    .unwrap();
            let mut out = String::new();
            pulldown_cmark::html::push_html(
                &mut out,
                pulldown_cmark::Parser::new(&translated.markdown),
            );
            (out, translated.outdated, translated.fallbacks)
        };
        assert_eq!(
            html("Xin chào.\n\nBản mới.\n\nChưa dịch."),
            (
                concat!(
                    "<p>Hello.</p>\n",
                    "<div class=\"outdated\">\n<p class=\"outdated-label\">Outdated &lt;translation&gt;</p>\n",
                    "<p>Old version.</p>\n",
                    "<details class=\"outdated-original\"><summary><span lang=\"vi\">Bản gốc</span></summary>\n<div lang=\"vi\">\n",
                    "<p>Bản mới.</p>\n",
                    "</div></details></div>\n",
                    "<p><span lang=\"vi\">Chưa dịch.</span></p>\n"
                )
                .to_string(),
                1,
                1
            )
        );
        // A previous translation linking where the original no longer does
        // is not shown: the original is.
        let moved = catalog_moved();
        let moved_previous = previous_translations(&moved);
        let marking_moved = Marking {
            source: "vi",
            outdated: Some((&moved_previous, &notice)),
            side_by_side: None,
        };
        let translated = translate_markdown(
            "Xem [trang mới](new.md).",
            &page_translations(&moved),
            Some(&marking_moved),
            &[],
        )
        .unwrap();
        assert_eq!(
            (translated.outdated, translated.fallbacks),
            (0, 1),
            "{}",
            translated.markdown
        );
        // A heading, and a paragraph inside a list: marked inline.
        let hidden =
            "<span class=\"visually-hidden\"> (Outdated &lt;translation&gt;)</span></span>";
        assert_eq!(
            html("# Tiêu đề mới\n\n- Mục mới\n- Xin chào.").0,
            format!(
                "<h1><span class=\"outdated\">Old title{hidden}</h1>\n<ul>\n<li><span class=\"outdated\">Old item{hidden}</li>\n<li>Hello.</li>\n</ul>\n"
            )
        );
        assert_eq!(
            html("> Bản mới.").0,
            format!(
                "<blockquote>\n<p><span class=\"outdated\">Old version.{hidden}</p>\n</blockquote>\n"
            )
        );
        // Without the previous translations, the original, as before.
        let (markdown, outdated) = {
            let t = translate_markdown("Bản mới.", &page_translations(&catalog), Some(&VI), &[])
                .unwrap();
            (t.markdown, t.outdated)
        };
        assert_eq!(
            (markdown.as_str(), outdated),
            ("<span lang=\"vi\">Bản mới.</span>", 0)
        );
    }

    /// The pair every side-by-side test renders: English beside Vietnamese.
    fn english_beside_vietnamese() -> SideBySide {
        SideBySide {
            translation: ("en".into(), "English".into()),
            original: ("vi".into(), "Tiếng Việt".into()),
        }
    }

    /// The side-by-side Markdown of `markdown` with [`catalog`]'s
    /// entries, rendered to HTML.
    fn side_by_side_html(markdown: &str, entries: &[(&str, &str, bool)]) -> String {
        let catalog = catalog(entries);
        let languages = english_beside_vietnamese();
        let marking = Marking {
            side_by_side: Some(&languages),
            ..VI
        };
        let ids = heading_ids(markdown, &MarkdownOptions::default());
        let translated =
            translate_markdown(markdown, &page_translations(&catalog), Some(&marking), &ids)
                .unwrap();
        let mut html = String::new();
        let options = pulldown_cmark::Options::ENABLE_HEADING_ATTRIBUTES
            | pulldown_cmark::Options::ENABLE_FOOTNOTES;
        pulldown_cmark::html::push_html(
            &mut html,
            pulldown_cmark::Parser::new_ext(&translated.side_by_side.unwrap(), options),
        );
        html
    }

    /// `(translation, original)` of each pair of an HTML page, as text
    /// with the tags of its blocks.
    fn pairs(html: &str) -> Vec<(String, String)> {
        let document = scraper::Html::parse_fragment(html);
        let pair = scraper::Selector::parse("div.pair").unwrap();
        let main = scraper::Selector::parse(":scope > div.pair-main[lang=en]").unwrap();
        let other = scraper::Selector::parse(":scope > div.pair-other[lang=vi]").unwrap();
        let inner = |el: Option<scraper::ElementRef<'_>>| {
            el.map(|e| {
                e.inner_html()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default()
        };
        document
            .select(&pair)
            .map(|p| {
                (
                    inner(p.select(&main).next()),
                    inner(p.select(&other).next()),
                )
            })
            .collect()
    }

    #[test]
    fn side_by_side_pairs_each_block_with_its_original() {
        let entries = [
            ("Tiêu đề", "Title", false),
            ("Xin chào.", "Hello.", false),
            ("Mục một", "Item one", false),
            ("Ghi chú", "Notes", false),
        ];
        let pair = |t: &str, o: &str| (t.to_string(), o.to_string());
        // Headings keep the ids every language shares; the original's get
        // its code. Untranslated text shows as on the translated page.
        assert_eq!(
            pairs(&side_by_side_html(
                "# Tiêu đề\n\nXin chào.\n\nChưa dịch.",
                &entries
            )),
            [
                pair(
                    r#"<h1 id="tiêu-đề">Title</h1>"#,
                    r#"<h1 id="tiêu-đề--vi">Tiêu đề</h1>"#
                ),
                pair("<p>Hello.</p>", "<p>Xin chào.</p>"),
                pair(
                    r#"<p><span lang="vi">Chưa dịch.</span></p>"#,
                    "<p>Chưa dịch.</p>"
                ),
            ]
        );
        // A list is one block; so is an HTML element whose Markdown body
        // spans several blocks; a comment alone stands beside nothing.
        assert_eq!(
            pairs(&side_by_side_html(
                "- Mục một\n- Xin chào.\n\n<details>\n<summary>Ghi chú</summary>\n\nXin chào.\n\n</details>\n\n<!-- ghi chú -->\n\nXin chào.",
                &entries
            )),
            [
                pair(
                    "<ul> <li>Item one</li> <li>Hello.</li> </ul>",
                    "<ul> <li>Mục một</li> <li>Xin chào.</li> </ul>"
                ),
                pair(
                    "<details> <summary>Ghi chú</summary> <p>Hello.</p> </details>",
                    "<details> <summary>Ghi chú</summary> <p>Xin chào.</p> </details>"
                ),
                pair("<p>Hello.</p>", "<p>Xin chào.</p>"),
            ]
        );
        // An element the original leaves open (`</detail>` closes nothing,
        // as mdBook reads it) holds the rest of the chapter: one block, each
        // column closing it.
        let html = side_by_side_html(
            "Xin chào.\n\n<details>\n\nXin chào.\n\n</detail>\n\nXin chào.",
            &entries,
        );
        assert_eq!(pairs(&html).len(), 2, "{html}");
        assert_eq!(html.matches("</details>").count(), 2, "{html}");
        // Footnotes: each column its own.
        let html = side_by_side_html("Xin chào.[^a]\n\n[^a]: Ghi chú", &entries);
        assert!(
            html.contains("href=\"#a\"") && html.contains("href=\"#a--vi\""),
            "{html}"
        );
    }

    /// The project's chapters and catalog, with every other message
    /// emptied and every fifth marked fuzzy when `half`.
    fn project_catalog(half: bool) -> PoFile {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let po = PoFile::read(&root.join("po/en.po")).unwrap();
        let mut entries = po.entries().to_vec();
        if half {
            for (i, entry) in entries.iter_mut().enumerate() {
                if i % 2 == 0 {
                    entry.msgstr.clear();
                } else if i % 5 == 0 {
                    entry.fuzzy = true;
                }
            }
        }
        PoFile::new(po.path, po.header, entries)
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
                mdbook_i18n_helpers::gettext::translate_book(&catalog.to_polib(), &mut book)
                    .unwrap();
                let BookItem::Chapter(upstream) = &book.items[0] else {
                    unreachable!("one chapter in, one chapter out")
                };
                let translations = page_translations(&catalog);
                let ours = translate_markdown(&text, &translations, None, &[])
                    .unwrap()
                    .markdown;
                assert_eq!(ours, upstream.content, "{} (half: {half})", path.display());
                // Marking only adds the spans.
                let Translated {
                    markdown: marked,
                    fallbacks,
                    ..
                } = translate_markdown(&text, &translations, Some(&VI), &[]).unwrap();
                assert_eq!(
                    marked
                        .replace("<span lang=\"vi\">", "")
                        .replace("</span>", ""),
                    ours
                );
                assert_eq!(fallbacks > 0, half, "{}", path.display());
                // Side by side: the translation's column reads as the
                // translated page, the original's as the original.
                let languages = english_beside_vietnamese();
                let beside = Marking {
                    side_by_side: Some(&languages),
                    ..VI
                };
                let side = translate_markdown(&text, &translations, Some(&beside), &[])
                    .unwrap()
                    .side_by_side
                    .unwrap();
                let side = html_text(&side, Some("div.pair-main"));
                assert_eq!(side, html_text(&marked, None), "{}", path.display());
                let side_original = translate_markdown(&text, &translations, Some(&beside), &[])
                    .unwrap()
                    .side_by_side
                    .map(|m| html_text(&m, Some("div.pair-other")));
                assert_eq!(
                    side_original,
                    Some(html_text(&text, None)),
                    "{}",
                    path.display()
                );
            }
        }
        assert_eq!(chapters, 4);
    }

    /// The words of Markdown rendered to HTML, all or inside the elements
    /// `selector` picks.
    fn html_text(markdown: &str, selector: Option<&str>) -> String {
        let mut html = String::new();
        let parser = pulldown_cmark::Parser::new_ext(
            markdown,
            pulldown_cmark::Options::ENABLE_HEADING_ATTRIBUTES,
        );
        pulldown_cmark::html::push_html(&mut html, parser);
        let document = scraper::Html::parse_fragment(&html);
        let text: Vec<String> = match selector {
            Some(selector) => {
                let selector = scraper::Selector::parse(selector).unwrap();
                document
                    .select(&selector)
                    .flat_map(|e| e.text())
                    .map(str::to_string)
                    .collect()
            }
            None => document.root_element().text().map(str::to_string).collect(),
        };
        text.concat()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The ids mdBook gives a chapter's headings, rendered by mdBook itself.
    fn rendered_heading_ids(chapter: &str) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("src")).unwrap();
        std::fs::write(dir.path().join("book.toml"), "[book]\ntitle = \"t\"\n").unwrap();
        std::fs::write(dir.path().join("src/SUMMARY.md"), "- [C](c.md)\n").unwrap();
        std::fs::write(dir.path().join("src/c.md"), chapter).unwrap();
        let book = mdbook_driver::MDBook::load(dir.path()).unwrap();
        book.build().unwrap();
        let html = std::fs::read_to_string(dir.path().join("book/c.html")).unwrap();
        let document = scraper::Html::parse_document(&html);
        let headings = scraper::Selector::parse("main h1, main h2, main h3, main h4").unwrap();
        document
            .select(&headings)
            .filter_map(|h| h.value().attr("id").map(str::to_string))
            .collect()
    }

    #[test]
    fn heading_ids_are_the_ones_mdbook_renders() {
        let chapter = concat!(
            "# Hello World\n\n## Details\n\n## Details\n\n### `code` and *em*\n\n",
            "## Tiếng Việt\n\n## A -- b \"quoted\"\n\n## Ünïcödé!\n\n## 日本語の見出し\n\n",
            "## With its own {#own-id}\n\nTerm\n: Definition\n\nDetails\n: again\n\n",
            "Setext\n------\n\n## Details\n\n## own-id\n"
        );
        let ours = heading_ids(chapter, &MarkdownOptions::default());
        assert_eq!(ours, rendered_heading_ids(chapter));
        assert_eq!(ours[2], "details-1");
        // A translated heading keeps the original's id.
        let catalog = catalog(&[("Details", "Chi tiết", false)]);
        let translated = translate_markdown(
            "## Details\n",
            &page_translations(&catalog),
            None,
            &ours[1..2],
        )
        .unwrap();
        assert_eq!(translated.markdown, "## Chi tiết { #details }");
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
            ..Notice::default()
        };
        assert_eq!(
            notice.html(("../a.html", "translation.html"), "vi", 1, 0),
            "<div class=\"untranslated-notice\" role=\"note\"><p>Not all translated. <a href=\"../a.html\" hreflang=\"vi\" lang=\"vi\">Đọc bản gốc &lt;tiếng Việt&gt;</a> · <a href=\"translation.html\"></a></p></div>"
        );
        let untranslated = Notice {
            text_lang: Some("vi".into()),
            text: "Chưa dịch.".into(),
            ..notice
        };
        assert!(
            untranslated
                .html(("a.html", "translation.html"), "vi", 1, 0)
                .contains("<p><span lang=\"vi\">Chưa dịch.</span> <a")
        );
    }
}

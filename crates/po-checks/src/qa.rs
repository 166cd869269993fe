//! Quality checks on translations, run by `cargo xtask i18n check`, by the
//! tests and before every build that publishes:
//! - what a msgid carries besides words (link targets, images, code spans,
//!   emphasis, `{#id}`s, `{placeholders}`) must be in its msgstr;
//! - a msgstr may hold no HTML beyond the HTML of its msgid: no `<script>`,
//!   no `on…=` attribute, no `javascript:` link, no other markup; and it may
//!   make nothing when rendered that its msgid does not make, by any
//!   Markdown route (heading attributes, blocks, URL schemes: see
//!   [`crate::safety`]), nor nest blocks deeper than the translation can
//!   rewrite in linear time;
//! - glossary terms are rendered as the language's glossary says;
//! - leading/trailing whitespace and final punctuation match the msgid.
//!
//! Each problem is reported as `file:line: reason (msgid "…")`, like a
//! compiler.

use crate::catalog::{Diagnostic, Entry, PoFile};
use crate::glossary::Glossary;
use crate::safety::{
    self, Additions, Capabilities, HtmlTag, MAX_NESTING, html_tags, is_translation_markup,
    is_unknown_element,
};
use mdbook_markdown::pulldown_cmark::{Event, Tag};
use mdbook_markdown::{MarkdownOptions, new_cmark_parser};
use std::collections::{BTreeMap, HashSet};
use std::fmt;

/// Which check found a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Links, images, code spans, emphasis, ids or placeholders not kept.
    Markup,
    /// HTML, rendered markup or URL schemes in the msgstr that its msgid
    /// does not have, or nesting too deep to translate: never built.
    Html,
    /// A glossary term rendered otherwise.
    Glossary,
    /// Leading or trailing whitespace differs.
    Whitespace,
    /// Final punctuation differs.
    Punctuation,
    /// A fuzzy entry: shown in the source language until reviewed.
    Fuzzy,
}

/// A problem found in one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The check that found it.
    pub check: Check,
    /// Where and what.
    pub diagnostic: Diagnostic,
}

impl Problem {
    /// Whether the problem could put markup or script into a page: such a
    /// catalog is never built, not even for a preview.
    pub fn is_unsafe(&self) -> bool {
        self.check == Check::Html
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.diagnostic.fmt(f)
    }
}

/// The parts of a message that a translation must keep, counted.
#[derive(Debug, Default, PartialEq, Eq)]
struct Skeleton {
    links: BTreeMap<String, usize>,
    images: BTreeMap<String, usize>,
    code: BTreeMap<String, usize>,
    emphasis: usize,
    strong: usize,
    ids: BTreeMap<String, usize>,
    /// The text of every `Html` and `InlineHtml` event, one per line.
    html: String,
    /// The text as a reader sees it, each code span one [`OBJECT`].
    plain: String,
}

/// Stands for a code span in a message's plain text.
const OBJECT: char = '\u{FFFC}';

/// What the checks know of a catalog beyond its entries.
#[derive(Debug, Default, Clone, Copy)]
pub struct Context<'a> {
    /// The language's glossary.
    pub glossary: Option<&'a Glossary>,
    /// The msgids that come from code blocks (comments and string literals
    /// in code, which mdbook-i18n-helpers extracts): a page shows their
    /// translation as code, so it is not read as Markdown.
    pub code: Option<&'a HashSet<String>>,
    /// The chapters' msgids, when known: an entry for any other (an old
    /// message `i18n update` has not yet marked obsolete) is shown on no
    /// page, and not checked.
    pub used: Option<&'a HashSet<String>>,
}

/// What a message is, for the checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Chapter text: Markdown.
    Markdown,
    /// Text inside a code block.
    Code,
    /// The site's own words: plain text with `{placeholders}`.
    Words,
}

fn skeleton(text: &str) -> Skeleton {
    let mut s = Skeleton::default();
    // A heading message is its text plus an optional `{#id}`; parse it as a
    // heading so the attribute is recognized.
    let as_heading = format!("# {text}");
    let source = if text.trim_end().ends_with('}') && text.contains("{#") {
        as_heading.as_str()
    } else {
        text
    };
    for event in new_cmark_parser(source, &MarkdownOptions::default()) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                *s.links.entry(dest_url.to_string()).or_default() += 1
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                *s.images.entry(dest_url.to_string()).or_default() += 1
            }
            Event::Start(Tag::Emphasis) => s.emphasis += 1,
            Event::Start(Tag::Strong) => s.strong += 1,
            Event::Code(code) => {
                // Code is not prose: its last character is no punctuation.
                s.plain.push(OBJECT);
                *s.code.entry(code.to_string()).or_default() += 1
            }
            Event::Start(Tag::Heading { id: Some(id), .. }) => {
                *s.ids.entry(id.to_string()).or_default() += 1
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                s.html.push_str(&html);
                s.html.push('\n');
            }
            Event::Text(text) => s.plain.push_str(&text),
            Event::SoftBreak | Event::HardBreak => s.plain.push(' '),
            _ => {}
        }
    }
    s
}

/// Same element and attributes; the values of attributes that hold
/// words (`title`, `alt`, …) may be translated.
fn same_tag(a: &HtmlTag, b: &HtmlTag) -> bool {
    a.end == b.end
        && a.name == b.name
        && a.attrs.len() == b.attrs.len()
        && a.attrs.iter().zip(&b.attrs).all(|((n1, v1), (n2, v2))| {
            n1 == n2 && (v1 == v2 || TRANSLATABLE_ATTRIBUTES.contains(&n1.as_str()))
        })
}

/// A tag as a report names it.
fn tag_name(tag: &HtmlTag) -> String {
    if tag.name == "!--" {
        "<!-- -->".to_string()
    } else if tag.end {
        format!("</{}>", tag.name)
    } else {
        format!("<{}>", tag.name)
    }
}

/// Attributes whose value is text for the reader, which a translation
/// translates.
const TRANSLATABLE_ATTRIBUTES: [&str; 5] = ["alt", "title", "aria-label", "placeholder", "label"];

/// URL schemes that run code when followed.
const SCRIPT_SCHEMES: [&str; 3] = ["javascript:", "vbscript:", "data:text/html"];

fn runs_script(url: &str) -> bool {
    // Browsers ignore ASCII whitespace and control characters in a scheme.
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .collect::<String>()
        .to_ascii_lowercase();
    SCRIPT_SCHEMES.iter().any(|s| squeezed.starts_with(s)) || safety::scheme(url) == "vbscript"
}

/// Reasons for the HTML of `msgstr` that `msgid` does not have: what could
/// change what the page does, then tags that name no element, which a
/// browser shows as nothing (a style problem).
fn html_problems(msgid: &Skeleton, msgstr: &Skeleton) -> (Vec<String>, Vec<String>) {
    let mut available = html_tags(&msgid.html);
    let mut reasons = Vec::new();
    let mut unknown = Vec::new();
    for tag in html_tags(&msgstr.html) {
        if let Some(i) = available.iter().position(|t| same_tag(t, &tag)) {
            available.swap_remove(i);
            continue;
        }
        if is_translation_markup(&tag) {
            continue;
        }
        if is_unknown_element(&tag) {
            if !tag.end {
                unknown.push(format!(
                    "adds the tag <{}>, which no browser shows (write it in a code span, or as &lt;…&gt;)",
                    tag.name
                ));
            }
            continue;
        }
        let handler = tag.attrs.iter().find(|(n, _)| n.starts_with("on"));
        let script_url = tag.attrs.iter().find(|(_, v)| runs_script(v));
        let tag = tag_name(&tag);
        reasons.push(match (script_url, handler) {
            (Some((name, _)), _) => {
                format!("adds a `javascript:` URL in `{name}` of {tag} (not in the original)")
            }
            (None, Some((name, _))) => {
                format!("adds the event-handler attribute `{name}` to {tag} (not in the original)")
            }
            (None, None) => format!("adds markup that is not in the original: {tag}"),
        });
    }
    for url in msgstr.links.keys().chain(msgstr.images.keys()) {
        if runs_script(url) && !msgid.links.contains_key(url) && !msgid.images.contains_key(url) {
            reasons.push(format!(
                "links to a `javascript:` URL (not in the original): {url}"
            ));
        }
    }
    (reasons, unknown)
}

/// What a translation makes that its original does not: HTML it adds,
/// then (for chapter text, which is Markdown) what it makes when rendered,
/// on its own and as a heading (a heading's text is one message, and its
/// `{attributes}` are read only there), then its nesting depth.
fn markup_additions(entry: &Entry, msgid: &Skeleton, msgstr: &Skeleton) -> Additions {
    let (unsafe_, unknown) = html_problems(msgid, msgstr);
    let mut additions = Additions {
        unsafe_,
        structure: unknown,
    };
    if entry.msgctxt.is_none() {
        let added = |translation: &str, original: &str| {
            Capabilities::of(translation).added_to(&Capabilities::of(original), &[])
        };
        let alone = added(&entry.msgstr, &entry.msgid);
        if additions.unsafe_.is_empty() {
            additions.unsafe_ = alone.unsafe_;
        }
        if additions.unsafe_.is_empty() && !entry.msgstr.contains('\n') {
            additions.unsafe_ = added(
                &format!("# {}", entry.msgstr),
                &format!("# {}", entry.msgid),
            )
            .unsafe_
            .into_iter()
            .map(|reason| format!("{reason} (read as a heading)"))
            .collect();
        }
        additions.structure.extend(alone.structure);
    }
    let (depth, _) = safety::nesting(&entry.msgstr);
    if depth > MAX_NESTING {
        additions.unsafe_.push(format!(
            "nests blocks {depth} deep: a translation may nest at most {MAX_NESTING} levels"
        ));
    }
    additions
}

/// `{name}` placeholders that scripts replace (`{count}`, `{query}`).
fn placeholders(text: &str) -> BTreeMap<String, usize> {
    let mut found = BTreeMap::new();
    for (start, _) in text.match_indices('{') {
        let rest = &text[start + 1..];
        let Some(end) = rest.find('}') else { break };
        let name = &rest[..end];
        let valid = name.starts_with(|c: char| c.is_ascii_lowercase())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
        if valid {
            *found.entry(format!("{{{name}}}")).or_default() += 1;
        }
    }
    found
}

/// The final punctuation of a text, as a class: `…` counts as `.`.
/// The final punctuation of a text, as a class that means the same in every
/// script: a full stop is `.`, `。`, `．`, `।`, `۔`, `።`, `။`, `։` or `…`;
/// a question mark `?`, `？`, `؟`, or in Greek `;`; and so on. `greek`
/// says whether the text is Greek, whose question mark is the semicolon.
fn final_punctuation(plain: &str, greek: bool) -> Option<char> {
    let trimmed = plain.trim_end_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '"' | '\''
                    | '”'
                    | '’'
                    | '»'
                    | '«'
                    | ')'
                    | ']'
                    | '*'
                    | '_'
                    | '」'
                    | '』'
                    | '）'
                    | '】'
                    | '》'
            )
    });
    match trimmed.chars().next_back()? {
        ';' | '\u{37e}' if greek => Some('?'),
        '.' | '…' | '。' | '．' | '｡' | '।' | '۔' | '።' | '။' | '։' => Some('.'),
        '?' | '？' | '؟' | '\u{37e}' => Some('?'),
        '!' | '！' => Some('!'),
        ':' | '：' => Some(':'),
        ';' | '；' | '؛' => Some(';'),
        _ => None,
    }
}

fn leading_whitespace(text: &str) -> &str {
    &text[..text.len() - text.trim_start().len()]
}

fn trailing_whitespace(text: &str) -> &str {
    &text[text.trim_end().len()..]
}

/// The msgid as a report quotes it: escaped, cut after 50 characters.
fn quote_msgid(msgid: &str) -> String {
    const MAX: usize = 50;
    let mut quoted: String = msgid
        .chars()
        .take(MAX)
        .collect::<String>()
        .escape_debug()
        .to_string();
    if msgid.chars().count() > MAX {
        quoted.push('…');
    }
    format!("(msgid \"{quoted}\")")
}

fn problem(file: &PoFile, entry: &Entry, check: Check, reason: String) -> Problem {
    Problem {
        check,
        diagnostic: Diagnostic {
            file: file.path.clone(),
            line: entry.line,
            message: format!("{reason} {}", quote_msgid(&entry.msgid)),
        },
    }
}

/// Checks one entry against its msgid; untranslated entries are not
/// checked (the source text is shown for them). A fuzzy entry's previous
/// chapter translation may be shown, marked as outdated: only the markup it
/// adds is checked (what it keeps of the original waits for its review).
pub fn check_entry(file: &PoFile, entry: &Entry, context: &Context<'_>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let unused = entry.msgctxt.is_none()
        && context
            .used
            .is_some_and(|used| !used.contains(&entry.msgid));
    let shown_outdated = entry.fuzzy && entry.msgctxt.is_none() && !entry.msgstr.is_empty();
    if (!entry.is_translated() && !shown_outdated) || unused {
        return problems;
    }
    let kind = match (&entry.msgctxt, context.code) {
        (Some(_), _) => Kind::Words,
        (None, Some(code)) if code.contains(&entry.msgid) => Kind::Code,
        _ => Kind::Markdown,
    };
    let (source, translation) = match kind {
        Kind::Code => (plain_skeleton(&entry.msgid), plain_skeleton(&entry.msgstr)),
        _ => (skeleton(&entry.msgid), skeleton(&entry.msgstr)),
    };
    let mut report = |check: Check, reason: String| {
        problems.push(problem(file, entry, check, reason));
    };

    // Code is shown as text: nothing in it can be markup. (That a code
    // message cannot break out of its block is checked on the translated
    // chapter, where the block is.)
    if kind != Kind::Code {
        let additions = markup_additions(entry, &source, &translation);
        for reason in additions.unsafe_ {
            report(Check::Html, reason);
        }
        for reason in additions.structure {
            report(Check::Markup, reason);
        }
    }
    if shown_outdated {
        return problems;
    }

    // Chapter messages are Markdown; the site's own words are plain text
    // with `{placeholders}`.
    if kind == Kind::Markdown {
        // Every link target, image and code span of the original must be
        // in the translation (once is enough: a language may name a thing
        // fewer times, and may add its own).
        let keep = |what: &str, of: fn(&Skeleton) -> &BTreeMap<String, usize>| {
            let missing: Vec<&String> = of(&source)
                .keys()
                .filter(|k| !of(&translation).contains_key(*k))
                .collect();
            (!missing.is_empty()).then(|| {
                format!("the translation does not keep the {what} of the original: {missing:?}")
            })
        };
        for reason in [
            keep("link targets", |s| &s.links),
            keep("images", |s| &s.images),
            keep("code spans", |s| &s.code),
        ]
        .into_iter()
        .flatten()
        {
            report(Check::Markup, reason);
        }
        // A heading's id is what links point at: exactly the same.
        if source.ids != translation.ids {
            report(
                Check::Markup,
                format!(
                    "the translation does not keep the heading ids of the original: {:?}",
                    source.ids.keys().collect::<Vec<_>>()
                ),
            );
        }
        // Italic or bold: scripts without italics (Chinese, Japanese,
        // Korean) set emphasis in bold, so only the number of emphasized
        // spans counts, and a translation may stress more than its original.
        let spans = |s: &Skeleton| s.emphasis + s.strong;
        if spans(&translation) < spans(&source) {
            report(
                Check::Markup,
                format!(
                    "the translation does not keep the emphasis of the original: {} span(s) of *…* or **…**, not {}",
                    spans(&source),
                    spans(&translation)
                ),
            );
        }
    }
    let wanted = placeholders(&entry.msgid);
    if wanted != placeholders(&entry.msgstr) {
        report(
            Check::Markup,
            format!(
                "the translation does not keep the placeholders of the original: {:?}",
                wanted.keys().collect::<Vec<_>>()
            ),
        );
    }

    if let Some(glossary) = context.glossary {
        for term in glossary.misses(&entry.msgid, &entry.msgstr) {
            report(
                Check::Glossary,
                format!(
                    "glossary: “{}” is rendered “{}” ({})",
                    term.source,
                    term.target,
                    glossary.path.display()
                ),
            );
        }
    }

    for (what, of) in [
        ("leading", leading_whitespace as fn(&str) -> &str),
        ("trailing", trailing_whitespace),
    ] {
        if of(&entry.msgid) != of(&entry.msgstr) {
            report(
                Check::Whitespace,
                format!(
                    "{what} whitespace differs from the original: {:?} instead of {:?}",
                    of(&entry.msgstr),
                    of(&entry.msgid)
                ),
            );
        }
    }

    let language = file.header_field("Language").unwrap_or("");
    let is = |code: &str| {
        language == code
            || language.starts_with(&format!("{code}-"))
            || language.starts_with(&format!("{code}_"))
    };
    // Chinese, Japanese and Korean often end with a full stop the sentence
    // that introduces a list or code block, where English has a colon.
    let colon_is_stop = ["zh", "ja", "ko", "yue"].iter().any(|c| is(c));
    // Comments in code are punctuated by each language's habit (Chinese
    // and Japanese ones mostly not at all): only prose is compared.
    let punctuation = |skeleton: &Skeleton, greek: bool| match kind {
        Kind::Code => None,
        _ => final_punctuation(&skeleton.plain, greek),
    };
    match (
        punctuation(&source, false),
        punctuation(&translation, is("el")),
    ) {
        (a, b) if a == b => {}
        (Some(':'), Some('.')) if colon_is_stop => {}
        (Some(a), Some(b)) => report(
            Check::Punctuation,
            format!("ends with “{b}” but the original ends with “{a}”"),
        ),
        (Some(a), None) => report(
            Check::Punctuation,
            format!("the original ends with “{a}”, the translation does not"),
        ),
        // A full stop where the original has none (a list item, a code
        // comment) is the translator's to choose.
        (None, _) => {}
    }
    problems
}

/// Checks every entry of a catalog (fuzzy entries excepted: see
/// [`fuzzy_entries`]).
pub fn check_catalog(file: &PoFile, context: &Context<'_>) -> Vec<Problem> {
    file.entries()
        .iter()
        .flat_map(|e| check_entry(file, e, context))
        .collect()
}

/// A code message's skeleton: its text as it is.
fn plain_skeleton(text: &str) -> Skeleton {
    Skeleton {
        plain: text.to_string(),
        ..Skeleton::default()
    }
}

/// One problem per outdated (fuzzy) entry, with what changed in its
/// original when the catalog kept the previous one (`#| msgid`): a page
/// marks its translation as outdated until a translator reviews it.
/// `i18n check` fails on them; a build only warns.
pub fn fuzzy_entries(file: &PoFile) -> Vec<Problem> {
    file.entries()
        .iter()
        .filter(|e| e.fuzzy)
        .map(|e| {
            let reason = match crate::diff::entry_diff(e) {
                Some(parts) => format!(
                    "outdated: the original changed: “{}”; update the translation, then remove its `#, fuzzy` line",
                    crate::diff::render(&parts, Some(3))
                ),
                None => "outdated (`#, fuzzy`): review the translation, then remove its `#, fuzzy` line".into(),
            };
            problem(file, e, Check::Fuzzy, reason)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::Term;
    use std::path::PathBuf;

    #[track_caller]
    fn assert_qa_with(msgctxt: Option<&str>, msgid: &str, msgstr: &str, expected: &[&str]) {
        let file = PoFile::new("po/en.po", String::new(), Vec::new());
        let entry = Entry {
            line: 7,
            msgctxt: msgctxt.map(str::to_owned),
            msgid: msgid.into(),
            msgstr: msgstr.into(),
            ..Entry::default()
        };
        let glossary = Glossary {
            path: PathBuf::from("po/glossary/en.toml"),
            terms: vec![Term {
                source: "khu công nghiệp".into(),
                target: "industrial park".into(),
                note: None,
            }],
        };
        let context = Context {
            glossary: Some(&glossary),
            ..Context::default()
        };
        let got: Vec<String> = check_entry(&file, &entry, &context)
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert_eq!(got, expected);
    }

    #[track_caller]
    fn assert_qa(msgid: &str, msgstr: &str, expected: &[&str]) {
        assert_qa_with(None, msgid, msgstr, expected);
    }

    #[test]
    fn markup_must_be_kept() {
        assert_qa(
            "Xem [bài](a.md) và `x`",
            "See [the article](a.md) and `x`",
            &[],
        );
        assert_qa(
            "Xem [bài](a.md)",
            "See [the article](b.md)",
            &[
                "po/en.po:7: the translation does not keep the link targets of the original: [\"a.md\"] (msgid \"Xem [bài](a.md)\")",
            ],
        );
        assert_qa(
            "Mã `x`",
            "Code x",
            &[
                "po/en.po:7: the translation does not keep the code spans of the original: [\"x\"] (msgid \"Mã `x`\")",
            ],
        );
        assert_qa("Tiêu đề {#tieu-de}", "Title {#tieu-de}", &[]);
        assert_qa(
            "Tiêu đề {#tieu-de}",
            "Title {#title}",
            &[
                "po/en.po:7: the translation does not keep the heading ids of the original: [\"tieu-de\"] (msgid \"Tiêu đề {#tieu-de}\")",
            ],
        );
        assert_qa(
            "*Rất* quan trọng",
            "Very important",
            &[
                "po/en.po:7: the translation does not keep the emphasis of the original: 1 span(s) of *…* or **…**, not 0 (msgid \"*Rất* quan trọng\")",
            ],
        );
        // A translation may name a thing fewer times, or add its own code.
        assert_qa(
            "Dùng `cargo`, rồi `cargo run`",
            "Use `cargo run`",
            &[
                "po/en.po:7: the translation does not keep the code spans of the original: [\"cargo\"] (msgid \"Dùng `cargo`, rồi `cargo run`\")",
            ],
        );
        assert_qa("`Rc` và `Rc`", "`Rc` and its clone", &[]);
        assert_qa("Kiểu `&[T]`", "The type `&[T]`, as wide as `usize`", &[]);
        assert_qa("*Một*", "**One** *more*", &[]);
        // Italic set in bold, as Chinese and Japanese do, is kept.
        assert_qa("Một *khối* mã", "一个**块**", &[]);
        assert_qa(
            "*Hai* *lần*",
            "**两次**",
            &[
                "po/en.po:7: the translation does not keep the emphasis of the original: 2 span(s) of *…* or **…**, not 1 (msgid \"*Hai* *lần*\")",
            ],
        );
    }

    #[test]
    fn no_html_beyond_the_original() {
        assert_qa(
            "Xin <abbr title=\"Thành phố\">TP</abbr> chào",
            "Hello <abbr title=\"City\">HCMC</abbr> city",
            &[],
        );
        assert_qa(
            "Xin chào",
            "Hello<script>alert(1)</script>",
            &[
                "po/en.po:7: adds markup that is not in the original: <script> (msgid \"Xin chào\")",
                "po/en.po:7: adds markup that is not in the original: </script> (msgid \"Xin chào\")",
            ],
        );
        assert_qa(
            "Xin chào",
            "<iframe src=\"https://example.com\"></iframe>",
            &[
                "po/en.po:7: adds markup that is not in the original: <iframe> (msgid \"Xin chào\")",
                "po/en.po:7: adds markup that is not in the original: </iframe> (msgid \"Xin chào\")",
            ],
        );
        // Direction and ruby, which Persian, Arabic and Japanese use.
        assert_qa("Với C++", "با <span dir=\"ltr\">C++</span>", &[]);
        assert_qa(
            "Xin <b>chào</b>",
            "Hello <b onmouseover=\"x()\">there</b>",
            &[
                "po/en.po:7: adds the event-handler attribute `onmouseover` to <b> (not in the original) (msgid \"Xin <b>chào</b>\")",
            ],
        );
        assert_qa(
            "Xin <a href=\"a.html\">chào</a>",
            "Hello <a href=\" JavaScript:x()\">there</a>",
            &[
                "po/en.po:7: adds a `javascript:` URL in `href` of <a> (not in the original) (msgid \"Xin <a href=\\\"a.html\\\">chào</a>\")",
            ],
        );
        assert_qa(
            "Xem [bài](a.md)",
            "See [it](javascript:alert(1))",
            &[
                "po/en.po:7: links to a `javascript:` URL (not in the original): javascript:alert(1) (msgid \"Xem [bài](a.md)\")",
                "po/en.po:7: the translation does not keep the link targets of the original: [\"a.md\"] (msgid \"Xem [bài](a.md)\")",
            ],
        );
        // The site's own words are checked too.
        assert_qa_with(
            Some("ui:print"),
            "In trang này",
            "Print <img src=x onerror=alert(1)>",
            &[
                "po/en.po:7: adds the event-handler attribute `onerror` to <img> (not in the original) (msgid \"In trang này\")",
            ],
        );
        // Character references do not hide a scheme.
        assert_qa(
            "Xem [bài](a.md)",
            "See [it](javascript&#58;alert(1))",
            &[
                "po/en.po:7: links to a `javascript:` URL (not in the original): javascript:alert(1) (msgid \"Xem [bài](a.md)\")",
                "po/en.po:7: the translation does not keep the link targets of the original: [\"a.md\"] (msgid \"Xem [bài](a.md)\")",
            ],
        );
        assert_qa(
            "Xin <a href=\"a.html\">chào</a>",
            "Hello <A HREF=\"java&Tab;script&colon;x()\">there</A>",
            &[
                "po/en.po:7: adds a `javascript:` URL in `href` of <a> (not in the original) (msgid \"Xin <a href=\\\"a.html\\\">chào</a>\")",
            ],
        );
        // An unclosed comment would hide the rest of the page (inline, an
        // unclosed `<!--` is text; at the start of a block it is HTML).
        assert_qa(
            "Xin chào",
            "<!-- Hello there",
            &["po/en.po:7: adds markup that is not in the original: <!-- --> (msgid \"Xin chào\")"],
        );
        assert_qa(
            "Xin <!-- ghi chú --> chào",
            "Hello <!-- note --> there",
            &[],
        );
        // Escaped or coded, it is text.
        assert_qa(
            "Mã `x`",
            "Code `<script>`x",
            &[
                "po/en.po:7: the translation does not keep the code spans of the original: [\"x\"] (msgid \"Mã `x`\")",
            ],
        );
    }

    #[test]
    fn glossary_whitespace_punctuation_and_placeholders() {
        assert_qa(
            "Có 29 khu công nghiệp.",
            "There are 29 factories.",
            &[
                "po/en.po:7: glossary: “khu công nghiệp” is rendered “industrial park” (po/glossary/en.toml) (msgid \"Có 29 khu công nghiệp.\")",
            ],
        );
        assert_qa(
            "Xin chào.",
            " Hello.\n",
            &[
                "po/en.po:7: leading whitespace differs from the original: \" \" instead of \"\" (msgid \"Xin chào.\")",
                "po/en.po:7: trailing whitespace differs from the original: \"\\n\" instead of \"\" (msgid \"Xin chào.\")",
            ],
        );
        assert_qa("Xin chào…", "Hello...", &[]);
        assert_qa("Đề án “Vùng”.", "The “Region” project.", &[]);
        assert_qa("Là *gì?*", "What *is it?*", &[]);
        assert_qa(
            "Xin chào.",
            "Hello",
            &[
                "po/en.po:7: the original ends with “.”, the translation does not (msgid \"Xin chào.\")",
            ],
        );
        assert_qa(
            "Gồm:",
            "Including.",
            &["po/en.po:7: ends with “.” but the original ends with “:” (msgid \"Gồm:\")"],
        );
        assert_qa_with(
            Some("ui:search-results"),
            "{count} kết quả cho “{query}”",
            "{count} results",
            &[
                "po/en.po:7: the translation does not keep the placeholders of the original: [\"{count}\", \"{query}\"] (msgid \"{count} kết quả cho “{query}”\")",
            ],
        );
    }

    /// A message of a catalog in `language`, from a code block if `code`.
    #[track_caller]
    fn assert_qa_in(language: &str, code: bool, msgid: &str, msgstr: &str, expected: &[&str]) {
        let file = PoFile::new("po/x.po", format!("Language: {language}\n"), Vec::new());
        let entry = Entry {
            line: 3,
            msgid: msgid.into(),
            msgstr: msgstr.into(),
            ..Entry::default()
        };
        let code_messages = HashSet::from([msgid.to_string()]);
        let context = Context {
            code: code.then_some(&code_messages),
            ..Context::default()
        };
        let got: Vec<String> = check_entry(&file, &entry, &context)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(got, expected, "{language}: {msgstr:?}");
    }

    #[test]
    fn punctuation_is_compared_by_meaning_in_every_script() {
        for (language, msgid, msgstr) in [
            ("ja", "It is done.", "終わりました。"),
            ("zh", "Why?", "为什么？"),
            ("zh-TW", "Note:", "注意："),
            ("ar", "Why?", "لماذا؟"),
            ("fa", "Why?", "چرا؟"),
            ("hi", "It is done.", "यह हो गया।"),
            ("ur", "It is done.", "یہ ہو گیا۔"),
            ("am", "It is done.", "ተጠናቋል።"),
            ("hy", "It is done.", "Արված է։"),
            ("el", "Why?", "Γιατί;"),
            ("ja", "Say “yes.”", "「はい。」"),
            // A code span at the end is code, not punctuation.
            ("ja", "Introducing `?`", "`?`の導入"),
            ("ko", "Unpacking options with `?`", "`?`로 옵션 풀기"),
        ] {
            assert_qa_in(language, false, msgid, msgstr, &[]);
        }
        // A colon before a list may be a full stop in Chinese, Japanese and
        // Korean, not in German; a full stop the original lacks is fine.
        assert_qa_in("ja", false, "It has three kinds:", "三種類あります。", &[]);
        assert_qa_in(
            "de",
            false,
            "It has three kinds:",
            "Es gibt drei Arten.",
            &[
                "po/x.po:3: ends with “.” but the original ends with “:” (msgid \"It has three kinds:\")",
            ],
        );
        assert_qa_in(
            "ja",
            false,
            "[Modules](mod.md) - Organize code",
            "[モジュール](mod.md) - 整理しましょう。",
            &[],
        );
        // A semicolon is a semicolon outside Greek, a question mark in it.
        assert_qa_in(
            "fr",
            false,
            "Why?",
            "Pourquoi ;",
            &["po/x.po:3: ends with “;” but the original ends with “?” (msgid \"Why?\")"],
        );
        assert_qa_in(
            "el",
            false,
            "Stop;",
            "Σταμάτα;",
            &["po/x.po:3: ends with “?” but the original ends with “;” (msgid \"Stop;\")"],
        );
    }

    #[test]
    fn code_messages_are_text_not_markdown() {
        // Rust by Example: an unmatched backtick in a translated comment.
        assert_qa_in(
            "ja",
            true,
            "// This function combines two `Vec<i32>` and returns an iterator over it.\n",
            "// この関数は2つの`Vec<i32>を組み合わせて、そのイテレータを返します。\n",
            &[],
        );
        // Read as Markdown, the same text would add an element.
        assert_qa_in(
            "ja",
            false,
            "// This function combines two `Vec<i32>` and returns an iterator over it.",
            "// この関数は2つの`Vec<i32>を組み合わせて、そのイテレータを返します。",
            &[
                "po/x.po:3: adds the tag <i32>, which no browser shows (write it in a code span, or as &lt;…&gt;) (msgid \"// This function combines two `Vec<i32>` and retur…\")",
                "po/x.po:3: the translation does not keep the code spans of the original: [\"Vec<i32>\"] (msgid \"// This function combines two `Vec<i32>` and retur…\")",
            ],
        );
        // A comment's final stop is each language's habit.
        assert_qa_in("zh", true, "// Note the scope.\n", "// 注意作用域\n", &[]);
        // Whitespace and placeholders still count in code.
        assert_qa_in(
            "es",
            true,
            "\"Hello {name}!\\n\"",
            "\"¡Hola!\\n\"",
            &[
                "po/x.po:3: the translation does not keep the placeholders of the original: [\"{name}\"] (msgid \"\\\"Hello {name}!\\\\n\\\"\")",
            ],
        );
    }

    #[test]
    fn entries_no_chapter_uses_are_not_checked() {
        let file = PoFile::new(
            "po/en.po",
            String::new(),
            vec![
                Entry {
                    line: 4,
                    msgid: "Cũ".into(),
                    msgstr: "<i onclick=x>Old</i>".into(),
                    ..Entry::default()
                },
                Entry {
                    line: 8,
                    msgid: "Mới".into(),
                    msgstr: "<i onclick=x>New</i>".into(),
                    ..Entry::default()
                },
            ],
        );
        let used = HashSet::from(["Mới".to_string()]);
        let context = Context {
            used: Some(&used),
            ..Context::default()
        };
        let lines: Vec<usize> = check_catalog(&file, &context)
            .iter()
            .map(|p| p.diagnostic.line)
            .collect();
        assert_eq!(lines, [8]);
    }

    #[test]
    fn outdated_entries_are_checked_for_safety_only_and_reported_with_what_changed() {
        assert_qa("Xin chào.", "", &[]);
        let entry = |line: usize, msgstr: &str, previous: Option<&str>| Entry {
            line,
            msgid: format!("Xin chào bạn {line}."),
            msgstr: msgstr.into(),
            fuzzy: true,
            previous_msgid: previous.map(str::to_string),
            ..Entry::default()
        };
        let file = PoFile::new(
            "po/en.po",
            String::new(),
            vec![
                entry(9, "Hello <script>", None),
                entry(12, "*Hello.*", Some("Xin chào.")),
            ],
        );
        // Its previous translation may be shown: nothing unsafe in it; its
        // style waits for the review.
        let problems: Vec<String> = check_catalog(&file, &Context::default())
            .iter()
            .map(|p| p.to_string())
            .collect();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with("po/en.po:9: adds markup"),
            "{problems:?}"
        );
        let outdated: Vec<String> = fuzzy_entries(&file).iter().map(|p| p.to_string()).collect();
        assert_eq!(
            outdated,
            [
                "po/en.po:9: outdated (`#, fuzzy`): review the translation, then remove its `#, fuzzy` line (msgid \"Xin chào bạn 9.\")",
                "po/en.po:12: outdated: the original changed: “Xin chào{+ bạn 12+}.”; update the translation, then remove its `#, fuzzy` line (msgid \"Xin chào bạn 12.\")"
            ]
        );
    }

    #[test]
    fn long_msgids_are_cut_in_reports() {
        let long = "a".repeat(60);
        assert_eq!(
            quote_msgid(&long),
            format!("(msgid \"{}…\")", "a".repeat(50))
        );
    }
}

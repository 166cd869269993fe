//! What Markdown written by a translator may do, and what it may cost.
//!
//! A translation is Markdown that ends up in a page, so it could carry
//! script by any route Markdown has: raw HTML, a heading's `{attributes}`,
//! a link's URL, a reference definition that another message uses. Rather
//! than knowing every route, this module reads a text the way mdBook's
//! renderer does (the same parser, every extension on) and lists what it
//! *makes*: elements, attributes and URL schemes. A translation may make
//! nothing its original does not, beyond a few harmless inline forms
//! (emphasis, code, a plain web link). The QA checks compare each message
//! with its original; the translation compares each translated chapter with
//! its original chapter, which also covers what only appears in context.
//!
//! It also bounds the cost of hostile input: re-writing Markdown (which the
//! translation does) takes time and space quadratic in the nesting depth of
//! block quotes and lists, so nesting deeper than [`MAX_NESTING`] is refused.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use mdbook_markdown::pulldown_cmark::{Alignment, CodeBlockKind, Event, Tag, TagEnd};
use mdbook_markdown::{MarkdownOptions, new_cmark_parser};
use std::cell::RefCell;
use std::collections::BTreeSet;

/// The deepest nesting of block containers (quotes, lists, list items,
/// footnotes) a translated text may have. Real books nest a few levels.
pub const MAX_NESTING: usize = 32;

/// The parser mdBook renders with, with its defaults: every optional
/// extension on, so a text is read at least as richly as any `book.toml`
/// would have it read.
fn parser(text: &str) -> mdbook_markdown::pulldown_cmark::Parser<'_> {
    new_cmark_parser(text, &MarkdownOptions::default())
}

/// What a text makes when rendered.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Capabilities {
    /// Elements Markdown's own syntax makes (`h1`, `ul`, `img`), with the
    /// attributes it gives them (`ol start`, `code class`): structure.
    markdown: BTreeSet<(String, String)>,
    /// Elements of raw HTML (`script`, `!--` for a comment) and attributes
    /// anyone may name, in raw HTML or after a heading (`{onfocus=…}`):
    /// what could run script or change the page.
    free: BTreeSet<(String, String)>,
    /// URL schemes of links, images and URL attributes (`""` for relative).
    schemes: BTreeSet<String>,
}

/// What a translation makes that its original does not, by how much it
/// matters.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Additions {
    /// Raw HTML, attributes anyone may name, URL schemes that run code or
    /// carry content: such a translation is never built.
    pub unsafe_: Vec<String>,
    /// Markdown structure (a heading, a list, an image, a heading id): a
    /// style problem, since it changes the page's shape, not what it does.
    pub structure: Vec<String>,
}

/// What every translation may use: inline formatting and web links.
const HARMLESS: [(&str, &str); 11] = [
    ("p", ""),
    ("em", ""),
    ("strong", ""),
    ("del", ""),
    ("code", ""),
    ("a", ""),
    ("a", "href"),
    ("a", "title"),
    ("br", ""),
    ("sup", ""),
    ("sub", ""),
];
const HARMLESS_SCHEMES: [&str; 4] = ["", "http", "https", "mailto"];

/// Inline HTML a translation may add on its own: writing direction
/// (`<span dir="ltr">C++</span>` in Persian), ruby annotations for
/// Japanese and Chinese, and phrasing that cannot run anything, with at
/// most the attributes [`TRANSLATION_ATTRIBUTES`].
pub const TRANSLATION_ELEMENTS: [&str; 20] = [
    "span", "bdi", "bdo", "b", "i", "em", "strong", "small", "s", "u", "mark", "sub", "sup",
    "code", "kbd", "br", "wbr", "ruby", "rt", "rp",
];

/// The attributes those elements may carry (`class`: Comprehensive
/// Rust's Persian sets `<code class=hljs>`).
pub const TRANSLATION_ATTRIBUTES: [&str; 4] = ["dir", "lang", "title", "class"];

/// The elements of HTML (WHATWG's index, with the obsolete ones browsers
/// still parse) and the roots of SVG and MathML. A tag with another name
/// is an unknown element to a browser: shown as its text, it can do
/// nothing, so a translation that writes one (`Vec<T>` outside a code
/// span) has a style problem, not a safety one.
const HTML_ELEMENTS: [&str; 145] = [
    "a",
    "abbr",
    "acronym",
    "address",
    "applet",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "base",
    "basefont",
    "bdi",
    "bdo",
    "bgsound",
    "big",
    "blink",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "datalist",
    "dd",
    "del",
    "details",
    "dfn",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "i",
    "iframe",
    "image",
    "img",
    "input",
    "ins",
    "isindex",
    "kbd",
    "keygen",
    "label",
    "legend",
    "li",
    "link",
    "listing",
    "main",
    "map",
    "mark",
    "marquee",
    "math",
    "menu",
    "menuitem",
    "meta",
    "meter",
    "multicol",
    "nav",
    "nextid",
    "nobr",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "param",
    "picture",
    "plaintext",
    "portal",
    "pre",
    "progress",
    "q",
    "rb",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "samp",
    "script",
    "search",
    "section",
    "select",
    "slot",
    "small",
    "source",
    "spacer",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "track",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
    "xmp",
];

/// Whether a tag names no element of HTML ([`HTML_ELEMENTS`]) and carries
/// only attributes without a value, none an event handler: a browser shows
/// nothing for it, and runs nothing. That is a type written outside code,
/// `Vec<dyn Pet>` or `<T: Display>`.
pub fn is_unknown_element(tag: &HtmlTag) -> bool {
    tag.attrs
        .iter()
        .all(|(name, value)| value.is_empty() && !name.starts_with("on"))
        && !tag.name.contains(':')
        && !tag.name.starts_with('!')
        && !HTML_ELEMENTS.contains(&tag.name.as_str())
}

/// Whether a tag is inline HTML a translation may add ([`TRANSLATION_ELEMENTS`]).
pub fn is_translation_markup(tag: &HtmlTag) -> bool {
    TRANSLATION_ELEMENTS.contains(&tag.name.as_str())
        && tag
            .attrs
            .iter()
            .all(|(name, _)| TRANSLATION_ATTRIBUTES.contains(&name.as_str()))
}

/// Attributes whose value is a URL, in HTML.
const URL_ATTRIBUTES: [&str; 12] = [
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "cite",
    "background",
    "srcset",
    "xlink:href",
    "ping",
    "manifest",
];

impl Capabilities {
    /// What `markdown` makes, rendered on its own.
    pub fn of(markdown: &str) -> Capabilities {
        let mut caps = Capabilities::default();
        let mut html = String::new();
        for event in parser(markdown) {
            match event {
                Event::Start(tag) => caps.add_tag(&tag),
                Event::Code(_) => caps.element("code"),
                Event::Html(text) | Event::InlineHtml(text) => {
                    html.push_str(&text);
                    html.push('\n');
                }
                Event::InlineMath(_) | Event::DisplayMath(_) => caps.element("math"),
                Event::FootnoteReference(_) => {
                    caps.element("sup");
                    caps.element("a");
                }
                Event::TaskListMarker(_) => {
                    for attribute in ["", "type", "checked", "disabled"] {
                        caps.attribute("input", attribute);
                    }
                }
                Event::Rule => caps.element("hr"),
                Event::HardBreak => caps.element("br"),
                _ => {}
            }
        }
        for tag in html_tags(&html) {
            // Phrasing a translation may add, and tags that name no
            // element (the QA reports those): nothing that acts.
            if tag.end || is_translation_markup(&tag) || is_unknown_element(&tag) {
                continue;
            }
            caps.free.insert((tag.name.clone(), String::new()));
            for (name, value) in &tag.attrs {
                caps.free.insert((tag.name.clone(), name.clone()));
                if URL_ATTRIBUTES.contains(&name.as_str()) {
                    for url in value.split(',') {
                        caps.schemes.insert(scheme(url));
                    }
                }
            }
        }
        caps
    }

    fn element(&mut self, name: &str) {
        self.attribute(name, "");
    }

    fn attribute(&mut self, element: &str, name: &str) {
        self.markdown
            .insert((element.to_string(), name.to_string()));
    }

    fn add_tag(&mut self, tag: &Tag<'_>) {
        match tag {
            Tag::Paragraph => self.element("p"),
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } => {
                let name = level.to_string();
                self.element(&name);
                if id.is_some() {
                    self.attribute(&name, "id");
                }
                if !classes.is_empty() {
                    self.attribute(&name, "class");
                }
                // `{key=value}` names any attribute, `onfocus` included.
                for (key, _) in attrs {
                    self.free.insert((name.clone(), key.to_string()));
                }
            }
            Tag::BlockQuote(kind) => {
                self.element("blockquote");
                if kind.is_some() {
                    self.attribute("blockquote", "class");
                }
            }
            Tag::CodeBlock(kind) => {
                self.element("pre");
                self.element("code");
                if matches!(kind, CodeBlockKind::Fenced(info) if !info.is_empty()) {
                    self.attribute("code", "class");
                }
            }
            Tag::HtmlBlock => {}
            Tag::List(Some(start)) => {
                self.element("ol");
                if *start != 1 {
                    self.attribute("ol", "start");
                }
            }
            Tag::List(None) => self.element("ul"),
            Tag::Item => self.element("li"),
            Tag::FootnoteDefinition(_) => self.element("footnote"),
            Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
                self.element("dl")
            }
            Tag::Table(alignments) => {
                self.element("table");
                if alignments.iter().any(|a| *a != Alignment::None) {
                    self.attribute("td", "style");
                }
            }
            Tag::TableHead | Tag::TableRow | Tag::TableCell => {}
            Tag::Emphasis => self.element("em"),
            Tag::Strong => self.element("strong"),
            Tag::Strikethrough => self.element("del"),
            Tag::Superscript => self.element("sup"),
            Tag::Subscript => self.element("sub"),
            Tag::Link {
                dest_url, title, ..
            } => {
                self.attribute("a", "href");
                if !title.is_empty() {
                    self.attribute("a", "title");
                }
                self.schemes.insert(scheme(dest_url));
            }
            Tag::Image { dest_url, .. } => {
                self.attribute("img", "src");
                self.schemes.insert(scheme(dest_url));
            }
            Tag::MetadataBlock(_) => self.element("metadata"),
        }
    }

    /// What `self` makes that `original` does not, beyond the harmless
    /// forms and `allowed` (raw HTML the caller adds itself, as
    /// `(element, attribute)`, `""` for the element): one reason each.
    pub fn added_to(&self, original: &Capabilities, allowed: &[(&str, &str)]) -> Additions {
        let mut additions = Additions::default();
        let is_known = |(e, a): &(String, String), list: &[(&str, &str)]| {
            list.iter().any(|(le, la)| le == e && la == a)
        };
        for pair in self.free.difference(&original.free) {
            if !is_known(pair, allowed) {
                additions
                    .unsafe_
                    .push(describe_addition(pair, "the original does not have"));
            }
        }
        for scheme in self.schemes.difference(&original.schemes) {
            if !HARMLESS_SCHEMES.contains(&scheme.as_str()) {
                additions.unsafe_.push(format!(
                    "adds a `{scheme}:` URL, which the original does not have"
                ));
            }
        }
        for pair in self.markdown.difference(&original.markdown) {
            if !is_known(pair, &HARMLESS) {
                additions
                    .structure
                    .push(describe_addition(pair, "the original does not have"));
            }
        }
        additions
    }
}

/// "adds <h1>, which …" or "adds the attribute `x` to <h1>, which …".
fn describe_addition((element, attribute): &(String, String), which: &str) -> String {
    if attribute.is_empty() {
        format!("adds {}, which {which}", describe(element))
    } else {
        format!("adds the attribute `{attribute}` to <{element}>, which {which}")
    }
}

fn describe(element: &str) -> String {
    match element {
        "!--" => "an HTML comment".to_string(),
        "footnote" => "a footnote definition".to_string(),
        "metadata" => "a metadata block".to_string(),
        "dl" => "a definition list".to_string(),
        name => format!("<{name}>"),
    }
}

/// The scheme of a URL as a browser reads it (ASCII whitespace and control
/// characters ignored, any case), or `""` for a relative URL.
pub fn scheme(url: &str) -> String {
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match squeezed.split_once(':') {
        Some((scheme, _))
            if scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) =>
        {
            scheme.to_string()
        }
        _ => String::new(),
    }
}

/// The deepest nesting of block containers in `markdown`, and the line
/// where it is first reached (1-based). Linear: one parse.
pub fn nesting(markdown: &str) -> (usize, usize) {
    let (mut depth, mut deepest, mut at) = (0usize, 0usize, 0usize);
    for (event, range) in parser(markdown).into_offset_iter() {
        match event {
            Event::Start(
                Tag::BlockQuote(_) | Tag::List(_) | Tag::Item | Tag::FootnoteDefinition(_),
            ) => {
                depth += 1;
                if depth > deepest {
                    (deepest, at) = (depth, range.start);
                }
            }
            Event::End(
                TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item | TagEnd::FootnoteDefinition,
            ) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    let line = markdown
        .get(..at)
        .map_or(0, |head| head.matches('\n').count())
        + 1;
    (deepest, line)
}

/// One HTML tag, as the tokenizer read it: attributes sorted by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlTag {
    /// An end tag.
    pub end: bool,
    /// The element's name, lowercase (`!--` for a comment, `!doctype`).
    pub name: String,
    /// `(name, value)`, sorted.
    pub attrs: Vec<(String, String)>,
}

/// Collects the tags (and doctypes, as tags named `!doctype`) of a fragment.
#[derive(Default)]
struct TagSink(RefCell<Vec<HtmlTag>>);

impl TokenSink for TagSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) => {
                let mut attrs: Vec<(String, String)> = tag
                    .attrs
                    .iter()
                    .map(|a| (a.name.local.to_string(), a.value.to_string()))
                    .collect();
                attrs.sort();
                self.0.borrow_mut().push(HtmlTag {
                    end: tag.kind == TagKind::EndTag,
                    name: tag.name.to_string(),
                    attrs,
                });
            }
            Token::DoctypeToken(_) => self.0.borrow_mut().push(HtmlTag {
                end: false,
                name: "!doctype".into(),
                attrs: Vec::new(),
            }),
            // A comment shows nothing, but one left open hides the rest of
            // the page: a translation may not add one either.
            Token::CommentToken(_) => self.0.borrow_mut().push(HtmlTag {
                end: false,
                name: "!--".into(),
                attrs: Vec::new(),
            }),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// The tags of an HTML fragment, read by html5ever's tokenizer (the one
/// browsers' parsing algorithm specifies), never by pattern matching.
pub fn html_tags(html: &str) -> Vec<HtmlTag> {
    if html.is_empty() {
        return Vec::new();
    }
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(TagSink::default(), TokenizerOpts::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.take()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The unsafe additions, then the structural ones.
    #[track_caller]
    fn assert_added(original: &str, translation: &str, expected: &[&str]) {
        let added = Capabilities::of(translation).added_to(&Capabilities::of(original), &[]);
        let got: Vec<&str> = added
            .unsafe_
            .iter()
            .chain(&added.structure)
            .map(String::as_str)
            .collect();
        assert_eq!(got, expected, "{translation:?} against {original:?}");
    }

    #[track_caller]
    fn assert_unsafe(original: &str, translation: &str, expected: &[&str]) {
        let added = Capabilities::of(translation).added_to(&Capabilities::of(original), &[]);
        assert_eq!(
            added.unsafe_, expected,
            "{translation:?} against {original:?}"
        );
    }

    #[test]
    fn every_markdown_route_to_an_attribute_or_element_is_seen() {
        // Heading attributes, in ATX and setext headings and in list items:
        // unsafe (they name any attribute); the heading itself is structure.
        assert_added(
            "Xin chào.",
            "Hello.\n\n# Evil. {onmouseover=alert(1) autofocus onfocus=alert(2)}",
            &[
                "adds the attribute `autofocus` to <h1>, which the original does not have",
                "adds the attribute `onfocus` to <h1>, which the original does not have",
                "adds the attribute `onmouseover` to <h1>, which the original does not have",
                "adds <h1>, which the original does not have",
            ],
        );
        assert_unsafe(
            "Tiêu đề",
            "Evil {onmouseover=x}\n===",
            &["adds the attribute `onmouseover` to <h1>, which the original does not have"],
        );
        assert_added(
            "Mục",
            "Item\n\n- x\n\n  ## y {.c onfocus=x}",
            &[
                "adds the attribute `onfocus` to <h2>, which the original does not have",
                "adds <h2>, which the original does not have",
                "adds the attribute `class` to <h2>, which the original does not have",
                "adds <li>, which the original does not have",
                "adds <ul>, which the original does not have",
            ],
        );
        // Schemes, through links, images, references and raw HTML.
        assert_unsafe(
            "Xem [bài](a.md)",
            "See [it][x]\n\n[x]: javascript:alert(1)",
            &["adds a `javascript:` URL, which the original does not have"],
        );
        assert_added(
            "Ảnh",
            "![x](data:image/svg+xml;base64,PHN2Zz4=)",
            &[
                "adds a `data:` URL, which the original does not have",
                "adds the attribute `src` to <img>, which the original does not have",
            ],
        );
        assert_unsafe(
            "Xin <a href=\"a.html\">chào</a>",
            "Hi <a href=\" java\tscript:x()\">there</a>",
            &["adds a `javascript:` URL, which the original does not have"],
        );
        assert_unsafe(
            "Chào",
            "Hi<img src=x onerror=alert(1)>",
            &[
                "adds <img>, which the original does not have",
                "adds the attribute `onerror` to <img>, which the original does not have",
                "adds the attribute `src` to <img>, which the original does not have",
            ],
        );
    }

    #[test]
    fn direction_and_ruby_markup_is_not_unsafe() {
        assert_added("With C++", "با <span dir=ltr>C++</span>", &[]);
        assert_added("漢字", "<ruby>漢字<rt>かんじ</rt></ruby>", &[]);
        assert_added(
            "`-10`",
            "<span dir=ltr><code class=hljs>-10</code></span>",
            &[],
        );
        // An unknown tag (a type parameter outside code) is no danger.
        assert_added("`Vec<T>`", "Vec<T>", &[]);
        assert_added("`Vec<dyn Pet>`", "Vec<dyn Pet>", &[]);
        assert_unsafe(
            "`Vec<dyn Pet>`",
            "Vec<dyn onfocus autofocus>",
            &[
                "adds <dyn>, which the original does not have",
                "adds the attribute `autofocus` to <dyn>, which the original does not have",
                "adds the attribute `onfocus` to <dyn>, which the original does not have",
            ],
        );
        assert_unsafe(
            "`Vec<dyn Pet>`",
            "Vec<dyn title=x>",
            &[
                "adds <dyn>, which the original does not have",
                "adds the attribute `title` to <dyn>, which the original does not have",
            ],
        );
        assert_unsafe(
            "With C++",
            "با <span dir=ltr style=x>C++</span>",
            &[
                "adds <span>, which the original does not have",
                "adds the attribute `dir` to <span>, which the original does not have",
                "adds the attribute `style` to <span>, which the original does not have",
            ],
        );
    }

    #[test]
    fn markdown_structure_is_not_unsafe() {
        // Rust by Example's Chinese: a list item numbered by hand.
        assert_added(
            "`panic!` which we already decided to try to avoid if possible",
            "1. 使用 `panic!`（我们已经决定尽可能避免这种方式）",
            &[
                "adds <li>, which the original does not have",
                "adds <ol>, which the original does not have",
            ],
        );
        assert_unsafe("a", "- b\n\n> c\n\n```\nd\n```\n\n![e](f.png)", &[]);
    }

    #[test]
    fn harmless_forms_and_what_the_original_has_pass() {
        assert_added(
            "Xin chào",
            "Hello *there*, `code` and [a site](https://x.org)",
            &[],
        );
        assert_added("# Tiêu đề {#id .c}", "# Title {#id .c}", &[]);
        assert_added(
            "Xem <b title=\"x\">đây</b>",
            "See <b title=\"y\">here</b>",
            &[],
        );
        assert_added("- a\n- b", "- x\n- y", &[]);
    }

    #[track_caller]
    fn assert_scheme(url: &str, expected: &str) {
        assert_eq!(scheme(url), expected, "{url:?}");
    }

    #[test]
    fn schemes_are_read_as_browsers_read_them() {
        assert_scheme("a.md", "");
        assert_scheme("../x/y.html#z", "");
        assert_scheme("#top", "");
        assert_scheme("HTTPS://x.org", "https");
        assert_scheme(" java\nscript:x", "javascript");
        assert_scheme("1a:b", "");
        assert_scheme("a b:c", "ab");
    }

    #[test]
    fn nesting_is_measured_in_one_pass() {
        assert_eq!(nesting("text"), (0, 1));
        assert_eq!(nesting("> a\n>\n> > b"), (2, 3));
        assert_eq!(nesting("- a\n  - b\n    - c"), (6, 3));
        let deep = format!("x\n\n{} text\n", ">".repeat(100_000));
        assert_eq!(nesting(&deep), (100_000, 3));
    }
}

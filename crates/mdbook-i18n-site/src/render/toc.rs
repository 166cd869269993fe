//! The table of contents, rendered once per language instead of once per page.
//!
//! The theme writes the whole table of contents into every page, so that the
//! sidebar works without JavaScript. mdBook's `{{#toc}}` helper renders it
//! again for every page, and the localize pass would then tokenize it again
//! in every page: on a 1,000-chapter book that is most of the build. So the
//! builder hands mdBook a copy of the theme whose `{{#toc}}{{/toc}}` is an
//! empty marked element ([`TOC_MARKER`]), renders the same markup once from
//! the preprocessed (translated) book, and the localize pass puts it in each
//! page, with the page's own link marked and the links made relative to it.
//! The theme in `theme/` is untouched: a plain `mdbook build` still works.

use anyhow::{Context, Result, bail};
use mdbook_core::utils::escape_html_attribute;
use mdbook_driver::book::{Book, BookItem};
use std::cmp::Ordering;
use std::fs;
use std::path::Path;

/// The helper call the theme's `index.hbs` holds once.
const TOC_HELPER: &str = "{{#toc}}{{/toc}}";

/// The element that stands in for the table of contents in the generated
/// theme; the localize pass replaces it.
const TOC_MARKER: &str = "<ol data-toc></ol>";

/// The selector of [`TOC_MARKER`], for the localize pass.
pub const TOC_SELECTOR: &str = "ol[data-toc]";

/// Copies the theme in `theme_dir` to `to` with the table of contents in
/// `index.hbs` replaced by an empty `<ol data-toc>` ([`mark_template`]).
pub fn write_marked_theme(theme_dir: &Path, to: &Path) -> Result<()> {
    crate::project::copy_tree(theme_dir, to)?;
    mark_template(&to.join("index.hbs"), &theme_dir.join("index.hbs"))
}

/// Replaces the table of contents in the template at `index` by an empty
/// `<ol data-toc>` (a template edit, not HTML parsing: the helper call is a
/// fixed string); `source` names the template in errors.
pub fn mark_template(index: &Path, source: &Path) -> Result<()> {
    let template =
        fs::read_to_string(index).with_context(|| format!("reading {}", source.display()))?;
    let count = template.matches(TOC_HELPER).count();
    if count != 1 {
        bail!(
            "{}: the builder expects `{TOC_HELPER}` exactly once (the sidebar's table of contents), found it {count} times",
            source.display()
        );
    }
    let marked = template.replace(TOC_HELPER, TOC_MARKER);
    fs::write(index, marked).with_context(|| format!("writing {}", index.display()))
}

/// Up to this size (of the markup) every page carries the whole table of
/// contents; above it, an excerpt around the page and a link to the whole
/// one in the language's `toc.html` ([`Toc::in_page`]). Our own book's is
/// about 1 KB; 16 KB is about 100 chapters.
pub const WHOLE_TOC_BUDGET: usize = 16 * 1024;

/// The contents page, one per language, when pages carry an excerpt.
pub const CONTENTS_PAGE: &str = "toc.html";

/// Entries an excerpt shows on each side of the reader's place, per level.
const WINDOW: usize = 3;

/// A rendered table of contents: mdBook's markup, with each link kept apart
/// so that a page can mark its own and make the others relative to itself,
/// and the same entries as a tree, for excerpts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Toc {
    pieces: Vec<Piece>,
    /// The length of the markup, to allocate each page's copy once.
    len: usize,
    tree: Vec<Node>,
}

/// An entry of the table of contents and the entries under it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Node {
    entry: Entry,
    children: Vec<Node>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Entry {
    /// A chapter: its href from the book's root (none for a draft) and its
    /// label's markup (number and name, escaped).
    Chapter {
        href: Option<String>,
        label: String,
    },
    /// A part title's markup (escaped).
    Part(String),
    Separator,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Markup(String),
    /// An `<a href="…">` start tag, by its href (from the book's root).
    Link(String),
}

/// How mdBook's `[output.html]` settings shape the table of contents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TocOptions {
    /// `no-section-label`: no chapter numbers.
    pub no_section_label: bool,
    /// `fold.enable`
    pub fold_enable: bool,
    /// `fold.level`
    pub fold_level: u64,
}

impl Toc {
    /// Renders the table of contents of `book` the way mdBook's `{{#toc}}`
    /// helper does (mdbook-html 0.5.4, `helpers/toc.rs`) for a page.
    pub fn render(book: &Book, options: TocOptions) -> Toc {
        Toc::render_leading_to(book, options, &|href| href)
    }

    /// The same, each chapter's link leading to `page(href)` instead: the
    /// contents of a language's side-by-side pages.
    pub fn render_leading_to(
        book: &Book,
        options: TocOptions,
        page: &dyn Fn(String) -> String,
    ) -> Toc {
        let mut toc = Toc::default();
        toc.markup("<ol class=\"chapter\">");
        let mut current_level = 1;
        let mut first = true;
        for item in book.iter() {
            let section = match item {
                BookItem::Chapter(ch) => ch.number.as_ref().map(ToString::to_string),
                _ => None,
            };
            let level = section.as_ref().map_or(1, |s| s.matches('.').count());
            let is_expanded =
                !options.fold_enable || (level.saturating_sub(1) as u64) < options.fold_level;
            match level.cmp(&current_level) {
                Ordering::Greater => {
                    current_level += 1;
                    toc.markup("<ol class=\"section\">");
                }
                Ordering::Less => {
                    while level < current_level {
                        toc.markup("</li></ol>");
                        current_level -= 1;
                    }
                }
                Ordering::Equal if !first => toc.markup("</li>"),
                Ordering::Equal => {}
            }
            toc.markup(if is_expanded {
                "<li class=\"chapter-item expanded \">"
            } else {
                "<li class=\"chapter-item \">"
            });
            first = false;

            let chapter = match item {
                BookItem::Separator => {
                    toc.markup("<li class=\"spacer\"></li>");
                    continue;
                }
                BookItem::PartTitle(title) => {
                    toc.markup("<li class=\"part-title\">");
                    toc.markup(&escape_html_attribute(title));
                    toc.markup("</li>");
                    continue;
                }
                BookItem::Chapter(chapter) => chapter,
            };
            toc.markup("<span class=\"chapter-link-wrapper\">");
            let href = chapter_href(chapter).map(page);
            match &href {
                Some(href) => toc.link(href),
                None => toc.markup("<span>"),
            }
            if !options.no_section_label
                && let Some(section) = &section
            {
                toc.markup("<strong aria-hidden=\"true\">");
                toc.markup(section);
                toc.markup("</strong> ");
            }
            toc.markup(&escape_html_attribute(&chapter.name));
            toc.markup(if href.is_some() { "</a>" } else { "</span>" });
            if options.fold_enable && !chapter.sub_items.is_empty() {
                toc.markup("<a class=\"chapter-fold-toggle\"><div>❱</div></a>");
            }
            toc.markup("</span>");
        }
        while current_level > 0 {
            toc.markup("</li></ol>");
            current_level -= 1;
        }
        toc.tree = tree(&book.items, options, page);
        toc
    }

    /// Every chapter with a page, in order: its href from the book's root
    /// and its label's markup (escaped).
    pub fn chapters(&self) -> Vec<(&str, &str)> {
        fn walk<'t>(nodes: &'t [Node], out: &mut Vec<(&'t str, &'t str)>) {
            for node in nodes {
                if let Entry::Chapter {
                    href: Some(href),
                    label,
                } = &node.entry
                {
                    out.push((href, label));
                }
                walk(&node.children, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.tree, &mut out);
        out
    }

    /// Whether pages carry an excerpt and link to [`CONTENTS_PAGE`].
    pub fn is_excerpted(&self) -> bool {
        self.len > WHOLE_TOC_BUDGET
    }

    /// The table of contents for the page at `page_path`: the whole one
    /// ([`Toc::for_page`]) in a small book; in a large one an excerpt whose
    /// size does not grow with the book — at each level from the top down
    /// to the page, the first and last entries and those within [`WINDOW`]
    /// of the way to the page, then the page's first children — with gaps
    /// marked and a link, `all_contents`, to the whole table on the
    /// language's [`CONTENTS_PAGE`].
    pub fn in_page(&self, page_path: &str, all_contents: &str) -> String {
        if !self.is_excerpted() {
            return self.for_page(page_path);
        }
        self.excerpt_for(page_path, all_contents)
    }

    fn excerpt_for(&self, page_path: &str, all_contents: &str) -> String {
        let up = "../".repeat(page_path.matches('/').count());
        let chain = chain_to(&self.tree, page_path).unwrap_or_default();
        let mut html = String::from("<ol class=\"chapter\">");
        excerpt(&self.tree, &chain, page_path, &up, &mut html);
        html.push_str("</ol><p class=\"toc-all\"><a href=\"");
        html.push_str(&up);
        html.push_str(CONTENTS_PAGE);
        html.push_str("\">");
        html.push_str(&escape_html_attribute(all_contents));
        html.push_str("</a></p>");
        html
    }

    fn markup(&mut self, text: &str) {
        self.len += text.len();
        match self.pieces.last_mut() {
            Some(Piece::Markup(last)) => last.push_str(text),
            _ => self.pieces.push(Piece::Markup(text.to_string())),
        }
    }

    fn link(&mut self, href: &str) {
        self.len += href.len() + "<a href=\"\">".len();
        self.pieces.push(Piece::Link(href.to_string()));
    }

    /// The whole table as nested lists in which each chapter with a page
    /// leads to the next of `anchors` (fragments of one page: the print
    /// page's chapters, in the table's order).
    pub fn with_anchors(&self, anchors: &[String]) -> String {
        let mut anchors = anchors.iter();
        let mut html = String::from("<ol>");
        // Depth first without recursion: a SUMMARY.md may nest deeply.
        let mut stack: Vec<std::slice::Iter<'_, Node>> = vec![self.tree.iter()];
        while let Some(level) = stack.last_mut() {
            let Some(node) = level.next() else {
                stack.pop();
                html.push_str(if stack.is_empty() {
                    "</ol>"
                } else {
                    "</ol></li>"
                });
                continue;
            };
            match &node.entry {
                Entry::Separator => continue,
                Entry::Part(title) => {
                    html.push_str("<li class=\"part-title\">");
                    html.push_str(title);
                }
                Entry::Chapter { href, label } => {
                    html.push_str("<li>");
                    match href.as_ref().and_then(|_| anchors.next()) {
                        Some(anchor) => {
                            html.push_str("<a href=\"#");
                            html.push_str(&escape_html_attribute(anchor));
                            html.push_str("\">");
                            html.push_str(label);
                            html.push_str("</a>");
                        }
                        None => {
                            html.push_str("<span>");
                            html.push_str(label);
                            html.push_str("</span>");
                        }
                    }
                }
            }
            if node.children.is_empty() {
                html.push_str("</li>");
            } else {
                html.push_str("<ol>");
                stack.push(node.children.iter());
            }
        }
        html
    }

    /// The table of contents in the page at `page_path` (inside its
    /// language's folder): the page's own link gets `aria-current="page"`,
    /// and a page in a sub-folder gets links relative to itself.
    pub fn for_page(&self, page_path: &str) -> String {
        let up = "../".repeat(page_path.matches('/').count());
        let mut html = String::with_capacity(self.len + 64 + 8 * self.pieces.len());
        for piece in &self.pieces {
            match piece {
                Piece::Markup(text) => html.push_str(text),
                Piece::Link(href) => push_link(&mut html, href, page_path, &up),
            }
        }
        html
    }
}

/// The page of `chapter`, from the book's root (none for a draft).
fn chapter_href(chapter: &mdbook_driver::book::Chapter) -> Option<String> {
    chapter
        .path
        .as_deref()
        .filter(|p| !p.as_os_str().is_empty())
        .map(|p| {
            p.with_extension("html")
                .to_string_lossy()
                .replace('\\', "/")
        })
}

/// The tree of `items`, with each chapter's label as the full table shows it.
fn tree(items: &[BookItem], options: TocOptions, page: &dyn Fn(String) -> String) -> Vec<Node> {
    items
        .iter()
        .map(|item| match item {
            BookItem::Separator => Node {
                entry: Entry::Separator,
                children: Vec::new(),
            },
            BookItem::PartTitle(title) => Node {
                entry: Entry::Part(escape_html_attribute(title).into_owned()),
                children: Vec::new(),
            },
            BookItem::Chapter(chapter) => {
                let mut label = String::new();
                if !options.no_section_label
                    && let Some(number) = &chapter.number
                {
                    label.push_str("<strong aria-hidden=\"true\">");
                    label.push_str(&number.to_string());
                    label.push_str("</strong> ");
                }
                label.push_str(&escape_html_attribute(&chapter.name));
                Node {
                    entry: Entry::Chapter {
                        href: chapter_href(chapter).map(page),
                        label,
                    },
                    children: tree(&chapter.sub_items, options, page),
                }
            }
        })
        .collect()
}

/// The indices, level by level, of the way down to the chapter at
/// `page_path`; `None` if no chapter is there (the index, print or 404 page).
fn chain_to(nodes: &[Node], page_path: &str) -> Option<Vec<usize>> {
    // Depth first without recursion: a SUMMARY.md may nest deeply.
    let mut stack: Vec<(&[Node], usize)> = vec![(nodes, 0)];
    while let Some((level, i)) = stack.last_mut() {
        let Some(node) = level.get(*i) else {
            stack.pop();
            if let Some((_, parent)) = stack.last_mut() {
                *parent += 1;
            }
            continue;
        };
        if matches!(&node.entry, Entry::Chapter { href: Some(h), .. } if h == page_path) {
            return Some(stack.iter().map(|(_, i)| *i).collect());
        }
        if node.children.is_empty() {
            *i += 1;
        } else {
            stack.push((&node.children, 0));
        }
    }
    None
}

/// Which of `len` entries an excerpt shows: the first, the last, and those
/// within [`WINDOW`] of `focus` (of the first ones if there is none).
fn shown_entries(len: usize, focus: Option<usize>) -> Vec<usize> {
    let centre = focus.unwrap_or(WINDOW);
    let mut shown: Vec<usize> = (centre.saturating_sub(WINDOW)..=centre + WINDOW)
        .chain([0, len.saturating_sub(1)])
        .filter(|&i| i < len)
        .collect();
    shown.sort_unstable();
    shown.dedup();
    shown
}

/// Writes the excerpt of one level, `nodes`, and below the entry `chain`
/// leads through, the next level.
fn excerpt(nodes: &[Node], chain: &[usize], page_path: &str, up: &str, html: &mut String) {
    // One frame per level open on the way down: (nodes, chain, shown, next).
    let mut stack = vec![(
        nodes,
        chain,
        shown_entries(nodes.len(), chain.first().copied()),
        0,
    )];
    while let Some(frame) = stack.last_mut() {
        let (nodes, chain, shown, next) = (frame.0, frame.1, &frame.2, frame.3);
        let Some(&i) = shown.get(next) else {
            stack.pop();
            if !stack.is_empty() {
                html.push_str("</ol></li>");
            }
            continue;
        };
        let gap = if next == 0 {
            i > 0
        } else {
            i > shown[next - 1] + 1
        };
        frame.3 += 1;
        if gap {
            html.push_str("<li class=\"toc-gap\" aria-hidden=\"true\">…</li>");
        }
        let node = &nodes[i];
        match &node.entry {
            Entry::Separator => html.push_str("<li class=\"spacer\"></li>"),
            Entry::Part(title) => {
                html.push_str("<li class=\"part-title\">");
                html.push_str(title);
                html.push_str("</li>");
            }
            Entry::Chapter { href, label } => {
                html.push_str(
                    "<li class=\"chapter-item expanded \"><span class=\"chapter-link-wrapper\">",
                );
                match href {
                    Some(href) => push_link(html, href, page_path, up),
                    None => html.push_str("<span>"),
                }
                html.push_str(label);
                html.push_str(if href.is_some() { "</a>" } else { "</span>" });
                html.push_str("</span>");
                let open = chain.first() == Some(&i) && !node.children.is_empty();
                if open {
                    html.push_str("<ol class=\"section\">");
                    let below = &chain[1..];
                    let children = shown_entries(node.children.len(), below.first().copied());
                    stack.push((&node.children, below, children, 0));
                } else {
                    html.push_str("</li>");
                }
            }
        }
    }
}

/// An `<a href="…">` start tag for `href` (from the book's root) in the page
/// at `page_path`, `up` being the way from it to the root.
fn push_link(html: &mut String, href: &str, page_path: &str, up: &str) {
    html.push_str("<a href=\"");
    if !href.contains("://") && !href.starts_with(['/', '#']) {
        html.push_str(up);
    }
    html.push_str(href);
    html.push('"');
    if href == page_path {
        html.push_str(" aria-current=\"page\"");
    }
    html.push('>');
}

#[cfg(test)]
mod tests {
    use super::*;
    use mdbook_driver::book::{Chapter, SectionNumber};
    use pretty_assertions::assert_eq;

    fn chapter(name: &str, number: &[u32], path: Option<&str>, sub: Vec<BookItem>) -> BookItem {
        let mut ch = Chapter::new(name, String::new(), path.unwrap_or(""), Vec::new());
        ch.number = (!number.is_empty()).then(|| SectionNumber::new(number.to_vec()));
        ch.path = path.map(Into::into);
        ch.sub_items = sub;
        BookItem::Chapter(ch)
    }

    fn book(items: Vec<BookItem>) -> Book {
        Book::new_with_items(items)
    }

    #[track_caller]
    fn assert_toc(items: Vec<BookItem>, options: TocOptions, page: &str, expected: &str) {
        assert_eq!(Toc::render(&book(items), options).for_page(page), expected);
    }

    #[test]
    fn the_print_pages_contents_lead_to_each_chapters_anchor() {
        let items = vec![
            chapter("Intro", &[], Some("README.md"), vec![]),
            BookItem::PartTitle("Part <1>".into()),
            chapter(
                "A",
                &[1],
                Some("a.md"),
                vec![
                    chapter("Draft", &[1, 1], None, vec![]),
                    chapter("B", &[1, 2], Some("a/b.md"), vec![]),
                ],
            ),
            BookItem::Separator,
        ];
        let toc = Toc::render(&book(items), PLAIN);
        let anchors = ["intro", "a", "b-1"].map(String::from);
        assert_eq!(
            toc.with_anchors(&anchors),
            concat!(
                "<ol><li><a href=\"#intro\">Intro</a></li><li class=\"part-title\">Part &lt;1&gt;</li>",
                "<li><a href=\"#a\">A</a><ol><li><span>Draft</span></li><li><a href=\"#b-1\">B</a></li></ol></li></ol>"
            )
        );
    }

    const LABELLED: TocOptions = TocOptions {
        no_section_label: false,
        fold_enable: false,
        fold_level: 0,
    };
    const PLAIN: TocOptions = TocOptions {
        no_section_label: true,
        ..LABELLED
    };

    #[test]
    fn renders_like_mdbooks_helper() {
        let li = r#"<li class="chapter-item expanded ">"#;
        let wrap = r#"<span class="chapter-link-wrapper">"#;
        // An unnumbered prefix chapter, this page, escaped names.
        assert_toc(
            vec![
                chapter("Intro", &[], Some("index.md"), vec![]),
                chapter("A & \"B\"", &[1], Some("a.md"), vec![]),
            ],
            LABELLED,
            "a.html",
            &format!(
                r#"<ol class="chapter">{li}{wrap}<a href="index.html">Intro</a></span></li>{li}{wrap}<a href="a.html" aria-current="page"><strong aria-hidden="true">1.</strong> A &amp; &quot;B&quot;</a></span></li></ol>"#
            ),
        );
        // Nesting, from a page in a sub-folder; a draft chapter has no link.
        assert_toc(
            vec![chapter(
                "A",
                &[1],
                Some("a.md"),
                vec![
                    chapter("B", &[1, 1], Some("d/b.md"), vec![]),
                    chapter("Draft", &[1, 2], None, vec![]),
                ],
            )],
            PLAIN,
            "d/b.html",
            &format!(
                r#"<ol class="chapter">{li}{wrap}<a href="../a.html">A</a></span><ol class="section">{li}{wrap}<a href="../d/b.html" aria-current="page">B</a></span></li>{li}{wrap}<span>Draft</span></span></li></ol></li></ol>"#
            ),
        );
        // Part titles and separators; back up two levels at once.
        assert_toc(
            vec![
                BookItem::PartTitle("P <1>".into()),
                chapter(
                    "A",
                    &[1],
                    Some("a.md"),
                    vec![chapter(
                        "B",
                        &[1, 1],
                        Some("b.md"),
                        vec![chapter("C", &[1, 1, 1], Some("c.md"), vec![])],
                    )],
                ),
                BookItem::Separator,
            ],
            PLAIN,
            "index.html",
            &format!(
                r#"<ol class="chapter">{li}<li class="part-title">P &lt;1&gt;</li></li>{li}{wrap}<a href="a.html">A</a></span><ol class="section">{li}{wrap}<a href="b.html">B</a></span><ol class="section">{li}{wrap}<a href="c.html">C</a></span></li></ol></li></ol>{li}<li class="spacer"></li></li></ol>"#
            ),
        );
    }

    /// A book of `top` chapters, each with `sub` sub-chapters.
    fn wide_book(top: u32, sub: u32) -> Vec<BookItem> {
        (1..=top)
            .map(|i| {
                let children = (1..=sub)
                    .map(|j| {
                        chapter(
                            &format!("C{i}.{j}"),
                            &[i, j],
                            Some(&format!("c{i}/{j}.md")),
                            vec![],
                        )
                    })
                    .collect();
                chapter(&format!("C{i}"), &[i], Some(&format!("c{i}.md")), children)
            })
            .collect()
    }

    #[test]
    fn an_excerpt_shows_the_way_to_the_page_its_neighbours_and_the_ends() {
        let toc = Toc::render(&book(wide_book(10, 10)), PLAIN);
        let li = r#"<li class="chapter-item expanded "><span class="chapter-link-wrapper">"#;
        let gap = r#"<li class="toc-gap" aria-hidden="true">…</li>"#;
        let entry =
            |href: &str, name: &str| format!(r#"{li}<a href="../{href}">{name}</a></span></li>"#);
        let mut expected = String::from(r#"<ol class="chapter">"#);
        // Top level: the first, C3–C9 around C6, the last.
        expected.push_str(&entry("c1.html", "C1"));
        expected.push_str(gap);
        for i in 3..=5 {
            expected.push_str(&entry(&format!("c{i}.html"), &format!("C{i}")));
        }
        expected.push_str(&format!(
            r#"{li}<a href="../c6.html">C6</a></span><ol class="section">"#
        ));
        // Its children: the first, those around C6.9, which is this page.
        expected.push_str(&entry("c6/1.html", "C6.1"));
        expected.push_str(gap);
        for j in 6..=8 {
            expected.push_str(&entry(&format!("c6/{j}.html"), &format!("C6.{j}")));
        }
        expected.push_str(&format!(
            r#"{li}<a href="../c6/9.html" aria-current="page">C6.9</a></span></li>"#
        ));
        expected.push_str(&entry("c6/10.html", "C6.10"));
        expected.push_str("</ol></li>");
        for i in 7..=10 {
            expected.push_str(&entry(&format!("c{i}.html"), &format!("C{i}")));
        }
        expected.push_str(
            r#"</ol><p class="toc-all"><a href="../toc.html">All &lt;chapters&gt;</a></p>"#,
        );
        assert_eq!(toc.excerpt_for("c6/9.html", "All <chapters>"), expected);

        // A page not in the table (the index): the first entries, the last.
        let index = toc.excerpt_for("index.html", "All");
        assert!(
            index.contains(r#"<a href="c7.html">C7</a></span></li><li class="toc-gap""#),
            "{index}"
        );
        assert!(
            !index.contains("C1.1") && !index.contains("aria-current"),
            "{index}"
        );
    }

    #[test]
    fn a_page_carries_the_same_excerpt_size_in_a_book_ten_times_larger() {
        let small = Toc::render(&book(wide_book(20, 10)), LABELLED);
        let large = Toc::render(&book(wide_book(200, 10)), LABELLED);
        assert!(small.is_excerpted() && large.is_excerpted());
        for page in ["c1.html", "c10/5.html", "c20/10.html", "index.html"] {
            let (a, b) = (small.in_page(page, "All"), large.in_page(page, "All"));
            // At most the few neighbours an end of the smaller book cuts off
            // (WINDOW a level), each a digit longer.
            assert!(
                b.len() <= a.len() + 1024,
                "{page}: {} against {}",
                b.len(),
                a.len()
            );
            assert!(b.len() < 4096, "{page}: {}", b.len());
        }
        // A small book's pages carry the whole table.
        let whole = Toc::render(&book(wide_book(3, 3)), LABELLED);
        assert!(!whole.is_excerpted());
        assert_eq!(whole.in_page("c2.html", "All"), whole.for_page("c2.html"));
    }

    #[test]
    fn folding_collapses_deep_levels_and_adds_toggles() {
        let folded = TocOptions {
            fold_enable: true,
            fold_level: 1,
            ..PLAIN
        };
        assert_toc(
            vec![chapter(
                "A",
                &[1],
                Some("a.md"),
                vec![chapter("B", &[1, 1], Some("b.md"), vec![])],
            )],
            folded,
            "a.html",
            concat!(
                r#"<ol class="chapter"><li class="chapter-item expanded "><span class="chapter-link-wrapper">"#,
                r#"<a href="a.html" aria-current="page">A</a><a class="chapter-fold-toggle"><div>❱</div></a></span>"#,
                r#"<ol class="section"><li class="chapter-item "><span class="chapter-link-wrapper"><a href="b.html">B</a></span></li></ol></li></ol>"#
            ),
        );
    }

    #[test]
    fn the_theme_copy_has_a_marker_instead_of_the_helper() {
        let dir = tempfile::tempdir().unwrap();
        let theme = dir.path().join("theme");
        fs::create_dir_all(theme.join("css")).unwrap();
        fs::write(theme.join("css/general.css"), "a{}").unwrap();
        fs::write(
            theme.join("index.hbs"),
            "<nav>\n    {{#toc}}{{/toc}}\n</nav>",
        )
        .unwrap();
        let copy = dir.path().join("copy");
        write_marked_theme(&theme, &copy).unwrap();
        assert_eq!(
            fs::read_to_string(copy.join("index.hbs")).unwrap(),
            "<nav>\n    <ol data-toc></ol>\n</nav>"
        );
        assert_eq!(
            fs::read_to_string(copy.join("css/general.css")).unwrap(),
            "a{}"
        );

        fs::write(theme.join("index.hbs"), "<nav></nav>").unwrap();
        let err = write_marked_theme(&theme, &dir.path().join("copy2")).unwrap_err();
        assert!(format!("{err:#}").contains("found it 0 times"), "{err:#}");
    }

    /// A real book through mdBook: every page the marked theme renders, with
    /// the table of contents put back, equals the page the theme's helper
    /// renders (the string the template writes stands in for the marker).
    #[track_caller]
    fn assert_same_pages_as_mdbook(html_config: &str) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let src = root.join("src");
        fs::create_dir_all(src.join("sub")).unwrap();
        fs::write(
            src.join("SUMMARY.md"),
            concat!(
                "# Summary\n\n[Intro](index.md)\n\n# Part <one> & \"two\"\n\n",
                "- [A & B](a.md)\n  - [Nested](sub/b.md)\n    - [Deeper](sub/c.md)\n  - [Draft]()\n",
                "- [C's](c.md)\n\n---\n\n# Part two\n\n- [D](d.md)\n\n[Suffix](suffix.md)\n"
            ),
        )
        .unwrap();
        for file in [
            "index.md",
            "a.md",
            "sub/b.md",
            "sub/c.md",
            "c.md",
            "d.md",
            "suffix.md",
        ] {
            fs::write(src.join(file), format!("# {file}\n\ntext\n")).unwrap();
        }
        let theme = root.join("theme");
        fs::create_dir_all(&theme).unwrap();
        fs::write(
            theme.join("index.hbs"),
            "<nav>\n    {{#toc}}{{/toc}}\n</nav>\n<main>{{{ content }}}</main>\n",
        )
        .unwrap();
        fs::write(
            root.join("book.toml"),
            format!("[book]\ntitle = \"t\"\n\n[output.html]\n{html_config}\n"),
        )
        .unwrap();

        let plain = root.join("plain");
        let mut book = mdbook_driver::MDBook::load(root).unwrap();
        book.config.set("build.build-dir", &plain).unwrap();
        book.build().unwrap();

        let marked = root.join("marked");
        let marked_theme = root.join("marked-theme");
        write_marked_theme(&theme, &marked_theme).unwrap();
        let mut book = mdbook_driver::MDBook::load(root).unwrap();
        book.config.set("build.build-dir", &marked).unwrap();
        book.config.set("output.html.theme", &marked_theme).unwrap();
        let (renderer, rendered) = crate::render::language::LanguageRenderer::new(0, None);
        book.with_renderer(renderer);
        book.build().unwrap();
        // No page is "": no link is marked, none made relative.
        let toc = rendered.get().unwrap().toc.for_page("");

        let pages = crate::output_tree::files_under(&plain, |_| true).unwrap();
        let pages: Vec<_> = pages.iter().filter(|f| f.is_html()).collect();
        assert!(pages.len() >= 8, "{pages:?}");
        for page in pages {
            let expected = fs::read_to_string(&page.path).unwrap();
            let ours = fs::read_to_string(marked.join(&page.relative)).unwrap();
            if page.relative == "toc.html" {
                // mdBook's own toc.html (its iframe) renders the helper itself.
                assert_eq!(ours, expected);
                continue;
            }
            assert!(
                expected.contains("<li class=\"part-title\">"),
                "{}",
                page.relative
            );
            assert_eq!(
                ours.replace(TOC_MARKER, &toc),
                expected,
                "{}",
                page.relative
            );
        }
    }

    #[test]
    fn a_real_book_gets_the_same_pages_as_with_mdbooks_helper() {
        assert_same_pages_as_mdbook("no-section-label = true");
        assert_same_pages_as_mdbook("fold.enable = true\nfold.level = 1");
    }
}

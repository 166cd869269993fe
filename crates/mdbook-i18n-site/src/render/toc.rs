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
use mdbook_html::HtmlHandlebars;
use mdbook_renderer::{RenderContext, Renderer};
use std::cell::OnceCell;
use std::cmp::Ordering;
use std::fs;
use std::path::Path;
use std::rc::Rc;

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

/// A rendered table of contents: mdBook's markup, with each link kept apart
/// so that a page can mark its own and make the others relative to itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Toc {
    pieces: Vec<Piece>,
    /// The length of the markup, to allocate each page's copy once.
    len: usize,
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
            let href = chapter
                .path
                .as_deref()
                .filter(|p| !p.as_os_str().is_empty())
                .map(|p| {
                    p.with_extension("html")
                        .to_string_lossy()
                        .replace('\\', "/")
                });
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
        toc
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

    /// The table of contents in the page at `page_path` (inside its
    /// language's folder): the page's own link gets `aria-current="page"`,
    /// and a page in a sub-folder gets links relative to itself.
    pub fn for_page(&self, page_path: &str) -> String {
        let up = "../".repeat(page_path.matches('/').count());
        let mut html = String::with_capacity(self.len + 64 + 8 * self.pieces.len());
        for piece in &self.pieces {
            match piece {
                Piece::Markup(text) => html.push_str(text),
                Piece::Link(href) => {
                    html.push_str("<a href=\"");
                    if !href.contains("://") && !href.starts_with(['/', '#']) {
                        html.push_str(&up);
                    }
                    html.push_str(href);
                    html.push('"');
                    if href == page_path {
                        html.push_str(" aria-current=\"page\"");
                    }
                    html.push('>');
                }
            }
        }
        html
    }
}

/// mdBook's HTML renderer, which also renders the table of contents once
/// from the book it is given (the preprocessed, translated one). Registered
/// under the name `html`, it takes the built-in renderer's place.
pub struct TocRenderer {
    html: HtmlHandlebars,
    toc: Rc<OnceCell<Toc>>,
}

impl TocRenderer {
    /// The renderer, and where its table of contents will be once it ran.
    pub fn new() -> (TocRenderer, Rc<OnceCell<Toc>>) {
        let toc = Rc::new(OnceCell::new());
        let renderer = TocRenderer {
            html: HtmlHandlebars::new(),
            toc: Rc::clone(&toc),
        };
        (renderer, toc)
    }
}

impl Renderer for TocRenderer {
    fn name(&self) -> &str {
        self.html.name()
    }

    fn render(&self, ctx: &RenderContext) -> Result<()> {
        let html = ctx.config.html_config().unwrap_or_default();
        let options = TocOptions {
            no_section_label: html.no_section_label,
            fold_enable: html.fold.enable,
            fold_level: u64::from(html.fold.level),
        };
        // A second render (none happens today) would see the same book.
        let _ = self.toc.set(Toc::render(&ctx.book, options));
        self.html.render(ctx)
    }
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
        let (renderer, toc) = TocRenderer::new();
        book.with_renderer(renderer);
        book.build().unwrap();
        // No page is "": no link is marked, none made relative.
        let toc = toc.get().unwrap().for_page("");

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

//! mdBook's HTML renderer for one language, which also renders the table of
//! contents once ([`crate::render::toc`]) and fingerprints the pages
//! ([`crate::render::fingerprint`]); given the fingerprints of the previous
//! build, it writes only the chapter pages that changed. A translation's
//! book also carries its side-by-side chapters
//! ([`crate::translate::SIDE_BY_SIDE_MARKER`]): they are rendered apart,
//! once with the translation's titles and once with the original's.

use crate::page::side_by_side_page;
use crate::render::fingerprint::Fingerprints;
use crate::render::toc::{Toc, TocOptions};
use crate::translate::split_side_by_side;
use anyhow::{Context, Result};
use mdbook_driver::book::{Book, BookItem};
use mdbook_driver::config::Config;
use mdbook_html::HtmlHandlebars;
use mdbook_renderer::{RenderContext, Renderer};
use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// What one render produced besides its files.
pub struct Rendered {
    /// The table of contents, from the translated book.
    pub toc: Toc,
    /// What the pages were made from.
    pub fingerprints: Fingerprints,
    /// Whether only the changed chapter pages were written (nothing else:
    /// no 404 page, no copied files).
    pub partial: bool,
    /// When the side-by-side pages were rendered: their tables of
    /// contents, leading to side-by-side pages, in the translation's frame
    /// and in the source language's ([`SideBySidePlan`]).
    pub side_by_side: Option<(Toc, Toc)>,
}

/// Where a translation's side-by-side chapters are rendered, as pages
/// named like the book's own, before the builder's pass renames them.
#[derive(Debug, Clone)]
pub struct SideBySidePlan {
    /// The codes of the translation and of the source language.
    pub codes: (String, String),
    /// The pages in the translation's frame (its titles, its language).
    pub translation: PathBuf,
    /// The source language's configuration (its title, language and
    /// address) and where its pages go: the same chapters in its frame.
    pub source: (Config, PathBuf),
}

/// Registered under the name `html`, it takes the built-in renderer's place.
pub struct LanguageRenderer {
    /// The hash of what every page shows besides the book (see
    /// [`Fingerprints::of`]).
    frame: u64,
    /// The fingerprints of the pages in the output, when only what changed
    /// since may be written.
    previous: Option<Fingerprints>,
    /// Where the side-by-side chapters go, if the book has them.
    side_by_side: Option<SideBySidePlan>,
    rendered: Rc<OnceCell<Rendered>>,
}

impl LanguageRenderer {
    /// The renderer, and where what it rendered will be once it ran.
    pub fn new(frame: u64, previous: Option<Fingerprints>) -> (Self, Rc<OnceCell<Rendered>>) {
        let rendered = Rc::new(OnceCell::new());
        let renderer = LanguageRenderer {
            frame,
            previous,
            side_by_side: None,
            rendered: Rc::clone(&rendered),
        };
        (renderer, rendered)
    }

    /// Also renders the book's side-by-side chapters, where `plan` says
    /// (not when only the changed pages are written: a preview's catch-up
    /// build brings them up to date).
    pub fn with_side_by_side(mut self, plan: SideBySidePlan) -> Self {
        self.side_by_side = Some(plan);
        self
    }
}

/// Renders the pages of every chapter of `book` into `destination` with
/// `config`, and nothing else (no 404 page, no copied sources); gives the
/// book back.
fn render_chapters(
    ctx: &RenderContext,
    book: Book,
    config: Config,
    destination: &Path,
) -> Result<Book> {
    let mut chapters = HashSet::new();
    for item in book.iter() {
        if let BookItem::Chapter(chapter) = item
            && let Some(path) = &chapter.path
        {
            chapters.insert(path.clone());
        }
    }
    let mut context = RenderContext::new(&ctx.root, book, config, destination);
    context.chapter_titles = ctx.chapter_titles.clone();
    HtmlHandlebars::only(chapters)
        .render(&context)
        .with_context(|| {
            format!(
                "rendering the side-by-side pages into {}",
                destination.display()
            )
        })?;
    Ok(context.book)
}

/// `book` with each chapter's content taken from the chapter of
/// `contents` at the same path: the side-by-side chapters in the
/// translation's structure.
fn with_contents_of(book: &Book, mut contents: Book) -> Book {
    let mut beside: HashMap<PathBuf, String> = HashMap::new();
    contents.for_each_chapter_mut(|chapter| {
        if let Some(path) = &chapter.path {
            beside.insert(path.clone(), std::mem::take(&mut chapter.content));
        }
    });
    let mut book = book.clone();
    book.for_each_chapter_mut(|chapter| {
        if let Some(content) = chapter.path.as_ref().and_then(|p| beside.remove(p)) {
            chapter.content = content;
        }
    });
    book
}

impl Renderer for LanguageRenderer {
    fn name(&self) -> &str {
        "html"
    }

    fn render(&self, ctx: &RenderContext) -> Result<()> {
        let html = ctx.config.html_config().unwrap_or_default();
        let options = TocOptions {
            no_section_label: html.no_section_label,
            fold_enable: html.fold.enable,
            fold_level: u64::from(html.fold.level),
        };
        // The side-by-side chapters come off the book before anything sees it.
        let (own, beside) = match split_side_by_side(&ctx.book) {
            Some((book, beside)) => {
                let mut own =
                    RenderContext::new(&ctx.root, book, ctx.config.clone(), &ctx.destination);
                own.chapter_titles = ctx.chapter_titles.clone();
                (Some(own), Some(beside))
            }
            None => (None, None),
        };
        let ctx = own.as_ref().unwrap_or(ctx);
        let fingerprints = Fingerprints::of(&ctx.book, &ctx.chapter_titles, self.frame);
        let changed = self
            .previous
            .as_ref()
            .and_then(|previous| fingerprints.changed_since(previous));
        let partial = changed.is_some();
        match changed {
            Some(chapters) => HtmlHandlebars::only(chapters).render(ctx)?,
            None => HtmlHandlebars::new().render(ctx)?,
        }
        let mut side_by_side = None;
        if let (false, Some(plan), Some(beside)) = (partial, &self.side_by_side, beside) {
            let (translation, source) = &plan.codes;
            // In the source language's frame first, then its contents move
            // into the translation's structure: never two copies of them.
            let source_toc = Toc::render_leading_to(&beside, options, &|href| {
                side_by_side_page(&href, translation)
            });
            let (config, destination) = &plan.source;
            let beside = render_chapters(ctx, beside, config.clone(), destination)?;
            let translated = with_contents_of(&ctx.book, beside);
            let own_toc = Toc::render_leading_to(&translated, options, &|href| {
                side_by_side_page(&href, source)
            });
            render_chapters(ctx, translated, ctx.config.clone(), &plan.translation)?;
            side_by_side = Some((own_toc, source_toc));
        }
        // A second render (none happens) would see the same book.
        let _ = self.rendered.set(Rendered {
            toc: Toc::render(&ctx.book, options),
            fingerprints,
            partial,
            side_by_side,
        });
        Ok(())
    }
}

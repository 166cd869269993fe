//! mdBook's HTML renderer for one language, which also renders the table of
//! contents once ([`crate::render::toc`]) and fingerprints the pages
//! ([`crate::render::fingerprint`]); given the fingerprints of the previous
//! build, it writes only the chapter pages that changed.

use crate::render::fingerprint::Fingerprints;
use crate::render::toc::{Toc, TocOptions};
use anyhow::Result;
use mdbook_html::HtmlHandlebars;
use mdbook_renderer::{RenderContext, Renderer};
use std::cell::OnceCell;
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
}

/// Registered under the name `html`, it takes the built-in renderer's place.
pub struct LanguageRenderer {
    /// The hash of what every page shows besides the book (see
    /// [`Fingerprints::of`]).
    frame: u64,
    /// The fingerprints of the pages in the output, when only what changed
    /// since may be written.
    previous: Option<Fingerprints>,
    rendered: Rc<OnceCell<Rendered>>,
}

impl LanguageRenderer {
    /// The renderer, and where what it rendered will be once it ran.
    pub fn new(frame: u64, previous: Option<Fingerprints>) -> (Self, Rc<OnceCell<Rendered>>) {
        let rendered = Rc::new(OnceCell::new());
        let renderer = LanguageRenderer {
            frame,
            previous,
            rendered: Rc::clone(&rendered),
        };
        (renderer, rendered)
    }
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
        // A second render (none happens) would see the same book.
        let _ = self.rendered.set(Rendered {
            toc: Toc::render(&ctx.book, options),
            fingerprints,
            partial,
        });
        Ok(())
    }
}

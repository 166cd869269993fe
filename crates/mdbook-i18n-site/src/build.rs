//! Building the site: every language with mdBook in-process, then one folder
//! with the source language at the root and each translation under `/<code>/`.
//!
//! A build writes into a staging folder beside the output and swaps it in
//! only when every language succeeded, so a failed build leaves the previous
//! site as it was.

use crate::catalog::{self, PoFile};
use crate::fallback::{FallbackGettext, Notice};
use crate::glossary::Glossary;
use crate::localize::{self, PageSet};
use crate::prune;
use crate::publish;
use crate::qa;
use crate::search;
use crate::site::{Language, Site};
use crate::toc::{self, TocRenderer};
use crate::ui::{self, Words};
use anyhow::{Context, Result, anyhow, bail};
use mdbook_dedup_headings::DedupHeadings;
use mdbook_driver::MDBook;
use std::fs;
use std::path::{Path, PathBuf};
use tracing::{info, warn};

/// How to build, beyond what `book.toml` says.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Set by `serve`: the WebSocket path the pages listen on for reloads.
    pub live_reload_endpoint: Option<String>,
    /// Overrides `output.html.site-url` (the base URL the site is served
    /// from, such as `/REPO/` on a GitHub Pages project site).
    pub site_url: Option<String>,
    /// Where to write the site; `book/` under the project root by default.
    pub output_dir: Option<PathBuf>,
}

/// Builds every language and replaces the output folder with the result.
/// Returns the output folder.
pub fn build_site(site: &Site, options: &BuildOptions) -> Result<PathBuf> {
    let languages = site.languages()?;
    rebuild_languages(site, options, &languages)
}

/// Builds only `rebuild` (all of them when the output does not exist yet) and
/// assembles them with the other languages already in the output folder.
pub fn rebuild_languages(
    site: &Site,
    options: &BuildOptions,
    rebuild: &[Language],
) -> Result<PathBuf> {
    let output = options
        .output_dir
        .clone()
        .unwrap_or_else(|| site.output_dir());
    refuse_foreign_folder(&output)?;
    let all = site.languages()?;
    let rebuild: Vec<Language> = if output.is_dir() {
        rebuild.to_vec()
    } else {
        all.clone()
    };
    let plan = Plan::new(site, options, &all)?;

    let parent = output.parent().context("the output folder has no parent")?;
    fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    let staging = tempfile::Builder::new()
        .prefix(".site-staging-")
        .tempdir_in(parent)
        .with_context(|| format!("creating a staging folder in {}", parent.display()))?;
    // mdBook renders from a copy of the theme without the table of contents;
    // each language renders it once (see crate::toc).
    let theme = staging.path().join(".theme");
    toc::write_marked_theme(&plan.theme_dir, &theme)?;

    // One MDBook per thread: MDBook is not Send, so each thread loads its own.
    std::thread::scope(|scope| {
        let handles: Vec<_> = rebuild
            .iter()
            .map(|language| {
                let dest = staging.path().join(&language.code);
                let (plan, theme) = (&plan, &theme);
                scope.spawn(move || plan.build_language(language, theme, &dest))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(anyhow!("a build thread panicked")))
            })
            .collect::<Result<Vec<()>>>()
    })?;

    assemble(staging.path(), &output, &all, &rebuild)?;
    publish::publish_site(site, &output, &all, &plan.site_url)?;
    info!("site written to {}", output.display());
    Ok(output)
}

/// The output folder is replaced whole: refuse one that holds anything but
/// a site this builder wrote (a mistyped `--dest` must not cost a folder).
fn refuse_foreign_folder(output: &Path) -> Result<()> {
    let Ok(mut entries) = fs::read_dir(output) else {
        return Ok(());
    };
    let is_empty = entries.next().is_none();
    if !is_empty && !output.join("index.html").is_file() {
        bail!(
            "{} is not empty and holds no built site (no index.html): choose an empty or new folder",
            output.display()
        );
    }
    Ok(())
}

/// What every language's build shares: config checks and messages done once.
struct Plan<'a> {
    site: &'a Site,
    options: &'a BuildOptions,
    /// Every language with its name for itself (`ui:language-name`).
    named: Vec<(Language, String)>,
    site_url: String,
    messages: Vec<ui::SiteMessage>,
    /// The theme book.toml names (`theme/` by default).
    theme_dir: PathBuf,
}

impl<'a> Plan<'a> {
    fn new(
        site: &'a Site,
        options: &'a BuildOptions,
        languages: &'a [Language],
    ) -> Result<Plan<'a>> {
        let config = site.load_config()?;
        let site_url = options
            .site_url
            .clone()
            .or_else(|| config.html_config().and_then(|h| h.site_url))
            .unwrap_or_else(|| "/".to_string());
        let theme_dir = config
            .html_config()
            .unwrap_or_default()
            .theme_dir(&site.root);
        let site_url = if site_url.ends_with('/') {
            site_url
        } else {
            format!("{site_url}/")
        };
        let messages = ui::site_messages(site)?;
        // Read every catalog strictly before mdBook (and polib) see them.
        let mut named = Vec::new();
        for language in languages {
            let po = if language.is_source {
                None
            } else {
                Some(catalog::load_catalog(&site.po_file(&language.code))?.0)
            };
            if let Some(po) = &po {
                check_translations(site, &language.code, po, options)?;
            }
            let words = Words::new(&messages, po.as_ref());
            // A new language's untranslated name would read "Tiếng Việt"
            // in the switch; its code is less misleading.
            let name = words
                .ui("language-name")
                .filter(|_| !words.is_fallback("ui:language-name"))
                .unwrap_or(&language.code)
                .to_string();
            named.push((language.clone(), name));
        }
        Ok(Plan {
            site,
            options,
            named,
            site_url,
            messages,
            theme_dir,
        })
    }

    /// Builds one language into `dest` with the marked theme in `theme`.
    fn build_language(&self, language: &Language, theme: &Path, dest: &Path) -> Result<()> {
        let po = if language.is_source {
            None
        } else {
            let path = self.site.po_file(&language.code);
            let po = PoFile::read(&path)?;
            if let Some(line) = catalog::first_non_nfc_line(&fs::read_to_string(&path)?) {
                warn!(
                    "{}:{line}: text is not in Unicode NFC; run `cargo xtask i18n update` to normalize it",
                    path.display()
                );
            }
            Some(po)
        };
        let words = Words::new(&self.messages, po.as_ref());
        let language_url = format!("{}{}", self.site_url, subdir_url(language));

        let mut config = self.site.load_config()?;
        config.set("book.language", &language.code)?;
        config.set("build.build-dir", dest)?;
        config.set("output.html.theme", theme)?;
        config.set("output.html.site-url", &language_url)?;
        for key in ["book.title", "book.description"] {
            if let Some(text) = words.get(key) {
                config.set(key, text)?;
            }
        }
        if let Some(endpoint) = &self.options.live_reload_endpoint {
            config.set("output.html.live-reload-endpoint", endpoint)?;
        }

        let mut book = MDBook::load_with_config(&self.site.root, config)
            .with_context(|| format!("loading the book for language `{}`", language.code))?;
        // Registered under their book.toml names, these replace the command
        // entries in place, keeping the order book.toml gives.
        book.with_preprocessor(DedupHeadings);
        let source = self
            .named
            .iter()
            .find(|(l, _)| l.is_source)
            .map_or(language.code.as_str(), |(l, _)| l.code.as_str());
        book.with_preprocessor(FallbackGettext::new(
            source,
            Notice::from_words(&words, source)?,
        ));
        let (renderer, toc) = TocRenderer::new();
        book.with_renderer(renderer);
        book.build()
            .map_err(|e| anyhow!("{e:#}"))
            .with_context(|| format!("building language `{}`", language.code))?;

        let pages = PageSet {
            language,
            languages: &self.named,
            words: &words,
            site_url: &self.site_url,
            toc: toc.get().context("mdBook rendered no table of contents")?,
        };
        let pages = localize::localize_tree(dest, &pages)
            .with_context(|| format!("localizing the `{}` pages", language.code))?;
        search::write_index(dest, &pages)
            .with_context(|| format!("indexing the `{}` pages for search", language.code))?;
        prune::prune_unused(dest, &pages)
            .with_context(|| format!("pruning unused files of `{}`", language.code))?;
        Ok(())
    }
}

/// The QA checks of one catalog ([`crate::qa`]), before it is built. A
/// publishing build refuses any problem; a preview (`serve`) refuses only
/// HTML a translation may not add, and warns about the rest.
fn check_translations(site: &Site, code: &str, po: &PoFile, options: &BuildOptions) -> Result<()> {
    let preview = options.live_reload_endpoint.is_some();
    let mut glossary = Glossary::load(&Glossary::path_for(&site.po_dir(), code))?;
    glossary.path = glossary
        .path
        .strip_prefix(&site.root)
        .unwrap_or(&glossary.path)
        .to_owned();
    let mut po = po.clone();
    po.path = po
        .path
        .strip_prefix(&site.root)
        .unwrap_or(&po.path)
        .to_owned();
    let (refused, warned): (Vec<_>, Vec<_>) = qa::check_catalog(&po, Some(&glossary))
        .into_iter()
        .partition(|p| !preview || p.is_unsafe());
    for problem in &warned {
        warn!("{problem}");
    }
    let fuzzy = qa::fuzzy_entries(&po).len();
    if fuzzy > 0 {
        warn!(
            "{}: {fuzzy} fuzzy entries are shown in the original until reviewed",
            po.path.display()
        );
    }
    // One line: the first problem names its file and line; the rest are
    // counted (a catalog can have thousands).
    if let Some(first) = refused.first() {
        let more = match refused.len() - 1 {
            0 => String::new(),
            n => format!(" (and {n} more problem(s) in {})", po.path.display()),
        };
        bail!("{first}{more}: `cargo xtask i18n check` lists them all");
    }
    Ok(())
}

/// `""` for the source language, `"en/"` for English.
fn subdir_url(language: &Language) -> String {
    if language.is_source {
        String::new()
    } else {
        format!("{}/", language.code)
    }
}

/// Puts the freshly built languages together with the ones kept from the
/// previous output, then swaps the result in.
fn assemble(staging: &Path, output: &Path, all: &[Language], rebuilt: &[Language]) -> Result<()> {
    let built = |code: &str| rebuilt.iter().any(|l| l.code == code);
    let source = all
        .iter()
        .find(|l| l.is_source)
        .context("no source language")?;
    let old = staging.join(".previous");

    if built(&source.code) {
        let new_root = staging.join(&source.code);
        for language in all.iter().filter(|l| !l.is_source) {
            let target = new_root.join(&language.code);
            if target.exists() {
                bail!(
                    "src/ has a folder `{}`, which is where the `{}` translation goes",
                    language.code,
                    language.code
                );
            }
            let from = if built(&language.code) {
                staging.join(&language.code)
            } else {
                output.join(&language.code)
            };
            if from.is_dir() {
                rename(&from, &target)?;
            }
        }
        if output.exists() {
            rename(output, &old)?;
        }
        rename(&new_root, output)?;
    } else {
        for language in rebuilt {
            let target = output.join(&language.code);
            if target.exists() {
                rename(
                    &target,
                    &staging.join(format!(".previous-{}", language.code)),
                )?;
            }
            rename(&staging.join(&language.code), &target)?;
        }
    }
    Ok(())
}

fn rename(from: &Path, to: &Path) -> Result<()> {
    fs::rename(from, to).with_context(|| format!("moving {} to {}", from.display(), to.display()))
}

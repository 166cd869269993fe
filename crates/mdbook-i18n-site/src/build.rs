//! Building the site: every language with mdBook in-process, then one folder
//! with the source language at the root and each translation under `/<code>/`.
//!
//! A build writes into a staging folder beside the output and swaps it in
//! only when every language succeeded, so a failed build leaves the previous
//! site as it was.

use crate::page::{self, INDEX_PAGE, NOT_FOUND_PAGE, PageSet, View, ViewControl};
use crate::translate::{FallbackGettext, Notice, Review, SideBySide, Used};

use crate::pdf::PDF_FILE;
use crate::project::{Language, Project};
use crate::publish;
use crate::render;
use crate::render::fingerprint::{Fingerprints, hash_of};
use crate::render::language::{LanguageRenderer, SideBySidePlan};
use crate::render::theme::Theme;
use crate::render::toc::Toc;
use crate::search;
use crate::sources;
use crate::words::{self, Words};
use anyhow::{Context, Result, anyhow, bail};
use mdbook_dedup_headings::DedupHeadings;
use mdbook_driver::MDBook;
use mdbook_driver::config::Config;
use po_checks::catalog::{self, PoFile};
use po_checks::glossary::Glossary;
use po_checks::qa;
use po_checks::status::LanguageStatus;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tracing::{info, warn};

/// What a build is for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Mode {
    /// The site to publish.
    #[default]
    Publish,
    /// A translator's live preview (`serve`): the pages listen on the
    /// WebSocket at `live_reload_endpoint` and reload when told; style
    /// problems only warn, so a half-done translation still shows.
    Preview {
        /// The WebSocket path, relative to the site's root.
        live_reload_endpoint: String,
    },
}

/// How to build, beyond what `book.toml` says.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Publish or preview.
    pub mode: Mode,
    /// Refuse, rather than warn about, style problems in the catalogs and
    /// keys of `book.toml` mdBook does not know (for CI).
    pub strict: bool,
    /// Overrides `output.html.site-url` (the base URL the site is served
    /// from, such as `/REPO/` on a GitHub Pages project site).
    pub site_url: Option<String>,
    /// Where to write the site; `book/` under the project root by default.
    pub output_dir: Option<PathBuf>,
    /// Also print each language's print page to a PDF beside it
    /// ([`crate::pdf`]), linked from every page (needs Chromium).
    pub pdf: bool,
}

/// Builds every language and replaces the output folder with the result.
/// Returns the output folder.
pub fn build_site(project: &Project, options: &BuildOptions) -> Result<PathBuf> {
    let languages = project.languages.clone();
    rebuild_languages(project, options, &languages)
}

/// Builds only `rebuild` (all of them when the output does not exist yet) and
/// assembles them with the other languages already in the output folder.
///
/// Everything is checked before anything is written (the language codes,
/// the sources, every catalog), and everything is written into a staging
/// folder beside the output, publishing files included, before it is
/// swapped in: a failed build leaves the previous site as it was.
pub fn rebuild_languages(
    project: &Project,
    options: &BuildOptions,
    rebuild: &[Language],
) -> Result<PathBuf> {
    Ok(rebuild_with(project, options, rebuild, None)?.0)
}

/// What a preview remembers of the site it built: each language's name and
/// the fingerprints of its pages, so that the next rebuild can write only
/// the pages that changed ([`rebuild_changed`]).
#[derive(Default)]
pub struct Remembered {
    languages: Mutex<HashMap<String, (String, Fingerprints)>>,
}

/// What [`rebuild_changed`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rebuilt {
    /// Every page of the languages it rebuilt.
    Whole,
    /// Only the chapter pages that changed, in at least one language: the
    /// rest (search index, print page, sitemap) is as before, until a whole
    /// rebuild of those languages ([`rebuild_languages`]).
    ChangedPages,
}

/// Like [`rebuild_languages`], remembering what it built in `remembered`;
/// with `changed_only`, a language whose pages all show the same frame as
/// last time (the same chapter list, titles and words) gets only the pages
/// of the chapters whose content changed written, each replacing its old
/// file. Meant for `serve`: a catalog edit shows in one page at once.
pub fn rebuild_changed(
    project: &Project,
    options: &BuildOptions,
    rebuild: &[Language],
    remembered: &Remembered,
    changed_only: bool,
) -> Result<Rebuilt> {
    Ok(rebuild_with(project, options, rebuild, Some((remembered, changed_only)))?.1)
}

fn rebuild_with(
    project: &Project,
    options: &BuildOptions,
    rebuild: &[Language],
    memory: Option<(&Remembered, bool)>,
) -> Result<(PathBuf, Rebuilt)> {
    let output = options
        .output_dir
        .clone()
        .unwrap_or_else(|| project.output_dir());
    refuse_foreign_folder(&output)?;
    if options.strict {
        crate::config::refuse_unknown(&project.unknown_keys)?;
    }
    for key in &project.unknown_keys {
        warn!("{key}");
    }
    check_renderers(project)?;
    let all = project.languages.clone();
    let rebuild: Vec<Language> = if output.is_dir() {
        rebuild.to_vec()
    } else {
        all.clone()
    };
    // The languages not rebuilt need only their names: remembered ones are
    // not read again.
    let names: HashMap<String, String> = memory
        .and_then(|(m, _)| m.languages.lock().ok())
        .map(|m| {
            m.iter()
                .filter(|(code, _)| !rebuild.iter().any(|l| &l.code == *code))
                .map(|(code, (name, _))| (code.clone(), name.clone()))
                .collect()
        })
        .unwrap_or_default();
    let plan = Plan::new(project, options, &all, &names)?;
    // A language renamed changes every language's switch.
    let renamed = memory.is_some_and(|(m, _)| {
        m.languages.lock().is_ok_and(|m| {
            plan.named
                .iter()
                .any(|(l, name)| m.get(&l.code).is_some_and(|(old, _)| old != name))
        })
    });
    let rebuild: Vec<Language> = if renamed { all.clone() } else { rebuild };
    sources::check_sources(&project.root, &project.root.join(&plan.config.book.src))?;

    let parent = output.parent().context("the output folder has no parent")?;
    fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    let staging = tempfile::Builder::new()
        .prefix(".site-staging-")
        .tempdir_in(parent)
        .with_context(|| format!("creating a staging folder in {}", parent.display()))?;
    // mdBook renders from a copy of the theme without the table of contents;
    // each language renders it once (see crate::render::toc).
    let theme_dir = staging.path().join(".theme");
    let theme = render::theme::write_theme(&project.theme_dir, &theme_dir)?;

    let frame = hash_of(&format!("{:?}", plan.named));
    let previous = |language: &Language| -> Option<Fingerprints> {
        let (memory, changed_only) = memory?;
        let served = output.join(subdir_url(language));
        let languages = memory.languages.lock().ok()?;
        (changed_only && served.is_dir())
            .then(|| languages.get(&language.code).map(|(_, f)| f.clone()))
            .flatten()
    };
    let built = in_parallel(&rebuild, |language| {
        let dest = staging.path().join(&language.code);
        plan.build_language(
            language,
            (&theme_dir, &theme),
            &dest,
            (frame, previous(language)),
        )
    })?;
    let (partial, whole): (Vec<_>, Vec<_>) = rebuild
        .iter()
        .zip(built)
        .partition(|(_, built)| built.changed_pages.is_some());
    if !whole.is_empty() || partial.is_empty() {
        let listed: Vec<(&Language, &Built)> = whole.iter().map(|(l, built)| (*l, built)).collect();
        assemble(staging.path(), &output, &plan, &listed)?;
    }
    for (language, built) in &partial {
        let from = staging.path().join(&language.code);
        let to = output.join(subdir_url(language));
        for page in built.changed_pages.iter().flatten() {
            rename(&from.join(page), &to.join(page))?;
        }
    }
    let rebuilt = if partial.is_empty() {
        info!("site written to {}", output.display());
        Rebuilt::Whole
    } else {
        let pages: usize = partial
            .iter()
            .map(|(_, b)| b.changed_pages.as_ref().map_or(0, Vec::len))
            .sum();
        info!("{pages} changed pages written to {}", output.display());
        Rebuilt::ChangedPages
    };
    if let Some((memory, _)) = memory
        && let Ok(mut languages) = memory.languages.lock()
    {
        for (language, built) in whole.into_iter().chain(partial) {
            let name = plan
                .named
                .iter()
                .find(|(l, _)| l.code == language.code)
                .map(|(_, name)| name.clone())
                .unwrap_or_default();
            languages.insert(language.code.clone(), (name, built.fingerprints));
        }
    }
    Ok((output, rebuilt))
}

/// What building one language produced.
struct Built {
    /// The pages the sitemap lists (a whole build).
    sitemap: Vec<String>,
    /// What its pages were made from.
    fingerprints: Fingerprints,
    /// Set when only these pages were written (relative to the language's
    /// folder): they replace their old files, and nothing else changes.
    changed_pages: Option<Vec<String>>,
    /// Its chapter pages (a whole build), each with side-by-side pages
    /// when the site has them.
    chapters: Vec<String>,
}

/// How many languages are built at once: one per core.
fn workers() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// Runs `build` for every language, as many at once as the machine has
/// cores (memory stays bounded by that many languages, not by all of
/// them), joins every thread, and reports the first failure in one line
/// (with how many failed). A panic in one build is an error, not an abort.
pub fn in_parallel<R: Send>(
    languages: &[Language],
    build: impl Fn(&Language) -> Result<R> + Sync,
) -> Result<Vec<R>> {
    let workers = workers().clamp(1, languages.len().max(1));
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Result<R>>>> = languages.iter().map(|_| Mutex::new(None)).collect();
    let build_one = |language: &Language| {
        let run = std::panic::AssertUnwindSafe(|| build(language));
        std::panic::catch_unwind(run).unwrap_or_else(|payload| {
            Err(anyhow!(
                "building `{}` stopped on an internal error: {}",
                language.code,
                panic_message(payload.as_ref())
            ))
        })
    };
    let started: Vec<Result<()>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|worker| {
                let (next, slots, build_one) = (&next, &slots, &build_one);
                std::thread::Builder::new()
                    .name(format!("{BUILD_THREAD_PREFIX}{worker}"))
                    .spawn_scoped(scope, move || {
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            let Some(language) = languages.get(i) else {
                                break;
                            };
                            let result = build_one(language);
                            if let Ok(mut slot) = slots[i].lock() {
                                *slot = Some(result);
                            }
                        }
                    })
                    .context("starting a build thread")
            })
            .collect();
        // Join every thread before looking at any result.
        handles
            .into_iter()
            .map(|handle| {
                handle.and_then(|h| h.join().map_err(|_| anyhow!("a build thread panicked")))
            })
            .collect()
    });
    started.into_iter().collect::<Result<Vec<()>>>()?;
    let results: Vec<Result<R>> = slots
        .into_iter()
        .zip(languages)
        .map(|(slot, language)| {
            slot.into_inner()
                .ok()
                .flatten()
                .unwrap_or_else(|| Err(anyhow!("`{}` was never built", language.code)))
        })
        .collect();
    let failed = results.iter().filter(|r| r.is_err()).count();
    let mut values = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(value) => values.push(value),
            Err(e) if failed > 1 => {
                return Err(e.context(format!("{failed} languages failed; the first")));
            }
            Err(e) => return Err(e),
        }
    }
    Ok(values)
}

/// Build threads are named `build <n>`, so that a panic hook can leave
/// their report to [`in_parallel`].
pub const BUILD_THREAD_PREFIX: &str = "build ";

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_string())
}

/// The tool renders HTML only. A renderer book.toml marks `optional` is
/// left out with a note (`xgettext` runs in `i18n update`); another is an
/// error, as mdBook's would be if its command were missing.
fn check_renderers(project: &Project) -> Result<()> {
    for (name, line, optional) in &project.other_renderers {
        match (name.as_str(), optional) {
            ("xgettext", _) => {}
            (_, true) => info!(
                "not running the optional renderer `{name}` ({}:{line}): this tool builds the HTML site",
                project.book_toml().display()
            ),
            (_, false) => bail!(
                "{}:{line}: [output.{name}] is a renderer this tool does not run; mark it `optional = true` to build the HTML site without it",
                project.book_toml().display()
            ),
        }
    }
    Ok(())
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

/// What every language's build shares: the configuration, the site's
/// words and every catalog, each read and checked once.
struct Plan<'a> {
    project: &'a Project,
    options: &'a BuildOptions,
    config: Config,
    /// Every language with its name for itself (`ui:language-name`).
    named: Vec<(Language, String)>,
    /// The glossary of each translation (empty where it has none).
    glossaries: BTreeMap<String, Arc<Glossary>>,
    /// The catalogs read up front and kept, taken by their language's build.
    kept: Mutex<HashMap<String, Arc<PoFile>>>,
    /// Each translation's figures, from the catalogs read up front: for its
    /// status page, and the source language's.
    statuses: BTreeMap<String, LanguageStatus>,
    site_url: String,
    messages: Vec<words::SiteMessage>,
    /// The browser that prints the PDFs, when the build makes them.
    pdf_browser: Option<PathBuf>,
    /// The installed app's icons, drawn by the first language that needs them.
    icons: std::sync::OnceLock<crate::offline::Icons>,
}

impl<'a> Plan<'a> {
    fn new(
        project: &'a Project,
        options: &'a BuildOptions,
        languages: &'a [Language],
        known_names: &HashMap<String, String>,
    ) -> Result<Plan<'a>> {
        // mdBook's searcher is not built in: the tool writes its own index,
        // and mdBook would warn about the table in every language. The
        // other renderers are not run (see check_renderers), and with more
        // than one mdBook would write the HTML one level down, into html/.
        let mut config = crate::config::without(&project.config, "output.html.search")?;
        for (name, _, _) in &project.other_renderers {
            config = crate::config::without(&config, &format!("output.{name}"))?;
        }
        let site_url = options
            .site_url
            .clone()
            .or_else(|| config.html_config().and_then(|h| h.site_url))
            .unwrap_or_else(|| "/".to_string());
        let site_url = if site_url.ends_with('/') {
            site_url
        } else {
            format!("{site_url}/")
        };
        let messages = words::site_messages(project)?;
        // Said before anything is built: the PDFs need the print page and a browser.
        let pdf_browser = match options.pdf {
            true if !config.html_config().unwrap_or_default().print.enable => bail!(
                "--pdf prints each language's print page, which {} turns off ([output.html.print] enable = false)",
                project.shown(&project.book_toml()).display()
            ),
            true => Some(crate::pdf::find_browser()?),
            false => None,
        };
        // Every catalog is read here, before anything is built, for its
        // errors and its language's name, and then let go: holding all of
        // them until their language is built would make memory grow with
        // the number of languages. Each is read again, by the same strict
        // reader, by the worker that builds its language (`build_language`),
        // unless there are no more than the languages built at once (a
        // preview's rebuild of one language): then they are kept.
        // Read on as many threads as the languages are built on.
        let read_here = languages
            .iter()
            .filter(|l| !l.is_source && !known_names.contains_key(&l.code))
            .count();
        let keep = read_here <= workers();
        let read = in_parallel(languages, |language| {
            if let Some(name) = known_names.get(&language.code) {
                return Ok((language.clone(), name.clone(), None, None, None));
            }
            let po = if language.is_source {
                None
            } else {
                let po = read_catalog(project, &language.code)?;
                if let Some(line) = catalog::first_non_nfc_entry(&po) {
                    warn!(
                        "{}:{line}: text is not in Unicode NFC; run `i18n update` to normalize it",
                        po.path.display()
                    );
                }
                Some(po)
            };
            let words = Words::new(&messages, language, po.as_ref());
            let name = words
                .ui(words::LANGUAGE_NAME)
                .map_or_else(|| language.autonym(), str::to_string);
            let glossary = match po {
                Some(_) => {
                    let path = Glossary::path_for(&project.po_dir, &language.code);
                    let mut glossary = Glossary::load(&path)?;
                    glossary.path = project.shown(&glossary.path).to_owned();
                    Some(Arc::new(glossary))
                }
                None => None,
            };
            let status = po.as_ref().map(|po| LanguageStatus::of(&language.code, po));
            let kept = po.filter(|_| keep).map(Arc::new);
            Ok((language.clone(), name, glossary, kept, status))
        })?;
        let mut named = Vec::new();
        let mut glossaries = BTreeMap::new();
        let mut kept = HashMap::new();
        let mut statuses = BTreeMap::new();
        for (language, name, glossary, po, status) in read {
            if let Some(status) = status {
                statuses.insert(language.code.clone(), status);
            }
            if let Some(glossary) = glossary {
                glossaries.insert(language.code.clone(), glossary);
            }
            if let Some(po) = po {
                kept.insert(language.code.clone(), po);
            }
            named.push((language, name));
        }
        Ok(Plan {
            project,
            options,
            config,
            named,
            glossaries,
            kept: Mutex::new(kept),
            statuses,
            site_url,
            messages,
            pdf_browser,
            icons: std::sync::OnceLock::new(),
        })
    }

    /// Whether style problems refuse the build.
    fn strict(&self) -> bool {
        self.options.strict && self.options.mode == Mode::Publish
    }

    fn source(&self) -> &Language {
        self.named
            .iter()
            .map(|(l, _)| l)
            .find(|l| l.is_source)
            .unwrap_or(&self.named[0].0)
    }

    /// Builds one language into `dest` with the theme assembled in
    /// `theme_dir`, every page, or only the chapter pages that changed
    /// since the build `previous` fingerprinted; `frame` is the hash of what
    /// every page shows besides the book.
    fn build_language(
        &self,
        language: &Language,
        (theme_dir, theme): (&Path, &Theme),
        dest: &Path,
        (frame, previous): (u64, Option<Fingerprints>),
    ) -> Result<Built> {
        // The pages are translated from these very entries, and the checks
        // read them too, once the book they translate is known (`review`).
        let po = if language.is_source {
            None
        } else {
            let kept = self
                .kept
                .lock()
                .ok()
                .and_then(|mut k| k.remove(&language.code));
            match kept {
                Some(po) => Some(po),
                None => Some(Arc::new(read_catalog(self.project, &language.code)?)),
            }
        };
        let po = po.as_ref();
        let words = Words::new(&self.messages, language, po.map(|po| &**po));
        let config = self.language_config(language, &words, (theme_dir, dest))?;

        let mut book = MDBook::load_with_config(&self.project.root, config)
            .with_context(|| format!("loading the book for language `{}`", language.code))?;
        // Registered under their book.toml names, these replace the command
        // entries in place, keeping the order book.toml gives.
        book.with_preprocessor(DedupHeadings);
        let source = self.source();
        // A translation also renders its side-by-side pages, in its own
        // frame and in the source language's (then published at the root).
        let side_by_side = match po {
            Some(_) if self.project.side_by_side => {
                let source_words = Words::new(&self.messages, source, None);
                let raw = side_by_side_dir(dest, "raw");
                let plan = SideBySidePlan {
                    codes: (language.code.clone(), source.code.clone()),
                    translation: raw.join("translation"),
                    source: (
                        self.language_config(source, &source_words, (theme_dir, &raw))?,
                        raw.join("source"),
                    ),
                };
                Some((plan, source_words))
            }
            _ => None,
        };
        book.with_preprocessor(match po {
            Some(po) => {
                let (catalog, strict) = (Arc::clone(po), self.strict());
                let glossary = self
                    .glossaries
                    .get(&language.code)
                    .cloned()
                    .unwrap_or_default();
                let review: Review =
                    Box::new(move |code| review(&catalog, &glossary, code, strict));
                let gettext = FallbackGettext::new(
                    &source.code,
                    language,
                    po,
                    (
                        Notice::from_words(&words, language, source)?,
                        self.project.outdated,
                    ),
                    review,
                );
                match side_by_side {
                    Some(_) => gettext.with_side_by_side(SideBySide {
                        translation: (language.code.clone(), self.name_of(language)),
                        original: (source.code.clone(), self.name_of(source)),
                    }),
                    None => gettext,
                }
            }
            None => FallbackGettext::source_only(&source.code),
        });
        // The words are part of every page's frame.
        let frame = hash_of(&(frame, format!("{words:?}")));
        let (renderer, rendered) = LanguageRenderer::new(frame, previous);
        let renderer = match &side_by_side {
            Some((plan, _)) => renderer.with_side_by_side(plan.clone()),
            None => renderer,
        };
        book.execute_build_process(&renderer)
            .map_err(|e| anyhow!("{e:#}"))
            .with_context(|| format!("building language `{}`", language.code))?;
        let rendered = rendered.get().context("mdBook rendered nothing")?;
        let toc = &rendered.toc;
        let (script_name, script) = &theme.search_script;
        // Every chapter page has side-by-side pages when the site has them.
        let chapters: HashSet<String> = toc
            .chapters()
            .into_iter()
            .map(|(href, _)| href.to_string())
            .chain([INDEX_PAGE.to_string()])
            .collect();
        let control = match self.project.side_by_side && self.named.len() > 1 {
            true => Some(ViewControl::new(&words, language, &self.named)?),
            false => None,
        };
        let pdf_name = self.pdf_download_name(&words);
        let page_set = PageSet {
            language,
            languages: &self.named,
            words: &words,
            site_url: &self.site_url,
            toc,
            search_script: script_name,
            view: View::Own,
            side_by_side: control.as_ref().map(|c| (&chapters, c)),
            pdf: pdf_name.as_deref().map(|name| (PDF_FILE, name)),
            offline: self.options.mode == Mode::Publish,
        };
        if rendered.partial {
            let pages = page::localize_tree(dest, &page_set)
                .with_context(|| format!("localizing the `{}` pages", language.code))?;
            return Ok(Built {
                sitemap: Vec::new(),
                chapters: Vec::new(),
                fingerprints: rendered.fingerprints.clone(),
                changed_pages: Some(
                    pages
                        .into_iter()
                        .map(|p| p.relative)
                        .filter(|p| p.ends_with(".html"))
                        .collect(),
                ),
            });
        }

        let private = sources::remove_copied_dotfiles(dest)?;
        // Every language copies the same files from src/: name them once.
        if language.is_source {
            for path in private {
                warn!(
                    "not publishing `{}`: files whose names start with a dot are private",
                    path.display()
                );
            }
        }
        fs::write(dest.join(script_name), script)
            .with_context(|| format!("writing {}", dest.join(script_name).display()))?;
        if !language.is_source {
            publish::clean_translation_folder(dest)?;
        }
        if toc.is_excerpted() {
            let heading = words
                .ui("table-of-contents")
                .context("the theme's words lack `table-of-contents`")?;
            page::contents::write_contents_page(dest, heading)?;
        }
        // Under a preview, catalogs not read again have no figures: their
        // overview waits for a whole rebuild.
        let translations: Vec<_> = self.named.iter().filter(|(l, _)| !l.is_source).collect();
        if language.is_source
            && !translations.is_empty()
            && translations
                .iter()
                .all(|(l, _)| self.statuses.contains_key(&l.code))
        {
            let rows: Vec<_> = translations
                .iter()
                .map(|(l, name)| (l.clone(), name.clone(), self.statuses[&l.code].total))
                .collect();
            page::status::write_overview_page(dest, &words, &rows)?;
        }
        if let Some(po) = po {
            let read_here;
            let status = match self.statuses.get(&language.code) {
                Some(status) => status,
                None => {
                    read_here = LanguageStatus::of(&language.code, po);
                    &read_here
                }
            };
            let src = self
                .project
                .config
                .book
                .src
                .to_string_lossy()
                .replace('\\', "/");
            page::status::write_status_page(dest, &words, status, toc, &src)?;
        }
        let mut pages = page::localize_tree(dest, &page_set)
            .with_context(|| format!("localizing the `{}` pages", language.code))?;
        search::write_index(dest, &pages, &language.code)
            .with_context(|| format!("indexing the `{}` pages for search", language.code))?;
        if let (Some((plan, source_words)), Some(tocs), Some(control)) =
            (&side_by_side, &rendered.side_by_side, &control)
        {
            let beside = SideBySidePages {
                plan,
                tocs,
                chapters: &chapters,
                control,
                script: script_name,
            };
            pages.extend(self.localize_side_by_side(
                language,
                (&words, source_words),
                &beside,
                dest,
            )?);
        }
        page::prune::prune_unused(dest, &pages)
            .with_context(|| format!("pruning unused files of `{}`", language.code))?;
        if let Some(browser) = &self.pdf_browser {
            crate::offline::refuse_own_file(dest, PDF_FILE, "the PDF")?;
            let print_page = dest.join(page::print::PRINT_PAGE);
            let html = fs::read_to_string(&print_page)
                .with_context(|| format!("reading {}", print_page.display()))?;
            if let Some((missing, count)) = crate::pdf::characters_without_a_font(&html, 8)?
                && count > 0
            {
                let some: String = missing.iter().collect();
                warn!(
                    "{}: no installed font has {count} of the characters the book uses ({some}…): its PDF shows boxes for them; install fonts that have them (Debian/Ubuntu: fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji)",
                    language.code
                );
            }
            crate::pdf::print_to_pdf(browser, &print_page, &dest.join(PDF_FILE))
                .with_context(|| format!("making the `{}` PDF", language.code))?;
        }
        if self.options.mode == Mode::Publish {
            self.write_offline_copy(language, &words, theme, dest)?;
        }
        // Only what the sitemap needs outlives the language's build: memory
        // stays bounded by the languages being built, not by all of them.
        Ok(Built {
            sitemap: pages
                .into_iter()
                .filter(|p| p.relative.ends_with(".html"))
                .filter(|p| !p.noindex && p.relative != NOT_FOUND_PAGE && !p.canonical_elsewhere)
                .map(|p| p.relative)
                .collect(),
            chapters: chapters.into_iter().collect(),
            fingerprints: rendered.fingerprints.clone(),
            changed_pages: None,
        })
    }
}

/// What [`Plan::localize_side_by_side`] puts in their languages.
struct SideBySidePages<'p> {
    plan: &'p SideBySidePlan,
    /// Their tables of contents: the translation's, the source's.
    tocs: &'p (Toc, Toc),
    /// The chapter pages, each with its side-by-side pages.
    chapters: &'p HashSet<String>,
    /// The translation's own pages' control, which its side-by-side pages
    /// show too.
    control: &'p ViewControl,
    /// The search script's file name.
    script: &'p str,
}

impl Plan<'_> {
    /// The configuration mdBook builds `language` with: its words, its
    /// folder under the site's address, `theme_dir` and `dest`.
    fn language_config(
        &self,
        language: &Language,
        words: &Words,
        (theme_dir, dest): (&Path, &Path),
    ) -> Result<Config> {
        let language_url = format!("{}{}", self.site_url, subdir_url(language));
        let mut config = self.config.clone();
        config.set("book.language", &language.code)?;
        config.set("build.build-dir", dest)?;
        config.set("output.html.theme", theme_dir)?;
        config.set("book.text-direction", language.dir())?;
        config.set("output.html.site-url", &language_url)?;
        for key in ["book.title", "book.description"] {
            if let Some(text) = words.get(key) {
                config.set(key, text)?;
            }
        }
        if let Mode::Preview {
            live_reload_endpoint,
        } = &self.options.mode
        {
            config.set("output.html.live-reload-endpoint", live_reload_endpoint)?;
        }
        Ok(config)
    }

    /// The name a download of the language's PDF gets (its title), when
    /// the build makes PDFs.
    fn pdf_download_name(&self, words: &Words) -> Option<String> {
        self.pdf_browser
            .as_ref()
            .map(|_| crate::pdf::download_name(words.get("book.title").unwrap_or_default()))
    }

    /// The language's service worker, manifest and icons, once its folder
    /// is whole (the source language's, before the translations' folders
    /// are put in it).
    fn write_offline_copy(
        &self,
        language: &Language,
        words: &Words,
        theme: &Theme,
        dest: &Path,
    ) -> Result<()> {
        let codes: Vec<String> = self.named.iter().map(|(l, _)| l.code.clone()).collect();
        let elsewhere: Vec<String> = match language.is_source {
            true => self
                .named
                .iter()
                .filter(|(l, _)| !l.is_source)
                .map(|(l, _)| format!("{}/", l.code))
                .collect(),
            false => Vec::new(),
        };
        let title = words.get("book.title").unwrap_or_default().to_string();
        let app = crate::offline::AppWords {
            short_name: words
                .ui("short-title")
                .map_or_else(|| title.clone(), str::to_string),
            name: title,
            description: words
                .get("book.description")
                .unwrap_or_default()
                .to_string(),
        };
        let folder = crate::offline::Folder {
            language,
            elsewhere: &elsewhere,
            codes: &codes,
        };
        // The same icons in every language: drawn once.
        let icons = match self.icons.get() {
            Some(icons) => icons,
            None => {
                let drawn = crate::offline::draw_icons(&theme.icon)?;
                self.icons.get_or_init(|| drawn)
            }
        };
        crate::offline::write_offline_copy(dest, folder, &app, (icons, &theme.service_worker))
            .with_context(|| format!("writing the `{}` offline copy", language.code))?;
        Ok(())
    }

    /// A language's name for itself.
    fn name_of(&self, language: &Language) -> String {
        self.named
            .iter()
            .find(|(l, _)| l == language)
            .map_or_else(|| language.autonym(), |(_, name)| name.clone())
    }

    /// Puts the side-by-side pages the renderer wrote for the translation
    /// `language` in their languages, under their names: its own beside the
    /// original into `dest` (returned, for pruning), the source language's
    /// beside it into [`side_by_side_dir`]`(dest, "source")`, for
    /// [`assemble`] to put at the root.
    fn localize_side_by_side(
        &self,
        language: &Language,
        (words, source_words): (&Words, &Words),
        beside: &SideBySidePages<'_>,
        dest: &Path,
    ) -> Result<Vec<page::LocalizedPage>> {
        let source = self.source();
        let source_control = ViewControl::new(source_words, source, &self.named)?;
        let for_source = side_by_side_dir(dest, "source");
        let from_source = &beside.plan.source.1;
        let frames = [
            (
                language,
                words,
                &beside.tocs.0,
                beside.control,
                source,
                &beside.plan.translation,
                dest.to_path_buf(),
            ),
            (
                source,
                source_words,
                &beside.tocs.1,
                &source_control,
                language,
                from_source,
                for_source,
            ),
        ];
        let mut localized = Vec::new();
        for (page_language, words, toc, control, partner, from, to) in frames {
            let pdf_name = self.pdf_download_name(words);
            let pages = PageSet {
                language: page_language,
                languages: &self.named,
                words,
                site_url: &self.site_url,
                toc,
                search_script: beside.script,
                view: View::SideBySide { partner },
                side_by_side: Some((beside.chapters, control)),
                pdf: pdf_name.as_deref().map(|name| (PDF_FILE, name)),
                offline: self.options.mode == Mode::Publish,
            };
            for chapter in beside.chapters {
                let raw = from.join(chapter);
                let name = page::side_by_side_page(chapter, &partner.code);
                if beside.chapters.contains(&name) || to.join(&name).exists() {
                    bail!(
                        "the book's page `{name}` is where the side-by-side page of `{chapter}` goes: rename it, or set `side-by-side = false` under [preprocessor.gettext] in {}",
                        self.project.shown(&self.project.book_toml()).display()
                    );
                }
                let html = fs::read_to_string(&raw)
                    .with_context(|| format!("reading {}", raw.display()))?;
                let page = page::localize_side_by_side_page(&html, &name, &pages)
                    .with_context(|| format!("localizing {name} of `{}`", page_language.code))?;
                let target = to.join(&name);
                if let Some(parent) = target.parent() {
                    fs::create_dir_all(parent)
                        .with_context(|| format!("creating {}", parent.display()))?;
                }
                fs::write(&target, &page.0)
                    .with_context(|| format!("writing {}", target.display()))?;
                if page_language == language {
                    localized.push(page.1);
                }
            }
        }
        Ok(localized)
    }
}

/// Beside a language's staging folder `dest`, a folder of its side-by-side
/// pages: `raw` as the renderer wrote them, `source` the source language's,
/// ready for the root.
fn side_by_side_dir(dest: &Path, what: &str) -> PathBuf {
    let code = dest
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    dest.with_file_name(format!(".side-by-side-{what}-{code}"))
}

/// The catalog of the translation `code`, read strictly.
fn read_catalog(project: &Project, code: &str) -> Result<PoFile> {
    let path = project.po_file(code);
    let mut po = PoFile::read(&path)?;
    // Messages name the file as the user knows it.
    po.path = project.shown(&path).to_owned();
    Ok(po)
}

/// The QA checks of one catalog ([`po_checks::qa`]) against the book it
/// translates (`used`: the msgids its chapters have, and which are code). What could change
/// what a page does always refuses the build, even a preview; style
/// problems refuse it only when `strict`, and warn otherwise; outdated
/// (fuzzy) entries only warn.
fn review(po: &PoFile, glossary: &Glossary, used: &Used, strict: bool) -> Result<()> {
    // The table of contents shows SUMMARY.md's titles without their
    // formatting (so under other msgids): check them as they are written.
    let mut messages = used.messages.clone();
    messages.extend(
        po.entries()
            .iter()
            .filter(|e| e.references.iter().any(|r| r.contains("SUMMARY.md")))
            .map(|e| e.msgid.clone()),
    );
    let context = qa::Context {
        glossary: Some(glossary),
        code: Some(&used.code),
        used: Some(&messages),
    };
    let (refused, warned): (Vec<_>, Vec<_>) = qa::check_catalog(po, &context)
        .into_iter()
        .partition(|p| strict || p.is_unsafe());
    let command = crate::cli::command_name();
    // A few warnings in full, the rest counted: a catalog can have thousands.
    const SHOWN: usize = 3;
    for problem in warned.iter().take(SHOWN) {
        warn!("{problem}");
    }
    if warned.len() > SHOWN {
        warn!(
            "{}: {} more style problem(s): `{command} i18n check` lists them all",
            po.path.display(),
            warned.len() - SHOWN
        );
    }
    let outdated = qa::fuzzy_entries(po).len();
    if outdated > 0 {
        warn!(
            "{}: {outdated} outdated (fuzzy) message(s): `{command} i18n diff` shows what changed",
            po.path.display()
        );
    }
    // One line: the first problem names its file and line; the rest are
    // counted.
    if let Some(first) = refused.first() {
        let more = match refused.len() - 1 {
            0 => String::new(),
            n => format!(" (and {n} more problem(s) in {})", po.path.display()),
        };
        bail!("{first}{more}: `{command} i18n check` lists them all");
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
/// previous output, writes the site's root files, then swaps the result in.
fn assemble(
    staging: &Path,
    output: &Path,
    plan: &Plan<'_>,
    built: &[(&Language, &Built)],
) -> Result<()> {
    let all: Vec<Language> = plan.named.iter().map(|(l, _)| l.clone()).collect();
    let built_of = |code: &str| built.iter().find(|(l, _)| l.code == code).map(|(_, b)| *b);
    let built_pages = |code: &str| built_of(code).map(|b| &b.sitemap);
    let source = plan.source();
    let cname = plan.config.html_config().and_then(|h| h.cname);

    // The sitemap's pages: from this build's pass where it built them, from
    // the previous output for the others.
    let mut pages = BTreeMap::new();
    for language in &all {
        let set = match built_pages(&language.code) {
            Some(listed) => listed.iter().cloned().collect(),
            None => publish::site_pages(output, std::slice::from_ref(language))?
                .remove(&language.code)
                .unwrap_or_default(),
        };
        pages.insert(language.code.clone(), set);
    }

    if built_pages(&source.code).is_some() {
        let new_root = staging.join(&source.code);
        let chapters = built_of(&source.code).map_or(&[][..], |b| &b.chapters[..]);
        for language in all.iter().filter(|l| !l.is_source) {
            let target = new_root.join(&language.code);
            if built_pages(&language.code).is_some() {
                rename(&staging.join(&language.code), &target)?;
                move_files_into(
                    &side_by_side_dir(&staging.join(&language.code), "source"),
                    &new_root,
                )?;
            } else if output.join(&language.code).is_dir() {
                // Copied, not moved: the live site stays whole until the swap.
                crate::project::copy_tree(&output.join(&language.code), &target)?;
                // So are the source language's pages beside it.
                for chapter in chapters {
                    let name = page::side_by_side_page(chapter, &language.code);
                    if output.join(&name).is_file() {
                        fs::copy(output.join(&name), new_root.join(&name))
                            .with_context(|| format!("copying {}", output.join(&name).display()))?;
                    }
                }
            }
        }
        publish::write_root_files(&new_root, &all, &pages, &plan.site_url, cname.as_deref())?;
        if output.exists() {
            rename(output, &staging.join(".previous"))?;
        }
        rename(&new_root, output)?;
    } else {
        let root_files = staging.join(".root");
        fs::create_dir_all(&root_files)
            .with_context(|| format!("creating {}", root_files.display()))?;
        publish::write_root_files(&root_files, &all, &pages, &plan.site_url, cname.as_deref())?;
        for (language, _) in built {
            let target = output.join(&language.code);
            if target.exists() {
                rename(
                    &target,
                    &staging.join(format!(".previous-{}", language.code)),
                )?;
            }
            rename(&staging.join(&language.code), &target)?;
            move_files_into(
                &side_by_side_dir(&staging.join(&language.code), "source"),
                output,
            )?;
        }
        for entry in fs::read_dir(&root_files)
            .with_context(|| format!("reading {}", root_files.display()))?
        {
            let entry = entry.with_context(|| format!("reading {}", root_files.display()))?;
            rename(&entry.path(), &output.join(entry.file_name()))?;
        }
        if !root_files.join("sitemap.xml").exists() {
            let _ = fs::remove_file(output.join("sitemap.xml"));
        }
    }
    Ok(())
}

/// Moves every file under `from` (if it exists) to the same place under
/// `to`, replacing what is there.
fn move_files_into(from: &Path, to: &Path) -> Result<()> {
    if !from.is_dir() {
        return Ok(());
    }
    for file in crate::output_tree::files_under(from, |_| true)? {
        let target = to.join(&file.relative);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        rename(&file.path, &target)?;
    }
    Ok(())
}

fn rename(from: &Path, to: &Path) -> Result<()> {
    fs::rename(from, to).with_context(|| format!("moving {} to {}", from.display(), to.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_thread_is_joined_and_panics_are_errors_in_one_line() {
        let languages = [
            Language::new("vi", true),
            Language::new("en", false),
            Language::new("fr", false),
        ];
        let ok = in_parallel(&languages, |l| Ok(l.code.len())).unwrap();
        assert_eq!(ok, [2, 2, 2]);
        // Two threads panic: no abort, the first one named, both counted.
        let err = in_parallel(&languages, |l| {
            if l.is_source {
                Ok(())
            } else {
                panic!("broken {}", l.code)
            }
        })
        .unwrap_err();
        let message = format!("{err:#}");
        assert_eq!(
            message,
            "2 languages failed; the first: building `en` stopped on an internal error: broken en"
        );
        let one = in_parallel(&languages[..1], |_| -> Result<()> { bail!("no") }).unwrap_err();
        assert_eq!(format!("{one:#}"), "no");
    }
}

//! The translators' commands: extract the messages, merge them into every
//! catalog, check the catalogs, report what is left, add a language.

use crate::process;
use crate::project::{Language, Project, check_language_code};
use crate::translate::{self, FallbackGettext, Used};
use crate::words;
use anyhow::{Context, Result, anyhow, bail};
use mdbook_dedup_headings::DedupHeadings;
use mdbook_driver::MDBook;
use mdbook_driver::book::BookItem;
use mdbook_i18n_helpers::renderers::Xgettext;
use mdbook_renderer::{RenderContext, Renderer};
use po_checks::catalog::{self, Diagnostic, PoFile};
use po_checks::glossary::Glossary;
use po_checks::qa;
use po_checks::safety::{self, MAX_NESTING};
use po_checks::status::LanguageStatus;
pub use po_checks::status::format_status;
use polib::catalog::Catalog;
use polib::message::{Message, MessageMutView};
use std::collections::HashSet;
use std::fs;
use std::path::Path;
use tracing::{info, warn};
use unicode_normalization::UnicodeNormalization;

/// Extracts the template from the chapters plus the site messages, into
/// `dest`. Returns the msgids that come from code blocks (the QA checks
/// read their translations as code, not as Markdown).
pub fn extract_template(project: &Project, dest: &Path) -> Result<HashSet<String>> {
    let staging = tempfile::tempdir().context("creating a temporary folder")?;
    let mut config = project.config.clone();
    // No line numbers in references: an edit to one paragraph must not
    // change the references of every message after it.
    config.set("output.xgettext.granularity", 0)?;
    config.set("build.build-dir", staging.path())?;
    let source = config.book.language.clone().unwrap_or_default();
    let mut book = MDBook::load_with_config(&project.root, config).context("loading the book")?;
    // In-process, in the places book.toml gives them: no `mdbook-gettext`
    // or other command needs to be installed to extract the messages.
    book.with_preprocessor(DedupHeadings);
    book.with_preprocessor(FallbackGettext::source_only(&source));
    for item in book.iter() {
        if let BookItem::Chapter(chapter) = item {
            let (depth, line) = safety::nesting(&chapter.content);
            if depth > MAX_NESTING {
                let path = chapter.source_path.as_deref().unwrap_or(Path::new("?"));
                bail!(
                    "{}:{line}: blocks nested {depth} deep; a chapter to translate may nest at most {MAX_NESTING} levels (block quotes, lists)",
                    project
                        .root
                        .join(&book.config.book.src)
                        .join(path)
                        .display()
                );
            }
        }
    }
    // Preprocessed once: for the template, and for the code blocks.
    let (preprocessed, _) = book
        .preprocess_book(&Xgettext)
        .map_err(|e| anyhow::anyhow!("{e:#}"))
        .context("extracting messages")?;
    let code = translate::code_messages(&preprocessed)?;
    let render = RenderContext::new(
        project.root.clone(),
        preprocessed,
        book.config.clone(),
        book.build_dir_for("xgettext"),
    );
    Xgettext
        .render(&render)
        .map_err(|e| anyhow::anyhow!("{e:#}"))
        .context("extracting messages")?;

    let extracted = book.build_dir_for("xgettext").join("messages.pot");
    let mut catalog = polib::po_file::parse(&extracted)
        .map_err(|e| anyhow::anyhow!("{}: {e}", extracted.display()))?;
    for message in words::site_messages(project)? {
        catalog.append_or_update(
            Message::build_singular()
                .with_msgctxt(message.context.clone())
                .with_msgid(message.text)
                .with_source(message.reference)
                .with_comments(site_message_comment(&message.context))
                .with_msgstr(String::new())
                .done(),
        );
    }
    write_catalog(&catalog, dest)?;
    // One canonical wrapping, GNU's, for the template and every catalog.
    let dest_str = dest.to_string_lossy();
    process::run("msgcat", &["--sort-by-file", "-o", &dest_str, &dest_str])?;
    Ok(code)
}

fn site_message_comment(context: &str) -> String {
    match context {
        "book.title" => "The title of the book, shown in every page's title and header.".into(),
        "book.description" => {
            "The description of the book, for search engines and link previews.".into()
        }
        "ui:language-name" => {
            "The name of this language, written in this language (for the language switch).".into()
        }
        other => format!("A word of the site's theme ({other})."),
    }
}

fn write_catalog(catalog: &Catalog, dest: &Path) -> Result<()> {
    polib::po_file::write(catalog, dest).with_context(|| format!("writing {}", dest.display()))
}

/// `i18n update`: regenerates `po/messages.pot` and merges it into every
/// catalog with GNU msgmerge; text in NFD is normalized to NFC.
pub fn update(project: &Project) -> Result<()> {
    let pot = project.pot_file();
    let fresh = tempfile::NamedTempFile::new().context("creating a temporary file")?;
    extract_template(project, fresh.path())?;
    // Keep the old file (and its creation date) when no message changed, so
    // an update with nothing new leaves the tree clean.
    let unchanged =
        pot.exists() && same_messages(&PoFile::read(&pot)?, &PoFile::read(fresh.path())?);
    if unchanged {
        info!("{} is up to date", pot.display());
    } else {
        fs::create_dir_all(project.po_dir.clone())?;
        fs::copy(fresh.path(), &pot).with_context(|| format!("writing {}", pot.display()))?;
        info!("wrote {}", pot.display());
    }
    let pot_str = pot.to_string_lossy().into_owned();
    for language in project.languages.clone().iter().filter(|l| !l.is_source) {
        let path = project.po_file(&language.code);
        normalize_nfc(&path)?;
        PoFile::read(&path)?;
        let path_str = path.to_string_lossy().into_owned();
        process::run(
            "msgmerge",
            &[
                "--quiet",
                "--update",
                "--backup=off",
                // Keeps `#| msgid`, the original an outdated entry was
                // translated from, for `i18n diff`.
                "--previous",
                "--sort-by-file",
                &path_str,
                &pot_str,
            ],
        )?;
        info!("merged {}", path.display());
    }
    Ok(())
}

/// Rewrites a catalog in NFC if it is not, and says so.
fn normalize_nfc(path: &Path) -> Result<()> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    if let Some(line) = catalog::first_non_nfc_line(&text) {
        warn!(
            "{}:{line}: text was not in Unicode NFC (decomposed accents); normalized the file",
            path.display()
        );
        let normalized: String = text.nfc().collect();
        fs::write(path, normalized).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

fn message_keys(po: &PoFile) -> Vec<(Option<&str>, &str, &[String])> {
    let mut keys: Vec<_> = po
        .entries()
        .iter()
        .map(|e| {
            (
                e.msgctxt.as_deref(),
                e.msgid.as_str(),
                e.references.as_slice(),
            )
        })
        .collect();
    keys.sort();
    keys
}

fn same_messages(a: &PoFile, b: &PoFile) -> bool {
    message_keys(a) == message_keys(b)
}

/// Coverage of every translated language against the current template.
pub fn status(project: &Project) -> Result<Vec<LanguageStatus>> {
    let mut result = Vec::new();
    for language in project.languages.clone().iter().filter(|l| !l.is_source) {
        let po = PoFile::read(&project.po_file(&language.code))?;
        result.push(LanguageStatus::of(&language.code, &po));
    }
    Ok(result)
}

/// `i18n diff`: for each outdated message of each catalog (or of `only`
/// that language), where it is, what changed in its original word by word
/// (`[-removed-]{+added+}`, from the `#| msgid` that `i18n update` keeps)
/// and the translation to update. Returns the text and how many there are.
pub fn outdated_diff(project: &Project, only: Option<&str>) -> Result<(String, usize)> {
    if let Some(code) = only
        && !project
            .languages
            .iter()
            .any(|l| l.code == code && !l.is_source)
    {
        bail!(
            "{}: no such catalog",
            project.shown(&project.po_file(code)).display()
        );
    }
    let mut out = String::new();
    let mut count = 0;
    for language in project.languages.iter().filter(|l| !l.is_source) {
        if only.is_some_and(|code| code != language.code) {
            continue;
        }
        let path = project.po_file(&language.code);
        let po = PoFile::read(&path)?;
        let shown = project.shown(&path).display().to_string();
        for entry in po.entries().iter().filter(|e| e.fuzzy) {
            count += 1;
            let place = entry
                .references
                .first()
                .map_or(String::new(), |r| format!(" ({r})"));
            out.push_str(&format!("{shown}:{}{place}\n", entry.line));
            match po_checks::diff::entry_diff(entry) {
                Some(parts) => out.push_str(&format!(
                    "  original:    {}\n",
                    po_checks::diff::render(&parts, None)
                )),
                None => out.push_str(&format!(
                    "  original:    {}\n  (the catalog kept no earlier original: `{} i18n update` keeps it from now on)\n",
                    entry.msgid,
                    crate::cli::command_name()
                )),
            }
            out.push_str(&format!("  translation: {}\n\n", entry.msgstr));
        }
    }
    Ok((out, count))
}

/// `i18n check`: the template matches `src/`, and every catalog reads, is
/// NFC, has no fuzzy entry, holds every message of the template and passes
/// the QA checks. Returns the problems found, one line each, with paths
/// relative to the project root (empty: all good).
pub fn check(project: &Project) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let pot = project.pot_file();
    let fresh = tempfile::NamedTempFile::new().context("creating a temporary file")?;
    let code = extract_template(project, fresh.path())?;
    let template = PoFile::read(fresh.path())?;
    let used = Used {
        messages: template
            .entries()
            .iter()
            .filter(|e| e.msgctxt.is_none())
            .map(|e| e.msgid.clone())
            .collect(),
        code,
    };
    let command = crate::cli::command_name();
    match PoFile::read(&pot) {
        Ok(current) if same_messages(&current, &template) => {}
        Ok(_) => problems.push(format!(
            "{}: out of date with the book's sources: run `{command} i18n update`",
            project.shown(&pot).display(),
        )),
        Err(e) => problems.push(format!("{e:#}")),
    }
    for language in project.translations() {
        let path = project.po_file(&language.code);
        let mut glossary = Glossary::load(&Glossary::path_for(&project.po_dir, &language.code))?;
        glossary.path = project.shown(&glossary.path).to_owned();
        let shown = project.shown(&path);
        let (found, po) = check_catalog_file(shown, &path, Some(&glossary), &used)?;
        problems.extend(found);
        // Only for a catalog this reader accepted, so that a syntax error
        // is reported once.
        let Some(po) = po else { continue };
        // GNU gettext's own check too (format strings, header): tools such
        // as Poedit and Weblate rely on it.
        problems.extend(msgfmt_check(&path, shown)?);
        if let Some(entry) = template
            .entries()
            .iter()
            .find(|e| po.find(e.msgctxt.as_deref(), &e.msgid).is_none())
        {
            problems.push(format!(
                "{}: lacks the message {:?} from the template: run `{command} i18n update`",
                shown.display(),
                entry.msgid,
            ));
        }
    }
    Ok(problems)
}

/// What `msgfmt --check` finds in the catalog at `path`, one problem per
/// line, each naming the file as `shown` and its line. What the QA checks
/// report already (a line break at one end of an entry only) is left out.
fn msgfmt_check(path: &Path, shown: &Path) -> Result<Vec<String>> {
    let output = process::output(
        "msgfmt",
        &[
            "--check",
            "--output-file=/dev/null",
            &path.to_string_lossy(),
        ],
    )?;
    if output.status.success() {
        return Ok(Vec::new());
    }
    let full = format!("{}:", path.display());
    let stderr = String::from_utf8_lossy(&output.stderr);
    Ok(stderr
        .lines()
        .filter_map(|line| line.strip_prefix(&full))
        .filter(|rest| {
            !rest.contains("entries do not both begin with")
                && !rest.contains("entries do not both end with")
        })
        .map(|rest| format!("{}:{} (msgfmt --check)", shown.display(), rest.trim_end()))
        .collect())
}

/// Every problem of one catalog, one line each: syntax, NFC, QA checks
/// (against `glossary`, of the messages the book `used`) and fuzzy
/// entries, and the catalog if it could be read. Reports name the file
/// `shown_path`; `path` is where it is read.
pub fn check_catalog_file(
    shown_path: &Path,
    path: &Path,
    glossary: Option<&Glossary>,
    used: &Used,
) -> Result<(Vec<String>, Option<PoFile>)> {
    let mut problems = Vec::new();
    let text = match fs::read(path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    if let Some(line) = catalog::first_non_nfc_line(&text) {
        problems.push(format!(
            "{}:{line}: text is not in Unicode NFC (decomposed accents): run `{} i18n update` to normalize it",
            shown_path.display(),
            crate::cli::command_name()
        ));
    }
    match PoFile::read(path) {
        Ok(mut po) => {
            po.path = shown_path.to_owned();
            // An empty set: the book is not known (a lone catalog).
            let known = !used.messages.is_empty();
            let context = qa::Context {
                glossary,
                code: Some(&used.code),
                used: known.then_some(&used.messages),
            };
            let found = qa::check_catalog(&po, &context)
                .into_iter()
                .chain(qa::fuzzy_entries(&po));
            problems.extend(found.map(|p| p.to_string()));
            Ok((problems, Some(po)))
        }
        Err(e) => {
            match e.downcast_ref::<Diagnostic>() {
                Some(d) => problems.push(
                    Diagnostic {
                        file: shown_path.to_owned(),
                        ..d.clone()
                    }
                    .to_string(),
                ),
                None => problems.push(format!("{e:#}")),
            }
            Ok((problems, None))
        }
    }
}

/// `i18n add <lang>`: a new catalog from the template, with a full header.
pub fn add(project: &Project, code: &str) -> Result<()> {
    let config = project.config.clone();
    // The same rules as for every catalog the build finds, before any file
    // is written.
    check_language_code(code, &project.reserved_names()?).map_err(|why| anyhow!("{why}"))?;
    if config.book.language.as_deref() == Some(code) {
        bail!("`{code}` is the source language of the book");
    }
    let path = project.po_file(code);
    if path.exists() {
        bail!("{} already exists", path.display());
    }
    if !project.pot_file().exists() {
        update(project)?;
    }
    let pot = project.pot_file();
    let template = PoFile::read(&pot)?;
    let mut catalog = template.to_polib();
    let plural_forms = plural_forms(&pot, code)?;
    let field = |name: &str| template.header_field(name).unwrap_or("").to_string();
    // Dated as gettext dates a revision; the translator as git knows them
    // (as msginit asks for one), the team by the language's English name.
    let now = chrono::Utc::now().format("%Y-%m-%d %H:%M+0000");
    let translator = git_identity(&project.root);
    let team = Language::new(code, false).name_in(&Language::new("en", false));
    let header = format!(
        "Project-Id-Version: {}\nPOT-Creation-Date: {}\nPO-Revision-Date: {now}\nLast-Translator: {}\nLanguage-Team: {team}\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\nLanguage: {code}\nPlural-Forms: {plural_forms}\n",
        field("Project-Id-Version"),
        field("POT-Creation-Date"),
        translator.as_deref().unwrap_or(""),
    );
    // Every msgstr empty, whatever the template holds: a new language starts
    // untranslated (msginit would copy the msgids into an English catalog).
    for mut message in catalog.messages_mut() {
        if let Ok(msgstr) = message.msgstr_mut() {
            msgstr.clear();
        }
    }
    catalog.metadata = polib::metadata::CatalogMetadata::parse(&header)
        .map_err(|e| anyhow::anyhow!("making the header of {}: {e}", path.display()))?;
    write_catalog(&catalog, &path)?;
    let path_str = path.to_string_lossy().into_owned();
    process::run("msgcat", &["--sort-by-file", "-o", &path_str, &path_str])?;
    PoFile::read(&path)?;
    info!(
        "created {}: translate `ui:language-name` (your language's name for itself) first, then `{} serve` to preview",
        path.display(),
        crate::cli::command_name()
    );
    if translator.is_none() {
        info!(
            "{}: put your name and address in its `Last-Translator` header (git has none configured)",
            path.display()
        );
    }
    Ok(())
}

/// `Name <address>` from git's `user.name` and `user.email`, when both are
/// set for the book's folder.
fn git_identity(root: &Path) -> Option<String> {
    let get = |key: &str| {
        let output = std::process::Command::new("git")
            .args(["config", "--get", key])
            .current_dir(root)
            .output()
            .ok()?;
        let value = String::from_utf8(output.stdout).ok()?.trim().to_string();
        (output.status.success() && !value.is_empty() && !value.contains(['\n', '"']))
            .then_some(value)
    };
    Some(format!("{} <{}>", get("user.name")?, get("user.email")?))
}

/// The `Plural-Forms` header for `code`, from GNU gettext's own table (what
/// `msginit` writes), so that a new catalog passes `msgfmt --check`.
fn plural_forms(pot: &Path, code: &str) -> Result<String> {
    let scratch = tempfile::tempdir().context("creating a temporary folder")?;
    let out = scratch.path().join("new.po");
    let locale = code.replace('-', "_");
    process::run(
        "msginit",
        &[
            "--no-translator",
            &format!("--locale={locale}"),
            "--input",
            &pot.to_string_lossy(),
            "--output-file",
            &out.to_string_lossy(),
        ],
    )?;
    let made = PoFile::read(&out)?;
    Ok(made
        .header_field("Plural-Forms")
        .filter(|v| !v.is_empty() && !v.contains("INTEGER"))
        .unwrap_or("nplurals=2; plural=(n != 1);")
        .to_string())
}

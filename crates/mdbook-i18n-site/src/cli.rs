//! The command line, shared by the `mdbook-i18n-site` binary and by
//! projects that wrap it (this repository's `cargo xtask`): clap
//! definitions, and one function per command calling the library.

use crate::build::{self, BuildOptions};
use crate::i18n;
use crate::project::Project;
use crate::serve::{self, ServeOptions};
use crate::words::{self, Words};
use anyhow::{Result, bail};
use clap::Subcommand;
use po_checks::catalog::PoFile;
use po_checks::glossary::Glossary;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

/// The tool's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build every language of the book into one site (book/ by default).
    Build {
        /// The book's folder (the one with book.toml).
        book_dir: Option<PathBuf>,
        /// Base URL the site is served from (overrides output.html.site-url).
        #[arg(long)]
        site_url: Option<String>,
        /// Output folder (default: book/ in the book's folder).
        #[arg(long, short)]
        dest: Option<PathBuf>,
        /// Fail on style problems in the catalogs and on keys mdBook does
        /// not know, instead of warning (for CI).
        #[arg(long)]
        strict: bool,
        /// Also print each language's book to a PDF beside it, linked from
        /// every page (needs Chromium or Chrome; CHROME names one).
        #[arg(long)]
        pdf: bool,
    },
    /// Build, serve on http://127.0.0.1:3000 and rebuild on every change.
    Serve {
        /// The book's folder (the one with book.toml).
        book_dir: Option<PathBuf>,
        /// Port to listen on.
        #[arg(short, long, default_value_t = 3000)]
        port: u16,
        /// Address to bind (loopback by default; 0.0.0.0 exposes the site to your network).
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
    },
    /// Translators' commands.
    I18n {
        #[command(subcommand)]
        command: I18nCommand,
    },
}

/// The translators' commands.
#[derive(Debug, Subcommand)]
pub enum I18nCommand {
    /// Regenerate the template (po/messages.pot) and merge it into every catalog (needs GNU gettext).
    Update {
        /// The book's folder (the one with book.toml).
        book_dir: Option<PathBuf>,
    },
    /// Check the template and every catalog; fails on any problem.
    Check {
        /// The book's folder (the one with book.toml).
        book_dir: Option<PathBuf>,
    },
    /// Show what is translated, outdated and untranslated, per language and file.
    Status {
        /// The book's folder (the one with book.toml).
        book_dir: Option<PathBuf>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Start a new language: creates po/<LANG>.po from the template.
    Add {
        /// The language code (BCP 47: fr, pt-BR, zh-TW, …).
        lang: String,
        /// The book's folder (the one with book.toml).
        book_dir: Option<PathBuf>,
    },
    /// Show each outdated message: what changed in its original, word by
    /// word, and the translation to update.
    Diff {
        /// The book's folder (the one with book.toml).
        book_dir: Option<PathBuf>,
        /// Only this language's catalog.
        #[arg(long)]
        lang: Option<String>,
    },
    /// Print a language's glossary (po/glossary/<LANG>.toml) as a Markdown table.
    Glossary {
        /// The language code.
        lang: String,
        /// The book's folder (the one with book.toml).
        book_dir: Option<PathBuf>,
    },
}

/// How the user runs the tool, for messages that tell them what to run
/// (`mdbook-i18n-site`, or a project's wrapper such as `cargo xtask`).
static COMMAND: std::sync::OnceLock<&'static str> = std::sync::OnceLock::new();

/// Sets how messages name the tool's command; the first call wins.
pub fn set_command_name(name: &'static str) {
    let _ = COMMAND.set(name);
}

/// How messages name the tool's command: `mdbook-i18n-site` unless a
/// wrapper said otherwise ([`set_command_name`]).
pub fn command_name() -> &'static str {
    COMMAND.get().copied().unwrap_or("mdbook-i18n-site")
}

/// Logs to stderr, without timestamps, as mdBook does; `RUST_LOG` overrides.
/// A panic in a build thread is left to the build to report, in one line
/// with the language it was building (set `RUST_BACKTRACE` to see it whole).
pub fn init_logging() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let in_build = std::thread::current()
            .name()
            .is_some_and(|name| name.starts_with(crate::build::BUILD_THREAD_PREFIX));
        if !in_build || std::env::var_os("RUST_BACKTRACE").is_some() {
            default_hook(info);
        }
    }));
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
                tracing_subscriber::EnvFilter::new("info,mdbook=warn,handlebars=warn")
            }),
        )
        .with_target(false)
        .without_time()
        .with_writer(std::io::stderr)
        .init();
}

/// Runs `command` on the book in its `BOOK_DIR`, or in `default_root`.
pub fn run(command: Command, default_root: &Path) -> Result<()> {
    let open = |dir: &Option<PathBuf>| Project::load(dir.as_deref().unwrap_or(default_root));
    match command {
        Command::Build {
            book_dir,
            site_url,
            dest,
            strict,
            pdf,
        } => {
            let options = BuildOptions {
                site_url,
                output_dir: dest,
                strict,
                pdf,
                ..BuildOptions::default()
            };
            build::build_site(&open(&book_dir)?, &options)?;
        }
        Command::Serve {
            book_dir,
            port,
            bind,
        } => serve::serve(&open(&book_dir)?, &ServeOptions { bind, port })?,
        Command::I18n { command } => match command {
            I18nCommand::Update { book_dir } => i18n::update(&open(&book_dir)?)?,
            I18nCommand::Check { book_dir } => {
                let project = open(&book_dir)?;
                let problems = i18n::check(&project)?;
                print!("{}", i18n::format_status(&i18n::status(&project)?));
                for problem in &problems {
                    eprintln!("{problem}");
                }
                if !problems.is_empty() {
                    bail!("{} problem(s) in the translations", problems.len());
                }
            }
            I18nCommand::Status { book_dir, json } => {
                let statuses = i18n::status(&open(&book_dir)?)?;
                if json {
                    println!("{}", serde_json::to_string_pretty(&statuses)?);
                } else {
                    print!("{}", i18n::format_status(&statuses));
                }
            }
            I18nCommand::Add { lang, book_dir } => i18n::add(&open(&book_dir)?, &lang)?,
            I18nCommand::Diff { book_dir, lang } => {
                let (text, count) = i18n::outdated_diff(&open(&book_dir)?, lang.as_deref())?;
                print!("{text}");
                println!("{count} outdated message(s)");
            }
            I18nCommand::Glossary { lang, book_dir } => {
                let project = open(&book_dir)?;
                let path = Glossary::path_for(&project.po_dir.clone(), &lang);
                if !path.exists() {
                    bail!("{}: not found", path.display());
                }
                // Head the column with the language's name for itself.
                let po = PoFile::read(&project.po_file(&lang)).ok();
                let messages = words::site_messages(&project)?;
                let language = crate::project::Language::new(&lang, false);
                let words = Words::new(&messages, &language, po.as_ref());
                let autonym = language.autonym();
                let heading = words.ui(words::LANGUAGE_NAME).unwrap_or(&autonym);
                print!("{}", Glossary::load(&path)?.markdown_table(heading));
            }
        },
    }
    Ok(())
}

/// The process's exit code for `result`; an error is printed on one line,
/// its causes joined, as a compiler prints them.
pub fn exit_code(result: Result<()>) -> std::process::ExitCode {
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

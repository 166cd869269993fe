//! `cargo xtask …`: the commands a contributor runs. Each parses its
//! arguments and calls the library.

use anyhow::{Result, bail};
use clap::{Parser, Subcommand};
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use xtask::build::{self, BuildOptions};
use xtask::catalog::PoFile;
use xtask::glossary::Glossary;
use xtask::i18n;
use xtask::serve::{self, ServeOptions};
use xtask::site::Site;
use xtask::test_suite::{self, TestOptions};
use xtask::ui::{self, Words};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Build, serve and translate the Bình Dương site"
)]
struct Cli {
    /// The project root (the folder with book.toml); this workspace by default.
    #[arg(long, global = true)]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the whole site (every language) into book/.
    Build {
        /// Base URL the site is served from (overrides output.html.site-url).
        #[arg(long)]
        site_url: Option<String>,
        /// Output folder (default: book/).
        #[arg(long)]
        dest: Option<PathBuf>,
    },
    /// Build, serve on http://127.0.0.1:3000 and rebuild on every change.
    Serve {
        /// Port to listen on.
        #[arg(short, long, default_value_t = 3000)]
        port: u16,
        /// Address to bind (loopback by default; 0.0.0.0 exposes the site to your network).
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
    },
    /// Run every test: Rust tests, translation checks and the browser suite.
    Test {
        /// Skip the browser suite (which needs Node.js and Chromium).
        #[arg(long)]
        no_browser: bool,
    },
    /// Translators' commands.
    I18n {
        #[command(subcommand)]
        command: I18nCommand,
    },
}

#[derive(Subcommand)]
enum I18nCommand {
    /// Regenerate po/messages.pot and merge it into every po/*.po (needs GNU gettext).
    Update,
    /// Check the template and every catalog; fails on any problem.
    Check,
    /// Show what is translated, fuzzy and untranslated, per language and file.
    Status {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Start a new language: creates po/<LANG>.po from the template.
    Add {
        /// The language code (en, fr, zh-TW, …).
        lang: String,
    },
    /// Print a language's glossary (po/glossary/<LANG>.toml) as a Markdown table.
    Glossary {
        /// The language code.
        #[arg(default_value = "en")]
        lang: String,
    },
}

fn main() -> ExitCode {
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
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line: the causes joined, as a compiler prints them.
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    let site = match &cli.root {
        Some(root) => Site::open(root)?,
        None => Site::of_workspace()?,
    };
    match cli.command {
        Command::Build { site_url, dest } => {
            let options = BuildOptions {
                site_url,
                output_dir: dest,
                ..BuildOptions::default()
            };
            build::build_site(&site, &options)?;
        }
        Command::Test { no_browser } => test_suite::run(
            &site,
            TestOptions {
                browser: !no_browser,
            },
        )?,
        Command::Serve { port, bind } => serve::serve(&site, &ServeOptions { bind, port })?,
        Command::I18n { command } => match command {
            I18nCommand::Update => i18n::update(&site)?,
            I18nCommand::Check => {
                let problems = i18n::check(&site)?;
                print!("{}", i18n::format_status(&i18n::status(&site)?));
                for problem in &problems {
                    eprintln!("{problem}");
                }
                if !problems.is_empty() {
                    bail!("{} problem(s) in the translations", problems.len());
                }
            }
            I18nCommand::Status { json } => {
                let statuses = i18n::status(&site)?;
                if json {
                    println!("{}", serde_json::to_string_pretty(&statuses)?);
                } else {
                    print!("{}", i18n::format_status(&statuses));
                }
            }
            I18nCommand::Add { lang } => i18n::add(&site, &lang)?,
            I18nCommand::Glossary { lang } => {
                let path = Glossary::path_for(&site.po_dir(), &lang);
                if !path.exists() {
                    bail!("{}: not found", path.display());
                }
                // Head the column with the language's name for itself.
                let po = PoFile::read(&site.po_file(&lang)).ok();
                let messages = ui::site_messages(&site)?;
                let words = Words::new(&messages, po.as_ref());
                let heading = words
                    .ui("language-name")
                    .filter(|_| po.is_some() && !words.is_fallback("ui:language-name"))
                    .unwrap_or(&lang);
                print!("{}", Glossary::load(&path)?.markdown_table(heading));
            }
        },
    }
    Ok(())
}

//! `mdbook-dedup-headings`: the [`DedupHeadings`] preprocessor behind
//! mdBook's preprocessor protocol.
//!
//! - `mdbook-dedup-headings supports <renderer>` exits 0 when the renderer is
//!   supported (all are), 1 otherwise.
//! - `mdbook-dedup-headings` reads `[context, book]` JSON on stdin and writes
//!   the book JSON on stdout.
//!
//! Errors are one line on stderr and a non-zero exit, with nothing on
//! stdout. Logging goes to stderr, set by `RUST_LOG` (or mdBook's
//! `MDBOOK_LOG`), warnings only by default.

use std::ffi::OsString;
use std::io::{self, Read, Write};
use std::process::ExitCode;

use anyhow::{Context, bail};
use log::warn;
use mdbook_dedup_headings::DedupHeadings;
use mdbook_preprocessor::book::Book;
use mdbook_preprocessor::{MDBOOK_VERSION, Preprocessor, PreprocessorContext};

const USAGE: &str = "usage: mdbook-dedup-headings [supports <renderer>] \
                     (without arguments: [context, book] JSON on stdin, book JSON on stdout)";

fn main() -> ExitCode {
    init_logger();
    match run(std::env::args_os().skip(1).collect()) {
        Ok(code) => code,
        Err(error) => {
            // `{:#}` puts the whole chain of causes on one line.
            eprintln!("mdbook-dedup-headings: error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logger() {
    let variable = if std::env::var_os("RUST_LOG").is_some() {
        "RUST_LOG"
    } else {
        "MDBOOK_LOG"
    };
    env_logger::Builder::from_env(env_logger::Env::new().filter_or(variable, "warn"))
        .format_timestamp(None)
        .init();
}

fn run(args: Vec<OsString>) -> anyhow::Result<ExitCode> {
    match args.as_slice() {
        [] => {
            preprocess()?;
            Ok(ExitCode::SUCCESS)
        }
        [command, renderer] if command == "supports" => {
            let renderer = renderer
                .to_str()
                .with_context(|| format!("renderer name {renderer:?} is not valid UTF-8"))?;
            Ok(if DedupHeadings.supports_renderer(renderer)? {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        [command] if command == "supports" => {
            bail!("`supports` needs the name of a renderer; {USAGE}")
        }
        _ => bail!("unexpected arguments {args:?}; {USAGE}"),
    }
}

/// Reads `[context, book]` from stdin, runs the preprocessor and writes the
/// book to stdout, all or nothing.
fn preprocess() -> anyhow::Result<()> {
    let mut input = Vec::new();
    io::stdin()
        .read_to_end(&mut input)
        .context("reading stdin")?;
    let input = std::str::from_utf8(&input).map_err(|error| {
        anyhow::anyhow!(
            "stdin is not valid UTF-8 (at byte {}); expected mdBook's [context, book] JSON",
            error.valid_up_to()
        )
    })?;
    let (ctx, book): (PreprocessorContext, Book) = serde_json::from_str(input)
        .context("stdin is not the [context, book] JSON mdBook sends to preprocessors")?;
    warn_on_version_mismatch(&ctx.mdbook_version);

    let book = DedupHeadings.run(&ctx, book)?;

    // Serialize first, so that a failure leaves stdout empty.
    let output = serde_json::to_vec(&book).context("serializing the book")?;
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(&output)
        .and_then(|()| stdout.flush())
        .context("writing the book to stdout")?;
    Ok(())
}

/// Warns (and carries on) when called by an mdBook this binary was not built
/// against, as mdbook-gettext does: the JSON may have changed shape.
fn warn_on_version_mismatch(caller: &str) {
    let built_against = semver::VersionReq::parse(MDBOOK_VERSION);
    let matches = match (built_against, semver::Version::parse(caller)) {
        (Ok(required), Ok(caller)) => required.matches(&caller),
        _ => false,
    };
    if !matches {
        warn!(
            "mdbook-dedup-headings was built against mdbook {MDBOOK_VERSION}, \
             but is being called from mdbook {caller}"
        );
    }
}

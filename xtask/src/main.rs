//! `cargo xtask …`: the commands a contributor to this site runs. The
//! tool's own commands (`build`, `serve`, `i18n …`) run the
//! `mdbook-i18n-site` library on this repository's book; `test` runs every
//! test of the project.

mod real_book;
mod scale;
mod test_suite;

use clap::{Parser, Subcommand};
use mdbook_i18n_site::cli;
use std::path::Path;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Build, serve, translate and test the Bình Dương site"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    #[command(flatten)]
    Tool(cli::Command),
    /// Run every test: Rust tests, translation checks and the browser suite.
    Test {
        /// Skip the browser suite (which needs Node.js and Chromium).
        #[arg(long)]
        no_browser: bool,
    },
    /// Build a translated book nobody here wrote with the tool and the
    /// conventional way, side by side, and check the tool's site (needs
    /// mdbook 0.5.4 and mdbook-i18n-helpers 0.4.0).
    RealBook {
        /// The book's folder.
        book: std::path::PathBuf,
        /// Runs of each pipeline.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// A file of the book to leave out of the tool's copy (such as
        /// theme/head.hbs, a hand-made language picker); may repeat.
        #[arg(long)]
        drop: Vec<std::path::PathBuf>,
        /// Write every problem the site check finds to this file (the
        /// report shows the first 20).
        #[arg(long)]
        problems: Option<std::path::PathBuf>,
        /// Also build once with --pdf and report each language's PDF
        /// (needs Chromium).
        #[arg(long)]
        pdf: bool,
    },
    /// Generated books of 100, 1,000 and 5,000 chapters in two languages and
    /// 500 in twenty, built by the tool and the conventional way side by
    /// side; prints the table and writes a plot (needs what real-book needs).
    Scale {
        /// Where to write the plot.
        #[arg(long, default_value = "crates/mdbook-i18n-site/docs/scale.svg")]
        plot: std::path::PathBuf,
        /// Leave out the books larger than this many chapters.
        #[arg(long, default_value_t = 5000)]
        largest: usize,
        /// Only write one generated book into this folder, of `--largest`
        /// chapters and `--languages` languages, and stop (to profile it,
        /// or to try `serve` on it).
        #[arg(long)]
        generate: Option<std::path::PathBuf>,
        /// The languages of the book `--generate` writes (2 to 20).
        #[arg(long, default_value_t = 2, requires = "generate")]
        languages: usize,
    },
}

fn main() -> ExitCode {
    cli::set_command_name("cargo xtask");
    cli::init_logging();
    // The workspace root, from this crate's own place, so that the commands
    // work from any current folder.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let result = match Cli::parse().command {
        Command::Tool(command) => cli::run(command, &root),
        Command::Test { no_browser } => test_suite::run(
            &root,
            test_suite::TestOptions {
                browser: !no_browser,
            },
        ),
        Command::RealBook {
            book,
            runs,
            drop,
            problems,
            pdf,
        } => real_book::run(
            &root,
            &real_book::RealBookOptions {
                book,
                runs: runs.max(1),
                drop,
                problems,
                pdf,
            },
        ),
        Command::Scale {
            generate: Some(dir),
            largest,
            languages,
            ..
        } => scale::generate_book(&root, &dir, largest, languages),
        Command::Scale {
            plot,
            largest,
            generate: None,
            ..
        } => scale::run(&root, &root.join(plot), largest),
    };
    cli::exit_code(result)
}

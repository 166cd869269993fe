//! `cargo xtask real-book BOOK_DIR`: the tool on a translated book nobody
//! here wrote, side by side with the conventional way of building one.
//!
//! The conventional way is what mdbook-i18n-helpers books do today:
//! `mdbook build`, then `MDBOOK_BOOK__LANGUAGE=<lang> mdbook build -d
//! book/<lang>` for each catalog. Both run as whole processes (the tool's
//! release binary, as a user installs it), alternating, on copies of the
//! book; the report gives the median wall time of each and their ratio,
//! the peak memory of each (GNU time), the output's size, and what the
//! site check ([`mdbook_i18n_site::site_check`]) finds in the tool's site.

use anyhow::{Context, Result, bail};
use mdbook_i18n_site::Project;
use mdbook_i18n_site::output_tree::files_under;
use mdbook_i18n_site::project::copy_book;
use mdbook_i18n_site::site_check;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// What to run.
#[derive(Debug, Clone)]
pub struct RealBookOptions {
    /// The book's folder.
    pub book: PathBuf,
    /// How many runs of each pipeline.
    pub runs: usize,
    /// Files of the book to leave out of the tool's copy (a hand-made
    /// language picker in `theme/head.hbs`, which the tool replaces).
    pub drop: Vec<PathBuf>,
    /// Where to write the whole list of problems, if anywhere.
    pub problems: Option<PathBuf>,
}

/// One run of one pipeline.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    pub time: Duration,
    /// Peak resident memory of its largest process, KiB (0: not measured).
    pub peak_kib: u64,
}

const GNU_TIME: &str = "/usr/bin/time";

/// The two pipelines measured on one book.
pub struct Comparison {
    /// The book's languages, source first.
    pub languages: Vec<mdbook_i18n_site::project::Language>,
    /// Median wall time and peak memory of the tool's runs.
    pub tool: Run,
    /// The same of the conventional runs (peak: its largest process).
    pub conventional: Run,
    /// Output sizes, bytes.
    pub tool_bytes: u64,
    pub conventional_bytes: u64,
    /// The largest chapter page of each output, bytes.
    pub tool_largest_page: u64,
    pub conventional_largest_page: u64,
    /// What the site check found in the tool's output.
    pub report: site_check::SiteReport,
}

/// Builds the tool's release binary (as a user installs it) and returns it.
pub fn tool_binary(root: &Path) -> Result<PathBuf> {
    for tool in ["mdbook", "mdbook-gettext"] {
        if Command::new(tool).arg("--version").output().is_err() {
            bail!(
                "`{tool}` is not installed, and the conventional pipeline needs it: cargo install mdbook@0.5.4 mdbook-i18n-helpers@0.4.0"
            );
        }
    }
    let status = Command::new("cargo")
        .args([
            "build",
            "--release",
            "--locked",
            "--quiet",
            "-p",
            "mdbook-i18n-site",
        ])
        .current_dir(root)
        .status()
        .context("running cargo")?;
    if !status.success() {
        bail!("building the mdbook-i18n-site binary failed");
    }
    Ok(root.join("target/release/mdbook-i18n-site"))
}

/// Builds copies of `book` both ways `runs` times, alternating, and checks
/// the tool's site; `drop` lists files left out of the tool's copy.
pub fn compare(tool: &Path, book: &Path, runs: usize, drop: &[PathBuf]) -> Result<Comparison> {
    let project = Project::load(book)?;
    let codes: Vec<String> = project.translations().map(|l| l.code.clone()).collect();

    let work = tempfile::tempdir().context("creating a temporary folder")?;
    let (ours, theirs) = (work.path().join("tool"), work.path().join("conventional"));
    copy_book(book, &ours)?;
    copy_book(book, &theirs)?;
    for file in drop {
        fs::remove_file(ours.join(file))
            .with_context(|| format!("leaving out {}", file.display()))?;
    }
    let (out_ours, out_theirs) = (
        work.path().join("out-tool"),
        work.path().join("out-conventional"),
    );

    let mut tool_runs = Vec::new();
    let mut conventional_runs = Vec::new();
    for i in 0..runs.max(1) {
        // Alternate which goes first, so neither always gets a warm cache.
        for first in [i % 2 == 0, i % 2 == 1] {
            if first {
                let _ = fs::remove_dir_all(&out_ours);
                let dest = out_ours.to_string_lossy().into_owned();
                tool_runs.push(timed(
                    &tool.to_string_lossy(),
                    &["build", &ours.to_string_lossy(), "--dest", &dest],
                    None,
                    work.path(),
                )?);
            } else {
                let _ = fs::remove_dir_all(&out_theirs);
                conventional_runs.push(conventional(&theirs, &out_theirs, &codes, work.path())?);
            }
        }
    }
    let report = site_check::check_site(&out_ours, &project.languages)?;
    Ok(Comparison {
        languages: project.languages.clone(),
        tool: summary(&tool_runs),
        conventional: summary(&conventional_runs),
        tool_bytes: folder_bytes(&out_ours)?,
        conventional_bytes: folder_bytes(&out_theirs)?,
        tool_largest_page: largest_chapter_page(&out_ours)?,
        conventional_largest_page: largest_chapter_page(&out_theirs)?,
        report,
    })
}

/// The median time and the highest peak of `runs`.
fn summary(runs: &[Run]) -> Run {
    let mut times: Vec<Duration> = runs.iter().map(|r| r.time).collect();
    times.sort();
    Run {
        time: times.get(times.len() / 2).copied().unwrap_or_default(),
        peak_kib: runs.iter().map(|r| r.peak_kib).max().unwrap_or(0),
    }
}

/// Runs the comparison and prints its report.
pub fn run(root: &Path, options: &RealBookOptions) -> Result<()> {
    let tool = tool_binary(root)?;
    let c = compare(&tool, &options.book, options.runs, &options.drop)?;
    let report = &c.report;
    println!(
        "{} ({} languages, {} runs each)",
        options.book.display(),
        c.languages.len(),
        options.runs
    );
    println!(
        "  wall time (median)   mdbook-i18n-site {:.2} s   conventional {:.2} s   ratio {:.2}",
        c.tool.time.as_secs_f64(),
        c.conventional.time.as_secs_f64(),
        c.tool.time.as_secs_f64() / c.conventional.time.as_secs_f64()
    );
    println!(
        "  peak memory          mdbook-i18n-site {} MB   conventional {} MB (its largest process)",
        c.tool.peak_kib / 1024,
        c.conventional.peak_kib / 1024
    );
    println!(
        "  output               mdbook-i18n-site {} MB   conventional {} MB",
        c.tool_bytes / 1_000_000,
        c.conventional_bytes / 1_000_000
    );
    println!(
        "  largest chapter page mdbook-i18n-site {} KB   conventional {} KB",
        c.tool_largest_page / 1000,
        c.conventional_largest_page / 1000
    );
    println!("  pages per language   {:?}", report.pages);
    println!(
        "  pages with text left in {} (all with the notice: {})   {:?}",
        c.languages[0].code,
        !report
            .problems
            .iter()
            .any(|p| p.ends_with("without the notice")),
        report.pages_with_fallbacks
    );
    println!(
        "  passages shown as outdated translations   {:?}",
        report.outdated_passages
    );
    println!(
        "  internal links and anchors checked   {}, problems {}",
        report.references,
        report.problems.len()
    );
    if let Some(file) = &options.problems {
        let mut list = report.problems.join("\n");
        list.push('\n');
        fs::write(file, list).with_context(|| format!("writing {}", file.display()))?;
    }
    for problem in report.problems.iter().take(20) {
        println!("    {problem}");
    }
    if !report.problems.is_empty() {
        bail!("{} problem(s) in the tool's site", report.problems.len());
    }
    Ok(())
}

/// The largest chapter page under `out`: HTML files but the print, contents
/// and 404 pages, which are one per language.
fn largest_chapter_page(out: &Path) -> Result<u64> {
    let mut largest = 0;
    for file in files_under(out, |_| true)?.iter().filter(|f| f.is_html()) {
        let name = file.relative.rsplit('/').next().unwrap_or_default();
        // Not chapters: the whole book, the whole table of contents, the
        // missing page, and the translation status table.
        if !["print.html", "toc.html", "404.html", "translation.html"].contains(&name) {
            let size = fs::metadata(&file.path)
                .with_context(|| format!("reading {}", file.path.display()))?
                .len();
            largest = largest.max(size);
        }
    }
    Ok(largest)
}

/// The conventional pipeline: one `mdbook build` per language.
fn conventional(book: &Path, out: &Path, codes: &[String], scratch: &Path) -> Result<Run> {
    let book = book.to_string_lossy().into_owned();
    let mut total = Run {
        time: Duration::ZERO,
        peak_kib: 0,
    };
    let mut add = |run: Run| {
        total.time += run.time;
        total.peak_kib = total.peak_kib.max(run.peak_kib);
    };
    add(timed(
        "mdbook",
        &["build", &book, "-d", &out.to_string_lossy()],
        None,
        scratch,
    )?);
    for code in codes {
        let dest = out.join(code).to_string_lossy().into_owned();
        add(timed(
            "mdbook",
            &["build", &book, "-d", &dest],
            Some(("MDBOOK_BOOK__LANGUAGE", code)),
            scratch,
        )?);
    }
    Ok(total)
}

/// Runs `program args…` under GNU time when it is installed, for the peak
/// memory of the process and its children; fails if the program fails.
fn timed(program: &str, args: &[&str], env: Option<(&str, &str)>, scratch: &Path) -> Result<Run> {
    let rss_file = scratch.join("peak-rss");
    let use_time = Path::new(GNU_TIME).is_file();
    let mut command = if use_time {
        let mut command = Command::new(GNU_TIME);
        command
            .arg("-f")
            .arg("%M")
            .arg("-o")
            .arg(&rss_file)
            .arg(program);
        command
    } else {
        Command::new(program)
    };
    command.args(args);
    if let Some((key, value)) = env {
        command.env(key, value);
    }
    let start = Instant::now();
    let output = command
        .output()
        .with_context(|| format!("running {program}"))?;
    let time = start.elapsed();
    if !output.status.success() {
        bail!(
            "`{program} {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    let peak_kib = if use_time {
        fs::read_to_string(&rss_file)?
            .lines()
            .last()
            .and_then(|l| l.trim().parse().ok())
            .unwrap_or(0)
    } else {
        0
    };
    Ok(Run { time, peak_kib })
}

fn folder_bytes(dir: &Path) -> Result<u64> {
    let mut total = 0;
    for file in files_under(dir, |_| true)? {
        total += fs::metadata(&file.path)
            .with_context(|| format!("reading {}", file.path.display()))?
            .len();
    }
    Ok(total)
}

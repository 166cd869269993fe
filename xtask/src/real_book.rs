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
    /// Also build once with `--pdf` and report the PDFs.
    pub pdf: bool,
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
    /// The same without side-by-side pages (`side-by-side = false`).
    pub tool_single: Run,
    /// Its output, bytes.
    pub tool_single_bytes: u64,
    /// The largest side-by-side page of the tool's output, bytes.
    pub tool_largest_side_by_side: u64,
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
    let (ours, single, theirs) = (
        work.path().join("tool"),
        work.path().join("tool-single"),
        work.path().join("conventional"),
    );
    copy_book(book, &ours)?;
    copy_book(book, &single)?;
    copy_book(book, &theirs)?;
    for file in drop {
        for copy in [&ours, &single] {
            fs::remove_file(copy.join(file))
                .with_context(|| format!("leaving out {}", file.display()))?;
        }
    }
    without_side_by_side(&single.join("book.toml"))?;
    let (out_ours, out_single, out_theirs) = (
        work.path().join("out-tool"),
        work.path().join("out-tool-single"),
        work.path().join("out-conventional"),
    );

    let mut tool_runs = Vec::new();
    let mut single_runs = Vec::new();
    let mut conventional_runs = Vec::new();
    let tool_build = |book: &Path, out: &Path| -> Result<Run> {
        let _ = fs::remove_dir_all(out);
        let dest = out.to_string_lossy().into_owned();
        timed(
            &tool.to_string_lossy(),
            &["build", &book.to_string_lossy(), "--dest", &dest],
            None,
            work.path(),
        )
    };
    for i in 0..runs.max(1) {
        // Rotate which goes first, so none always gets a warm cache.
        for turn in 0..3 {
            match (i + turn) % 3 {
                0 => tool_runs.push(tool_build(&ours, &out_ours)?),
                1 => single_runs.push(tool_build(&single, &out_single)?),
                _ => {
                    let _ = fs::remove_dir_all(&out_theirs);
                    conventional_runs.push(conventional(
                        &theirs,
                        &out_theirs,
                        &codes,
                        work.path(),
                    )?);
                }
            }
        }
    }
    let report = site_check::check_site(&out_ours, &project.languages)?;
    let (own_largest, side_largest) = largest_chapter_pages(&out_ours)?;
    Ok(Comparison {
        languages: project.languages.clone(),
        tool: summary(&tool_runs),
        tool_single: summary(&single_runs),
        tool_single_bytes: folder_bytes(&out_single)?,
        tool_largest_side_by_side: side_largest,
        conventional: summary(&conventional_runs),
        tool_bytes: folder_bytes(&out_ours)?,
        conventional_bytes: folder_bytes(&out_theirs)?,
        tool_largest_page: own_largest,
        conventional_largest_page: largest_chapter_pages(&out_theirs)?.0,
        report,
    })
}

/// Turns the side-by-side pages off in a copy's `book.toml`.
fn without_side_by_side(book_toml: &Path) -> Result<()> {
    let text = fs::read_to_string(book_toml)
        .with_context(|| format!("reading {}", book_toml.display()))?;
    let setting = "side-by-side = false";
    let text = match text.find("[preprocessor.gettext]\n") {
        Some(at) => {
            let end = at + "[preprocessor.gettext]\n".len();
            format!("{}{setting}\n{}", &text[..end], &text[end..])
        }
        None => format!("{text}\n[preprocessor.gettext]\n{setting}\n"),
    };
    fs::write(book_toml, text).with_context(|| format!("writing {}", book_toml.display()))
}

/// Builds `book` once more with `--pdf` and prints its time and each PDF.
fn report_pdfs(tool: &Path, book: &Path, languages: &[mdbook_i18n_site::Language]) -> Result<()> {
    let work = tempfile::tempdir().context("creating a temporary folder")?;
    let copy = work.path().join("book");
    copy_book(book, &copy)?;
    let out = work.path().join("out");
    let dest = out.to_string_lossy().into_owned();
    let run = timed(
        &tool.to_string_lossy(),
        &["build", &copy.to_string_lossy(), "--dest", &dest, "--pdf"],
        None,
        work.path(),
    )?;
    println!("  with --pdf           {:.2} s", run.time.as_secs_f64());
    for language in languages {
        let file = out
            .join(language.site_subdir())
            .join(mdbook_i18n_site::pdf::PDF_FILE);
        let bytes = fs::metadata(&file)
            .with_context(|| format!("reading {}", file.display()))?
            .len();
        println!("    {:<8} {:>6} KB", language.code, bytes / 1000);
    }
    Ok(())
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
        "  side-by-side pages   on {:.2} s   off {:.2} s   cost {:.2}x the time, output {} MB against {} MB",
        c.tool.time.as_secs_f64(),
        c.tool_single.time.as_secs_f64(),
        c.tool.time.as_secs_f64() / c.tool_single.time.as_secs_f64(),
        c.tool_bytes / 1_000_000,
        c.tool_single_bytes / 1_000_000
    );
    println!(
        "  peak memory          mdbook-i18n-site {} MB (without side-by-side pages {} MB)   conventional {} MB (its largest process)",
        c.tool.peak_kib / 1024,
        c.tool_single.peak_kib / 1024,
        c.conventional.peak_kib / 1024
    );
    println!(
        "  output               mdbook-i18n-site {} MB   conventional {} MB",
        c.tool_bytes / 1_000_000,
        c.conventional_bytes / 1_000_000
    );
    println!(
        "  largest chapter page mdbook-i18n-site {} KB (side by side {} KB)   conventional {} KB",
        c.tool_largest_page / 1000,
        c.tool_largest_side_by_side / 1000,
        c.conventional_largest_page / 1000
    );
    println!("  pages per language   {:?}", report.pages);
    println!(
        "  side-by-side pages   {:?}, {} blocks beside their originals",
        report.side_by_side_pages, report.side_by_side_blocks
    );
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
    if options.pdf {
        report_pdfs(&tool, &options.book, &c.languages)?;
    }
    if !report.problems.is_empty() {
        bail!("{} problem(s) in the tool's site", report.problems.len());
    }
    Ok(())
}

/// The largest chapter page under `out`, and the largest side-by-side page
/// (`chapter.<code>.html`): HTML files but the print, contents and 404
/// pages, which are one per language.
fn largest_chapter_pages(out: &Path) -> Result<(u64, u64)> {
    let (mut own, mut side_by_side) = (0, 0);
    for file in files_under(out, |_| true)?.iter().filter(|f| f.is_html()) {
        let name = file.relative.rsplit('/').next().unwrap_or_default();
        // Not chapters: the whole book, the whole table of contents, the
        // missing page, and the translation status table.
        if ["print.html", "toc.html", "404.html", "translation.html"].contains(&name) {
            continue;
        }
        let size = fs::metadata(&file.path)
            .with_context(|| format!("reading {}", file.path.display()))?
            .len();
        // A side-by-side page's name has a language code before `.html`.
        let beside = name
            .strip_suffix(".html")
            .and_then(|stem| stem.rsplit_once('.'))
            .is_some_and(|(_, code)| code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
        if beside {
            side_by_side = side_by_side.max(size);
        } else {
            own = own.max(size);
        }
    }
    Ok((own, side_by_side))
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

//! `cargo xtask scale`: the tool against the conventional pipeline on
//! generated books of growing size, side by side (see [`crate::real_book`]),
//! with a plot of time and output against chapters.
//!
//! Each book is Vietnamese (the source) with chapters of about 5.4 KB of
//! the seed's paragraphs, each numbered so that no two are the same, in
//! groups of ten (a chapter and its nine sections), and every message
//! translated in every catalog. The conventional copy gets mdBook's default
//! theme, as a book that has not made its own gets.

use crate::real_book::{self, Comparison};
use anyhow::{Context, Result, bail};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// The catalogs of the many-language book (with `vi`, 20 languages).
const LANGUAGES: [&str; 19] = [
    "en", "ja", "zh-CN", "ar", "es", "fr", "de", "ko", "pt-BR", "ru", "it", "tr", "pl", "id", "uk",
    "fa", "he", "el", "da",
];

/// One generated book: chapters, languages, runs of each pipeline.
struct Size {
    chapters: usize,
    languages: usize,
    runs: usize,
}

/// Runs every size, prints the table and writes the plot to `plot`.
pub fn run(root: &Path, plot: &Path, largest: usize) -> Result<()> {
    let tool = real_book::tool_binary(root)?;
    let paragraphs = seed_paragraphs(root)?;
    let mut sizes: Vec<Size> = [100, 1000, 5000]
        .into_iter()
        .filter(|&n| n <= largest)
        .map(|chapters| Size {
            chapters,
            languages: 2,
            runs: if chapters <= 100 { 3 } else { 1 },
        })
        .collect();
    sizes.push(Size {
        chapters: 500.min(largest),
        languages: 20,
        runs: 1,
    });
    println!(
        "{:>8} {:>5} | {:>9} {:>9} {:>6} | {:>9} {:>6} | {:>8} {:>8} {:>8} | {:>9} {:>9} {:>9} | {:>9} {:>9} | problems",
        "chapters",
        "langs",
        "tool",
        "conv.",
        "ratio",
        "no s-b-s",
        "cost",
        "tool MB",
        "no s-b-s",
        "conv. MB",
        "tool out",
        "no s-b-s",
        "conv. out",
        "tool page",
        "conv. page"
    );
    let mut results = Vec::new();
    for size in &sizes {
        let work = tempfile::tempdir().context("creating a temporary folder")?;
        let book = work.path().join("book");
        generate(
            &book,
            size.chapters,
            &LANGUAGES[..size.languages - 1],
            &paragraphs,
        )?;
        let c = real_book::compare(&tool, &book, size.runs, &[])?;
        println!(
            "{:>8} {:>5} | {:>8.2}s {:>8.2}s {:>6.2} | {:>8.2}s {:>6.2} | {:>8} {:>8} {:>8} | {:>8}M {:>8}M {:>8}M | {:>8}K {:>8}K | {}",
            size.chapters,
            size.languages,
            c.tool.time.as_secs_f64(),
            c.conventional.time.as_secs_f64(),
            c.tool.time.as_secs_f64() / c.conventional.time.as_secs_f64(),
            c.tool_single.time.as_secs_f64(),
            c.tool.time.as_secs_f64() / c.tool_single.time.as_secs_f64(),
            c.tool.peak_kib / 1024,
            c.tool_single.peak_kib / 1024,
            c.conventional.peak_kib / 1024,
            c.tool_bytes / 1_000_000,
            c.tool_single_bytes / 1_000_000,
            c.conventional_bytes / 1_000_000,
            c.tool_largest_page / 1000,
            c.conventional_largest_page / 1000,
            c.report.problems.len()
        );
        for problem in c.report.problems.iter().take(5) {
            println!("    {problem}");
        }
        results.push((size.chapters, size.languages, c));
        // The generated books and their outputs go with `work`.
    }
    let two: Vec<(usize, &Comparison)> = results
        .iter()
        .filter(|(_, languages, _)| *languages == 2)
        .map(|(chapters, _, c)| (*chapters, c))
        .collect();
    if let Some(parent) = plot.parent() {
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    fs::write(plot, svg(&two)).with_context(|| format!("writing {}", plot.display()))?;
    println!("plot: {}", plot.display());
    Ok(())
}

/// Writes one generated book of `chapters` chapters and `languages`
/// languages into `dir`, which must not exist yet.
pub fn generate_book(root: &Path, dir: &Path, chapters: usize, languages: usize) -> Result<()> {
    if !(2..=LANGUAGES.len() + 1).contains(&languages) {
        bail!("--languages must be from 2 to {}", LANGUAGES.len() + 1);
    }
    if dir.exists() {
        bail!("{} exists already: name a new folder", dir.display());
    }
    generate(
        dir,
        chapters,
        &LANGUAGES[..languages - 1],
        &seed_paragraphs(root)?,
    )?;
    println!(
        "wrote a book of {chapters} chapters in {languages} languages to {}",
        dir.display()
    );
    Ok(())
}

/// The paragraphs of this book's chapters (the seed's text).
fn seed_paragraphs(root: &Path) -> Result<Vec<String>> {
    let mut paragraphs = Vec::new();
    for name in [
        "thanh-pho-thong-minh.md",
        "do-thi-thong-minh-ben-vung.md",
        "van-minh-nghia-tinh-dang-song.md",
    ] {
        let path = root.join("src").join(name);
        let text =
            fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        paragraphs.extend(
            text.split("\n\n")
                .map(str::trim)
                .filter(|p| !p.is_empty() && !p.starts_with('#'))
                .map(str::to_string),
        );
    }
    Ok(paragraphs)
}

/// Writes a book of `chapters` chapters in `dir`, with a catalog for each
/// of `translations`.
fn generate(
    dir: &Path,
    chapters: usize,
    translations: &[&str],
    paragraphs: &[String],
) -> Result<()> {
    let src = dir.join("src");
    fs::create_dir_all(&src).with_context(|| format!("creating {}", src.display()))?;
    fs::create_dir_all(dir.join("po")).context("creating po/")?;
    fs::write(
        dir.join("book.toml"),
        format!(
            "[book]\ntitle = \"Bình Dương, {chapters} chương\"\nlanguage = \"vi\"\n\n[preprocessor.gettext]\nafter = [\"links\"]\n\n[output.html]\n"
        ),
    )
    .context("writing book.toml")?;
    let mut summary = String::from("# Mục lục\n\n");
    // (msgid, the file it is in)
    let mut messages: Vec<(String, String)> = vec![("Mục lục".into(), "SUMMARY.md".into())];
    for n in 1..=chapters {
        let file = format!("chuong-{n:05}.md");
        let title = format!("Chương {n}");
        let indent = if n % 10 == 1 { "" } else { "  " };
        writeln!(summary, "{indent}- [{title}]({file})")?;
        let mut text = format!("# {title}\n\n");
        messages.push((title, file.clone()));
        let mut k = 0;
        while text.len() < 5400 {
            let paragraph = format!("{} ({n}.{k})", paragraphs[(n + k) % paragraphs.len()]);
            text.push_str(&paragraph);
            text.push_str("\n\n");
            messages.push((paragraph, file.clone()));
            k += 1;
        }
        fs::write(src.join(&file), text).with_context(|| format!("writing {file}"))?;
    }
    fs::write(src.join("SUMMARY.md"), summary).context("writing SUMMARY.md")?;
    for code in translations {
        let mut po = format!(
            "msgid \"\"\nmsgstr \"\"\n\"Project-Id-Version: scale\\n\"\n\"POT-Creation-Date: 2026-12-01 00:00+0000\\n\"\n\"PO-Revision-Date: 2026-12-01 00:00+0000\\n\"\n\"Last-Translator: generated\\n\"\n\"Language-Team: generated\\n\"\n\"Language: {code}\\n\"\n\"MIME-Version: 1.0\\n\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\"Content-Transfer-Encoding: 8bit\\n\"\n\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"\n\n"
        );
        for (msgid, file) in &messages {
            let quoted = msgid.replace('\\', "\\\\").replace('"', "\\\"");
            writeln!(
                po,
                "#: src/{file}\nmsgid \"{quoted}\"\nmsgstr \"{code}: {quoted}\"\n"
            )?;
        }
        let path = dir.join("po").join(format!("{code}.po"));
        fs::write(&path, po).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// Two small log-log plots side by side: wall time and output bytes
/// against chapters, the tool and the conventional pipeline.
fn svg(points: &[(usize, &Comparison)]) -> String {
    let (w, h, pad) = (300.0, 220.0, 44.0);
    let mut out = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" font-family="sans-serif" font-size="11">"#,
        2.0 * w,
        h + 30.0,
        2.0 * w,
        h + 30.0
    );
    out.push_str(r#"<rect width="100%" height="100%" fill="white"/>"#);
    type Metric = fn(&Comparison) -> (f64, f64);
    let panels: [(&str, &str, Metric); 2] = [
        ("wall time", "s", |c| {
            (c.tool.time.as_secs_f64(), c.conventional.time.as_secs_f64())
        }),
        ("output", "MB", |c| {
            (c.tool_bytes as f64 / 1e6, c.conventional_bytes as f64 / 1e6)
        }),
    ];
    for (i, (title, unit, metric)) in panels.iter().enumerate() {
        let x0 = i as f64 * w;
        let values: Vec<(f64, f64, f64)> = points
            .iter()
            .map(|(n, c)| {
                let (a, b) = metric(c);
                (*n as f64, a.max(1e-3), b.max(1e-3))
            })
            .collect();
        let (min_x, max_x) = bounds(values.iter().map(|v| v.0));
        let (min_y, max_y) = bounds(values.iter().flat_map(|v| [v.1, v.2]));
        let px =
            |x: f64| x0 + pad + (x.log10() - min_x) / (max_x - min_x).max(1e-9) * (w - 2.0 * pad);
        let py = |y: f64| {
            h - pad + 10.0 - (y.log10() - min_y) / (max_y - min_y).max(1e-9) * (h - 2.0 * pad)
        };
        let _ = write!(
            out,
            r#"<text x="{}" y="16" font-weight="bold">{title} ({unit}), log scales</text>"#,
            x0 + pad
        );
        let _ = write!(
            out,
            r##"<path d="M{a} {t}V{b}H{c}" fill="none" stroke="#888"/>"##,
            a = x0 + pad,
            t = pad - 14.0,
            b = h - pad + 10.0,
            c = x0 + w - pad
        );
        for (n, a, b) in &values {
            let _ = write!(
                out,
                r#"<text x="{}" y="{}" text-anchor="middle">{n}</text>"#,
                px(*n),
                h - pad + 24.0
            );
            // The conventional line is the upper one: its figure above it,
            // the tool's below; at the right end, left of the point.
            let last = *n == values.last().map_or(0.0, |v| v.0);
            let (dx, anchor) = if last { (-4.0, "end") } else { (4.0, "start") };
            for (value, dy) in [(a, 13.0), (b, -5.0)] {
                let _ = write!(
                    out,
                    r#"<text x="{}" y="{}" font-size="9" text-anchor="{anchor}">{:.1}</text>"#,
                    px(*n) + dx,
                    py(*value) + dy,
                    value
                );
            }
        }
        for (pick, colour, name) in [
            (0usize, "#0a7", "mdbook-i18n-site"),
            (1, "#c33", "conventional"),
        ] {
            let path: Vec<String> = values
                .iter()
                .map(|v| {
                    format!(
                        "{:.1},{:.1}",
                        px(v.0),
                        py(if pick == 0 { v.1 } else { v.2 })
                    )
                })
                .collect();
            let _ = write!(
                out,
                r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="2"/>"#,
                path.join(" ")
            );
            let _ = write!(
                out,
                r#"<text x="{}" y="{}" fill="{colour}" text-anchor="end">{name}</text>"#,
                x0 + w - pad,
                h - pad - 10.0 - 14.0 * pick as f64
            );
        }
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" text-anchor="middle">chapters (2 languages)</text>"#,
            x0 + w / 2.0,
            h + 22.0
        );
    }
    out.push_str("</svg>\n");
    out
}

/// The log10 range of `values`.
fn bounds(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::MAX, f64::MIN), |(lo, hi), v| {
        (lo.min(v.log10()), hi.max(v.log10()))
    })
}

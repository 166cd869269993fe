//! The whole book as a PDF per language: each language's print page
//! ([`crate::page::print`]) printed by headless Chromium, which embeds the
//! fonts it used (subsets), keeps links (the contents and cross-references
//! become links inside the document) and writes the headings as the PDF's
//! outline. Chromium is found on `PATH` or named by `CHROME`; without it,
//! `build --pdf` says in one line how to get it.

use anyhow::{Context, Result, bail};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tracing::info;

/// The PDF's file in each language's folder.
pub const PDF_FILE: &str = "book.pdf";

/// How long one language's PDF may take (a 700-chapter book prints in
/// under a minute on a small machine); past it, the build stops.
const TIMEOUT: Duration = Duration::from_secs(600);

/// Chromium's flags for a run on a page of the book's own, with a fresh
/// profile and no network of its own: no sandbox is needed for it (and
/// Chromium has none when run as root).
pub const HEADLESS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
];

/// The names Chromium and Chrome go by, in the order they are looked for.
const BROWSERS: &[&str] = &[
    "chromium",
    "google-chrome-stable",
    "google-chrome",
    "chrome",
    "chromium-browser",
];

/// The browser that prints: `CHROME` if set, else the first of
/// [`BROWSERS`] on `PATH`, else Chrome where macOS installs it.
pub fn find_browser() -> Result<PathBuf> {
    find_browser_in(
        &std::env::var_os("CHROME").unwrap_or_default(),
        &std::env::var_os("PATH").unwrap_or_default(),
    )
}

fn find_browser_in(chrome: &OsStr, paths: &OsStr) -> Result<PathBuf> {
    if !chrome.is_empty() {
        let path = PathBuf::from(chrome);
        if !path.is_file() {
            bail!("CHROME is set to {}, which is not a file", path.display());
        }
        return Ok(path);
    }
    for name in BROWSERS {
        for dir in std::env::split_paths(paths) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Ok(candidate);
            }
        }
    }
    let mac = Path::new("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome");
    if mac.is_file() {
        return Ok(mac.to_path_buf());
    }
    bail!(
        "--pdf prints each language's book with Chromium, which was not found: install it (Debian/Ubuntu: `sudo apt-get install chromium`) or set CHROME to a Chromium or Chrome program"
    )
}

/// Prints `print_page` (a built print page, in its language's folder) to
/// `pdf` with `browser`; the previous file at `pdf`, if any, is replaced
/// only once the new one is whole.
pub fn print_to_pdf(browser: &Path, print_page: &Path, pdf: &Path) -> Result<()> {
    let profile = tempfile::tempdir().context("creating a browser profile folder")?;
    let page = print_page
        .canonicalize()
        .with_context(|| format!("reading {}", print_page.display()))?;
    let partial = pdf.with_extension("pdf.partial");
    let mut command = Command::new(browser);
    command
        .args(HEADLESS)
        .args(["--no-pdf-header-footer", "--generate-pdf-document-outline"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", partial.display()))
        .arg(file_url(&page))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    info!("printing {} to {}", print_page.display(), pdf.display());
    let mut child = command
        .spawn()
        .with_context(|| format!("starting {}", browser.display()))?;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().context("waiting for the browser")? {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            bail!(
                "{}: printing {} took more than {} s",
                browser.display(),
                print_page.display(),
                TIMEOUT.as_secs()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        use std::io::Read as _;
        let _ = pipe.read_to_string(&mut stderr);
    }
    let written = std::fs::metadata(&partial).map(|m| m.len()).unwrap_or(0);
    if !status.success() || written == 0 {
        // Chromium's log is mostly noise about D-Bus: its last real line.
        let why = stderr
            .lines()
            .rev()
            .find(|l| !l.contains("dbus") && !l.trim().is_empty())
            .unwrap_or("no output");
        bail!(
            "{} could not print {} ({status}): {}",
            browser.display(),
            print_page.display(),
            why.trim()
        );
    }
    std::fs::rename(&partial, pdf)
        .with_context(|| format!("moving {} to {}", partial.display(), pdf.display()))?;
    Ok(())
}

/// The `file:` URL of an absolute path.
fn file_url(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    format!(
        "file:///{}",
        crate::publish::url_path(text.trim_start_matches('/'))
    )
}

/// The characters of the print page `html` that no installed font has
/// (fontconfig's coverage, which Chromium prints with on Linux), at most
/// `shown` of them, and how many there are; `None` where fontconfig's
/// `fc-list` is not there to ask. A PDF printed without them shows boxes.
pub fn characters_without_a_font(html: &str, shown: usize) -> Result<Option<(Vec<char>, usize)>> {
    let Ok(output) = Command::new("fc-list")
        .args(["--format", "%{charset}\n"])
        .output()
    else {
        return Ok(None);
    };
    if !output.status.success() {
        return Ok(None);
    }
    let covered = coverage(&String::from_utf8_lossy(&output.stdout));
    let used = std::cell::RefCell::new(std::collections::BTreeSet::new());
    lol_html::rewrite_str(
        html,
        lol_html::RewriteStrSettings::new().append_element_content_handler(lol_html::text!(
            "body :not(script, style)",
            |chunk| {
                used.borrow_mut().extend(chunk.as_str().chars());
                Ok(())
            }
        )),
    )?;
    let missing: Vec<char> = used
        .into_inner()
        .into_iter()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .filter(|c| !covers(&covered, *c as u32))
        .collect();
    let count = missing.len();
    Ok(Some((missing.into_iter().take(shown).collect(), count)))
}

/// The code points fonts cover, from `fc-list`'s charsets (`20-7e a0 …`),
/// as sorted ranges.
fn coverage(charsets: &str) -> Vec<(u32, u32)> {
    let mut ranges: Vec<(u32, u32)> = charsets
        .split_whitespace()
        .filter_map(|range| {
            let (start, end) = range.split_once('-').unwrap_or((range, range));
            Some((
                u32::from_str_radix(start, 16).ok()?,
                u32::from_str_radix(end, 16).ok()?,
            ))
        })
        .collect();
    ranges.sort_unstable();
    // Fonts overlap: merged, each code point is in at most one range.
    let mut merged: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        match merged.last_mut() {
            Some(last) if start <= last.1.saturating_add(1) => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

fn covers(ranges: &[(u32, u32)], code: u32) -> bool {
    let after = ranges.partition_point(|(start, _)| *start <= code);
    after > 0 && ranges[after - 1].1 >= code
}

/// The name a download of the PDF gets: the book's title, without the
/// characters file systems refuse.
pub fn download_name(title: &str) -> String {
    let name: String = title
        .chars()
        .map(|c| {
            if "/\\:*?\"<>|".contains(c) || c.is_control() {
                ' '
            } else {
                c
            }
        })
        .collect();
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        PDF_FILE.to_string()
    } else {
        format!("{name}.pdf")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_and_download_names() {
        assert_eq!(
            file_url(Path::new("/tmp/a b/#1/print.html")),
            "file:///tmp/a%20b/%231/print.html"
        );
        assert_eq!(
            download_name("Bình Dương: thành phố thông minh"),
            "Bình Dương thành phố thông minh.pdf"
        );
        assert_eq!(download_name(" / "), "book.pdf");
    }

    #[test]
    fn coverage_is_read_from_fontconfigs_charsets() {
        let ranges = coverage("20-7e a0-17f 1ea0-1ef9\n41-5a 4e00-4e01\n");
        for (c, covered) in [
            ('a', true),
            ('Ấ', true),
            ('ự', true),
            ('日', false),
            ('一', true),
            ('\u{1f980}', false),
        ] {
            assert_eq!(covers(&ranges, c as u32), covered, "{c}");
        }
    }

    #[test]
    fn a_missing_browser_is_one_line_saying_how_to_get_it() {
        let err = find_browser_in(OsStr::new("/nonexistent-chrome"), OsStr::new("")).unwrap_err();
        assert!(format!("{err:#}").contains("CHROME is set to /nonexistent-chrome"));
        let err = find_browser_in(OsStr::new(""), OsStr::new("/nonexistent")).unwrap_err();
        let message = format!("{err:#}");
        assert!(
            message.contains("sudo apt-get install chromium"),
            "{message}"
        );
        assert!(!message.contains('\n'));
    }
}

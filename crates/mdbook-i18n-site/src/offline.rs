//! Each language of a published site readable offline and installable:
//! beside its pages, a service worker (`sw.js`, the theme's with the
//! language's file list and version written before it), a web app
//! manifest and its icons. The pages register the worker once they have
//! loaded (`book.js`), only on the published site: a preview under `serve`
//! has none, so what a translator sees is never a kept copy.
//!
//! The version is a hash of every listed file, so a new deployment is a new
//! worker whose cache replaces the old one whole, and two builds of the
//! same sources write the same worker.

use crate::output_tree::files_under;
use crate::project::Language;
use anyhow::{Context, Result, anyhow};
use sha2::{Digest, Sha256};
use std::fs;
use std::path::Path;
use tracing::info;

/// The service worker, in each language's folder.
pub const SERVICE_WORKER: &str = "sw.js";

/// The web app manifest, in each language's folder.
pub const MANIFEST: &str = "manifest.webmanifest";

/// The app's icons drawn from the theme's `icon.svg`: size and file.
const ICONS: [(u32, &str); 2] = [(192, "icon-192.png"), (512, "icon-512.png")];

/// At most this much of a language is kept for offline reading: its files
/// in order (the pages' styles and scripts, the pages, the search index,
/// the rest) until the next would pass it. A book whose pictures would
/// fill a phone keeps its text.
pub const MAX_BYTES: u64 = 50 * 1024 * 1024;

/// The colours an installed app starts with (the theme's light ones).
const BACKGROUND: &str = "#ffffff";
const THEME_COLOUR: &str = "#155e75";

/// What a language's app is called and says, in its language.
#[derive(Debug, Clone, Default)]
pub struct AppWords {
    /// The book's title.
    pub name: String,
    /// A short name for a phone's home screen (`short-title`, else the title).
    pub short_name: String,
    /// The book's description.
    pub description: String,
}

/// The language folder `dest` as the worker sees it.
#[derive(Debug, Clone, Copy)]
pub struct Folder<'a> {
    /// The folder's language.
    pub language: &'a Language,
    /// The folders of other languages inside it (the source language's
    /// holds the translations'): its worker leaves them to theirs.
    pub elsewhere: &'a [String],
    /// Every language's code, whose side-by-side pages
    /// (`chapter.<code>.html`) are kept when read, not in advance.
    pub codes: &'a [String],
}

/// What [`write_offline_copy`] kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kept {
    /// Files listed for the worker to fetch.
    pub files: usize,
    /// Their bytes.
    pub bytes: u64,
    /// Files left out past [`MAX_BYTES`].
    pub left_out: usize,
}

/// The app's icons, drawn once for every language: file name and PNG.
#[derive(Debug, Clone)]
pub struct Icons(Vec<(&'static str, Vec<u8>)>);

/// Writes the icons, the manifest and the service worker of the language
/// folder `dest`, with the `icons` the theme's icon gives ([`draw_icons`])
/// and `worker`, the theme's service worker script.
pub fn write_offline_copy(
    dest: &Path,
    folder: Folder<'_>,
    words: &AppWords,
    (icons, worker): (&Icons, &str),
) -> Result<Kept> {
    for name in [SERVICE_WORKER, MANIFEST, ICONS[0].1, ICONS[1].1] {
        refuse_own_file(dest, name, "the offline copy's")?;
    }
    for (file, png) in &icons.0 {
        fs::write(dest.join(file), png)
            .with_context(|| format!("writing {}", dest.join(file).display()))?;
    }
    let manifest = manifest(folder.language, words);
    write(&dest.join(MANIFEST), &manifest)?;

    let mut files: Vec<(u8, String, u64)> = Vec::new();
    for file in files_under(dest, |_| true)? {
        let elsewhere = folder
            .elsewhere
            .iter()
            .any(|f| file.relative.starts_with(f));
        if elsewhere || !is_kept_in_advance(&file.relative, folder.codes) {
            continue;
        }
        let size = fs::metadata(&file.path)
            .with_context(|| format!("reading {}", file.path.display()))?
            .len();
        files.push((priority(&file.relative), file.relative, size));
    }
    files.sort();
    let mut listed = Vec::new();
    let mut bytes = 0;
    let mut left_out = 0;
    for (_, path, size) in files {
        if bytes + size > MAX_BYTES {
            left_out += 1;
            continue;
        }
        bytes += size;
        listed.push(path);
    }
    if left_out > 0 {
        info!(
            "{}: {left_out} file(s) past {} MB are fetched only when read, not kept in advance for offline reading",
            folder.language.code,
            MAX_BYTES / 1024 / 1024
        );
    }
    let mut hasher = Sha256::new();
    for path in &listed {
        let text = fs::read(dest.join(path))
            .with_context(|| format!("reading {}", dest.join(path).display()))?;
        hasher.update(path.as_bytes());
        hasher.update([0]);
        hasher.update((text.len() as u64).to_le_bytes());
        hasher.update(&text);
    }
    let version: String = hasher.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let entries: Vec<(&String, bool)> = listed.iter().map(|p| (p, is_fingerprinted(p))).collect();
    let script = format!(
        "const VERSION = {};\nconst FILES = {};\nconst ELSEWHERE = {};\n{worker}",
        serde_json::to_string(&version)?,
        serde_json::to_string(&entries)?,
        serde_json::to_string(folder.elsewhere)?,
    );
    write(&dest.join(SERVICE_WORKER), &script)?;
    Ok(Kept {
        files: listed.len(),
        bytes,
        left_out,
    })
}

/// The manifest that makes the language's pages an installable app.
fn manifest(language: &Language, words: &AppWords) -> String {
    let icons: Vec<serde_json::Value> = ICONS
        .iter()
        .map(|(size, file)| {
            serde_json::json!({ "src": file, "sizes": format!("{size}x{size}"), "type": "image/png" })
        })
        .collect();
    let manifest = serde_json::json!({
        "name": words.name,
        "short_name": words.short_name,
        "description": words.description,
        "lang": language.code,
        "dir": language.dir(),
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": BACKGROUND,
        "theme_color": THEME_COLOUR,
        "icons": icons,
    });
    // Pretty, for a human reading it; a few hundred bytes either way.
    serde_json::to_string_pretty(&manifest).unwrap_or_default()
}

/// Draws the app's icons from `svg`, the theme's `icon.svg`.
pub fn draw_icons(svg: &str) -> Result<Icons> {
    let tree = resvg::usvg::Tree::from_str(svg, &resvg::usvg::Options::default())
        .map_err(|e| anyhow!("the theme's icon.svg: {e}"))?;
    let mut icons = Vec::new();
    for (size, file) in ICONS {
        let mut pixmap =
            resvg::tiny_skia::Pixmap::new(size, size).context("making room for the icon")?;
        let scale = size as f32 / tree.size().width().max(tree.size().height());
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::from_scale(scale, scale),
            &mut pixmap.as_mut(),
        );
        let png = pixmap
            .encode_png()
            .map_err(|e| anyhow!("drawing {file}: {e}"))?;
        icons.push((file, png));
    }
    Ok(Icons(icons))
}

/// Whether the worker fetches `relative` in advance: not itself, nor the
/// PDF (a download of its own), a side-by-side page or a dotfile.
fn is_kept_in_advance(relative: &str, codes: &[String]) -> bool {
    let name = relative.rsplit('/').next().unwrap_or(relative);
    let side_by_side = codes
        .iter()
        .any(|code| name.ends_with(&format!(".{code}.html")));
    !(relative == SERVICE_WORKER
        || relative == crate::pdf::PDF_FILE
        || name.starts_with('.')
        || side_by_side)
}

/// The order files are kept in: what every page loads, then the pages,
/// then the search index, then the rest (pictures, a book's own files).
fn priority(relative: &str) -> u8 {
    let is_html = relative.ends_with(".html");
    match () {
        _ if is_fingerprinted(relative) && !relative.starts_with("search/") => 0,
        _ if relative == MANIFEST || ICONS.iter().any(|(_, f)| *f == relative) => 0,
        _ if is_html => 1,
        _ if relative.starts_with(crate::search::SEARCH_DIR) => 2,
        _ => 3,
    }
}

/// Whether `relative`'s name carries a hash of its content, so that it
/// never changes under it: mdBook's and the builder's `name-0123abcd.ext`,
/// and the search shards in their versioned folder.
fn is_fingerprinted(relative: &str) -> bool {
    let hex8 = |s: &str| s.len() == 8 && s.bytes().all(|b| b.is_ascii_hexdigit());
    let mut parts = relative.split('/');
    if parts.next() == Some(crate::search::SEARCH_DIR)
        && parts.next().is_some_and(hex8)
        && parts.next().is_some()
    {
        return true;
    }
    let name = relative.rsplit('/').next().unwrap_or(relative);
    name.rsplit_once('.')
        .and_then(|(stem, _)| stem.rsplit_once('-'))
        .is_some_and(|(_, hash)| hex8(hash))
}

/// The builder writes `name` into each language's folder: a file of the
/// book's own there (copied from its chapters' folder) is refused, not
/// silently replaced.
pub fn refuse_own_file(dest: &Path, name: &str, what: &str) -> Result<()> {
    if dest.join(name).exists() {
        anyhow::bail!(
            "the book has a file `{name}` beside its chapters, where the builder writes {what} `{name}` in each language: rename it"
        );
    }
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<()> {
    fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_kept_in_order_and_fingerprinted_ones_are_known() {
        for (path, fingerprinted, priority_) in [
            ("css/general-aa69d573.css", true, 0),
            ("book-05c285fa.js", true, 0),
            ("search/64238a2f/t0.json", true, 2),
            ("search/index.json", false, 2),
            ("index.html", false, 1),
            ("a/b.html", false, 1),
            ("img/x-y.png", false, 3),
            ("manifest.webmanifest", false, 0),
        ] {
            assert_eq!(is_fingerprinted(path), fingerprinted, "{path}");
            assert_eq!(priority(path), priority_, "{path}");
        }
        let codes = ["vi".to_string(), "en".to_string()];
        for (path, kept) in [
            ("index.html", true),
            ("index.en.html", false),
            ("a/b.vi.html", false),
            ("sw.js", false),
            ("book.pdf", false),
            (".nojekyll", false),
            ("img/x.png", true),
        ] {
            assert_eq!(is_kept_in_advance(path, &codes), kept, "{path}");
        }
    }

    #[test]
    fn a_book_file_where_the_worker_goes_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("sw.js"), "// the book's own").unwrap();
        let language = Language::new("vi", true);
        let folder = Folder {
            language: &language,
            elsewhere: &[],
            codes: &[],
        };
        let icons = draw_icons(include_str!("../theme/icon.svg")).unwrap();
        let err =
            write_offline_copy(dir.path(), folder, &AppWords::default(), (&icons, "")).unwrap_err();
        assert_eq!(
            format!("{err:#}"),
            "the book has a file `sw.js` beside its chapters, where the builder writes the offline copy's `sw.js` in each language: rename it"
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("sw.js")).unwrap(),
            "// the book's own"
        );
    }

    #[test]
    fn the_worker_lists_its_files_and_changes_with_them() {
        let dir = tempfile::tempdir().unwrap();
        let write = |path: &str, text: &str| {
            let path = dir.path().join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        };
        write("index.html", "<p>một</p>");
        write("index.en.html", "<p>side by side</p>");
        write("css/general-aa69d573.css", "p{}");
        write("en/index.html", "<p>one</p>");
        let language = Language::new("vi", true);
        let codes = ["vi".to_string(), "en".to_string()];
        let elsewhere = ["en/".to_string()];
        let folder = Folder {
            language: &language,
            elsewhere: &elsewhere,
            codes: &codes,
        };
        let words = AppWords {
            name: "Sách".into(),
            short_name: "Sách".into(),
            description: "Một cuốn sách".into(),
        };
        let icon = &draw_icons(include_str!("../theme/icon.svg")).unwrap();
        let kept = write_offline_copy(dir.path(), folder, &words, (icon, "/* worker */")).unwrap();
        let script = fs::read_to_string(dir.path().join(SERVICE_WORKER)).unwrap();
        let files = script.lines().nth(1).unwrap();
        assert_eq!(
            files,
            r#"const FILES = [["css/general-aa69d573.css",true],["icon-192.png",false],["icon-512.png",false],["manifest.webmanifest",false],["index.html",false]];"#
        );
        assert!(
            script.contains("const ELSEWHERE = [\"en/\"];") && script.ends_with("/* worker */")
        );
        assert_eq!((kept.files, kept.left_out), (5, 0));
        let manifest: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(dir.path().join(MANIFEST)).unwrap()).unwrap();
        assert_eq!(manifest["lang"], "vi");
        assert_eq!(manifest["icons"][1]["sizes"], "512x512");
        // Same files, same worker; a changed page, a new version.
        let version = |dir: &Path| {
            fs::read_to_string(dir.join(SERVICE_WORKER))
                .unwrap()
                .lines()
                .next()
                .unwrap()
                .to_string()
        };
        let first = version(dir.path());
        // Each build writes into a new folder: the last one's files go.
        let rebuild = || {
            for name in [SERVICE_WORKER, MANIFEST, ICONS[0].1, ICONS[1].1] {
                fs::remove_file(dir.path().join(name)).unwrap();
            }
            write_offline_copy(dir.path(), folder, &words, (icon, "/* worker */")).unwrap();
        };
        rebuild();
        assert_eq!(version(dir.path()), first);
        write("index.html", "<p>hai</p>");
        rebuild();
        assert_ne!(version(dir.path()), first);
    }
}

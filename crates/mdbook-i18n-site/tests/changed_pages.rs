//! A preview's rebuild writes only the pages an edit changed, each exactly
//! as a whole build writes it, and the whole rebuild that follows leaves
//! the same site as a build from scratch.

mod common;

use common::{copy_project, files_under};
use mdbook_i18n_site::build::{BuildOptions, Mode, Rebuilt, Remembered, rebuild_changed};
use mdbook_i18n_site::project::{Language, Project};
use pretty_assertions::assert_eq;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

fn preview(output: &Path) -> BuildOptions {
    BuildOptions {
        mode: Mode::Preview {
            live_reload_endpoint: "__livereload".into(),
        },
        site_url: Some("/".into()),
        output_dir: Some(output.to_path_buf()),
        ..BuildOptions::default()
    }
}

/// Every file of a site with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    files_under(dir)
        .into_iter()
        .map(|file| {
            let bytes = fs::read(dir.join(&file)).expect("read a built file");
            (file, bytes)
        })
        .collect()
}

/// The files that differ between two snapshots.
fn differing(a: &BTreeMap<PathBuf, Vec<u8>>, b: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<String> {
    let mut names: Vec<&PathBuf> = a.keys().chain(b.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|name| a.get(*name) != b.get(*name))
        .map(|name| name.display().to_string())
        .collect()
}

/// The site the same inputs give when built from scratch.
fn from_scratch(project: &Project, dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let output = dir.join(format!(
        "scratch-{}",
        fs::read_dir(dir).expect("dir").count()
    ));
    let all = project.languages.clone();
    rebuild_changed(
        project,
        &preview(&output),
        &all,
        &Remembered::default(),
        true,
    )
    .expect("a build from scratch");
    snapshot(&output)
}

/// What is edited, in which file, from, to, the languages rebuilt, and
/// the files written at once (none when it is every page).
type Edit<'a> = (
    &'a str,
    &'a Path,
    &'a str,
    &'a str,
    &'a [Language],
    Option<&'a [&'a str]>,
);

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    fs::write(path, text.replacen(from, to, 1)).expect("write");
}

#[test]
fn an_edit_rewrites_only_the_pages_it_changes_and_the_catch_up_completes_the_site() {
    let (dir, project) = copy_project();
    let output = dir.path().join("site");
    let options = preview(&output);
    let remembered = Remembered::default();
    let all = project.languages.clone();
    let en: Vec<_> = all.iter().filter(|l| l.code == "en").cloned().collect();
    let rebuilt = rebuild_changed(&project, &options, &all, &remembered, true).expect("first");
    assert_eq!(rebuilt, Rebuilt::Whole, "nothing to compare with yet");

    let po = project.po_file("en");
    let chapter = project.src_dir.join("thanh-pho-thong-minh.md");
    let cases: [Edit; 3] = [
        (
            "a paragraph's translation",
            &po,
            "This collection brings",
            "This anthology brings",
            &en,
            Some(&["en/index.html"]),
        ),
        (
            "a Vietnamese paragraph: its page in both languages",
            &chapter,
            "Bình Dương",
            "Bình  Dương",
            &all,
            Some(&["en/thanh-pho-thong-minh.html", "thanh-pho-thong-minh.html"]),
        ),
        (
            "a chapter title in the contents: every page",
            &po,
            "msgstr \"Efforts to Develop a Sustainable Smart Urban Area\"",
            "msgstr \"Efforts Toward a Sustainable Smart Urban Area\"",
            &en,
            None,
        ),
    ];
    for (what, file, from, to, languages, written) in cases {
        let before = snapshot(&output);
        edit(file, from, to);
        let project = Project::load(&project.root).expect("reload");
        let rebuilt =
            rebuild_changed(&project, &options, languages, &remembered, true).expect(what);
        let after = snapshot(&output);
        let scratch = from_scratch(&project, dir.path());
        match written {
            Some(pages) => {
                assert_eq!(rebuilt, Rebuilt::ChangedPages, "{what}");
                assert_eq!(differing(&before, &after), *pages, "{what}");
                for page in pages {
                    assert_eq!(
                        after.get(Path::new(page)),
                        scratch.get(Path::new(page)),
                        "{what}: {page} as a whole build writes it"
                    );
                }
                // The catch-up: the search index and the rest, whole.
                let rebuilt =
                    rebuild_changed(&project, &options, languages, &remembered, false).expect(what);
                assert_eq!(rebuilt, Rebuilt::Whole, "{what}");
            }
            None => assert_eq!(rebuilt, Rebuilt::Whole, "{what}"),
        }
        assert_eq!(
            differing(&snapshot(&output), &scratch),
            Vec::<String>::new(),
            "{what}: the site after the rebuilds is the site built from scratch"
        );
    }
}

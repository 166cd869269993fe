//! The patched mdBook renderer (crates/vendor/mdbook-html) renders every
//! chapter from one template context: each page must still see exactly the
//! data a fresh copy would give it. A theme prints the keys a chapter sets
//! only sometimes; chapters that differ in each of them are built by the
//! binary, and no value may leak from one page to the next.

mod common;

use common::{page, sel, text_of};
use std::fs;

#[test]
fn each_page_sees_only_its_own_chapter_data() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    fs::create_dir_all(root.join("src")).expect("mkdir");
    fs::create_dir_all(root.join("theme")).expect("mkdir");
    fs::write(
        root.join("book.toml"),
        concat!(
            "[book]\ntitle = \"Data\"\nlanguage = \"en\"\n\n[output.html]\n",
            "edit-url-template = \"https://edit.example/{path}\"\n\n",
            "[output.html.redirect]\n\"/a.html#old\" = \"b.html#new\"\n"
        ),
    )
    .expect("book.toml");
    fs::write(
        root.join("src/SUMMARY.md"),
        "# Summary\n\n[Intro](index.md)\n\n- [A](a.md)\n- [B](b.md)\n\n[End](end.md)\n",
    )
    .expect("SUMMARY.md");
    for (file, title) in [("index", "Intro"), ("a", "A"), ("b", "B"), ("end", "End")] {
        fs::write(root.join(format!("src/{file}.md")), format!("# {title}\n")).expect("chapter");
    }
    fs::write(
        root.join("theme/index.hbs"),
        concat!(
            "<!DOCTYPE html><html lang=\"{{ language }}\"><head><title>{{ title }}</title></head>",
            "<body><nav>{{#toc}}{{/toc}}</nav><main>{{{ content }}}</main><p id=\"data\">",
            "section={{ section }};previous={{#if previous}}{{ previous.link }}{{/if}};",
            "next={{#if next}}{{ next.link }}{{/if}};index={{#if is_index}}yes{{/if}};",
            "edit={{ git_repository_edit_url }};fragments={{ fragment_map }}</p></body></html>"
        ),
    )
    .expect("index.hbs");
    common::run_tool(root, &["build", "--dest", "out"]);

    let data = |file: &str| {
        let page = page(&root.join("out").join(file));
        page.select(&sel("#data")).next().map(text_of).expect(file)
    };
    let edit = "https://edit.example/src";
    assert_eq!(
        data("index.html"),
        format!("section=;previous=;next=a.html;index=yes;edit={edit}/index.md;fragments=")
    );
    assert_eq!(
        data("a.html"),
        format!(
            "section=1.;previous=index.html;next=b.html;index=;edit={edit}/a.md;fragments={{\"#old\":\"b.html#new\"}}"
        )
    );
    assert_eq!(
        data("b.html"),
        format!("section=2.;previous=a.html;next=end.html;index=;edit={edit}/b.md;fragments=")
    );
    assert_eq!(
        data("end.html"),
        format!("section=;previous=b.html;next=;index=;edit={edit}/end.md;fragments=")
    );
}

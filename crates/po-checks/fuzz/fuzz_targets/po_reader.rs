//! Fuzzes the PO reader and the QA checks on what it accepts: no panic, no
//! unbounded work, and a catalog that reads is consistent (every entry
//! found by its key, lines increasing, translations a subset).
#![no_main]

use libfuzzer_sys::fuzz_target;
use po_checks::catalog::PoFile;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(po) = PoFile::parse(text, Path::new("fuzz.po")) else {
        return;
    };
    let lines = text.lines().count();
    let mut previous = 0;
    for entry in po.entries() {
        assert!(entry.line > previous && entry.line <= lines, "line {}", entry.line);
        previous = entry.line;
        let found = po.find(entry.msgctxt.as_deref(), &entry.msgid).expect("findable");
        assert_eq!(found, entry);
    }
    let translations = po.translations();
    assert!(translations.len() <= po.entries().len());
    let _ = po.to_polib();
    for problem in po_checks::qa::check_catalog(&po, &po_checks::qa::Context::default()) {
        assert!(problem.diagnostic.line >= 1);
    }
});

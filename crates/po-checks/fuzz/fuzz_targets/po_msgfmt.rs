//! Fuzzes the PO reader against GNU `msgfmt` on the same bytes: what the
//! reader accepts, msgfmt accepts, and the messages msgfmt compiles (its
//! `.mo` file: translated, not fuzzy) are the reader's translated entries.
//! Slow (one msgfmt process per input); needs GNU gettext.
#![no_main]

use libfuzzer_sys::fuzz_target;
use po_checks::catalog::PoFile;

#[path = "../../tests/support/mo.rs"]
mod mo;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("x.po");
    std::fs::write(&path, text).expect("write");
    let Ok(po) = PoFile::read(&path) else {
        return;
    };
    let theirs = match mo::msgfmt(&path) {
        Ok(messages) => messages,
        // A rule of msgfmt's for C format strings (see tests/po_readers.rs),
        // not a difference in reading.
        Err(e) if e.lines().filter(|l| l.contains(": ")).all(|l| {
            l.contains("entries do not both begin with '\\n'")
                || l.contains("entries do not both end with '\\n'")
                || l.starts_with("msgfmt: found")
        }) => return,
        Err(e) => panic!("accepted here, refused by msgfmt: {e}"),
    };
    let ours: mo::Messages = po
        .entries()
        .iter()
        .filter(|e| e.is_translated())
        .map(|e| ((e.msgctxt.clone(), e.msgid.clone()), e.msgstr.clone()))
        .collect();
    assert_eq!(ours, theirs);
});

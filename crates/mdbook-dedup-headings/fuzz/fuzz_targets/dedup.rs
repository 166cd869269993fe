//! Fuzzes `dedup_chapter`: no panic on any UTF-8 input, and every property
//! the property tests check (same cuts as the plain reference, output is the
//! input minus whole repeated blocks, idempotent, HTML unchanged but for the
//! removed blocks).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/mod.rs"]
mod support;

fuzz_target!(|data: &[u8]| {
    if let Ok(markdown) = std::str::from_utf8(data) {
        support::check_properties(markdown);
    }
});

//! Reading what GNU `msgfmt` makes of a catalog: its `.mo` file holds
//! exactly the messages a program would translate (translated, not fuzzy),
//! the oracle the strict PO reader is compared with.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// `(msgctxt, msgid)` → msgstr, as a program reading the `.mo` sees them.
pub type Messages = BTreeMap<(Option<String>, String), String>;

/// What `msgfmt` compiles `po` into, or its error output if it refuses.
pub fn msgfmt(po: &Path) -> Result<Messages, String> {
    let mo = po.with_extension("mo");
    let output = Command::new("msgfmt")
        .arg("-o")
        .arg(&mo)
        .arg(po)
        .output()
        .map_err(|e| format!("running msgfmt (GNU gettext): {e}"))?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    let bytes = std::fs::read(&mo).map_err(|e| e.to_string())?;
    parse_mo(&bytes)
}

/// Parses a `.mo` file (GNU gettext's "MO file format"): a header of
/// 32-bit words, then two tables of (length, offset) for the original and
/// the translated strings. The header entry (empty msgid) is left out.
pub fn parse_mo(bytes: &[u8]) -> Result<Messages, String> {
    let word = |at: usize, little: bool| -> Result<usize, String> {
        let b: [u8; 4] = bytes
            .get(at..at + 4)
            .and_then(|s| s.try_into().ok())
            .ok_or("truncated .mo file")?;
        Ok(if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        } as usize)
    };
    let little = match word(0, true)? {
        0x9504_12de => true,
        0xde12_0495 => false,
        _ => return Err("not a .mo file".into()),
    };
    let (count, originals, translations) = (word(8, little)?, word(12, little)?, word(16, little)?);
    let string = |table: usize, i: usize| -> Result<String, String> {
        let (len, offset) = (
            word(table + 8 * i, little)?,
            word(table + 8 * i + 4, little)?,
        );
        let raw = bytes
            .get(offset..offset + len)
            .ok_or("string out of bounds")?;
        String::from_utf8(raw.to_vec()).map_err(|e| e.to_string())
    };
    let mut messages = Messages::new();
    for i in 0..count {
        let original = string(originals, i)?;
        if original.is_empty() {
            continue;
        }
        let (msgctxt, msgid) = match original.split_once('\u{4}') {
            Some((context, id)) => (Some(context.to_string()), id.to_string()),
            None => (None, original),
        };
        messages.insert((msgctxt, msgid), string(translations, i)?);
    }
    Ok(messages)
}

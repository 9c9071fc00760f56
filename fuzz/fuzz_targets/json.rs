//! Any text as a JSON table (records, rows, JSON lines, DataStore answers, documents).
#![no_main]

use calidad::Validator;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::contain_panics();
    let mut source = b"[".to_vec();
    source.extend_from_slice(data);
    let validator = Validator::builder()
        .read_ahead(false)
        .threads(1)
        .build();
    for bytes in [data.to_vec(), source] {
        let _ = validator.tasks_for_reader(std::io::Cursor::new(bytes), "fuzz.json", "fuzz.json");
    }
});

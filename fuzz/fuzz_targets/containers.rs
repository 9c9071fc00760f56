//! Any bytes as a whole source, recognised by content as calidad recognises a file: workbooks
//! (xlsx, ods, xls, SpreadsheetML), ZIP and gzip archives, JSON, text.
#![no_main]

use calidad::Validator;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::contain_panics();
    let validator = Validator::builder()
        .read_ahead(false)
        .threads(1)
        .build();
    let _ = validator.tasks_for_reader(std::io::Cursor::new(data.to_vec()), "fuzz", "fuzz");
});

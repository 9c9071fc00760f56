//! Any bytes as a text table, through the engine alone (chunk size from the first byte, so
//! records split across reads) and through the whole default pipeline (privacy, score, gate).
#![no_main]

use calidad::Validator;
use calidad_core::{TableOptions, check_table};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::contain_panics();
    let chunk = usize::from(data.first().copied().unwrap_or(0)) + 1;
    let options = TableOptions {
        chunk_bytes: chunk,
        threads: 1,
        ..TableOptions::default()
    };
    let _ = check_table(data, &options);
    let validator = Validator::builder()
        .read_ahead(false)
        .threads(1)
        .build();
    let _ = validator.validate_bytes(data, "fuzz.csv");
});

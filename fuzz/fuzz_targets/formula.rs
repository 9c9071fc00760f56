//! Any text as a `row-constraint` formula and any `--checks` specification: parsed, compiled
//! and run over a small table.
#![no_main]

use calidad::Validator;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::contain_panics();
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let table = b"a,b,c\n1,2,x\n3,,4\n";
    for spec in [format!("row-constraint:formula='{text}'"), text.to_owned()] {
        if let Ok(builder) = Validator::builder()
            .read_ahead(false)
            .threads(1)
            .checks(&[spec])
        {
            let _ = builder.build().validate_bytes(table, "fuzz.csv");
        }
    }
});

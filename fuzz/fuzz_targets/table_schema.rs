//! Any JSON as a Table Schema: read, compiled, and used on a small table.
#![no_main]

use calidad::Validator;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::contain_panics();
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let Ok(schema) = calidad::schema::schema_from_json(&json, "fuzz") else {
        return;
    };
    let Ok(builder) = Validator::builder()
        .read_ahead(false)
        .threads(1)
        .schema(schema)
    else {
        return;
    };
    let table = b"id,nombre,fecha,monto\n1,Ana,2024-01-31,1.5\n2,,31-02-2024,x\n2,Ana,,\n";
    let _ = builder.build().validate_bytes(table, "fuzz.csv");
});

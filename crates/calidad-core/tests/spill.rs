//! The duplicate and key indexes spill to disk when they outgrow their memory, and the end of
//! the table finds the same repeats by merging the sorted runs: a tiny budget forces many runs,
//! and the findings are the same as with everything in memory.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use calidad_core::schema::Schema;
use calidad_core::schema::validate::SchemaSource;
use calidad_core::{TableOptions, check_table};
use std::sync::Arc;

/// `rows` rows whose ids repeat every 50th row, whose codes repeat every 70th, and where every
/// 90th row repeats the row before it.
fn table(rows: usize) -> Vec<u8> {
    let mut csv = String::from("id,codigo,monto\n");
    let mut last = String::new();
    for i in 0..rows {
        let line = if i % 90 == 89 {
            last.clone()
        } else {
            let id = if i % 50 == 49 { i - 7 } else { i };
            let code = 1_000_000 + if i % 70 == 69 { i / 2 } else { i };
            format!("{id},{code},{}\n", i % 1000)
        };
        csv.push_str(&line);
        last = line;
    }
    csv.into_bytes()
}

fn options(key_memory: Option<u64>, threads: usize, given: bool) -> TableOptions {
    let schema = if given {
        let json = serde_json::json!({
            "fields": [
                {"name": "id", "type": "integer"},
                {"name": "codigo", "type": "integer", "constraints": {"unique": true}},
                {"name": "monto", "type": "integer"}
            ],
            "primaryKey": ["id"]
        });
        let schema = Schema::from_json(&json).unwrap();
        SchemaSource::Given(Arc::new(schema.compile().unwrap()))
    } else {
        SchemaSource::Infer
    };
    TableOptions {
        key_memory,
        threads,
        schema,
        limit_errors: 0,
        ..TableOptions::default()
    }
}

#[test]
fn spilled_indexes_find_the_same_repeats() {
    let bytes = table(40_000);
    for given in [false, true] {
        let whole = check_table(&bytes[..], &options(None, 1, given));
        let in_memory = whole.schema.as_ref().unwrap();
        assert_eq!(in_memory.runs_on_disk, 0);
        let counts = whole.findings.counts();
        assert!(counts["duplicate-row"] > 400, "{counts:?}");
        if given {
            assert!(counts["primary-key"] > 1000, "{counts:?}");
            assert!(counts["unique-error"] > 500, "{counts:?}");
        }
        // 4 KiB: 256 entries for all indexes, so every index writes over a hundred runs.
        for threads in [1, 3] {
            let spilled = check_table(&bytes[..], &options(Some(4096), threads, given));
            let runs = spilled.schema.as_ref().unwrap().runs_on_disk;
            assert!(runs > 100, "{runs} runs");
            assert_eq!(spilled.findings.counts(), whole.findings.counts());
            assert_eq!(spilled.findings.errors(), whole.findings.errors());
            assert_eq!(spilled.findings.others(), whole.findings.others());
        }
    }
}

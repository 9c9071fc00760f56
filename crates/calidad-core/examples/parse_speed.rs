//! Times the parser alone (no checks) on a file: `cargo run --release --example parse_speed FILE`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    missing_docs
)]

use calidad_core::parser::{Dialect, Parser};
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("usage: parse_speed FILE");
    let data = std::fs::read(&path).unwrap();
    let dialect = Dialect {
        delimiter: b';',
        ..Dialect::default()
    };
    for chunk in [256 * 1024, data.len()] {
        let started = Instant::now();
        let mut parser = Parser::new(dialect);
        let (mut rows, mut fields) = (0u64, 0u64);
        let mut buf: Vec<u8> = Vec::new();
        let pieces: Vec<&[u8]> = data.chunks(chunk).collect();
        for (i, piece) in pieces.iter().enumerate() {
            buf.extend_from_slice(piece);
            parser.parse(&buf, i + 1 == pieces.len(), |r| {
                rows += 1;
                fields += r.field_count;
            });
            let keep = parser.retained(buf.len());
            buf.copy_within(keep.clone(), 0);
            buf.truncate(keep.len());
            parser.rebase(keep);
        }
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "chunk {chunk}: {rows} rows, {fields} fields, {seconds:.3} s, {:.0} MB/s",
            data.len() as f64 / seconds / 1e6
        );
    }
}

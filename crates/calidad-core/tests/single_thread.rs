//! Built without its `threads` feature (as for WebAssembly in a browser page), the engine runs
//! every check on the calling thread and gives the same findings. Run both ways:
//! `cargo test -p calidad-core --test single_thread` and the same with `--no-default-features`.
//! Threads are counted from `/proc/self/task` while the engine reads (Linux); this file holds
//! one test so that no other test's thread is counted.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use calidad_core::{TableOptions, check_table};
use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A table with type errors and duplicate rows (its last 1,000 rows repeat its first),
/// big enough to fill many read chunks; and how many dates in it are not dates.
fn table() -> (Vec<u8>, u64) {
    let line = |i: u32| {
        let fecha = if i.is_multiple_of(997) {
            "pronto".to_owned()
        } else {
            format!("2024-01-{:02}", 1 + i % 28)
        };
        format!("{i},{fecha},{}\n", i % 100)
    };
    let mut csv = String::from("id,fecha,monto\n");
    for i in 0..19_000u32 {
        csv.push_str(&line(i));
    }
    for i in 0..1_000u32 {
        csv.push_str(&line(i));
    }
    let not_dates = csv.matches("pronto").count() as u64;
    (csv.into_bytes(), not_dates)
}

fn threads_now() -> Option<usize> {
    std::fs::read_dir("/proc/self/task").ok().map(|d| d.count())
}

/// A source that notes the most threads the process had at any of its reads.
struct Counting {
    bytes: std::io::Cursor<Vec<u8>>,
    most: Arc<AtomicUsize>,
}

impl Read for Counting {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if let Some(n) = threads_now() {
            self.most.fetch_max(n, Ordering::SeqCst);
        }
        // Small reads: many chances to see a worker at work.
        let n = buf.len().min(4096);
        self.bytes.read(&mut buf[..n])
    }
}

#[test]
fn the_engine_runs_on_one_thread_without_the_threads_feature() {
    let Some(before) = threads_now() else {
        eprintln!("SKIPPED: no /proc/self/task to count threads on this system");
        return;
    };
    let most = Arc::new(AtomicUsize::new(0));
    let (bytes, not_dates) = table();
    let source = Counting {
        bytes: std::io::Cursor::new(bytes),
        most: most.clone(),
    };
    let options = TableOptions {
        threads: 4,
        chunk_bytes: 4096,
        ..TableOptions::default()
    };
    let outcome = check_table(source, &options);
    let counts = outcome.findings.counts();
    assert_eq!(counts.get("type-error"), Some(&not_dates), "{counts:?}");
    assert_eq!(counts.get("duplicate-row"), Some(&1_000), "{counts:?}");
    let most = most.load(Ordering::SeqCst);
    if cfg!(feature = "threads") {
        assert!(
            most > before,
            "with threads the schema checks run beside the reader"
        );
    } else {
        // `<=`: a thread the test harness had before the engine started may end meanwhile.
        assert!(
            most <= before,
            "without threads nothing runs beside the reader ({most} threads, {before} before)"
        );
    }
}

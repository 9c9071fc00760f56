//! Built without its `threads` feature (as for WebAssembly in a browser page), the engine runs
//! every check on the calling thread and gives the same findings. Run both ways:
//! `cargo test -p calidad-core --test single_thread` and the same with `--no-default-features`.
//! Threads are counted from `/proc/self/task` while the engine reads (Linux).

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
        assert_eq!(
            most, before,
            "without threads nothing runs beside the reader"
        );
    }
}

/// A check that panics at data row `at`, on a worker thread or on the reading thread.
struct Panics {
    at: u64,
    on_worker: bool,
}

impl calidad_core::check::Check for Panics {
    fn rules(&self) -> &'static [&'static calidad_core::Rule] {
        static RULES: [&calidad_core::Rule; 1] = [&calidad_core::rules::blank_row::BLANK_ROW];
        &RULES
    }

    fn runs_on_worker(&self) -> bool {
        self.on_worker
    }

    fn row(
        &mut self,
        row: &calidad_core::check::Row<'_>,
        _header: &calidad_core::check::Header,
        _out: &mut calidad_core::Findings,
    ) {
        assert!(row.number != self.at, "a check that fails on purpose");
    }
}

/// Runs `check_table` with a panicking check on another thread; fails instead of hanging.
fn with_panicking_check(on_worker: bool) -> std::thread::Result<calidad_core::TableOutcome> {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let options = TableOptions {
            threads: 4,
            checks: vec![calidad_core::engine::CheckFactory::new(move || {
                Box::new(Panics {
                    at: 5_000,
                    on_worker,
                })
            })],
            ..TableOptions::default()
        };
        let (bytes, _) = table();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
            check_table(&bytes[..], &options)
        }));
        let _ = sender.send(outcome);
    });
    receiver
        .recv_timeout(std::time::Duration::from_secs(120))
        .expect("the engine hung after a check panicked")
}

#[test]
fn a_check_that_panics_never_hangs_the_engine() {
    if !cfg!(feature = "threads") {
        return;
    }
    // On a worker: the report says the checks stopped, the rest of the table is still read.
    let outcome = with_panicking_check(true).expect("a worker's panic stays on the worker");
    let counts = outcome.findings.counts();
    assert_eq!(counts.get("source-error"), Some(&1), "{counts:?}");
    assert_eq!(outcome.rows, 20_000);
    // On the reading thread: the panic reaches the caller (who turns it into a report) and
    // the workers waiting for rows are let go.
    assert!(with_panicking_check(false).is_err());
}

//! A check that panics never hangs the engine: on a worker its lane stops with a
//! `source-error` and the table is still read; on the reading thread the panic reaches the
//! caller and the workers are let go. (Apart from `single_thread.rs`, which counts threads.)

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use calidad_core::{TableOptions, check_table};

/// 20,000 rows of three plain columns.
fn table() -> Vec<u8> {
    let mut csv = String::from("id,fecha,monto\n");
    for i in 0..20_000u32 {
        csv.push_str(&format!("{i},2024-01-{:02},{}\n", 1 + i % 28, i % 100));
    }
    csv.into_bytes()
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
        let bytes = table();
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

//! The engine of calidad, a validator for open-data tables.
//!
//! One streaming pass reads a source's bytes, picks the encoding ([`encoding`]), sniffs the
//! dialect and the header ([`sniff`]), parses records ([`parser`]), runs every enabled check
//! ([`check`], [`registry`], [`rules`]) and collects [`Finding`]s, which [`report`] renders in
//! Frictionless' report shape. Nothing here prints, opens files or spawns threads: callers hand
//! in any [`std::io::Read`].
//!
//! ```
//! use calidad_core::{check_table, report, Lang, TableOptions};
//!
//! let csv = "id;comuna\n1;Ñuñoa\n2\n";
//! let outcome = check_table(csv.as_bytes(), &TableOptions::default());
//! assert!(!outcome.valid());
//! let meta = report::TaskMeta { name: "ejemplo".into(), place: "ejemplo.csv".into(), seconds: 0.0 };
//! let task: report::ReportTask = report::render_task(&outcome, &meta, Lang::En);
//! assert_eq!(task.errors[0].code, "missing-cell");
//! assert_eq!(task.errors[0].row_number, Some(3));
//! ```

pub mod calendar;
pub mod check;
pub mod encoding;
pub mod engine;
pub mod expect;
pub mod expr;
pub mod finding;
pub mod lang;
pub mod layout;
mod opening;
pub mod parser;
pub mod registry;
pub mod report;
pub mod rule;
pub mod rules;
pub mod schema;
pub mod sniff;
pub mod spec;
mod tail;

pub use engine::{TableOptions, TableOutcome, check_table};
pub use finding::{Finding, Findings};
pub use lang::Lang;
pub use report::Report;
pub use rule::{Rule, Severity};

/// calidad's version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

//! Parquet files through polars (cargo feature `parquet`): the columns are read into a data
//! frame and written out as CSV for the engine, so every check applies. Dates and datetimes come
//! out in ISO 8601 and nulls as empty cells.

use super::{Sheet, SourceFacts};
use crate::ReportTask;
use crate::Validator;
use calidad_core::finding::SourceProblem;
use polars::prelude::{CsvWriter, ParquetReader, SerReader, SerWriter};

/// The task for a Parquet file.
pub(crate) fn task(
    validator: &Validator,
    facts: &SourceFacts<'_>,
    name: &str,
    place: &str,
) -> ReportTask {
    let cursor = std::io::Cursor::new(facts.bytes.to_vec());
    let csv = ParquetReader::new(cursor).finish().and_then(|mut frame| {
        let mut out = Vec::new();
        CsvWriter::new(&mut out)
            .include_header(true)
            .finish(&mut frame)
            .map(|()| out)
    });
    match csv {
        Ok(csv) => {
            let sheet = Sheet {
                csv,
                column_offset: 0,
                findings: Vec::new(),
            };
            validator.sheet_task(sheet, facts, name, place)
        }
        Err(error) => validator.problem_task(
            SourceProblem::Unreadable(format!("not a Parquet file calidad can read ({error})")),
            facts,
            name,
            place,
        ),
    }
}

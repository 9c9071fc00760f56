//! Rows copied into batches so the schema checks can run on a second thread while the first
//! one reads and parses. A batch owns its text; batches are recycled, so steady state does not
//! allocate.

use crate::check::Row;
use crate::parser::{Field, FieldKind};

/// Rows in a batch before it is sent.
pub const BATCH_ROWS: usize = 2048;
/// Memory a batch holds (text, cells and rows, see [`RowBatch::bytes`]) before it is sent: a
/// wide table's batch is sent after fewer rows, so batches in flight stay small whatever the
/// number of columns.
pub const BATCH_BYTES: usize = 1024 * 1024;

#[derive(Clone, Copy, Debug)]
struct BatchRow {
    number: u64,
    line: u64,
    /// Where the row's text lies in the batch's text.
    text_start: usize,
    text_end: usize,
    first_field: usize,
    kept: usize,
    field_count: u64,
    blank: bool,
    hash: Option<u128>,
}

/// A batch of rows (cells only, as the schema checks need them).
#[derive(Debug, Default)]
pub struct RowBatch {
    text: String,
    fields: Vec<Field>,
    rows: Vec<BatchRow>,
}

impl RowBatch {
    /// Copies `row`'s cells in. Its duplicate key is left to the schema run on its worker (a
    /// key already computed comes along): the reading thread is the pipeline's floor.
    pub fn push(&mut self, row: &Row<'_>) {
        let first_field = self.fields.len();
        let text_start = self.text.len();
        let hash = row.hash;
        if row.is_plain_join() {
            // One copy of the row's text; the cells are ranges in it.
            let offset = self.text.len();
            self.text.push_str(row.text());
            for index in 0..row.kept() {
                let span = row.cell_span(index).unwrap_or(0..0);
                self.fields.push(Field {
                    start: offset + span.start,
                    end: offset + span.end,
                    kind: FieldKind::Plain,
                });
            }
        } else {
            for cell in row.cells() {
                let start = self.text.len();
                self.text.push_str(cell);
                self.fields.push(Field {
                    start,
                    end: self.text.len(),
                    kind: FieldKind::Plain,
                });
            }
        }
        self.rows.push(BatchRow {
            number: row.number,
            line: row.line,
            text_start,
            text_end: self.text.len(),
            first_field,
            kept: row.kept(),
            field_count: row.len(),
            blank: row.is_blank(),
            hash,
        });
    }

    /// Whether the batch should be sent.
    pub fn is_full(&self) -> bool {
        self.rows.len() >= BATCH_ROWS || self.bytes() >= BATCH_BYTES
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Memory the rows take: their text, their cells' ranges and the rows' own entries (a row
    /// of a thousand empty cells has little text but 24 KB of ranges).
    pub fn bytes(&self) -> usize {
        self.text.len()
            + self.fields.len() * std::mem::size_of::<Field>()
            + self.rows.len() * std::mem::size_of::<BatchRow>()
    }

    /// Whether the batch has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Empties the batch, keeping its storage.
    pub fn clear(&mut self) {
        self.text.clear();
        self.fields.clear();
        self.rows.clear();
    }

    /// The rows, as checks see them.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.rows.iter().map(|r| {
            let fields = self
                .fields
                .get(r.first_field..r.first_field + r.kept)
                .unwrap_or(&[]);
            // Each row sees its own text, not the whole batch's: checks scan a row's text
            // as a prefilter.
            let text = self.text.get(r.text_start..r.text_end).unwrap_or("");
            let mut row = Row::new(
                r.number,
                r.line,
                text,
                r.text_start,
                fields,
                r.field_count,
                r.blank,
            );
            row.hash = r.hash;
            row
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_come_back_as_they_went_in() {
        let plain = |start, end| Field {
            start,
            end,
            kind: FieldKind::Plain,
        };
        let text = "a,bc,,d";
        let fields = [plain(0, 1), plain(2, 4), plain(5, 5), plain(6, 7)];
        let mut batch = RowBatch::default();
        batch.push(&Row::new(2, 3, text, 0, &fields, 4, false));
        batch.push(&Row::new(3, 4, "", 0, &[], 0, true));
        let rows: Vec<Row<'_>> = batch.rows().collect();
        assert_eq!(rows[0].cells().collect::<Vec<_>>(), ["a", "bc", "", "d"]);
        assert_eq!((rows[0].number, rows[0].line, rows[0].len()), (2, 3, 4));
        assert!(rows[1].is_blank());
        // Each row's text is its own.
        assert_eq!(rows[0].text(), "a,bc,,d");
        assert_eq!(rows[1].text(), "");
        batch.clear();
        assert!(batch.is_empty());
    }

    /// A wide row's cells count, not only its text: rows of a thousand empty cells (999 bytes of
    /// text, 24 KB of ranges each) fill a batch after a few dozen rows, not 2,048, so batches in
    /// flight and rows held back stay small (it took 423 MB to check a 1,000-column table of
    /// empty rows when only text counted).
    #[test]
    fn wide_rows_fill_a_batch_by_their_cells() {
        let text = ",".repeat(999);
        let fields: Vec<Field> = (0..1000)
            .map(|i| Field {
                start: i,
                end: i,
                kind: FieldKind::Plain,
            })
            .collect();
        let mut batch = RowBatch::default();
        let mut rows = 0;
        while !batch.is_full() {
            batch.push(&Row::new(rows + 2, rows + 2, &text, 0, &fields, 1000, true));
            rows += 1;
        }
        assert!(batch.bytes() >= BATCH_BYTES);
        assert!(
            rows < 50,
            "{rows} rows of 1,000 cells before the batch was full"
        );
        assert!(batch.bytes() >= rows as usize * 1000 * std::mem::size_of::<Field>());
    }
}

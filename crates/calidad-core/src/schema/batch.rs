//! Rows copied into batches so the schema checks can run on a second thread while the first
//! one reads and parses. A batch owns its text; batches are recycled, so steady state does not
//! allocate.

use crate::check::Row;
use crate::parser::{Field, FieldKind};

/// Rows in a batch before it is sent.
pub const BATCH_ROWS: usize = 2048;
/// Memory a batch's text and cells take (see [`RowBatch::bytes`]) before it is sent: a wide
/// table's batch is sent after fewer rows, so batches in flight stay small whatever the number
/// of columns.
pub const BATCH_BYTES: usize = 1024 * 1024;

#[derive(Clone, Copy, Debug)]
struct BatchRow {
    number: u64,
    line: u64,
    /// Where the row's text lies in the batch's text.
    text_start: usize,
    text_end: usize,
    /// Where the row's cells start in the batch's fields; [`EMPTY_JOINED`] or [`EMPTY_CELLS`]:
    /// every cell is empty, read from [`RowBatch::empty_joined`] or [`RowBatch::empty_cells`].
    first_field: usize,
    kept: usize,
    field_count: u64,
    blank: bool,
    hash: Option<u128>,
}

/// [`BatchRow::first_field`] of a row of empty cells joined by delimiters (`;;;`).
const EMPTY_JOINED: usize = usize::MAX;
/// [`BatchRow::first_field`] of another row of empty cells (quoted, or a trailing delimiter
/// dropped): no text, every cell the empty range at 0.
const EMPTY_CELLS: usize = usize::MAX - 1;

/// A batch of rows (cells only, as the schema checks need them).
#[derive(Debug, Default)]
pub struct RowBatch {
    text: String,
    fields: Vec<Field>,
    rows: Vec<BatchRow>,
    /// Cell `i` of any row of empty cells joined by delimiters (`;;;`): the empty range at
    /// `i` of the row's text. Such rows (a spreadsheet's padding) share these instead of
    /// keeping their own, so rows held back for a padding tail cost their text only.
    empty_joined: Vec<Field>,
    /// Cell `i` of any other row of empty cells: the empty range at 0 of its empty text.
    empty_cells: Vec<Field>,
}

impl RowBatch {
    /// Copies `row`'s cells in. Its duplicate key is left to the schema run on its worker (a
    /// key already computed comes along): the reading thread is the pipeline's floor.
    pub fn push(&mut self, row: &Row<'_>) {
        let first_field = self.fields.len();
        let text_start = self.text.len();
        let hash = row.hash;
        let joined = row.is_plain_join();
        let empty = row.is_blank() && row.cells().all(str::is_empty);
        if empty && joined {
            self.text.push_str(row.text());
            for index in self.empty_joined.len()..row.kept() {
                self.empty_joined.push(Field {
                    start: index,
                    end: index,
                    kind: FieldKind::Plain,
                });
            }
        } else if empty {
            // As copying each empty cell would: no text, every range empty.
            let missing = row.kept().saturating_sub(self.empty_cells.len());
            self.empty_cells.extend(std::iter::repeat_n(
                Field {
                    start: 0,
                    end: 0,
                    kind: FieldKind::Plain,
                },
                missing,
            ));
        } else if joined {
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
            first_field: match (empty, joined) {
                (true, true) => EMPTY_JOINED,
                (true, false) => EMPTY_CELLS,
                _ => first_field,
            },
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

    /// Memory the rows' text and cells take: a row of a thousand cells with a little text in
    /// each has 24 KB of ranges beside it (rows of empty cells share theirs). The rows' own
    /// entries are bounded by their number.
    pub fn bytes(&self) -> usize {
        self.text.len() + self.fields.len() * std::mem::size_of::<Field>()
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
            // Each row sees its own text, not the whole batch's: checks scan a row's text
            // as a prefilter.
            let text = self.text.get(r.text_start..r.text_end).unwrap_or("");
            let (fields, base) = if r.first_field == EMPTY_JOINED {
                // Offsets within the row's own text.
                (self.empty_joined.get(..r.kept).unwrap_or(&[]), 0)
            } else if r.first_field == EMPTY_CELLS {
                (self.empty_cells.get(..r.kept).unwrap_or(&[]), 0)
            } else {
                let fields = self
                    .fields
                    .get(r.first_field..r.first_field + r.kept)
                    .unwrap_or(&[]);
                (fields, r.text_start)
            };
            let mut row = Row::new(r.number, r.line, text, base, fields, r.field_count, r.blank);
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

    /// `n` cells of `cell` joined by commas, as the parser reads them.
    fn joined(cell: &str, n: usize) -> (String, Vec<Field>) {
        let text = vec![cell; n].join(",");
        let step = cell.len() + 1;
        let fields = (0..n)
            .map(|i| Field {
                start: i * step,
                end: i * step + cell.len(),
                kind: FieldKind::Plain,
            })
            .collect();
        (text, fields)
    }

    /// A wide row's cells count, not only its text: rows of a thousand one-letter cells (2 KB
    /// of text, 24 KB of ranges each) fill a batch after a few dozen rows, not 2,048, so
    /// batches in flight and rows held back stay small (it took 423 MB to check a 1,000-column
    /// table when only text counted).
    #[test]
    fn wide_rows_fill_a_batch_by_their_cells() {
        let (text, fields) = joined("x", 1000);
        let mut batch = RowBatch::default();
        let mut rows = 0;
        while !batch.is_full() {
            batch.push(&Row::new(
                rows + 2,
                rows + 2,
                &text,
                0,
                &fields,
                1000,
                false,
            ));
            rows += 1;
        }
        assert!(batch.bytes() >= BATCH_BYTES);
        assert!(
            rows < 50,
            "{rows} rows of 1,000 cells before the batch was full"
        );
    }

    /// Rows of empty cells (`,,,`: a spreadsheet's padding, held back in thousands for a
    /// possible padding tail) keep only their text, and come back exactly as they went in:
    /// cells, spans, text, plain join, amid ordinary rows.
    #[test]
    fn rows_of_empty_cells_keep_only_their_text() {
        let (empty_text, empty_fields) = joined("", 1000);
        let (short_text, short_fields) = joined("", 3);
        let (full_text, full_fields) = joined("ab", 4);
        let going = [
            Row::new(2, 2, &empty_text, 0, &empty_fields, 1000, true),
            Row::new(3, 3, &full_text, 0, &full_fields, 4, false),
            Row::new(4, 5, &short_text, 0, &short_fields, 3, true),
            Row::new(5, 6, &empty_text, 0, &empty_fields, 1000, true),
        ];
        let mut batch = RowBatch::default();
        for row in &going {
            batch.push(row);
        }
        assert_eq!(
            batch.bytes(),
            2 * 999 + 2 + full_text.len() + 4 * std::mem::size_of::<Field>()
        );
        let back: Vec<Row<'_>> = batch.rows().collect();
        assert_eq!(back.len(), going.len());
        for (came, went) in back.iter().zip(&going) {
            assert_eq!(
                (came.number, came.line, came.len()),
                (went.number, went.line, went.len())
            );
            assert_eq!(came.text(), went.text());
            assert_eq!(came.is_blank(), went.is_blank());
            assert_eq!(came.is_plain_join(), went.is_plain_join());
            assert_eq!(came.kept(), went.kept());
            assert!(came.cells().eq(went.cells()));
            for index in 0..went.kept() {
                assert_eq!(came.cell_span(index), went.cell_span(index));
            }
        }
        // Copied again (a held row released into a lane's batch), it is still the same row.
        let mut again = RowBatch::default();
        for row in batch.rows() {
            again.push(&row);
        }
        assert!(
            again
                .rows()
                .zip(&going)
                .all(|(came, went)| came.text() == went.text()
                    && came.cells().eq(went.cells())
                    && came.is_plain_join() == went.is_plain_join())
        );
    }

    /// Empty rows that are not a plain join — a trailing delimiter dropped (`;;;;` read as three
    /// cells) or quoted empty cells — take no memory either, and read as copying their empty
    /// cells one by one always made them: no text, every cell the empty range at 0.
    #[test]
    fn other_empty_rows_take_no_memory_and_read_as_before() {
        let (trailing_text, trailing_fields) = joined("", 4);
        let trimmed =
            Row::new(2, 2, &trailing_text, 0, &trailing_fields, 4, true).without_empty_last();
        assert!(!trimmed.is_plain_join() && trimmed.kept() == 3);
        let quoted_fields = [
            Field {
                start: 1,
                end: 1,
                kind: FieldKind::Plain,
            },
            Field {
                start: 4,
                end: 4,
                kind: FieldKind::Plain,
            },
        ];
        let quoted = Row::new(3, 3, "\"\",\"\"", 0, &quoted_fields, 2, true);
        let single_fields = [Field {
            start: 1,
            end: 1,
            kind: FieldKind::Plain,
        }];
        let single = Row::new(4, 4, "\"\"", 0, &single_fields, 1, true);
        let going = [trimmed, quoted, single];
        let mut batch = RowBatch::default();
        for row in &going {
            batch.push(row);
        }
        assert_eq!(batch.bytes(), 0);
        for (came, went) in batch.rows().zip(&going) {
            assert_eq!(
                (came.number, came.len(), came.kept()),
                (went.number, went.len(), went.kept())
            );
            assert_eq!(came.text(), "");
            assert!(came.is_blank() && came.cells().all(str::is_empty));
            assert!((0..came.kept()).all(|i| came.cell_span(i) == Some(0..0)));
            // Copying the cells made a plain join of one empty cell, not of several.
            assert_eq!(came.is_plain_join(), came.kept() == 1);
            // And dropping a last empty cell again works as on any row.
            assert_eq!(came.without_empty_last().kept(), went.kept() - 1);
        }
    }
}

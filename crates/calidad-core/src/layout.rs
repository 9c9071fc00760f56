//! How the publisher says a table is laid out, when they say it (a Frictionless dialect given
//! with the file): no header row, a header over several rows, comment rows, the quote
//! character. Nothing here is guessed: without a layout the engine sniffs the shape itself.

use std::collections::BTreeSet;

/// A table's layout as Frictionless' dialect describes it (`header`, `headerRows`,
/// `headerJoin`, `commentChar`, `commentRows`, `quoteChar`, `skipInitialSpace`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    /// The table has no header row: columns are `field1`, `field2`… and every row from the
    /// first is data (Frictionless' `header: false`).
    pub no_header: bool,
    /// Rows after the header row that belong to the header, in order: their cells are joined
    /// to the labels above them (Frictionless' `headerRows` after its first).
    pub more_header_rows: Vec<u64>,
    /// What joins the cells of a header over several rows (Frictionless' `headerJoin`).
    pub header_join: String,
    /// A row whose first cell starts with this text is a comment: not read as data.
    pub comment_char: Option<String>,
    /// These 1-based rows are comments: not read as data. A set: it is asked about every row.
    pub comment_rows: BTreeSet<u64>,
    /// The quote character instead of sniffing it.
    pub quote: Option<u8>,
    /// Whether spaces after a delimiter are skipped, instead of sniffing it.
    pub skip_initial_space: Option<bool>,
}

impl Default for Layout {
    fn default() -> Layout {
        Layout {
            no_header: false,
            more_header_rows: Vec::new(),
            header_join: " ".to_owned(),
            comment_char: None,
            comment_rows: BTreeSet::new(),
            quote: None,
            skip_initial_space: None,
        }
    }
}

impl Layout {
    /// Whether the publisher fixed where the header is (or that there is none), so the
    /// engine must not guess a two-row header or a description row.
    pub fn fixes_header(&self) -> bool {
        self.no_header || !self.more_header_rows.is_empty()
    }

    /// The last row of the header (the header row itself when it spans one row).
    pub fn last_header_row(&self, header_row: u64) -> u64 {
        self.more_header_rows
            .last()
            .copied()
            .unwrap_or(header_row)
            .max(header_row)
    }

    /// Whether any row can be a comment (so rows are looked at for it at all).
    pub fn has_comments(&self) -> bool {
        self.comment_char.is_some() || !self.comment_rows.is_empty()
    }

    /// Whether row `number`, whose first cell is `first_cell`, is a comment.
    pub fn is_comment(&self, number: u64, first_cell: Option<&str>) -> bool {
        if self.comment_rows.contains(&number) {
            return true;
        }
        match (&self.comment_char, first_cell) {
            (Some(mark), Some(cell)) => !mark.is_empty() && cell.starts_with(mark.as_str()),
            _ => false,
        }
    }

    /// Joins one more header row into `labels` as Frictionless does: a cell equal to the one
    /// above it in the previous header row (a merged cell) adds nothing; any other is joined
    /// with `header_join`; cells past the labels' end become new labels.
    pub fn join_header_row(
        &self,
        labels: &mut Vec<String>,
        previous: &mut Vec<String>,
        row: &[&str],
    ) {
        for (index, cell) in row.iter().enumerate() {
            if previous.get(index).map(String::as_str) == Some(*cell) {
                continue;
            }
            if index < previous.len() {
                previous[index] = (*cell).to_owned();
            } else {
                previous.resize(index, String::new());
                previous.push((*cell).to_owned());
            }
            match labels.get_mut(index) {
                Some(label) => {
                    label.push_str(&self.header_join);
                    label.push_str(cell);
                }
                None => {
                    labels.resize(index, String::new());
                    labels.push((*cell).to_owned());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(rows: &[&[&str]]) -> Vec<String> {
        let layout = Layout::default();
        let mut labels: Vec<String> = rows[0].iter().map(|c| (*c).to_owned()).collect();
        let mut previous = labels.clone();
        for row in &rows[1..] {
            layout.join_header_row(&mut labels, &mut previous, row);
        }
        labels
    }

    #[test]
    fn header_rows_join_like_frictionless() {
        assert_eq!(
            joined(&[&["id", "monto", "monto"], &["", "2023", "2024"]]),
            ["id ", "monto 2023", "monto 2024"]
        );
        // A cell repeated under itself (a merged cell) is not joined twice.
        assert_eq!(
            joined(&[&["región", "x"], &["región", "y"]]),
            ["región", "x y"]
        );
        // A second row longer than the first adds labels.
        assert_eq!(joined(&[&["a"], &["b", "c"]]), ["a b", "c"]);
    }

    #[test]
    fn comments_by_mark_or_row() {
        let layout = Layout {
            comment_char: Some("#".to_owned()),
            comment_rows: BTreeSet::from([5]),
            ..Layout::default()
        };
        assert!(layout.is_comment(3, Some("# nota")));
        assert!(!layout.is_comment(3, Some("nota #")));
        assert!(layout.is_comment(5, Some("1")));
        assert!(!layout.is_comment(4, None));
        assert!(!Layout::default().is_comment(1, Some("#")));
    }
}

//! Duplicate detection in bounded memory: one 16-byte entry per row (an 88-bit hash of the key
//! and a 40-bit row number), never the row's text. Entries are sorted once at the end of the
//! table, so equal keys sit together and the first occurrence is the smallest row number.
//!
//! Two different keys collide with probability about n²/2⁸⁹ (for ten million rows, 1 in 6·10¹²).

use crate::check::Row;
use xxhash_rust::xxh3::xxh3_128;

const ROW_BITS: u32 = 40;
const ROW_MASK: u128 = (1 << ROW_BITS) - 1;
/// Largest row number an entry can hold (about 10¹²).
pub const MAX_ROW: u64 = ROW_MASK as u64;

/// Hashes key bytes into the 88 high bits of an entry.
pub fn key_hash(bytes: &[u8]) -> u128 {
    xxh3_128(bytes) & !ROW_MASK
}

/// The key of a whole row for `duplicate-row`: its cells joined by the table's delimiter, plus
/// their lengths, so `("a;b", "c")` and `("a", "b;c")` differ. When the row's text already is
/// that join (no quotes: the usual case) it is hashed in place; otherwise the join is built in
/// `scratch`. Rows with equal cells get equal keys however they were quoted.
pub fn row_hash(row: &Row<'_>, delimiter: u8, scratch: &mut Vec<u8>) -> u128 {
    let joined: &[u8] = if row.is_plain_join() {
        row.text().as_bytes()
    } else {
        scratch.clear();
        for (index, cell) in row.cells().enumerate() {
            if index > 0 {
                scratch.push(delimiter);
            }
            scratch.extend_from_slice(cell.as_bytes());
        }
        scratch
    };
    let mut mix: u64 = 0x9E37_79B9_7F4A_7C15;
    for length in row.cell_lengths() {
        mix = (mix ^ length as u64).wrapping_mul(0x0100_0000_01B3);
    }
    (xxh3_128(joined) ^ (u128::from(mix) << 40).rotate_left(17)) & !ROW_MASK
}

/// A reusable buffer that builds the bytes of a composite key (cells separated by a byte that
/// cannot appear in UTF-8 text, so `("a", "bc")` and `("ab", "c")` differ).
#[derive(Debug, Default)]
pub struct KeyBuilder {
    bytes: Vec<u8>,
}

impl KeyBuilder {
    /// Starts a new key.
    pub fn clear(&mut self) {
        self.bytes.clear();
    }

    /// Adds one part.
    pub fn push(&mut self, part: &[u8]) {
        self.bytes.extend_from_slice(part);
        self.bytes.push(0xFF);
    }

    /// The key's hash.
    pub fn hash(&self) -> u128 {
        key_hash(&self.bytes)
    }
}

/// One entry per row; answers "which rows repeat an earlier row's key" at the end.
#[derive(Debug, Default)]
pub struct KeyIndex {
    entries: Vec<u128>,
    parallel: bool,
}

/// Entries above which sorting is split over two threads.
const PARALLEL_SORT: usize = 1 << 20;

/// Sorts in place; big indexes are split by their top bit (equal keys share it) and the two
/// halves sorted on two threads, with no extra memory.
fn sort_entries(entries: &mut [u128], parallel: bool) {
    if !parallel || entries.len() < PARALLEL_SORT {
        entries.sort_unstable();
        return;
    }
    let high = |e: &u128| *e >> 127 == 1;
    let (mut i, mut j) = (0, entries.len());
    while i < j {
        if !high(&entries[i]) {
            i += 1;
        } else if high(&entries[j - 1]) {
            j -= 1;
        } else {
            entries.swap(i, j - 1);
            i += 1;
            j -= 1;
        }
    }
    let (low_half, high_half) = entries.split_at_mut(i);
    sort_halves(low_half, high_half);
}

/// Sorts both halves, on two threads.
#[cfg(feature = "threads")]
fn sort_halves(low_half: &mut [u128], high_half: &mut [u128]) {
    std::thread::scope(|scope| {
        scope.spawn(|| low_half.sort_unstable());
        high_half.sort_unstable();
    });
}

/// Sorts both halves, one after the other (built without threads, as for WebAssembly).
#[cfg(not(feature = "threads"))]
fn sort_halves(low_half: &mut [u128], high_half: &mut [u128]) {
    low_half.sort_unstable();
    high_half.sort_unstable();
}

/// A row whose key already appeared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Repeat {
    /// The repeating row.
    pub row: u64,
    /// The first row with the same key.
    pub first: u64,
}

impl KeyIndex {
    /// Records row `row` with key hash `hash` (from [`key_hash`]; its low 40 bits are ignored).
    pub fn push(&mut self, hash: u128, row: u64) {
        self.entries
            .push((hash & !ROW_MASK) | u128::from(row.min(MAX_ROW)));
    }

    /// An index that may sort on two threads at the end.
    pub fn parallel() -> KeyIndex {
        KeyIndex {
            entries: Vec::new(),
            parallel: true,
        }
    }

    /// Rows recorded.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no row was recorded.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every repeated key: the total number of repeating rows, and the first `keep` of them by
    /// row number (all when `keep` is 0), each with the row where its key first appeared.
    /// `key_bits` (≤ 88) says how many high bits make the key, so one index can answer for a
    /// key and for a longer key that extends it. Entries whose key equals `skip` are ignored.
    pub fn repeats(
        &mut self,
        key_bits: u32,
        keep: usize,
        skip: Option<u128>,
    ) -> (u64, Vec<Repeat>) {
        sort_entries(&mut self.entries, self.parallel);
        let shift = 128 - key_bits.min(128 - ROW_BITS);
        let group_of = |entry: u128| entry >> shift;
        let skip = skip.map(|s| s >> shift);
        let mut total = 0u64;
        // A max-heap of the smallest `keep` repeats seen so far.
        let mut kept: std::collections::BinaryHeap<Repeat> = std::collections::BinaryHeap::new();
        let mut start = 0;
        while start < self.entries.len() {
            let group = group_of(self.entries[start]);
            let mut end = start + 1;
            while end < self.entries.len() && group_of(self.entries[end]) == group {
                end += 1;
            }
            if end - start > 1 && Some(group) != skip {
                let rows = self.entries[start..end]
                    .iter()
                    .map(|e| (e & ROW_MASK) as u64);
                let first = rows.clone().min().unwrap_or(0);
                for row in rows.filter(|&r| r != first) {
                    total += 1;
                    let repeat = Repeat { row, first };
                    if keep == 0 || kept.len() < keep {
                        kept.push(repeat);
                    } else if kept.peek().is_some_and(|top| repeat < *top) {
                        kept.pop();
                        kept.push(repeat);
                    }
                }
            }
            start = end;
        }
        (total, kept.into_sorted_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_repeats_with_first_occurrence() {
        let mut index = KeyIndex::default();
        for (row, key) in [(2, "a"), (3, "b"), (4, "a"), (5, "c"), (6, "a"), (7, "b")] {
            index.push(key_hash(key.as_bytes()), row);
        }
        let (total, kept) = index.repeats(88, 0, None);
        assert_eq!(total, 3);
        assert_eq!(
            kept,
            [
                Repeat { row: 4, first: 2 },
                Repeat { row: 6, first: 2 },
                Repeat { row: 7, first: 3 }
            ]
        );
        let (total, kept) = index.repeats(88, 2, None);
        assert_eq!(total, 3);
        assert_eq!(kept.len(), 2);
        assert_eq!(kept[1].row, 6);
        let (total, _) = index.repeats(88, 0, Some(key_hash(b"a")));
        assert_eq!(total, 1);
    }

    #[test]
    fn parallel_sort_sorts() {
        let mut entries: Vec<u128> = (0..(PARALLEL_SORT as u128 + 1000))
            .map(|i| key_hash(&i.to_le_bytes()) | (i & 0xFF))
            .collect();
        let mut expected = entries.clone();
        expected.sort_unstable();
        sort_entries(&mut entries, true);
        assert_eq!(entries, expected);
    }

    #[test]
    fn row_keys_depend_on_cells_not_quoting() {
        use crate::parser::{Field, FieldKind};
        let plain = |start, end| Field {
            start,
            end,
            kind: FieldKind::Plain,
        };
        let mut scratch = Vec::new();
        // `a;bc` read in place, and the same cells from `"a";bc` (rebuilt: text is the cells).
        let in_place = [plain(0, 1), plain(2, 4)];
        let quoted = [plain(0, 1), plain(1, 3)];
        let a = row_hash(
            &Row::new(2, 2, "a;bc", 0, &in_place, 2, false),
            b';',
            &mut scratch,
        );
        let b = row_hash(
            &Row::new(3, 3, "abc", 0, &quoted, 2, false),
            b';',
            &mut scratch,
        );
        assert_eq!(a, b);
        // `"a;b";c` has different cells than `a;b;c`.
        let one = [plain(0, 3), plain(3, 4)];
        let three = [plain(0, 1), plain(2, 3), plain(4, 5)];
        let c = row_hash(
            &Row::new(4, 4, "a;bc", 0, &one, 2, false),
            b';',
            &mut scratch,
        );
        let d = row_hash(
            &Row::new(5, 5, "a;b;c", 0, &three, 3, false),
            b';',
            &mut scratch,
        );
        assert_ne!(c, d);
    }

    #[test]
    fn composite_keys_do_not_run_together() {
        let mut a = KeyBuilder::default();
        a.push(b"a");
        a.push(b"bc");
        let mut b = KeyBuilder::default();
        b.push(b"ab");
        b.push(b"c");
        assert_ne!(a.hash(), b.hash());
    }
}

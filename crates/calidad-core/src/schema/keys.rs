//! Duplicate detection in bounded memory: one 16-byte entry per row (an 88-bit hash of the key
//! and a 40-bit row number), never the row's text. Entries are sorted once at the end of the
//! table, so equal keys sit together and the first occurrence is the smallest row number.
//!
//! Two different keys collide with probability about n²/2⁸⁹ (for ten million rows, 1 in 6·10¹²).

use crate::check::Row;
use xxhash_rust::xxh3::{Xxh3, xxh3_128};

const ROW_BITS: u32 = 40;
const ROW_MASK: u128 = (1 << ROW_BITS) - 1;
/// Largest row number an entry can hold (about 10¹²).
pub const MAX_ROW: u64 = ROW_MASK as u64;

/// Hashes key bytes into the 88 high bits of an entry.
pub fn key_hash(bytes: &[u8]) -> u128 {
    xxh3_128(bytes) & !ROW_MASK
}

/// Rows whose cells hold more bytes than this are hashed cell by cell rather than joined in a
/// buffer first: the hash is the same, and a row of megabytes is not copied.
const JOIN_AT_MOST: usize = 64 * 1024;

/// The key of a whole row for `duplicate-row`: its cells joined by the table's delimiter, plus
/// their lengths, so `("a;b", "c")` and `("a", "b;c")` differ. When the row's text already is
/// that join (no quotes: the usual case) it is hashed in place; otherwise the join is built in
/// `scratch` (or, for a long row, fed to the hash cell by cell). Rows with equal cells get
/// equal keys however they were quoted.
pub fn row_hash(row: &Row<'_>, delimiter: u8, scratch: &mut Vec<u8>) -> u128 {
    let joined = if row.is_plain_join() {
        xxh3_128(row.text().as_bytes())
    } else if row.cell_lengths().sum::<usize>() <= JOIN_AT_MOST {
        scratch.clear();
        for (index, cell) in row.cells().enumerate() {
            if index > 0 {
                scratch.push(delimiter);
            }
            scratch.extend_from_slice(cell.as_bytes());
        }
        xxh3_128(scratch)
    } else {
        let mut hasher = Xxh3::new();
        for (index, cell) in row.cells().enumerate() {
            if index > 0 {
                hasher.update(&[delimiter]);
            }
            hasher.update(cell.as_bytes());
        }
        hasher.digest128()
    };
    let mut mix: u64 = 0x9E37_79B9_7F4A_7C15;
    for length in row.cell_lengths() {
        mix = (mix ^ length as u64).wrapping_mul(0x0100_0000_01B3);
    }
    (joined ^ (u128::from(mix) << 40).rotate_left(17)) & !ROW_MASK
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

/// Whether this build writes key indexes past their budget to disk (the `spill` feature).
pub fn spills_to_disk() -> bool {
    cfg!(feature = "spill")
}

/// One entry per row; answers "which rows repeat an earlier row's key" at the end.
///
/// With a budget ([`KeyIndex::spill_after`]), entries beyond it are sorted and written to a
/// temporary file as a run, and the end merges the runs in order (an external sort-merge):
/// the answer is the same, memory stays at the budget whatever the table's length.
#[derive(Debug, Default)]
pub struct KeyIndex {
    entries: Vec<u128>,
    parallel: bool,
    /// Entries held in memory before they go to disk (`None`: never).
    budget: Option<usize>,
    spilled: Option<spill::Runs>,
    /// A run could not be read back from disk: the last answer may miss repeats.
    unread: bool,
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
        if let Some(budget) = self.budget
            && self.entries.len() == self.entries.capacity()
        {
            // Grow by doubling, but never past the budget (doubling would overshoot it).
            let room = self
                .entries
                .capacity()
                .max(4)
                .min(budget.saturating_sub(self.entries.len()));
            self.entries.reserve_exact(room.max(1));
        }
        self.entries
            .push((hash & !ROW_MASK) | u128::from(row.min(MAX_ROW)));
        if self
            .budget
            .is_some_and(|budget| self.entries.len() >= budget)
        {
            self.spill();
        }
    }

    /// An index that may sort on two threads at the end.
    pub fn parallel() -> KeyIndex {
        KeyIndex {
            parallel: true,
            ..KeyIndex::default()
        }
    }

    /// Holds at most `entries` entries (16 bytes each) in memory; the rest go to disk in
    /// sorted runs. Without the `spill` feature, or when no temporary file can be written,
    /// everything stays in memory (the answers are the same).
    pub fn spill_after(&mut self, entries: usize) {
        self.budget = Some(entries.max(1));
    }

    /// Rows recorded.
    pub fn len(&self) -> usize {
        self.entries.len() + self.spilled.as_ref().map_or(0, spill::Runs::len)
    }

    /// Whether no row was recorded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Sorted runs written to disk so far.
    pub fn runs_on_disk(&self) -> usize {
        self.spilled.as_ref().map_or(0, spill::Runs::count)
    }

    /// Sorts the entries in memory and writes them to disk as one run.
    fn spill(&mut self) {
        sort_entries(&mut self.entries, self.parallel);
        let Some(mut runs) = self.spilled.take().or_else(spill::Runs::new) else {
            // No temporary file: everything stays in memory from now on.
            self.budget = None;
            return;
        };
        let written = runs.write(&self.entries).is_ok();
        self.spilled = Some(runs);
        if written {
            self.entries.clear();
        } else {
            // The disk failed (full?): the runs written stay good, the rest stays in memory.
            self.budget = None;
        }
    }

    /// Every repeated key: the total number of repeating rows, and the first `keep` of them by
    /// row number (all when `keep` is 0), each with the row where its key first appeared.
    /// `key_bits` (≤ 88) says how many high bits make the key, so one index can answer for a
    /// key and for a longer key that extends it. Entries whose key equals `skip` are ignored.
    /// May be asked more than once.
    pub fn repeats(
        &mut self,
        key_bits: u32,
        keep: usize,
        skip: Option<u128>,
    ) -> (u64, Vec<Repeat>) {
        sort_entries(&mut self.entries, self.parallel);
        let shift = 128 - key_bits.min(128 - ROW_BITS);
        let mut groups = Groups::new(shift, keep, skip.map(|s| s >> shift));
        self.unread = match &self.spilled {
            Some(runs) if runs.count() > 0 => !runs.merge(&self.entries, |entry| groups.add(entry)),
            _ => {
                self.entries.iter().for_each(|&entry| groups.add(entry));
                false
            }
        };
        groups.finish()
    }

    /// Whether the last [`KeyIndex::repeats`] could not read back every run from disk (its
    /// counts may be short; the caller says so in the report).
    pub fn unread(&self) -> bool {
        self.unread
    }
}

/// Reads sorted entries one by one, group by group (entries whose key bits are equal), and
/// keeps the repeats: memory is bounded by `keep`, not by the size of a group.
struct Groups {
    shift: u32,
    keep: usize,
    skip: Option<u128>,
    total: u64,
    /// A max-heap of the smallest `keep` repeats seen so far.
    kept: std::collections::BinaryHeap<Repeat>,
    group: Option<u128>,
    size: u64,
    first: u64,
    /// The group's smallest `keep + 1` row numbers (a max-heap): its first row and the repeats
    /// that may be kept.
    smallest: std::collections::BinaryHeap<u64>,
}

impl Groups {
    fn new(shift: u32, keep: usize, skip: Option<u128>) -> Groups {
        Groups {
            shift,
            keep,
            skip,
            total: 0,
            kept: Default::default(),
            group: None,
            size: 0,
            first: u64::MAX,
            smallest: Default::default(),
        }
    }

    fn add(&mut self, entry: u128) {
        let group = entry >> self.shift;
        if self.group != Some(group) {
            self.end_group();
            self.group = Some(group);
        }
        let row = (entry & ROW_MASK) as u64;
        self.size += 1;
        self.first = self.first.min(row);
        if self.keep == 0 || self.smallest.len() <= self.keep {
            self.smallest.push(row);
        } else if self.smallest.peek().is_some_and(|&top| row < top) {
            self.smallest.pop();
            self.smallest.push(row);
        }
    }

    fn end_group(&mut self) {
        let (size, first) = (self.size, self.first);
        let rows = std::mem::take(&mut self.smallest);
        self.size = 0;
        self.first = u64::MAX;
        if size < 2 || self.group.is_none() || self.group == self.skip {
            self.smallest = rows;
            self.smallest.clear();
            return;
        }
        self.total += size - 1;
        for row in rows.iter().copied().filter(|&r| r != first) {
            let repeat = Repeat { row, first };
            if self.keep == 0 || self.kept.len() < self.keep {
                self.kept.push(repeat);
            } else if self.kept.peek().is_some_and(|top| repeat < *top) {
                self.kept.pop();
                self.kept.push(repeat);
            }
        }
        self.smallest = rows;
        self.smallest.clear();
    }

    fn finish(mut self) -> (u64, Vec<Repeat>) {
        self.end_group();
        (self.total, self.kept.into_sorted_vec())
    }
}

/// Sorted runs of entries in one temporary file (deleted when dropped), merged at the end.
#[cfg(feature = "spill")]
mod spill {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    use std::fs::File;
    use std::io::{BufWriter, Write};

    /// Entries read from a run at a time.
    const READ_ENTRIES: usize = 4096;

    #[derive(Debug)]
    pub(super) struct Runs {
        file: File,
        /// Each run's first entry and length, in entries.
        runs: Vec<(u64, u64)>,
        written: u64,
    }

    impl Runs {
        pub(super) fn new() -> Option<Runs> {
            Some(Runs {
                file: tempfile::tempfile().ok()?,
                runs: Vec::new(),
                written: 0,
            })
        }

        pub(super) fn len(&self) -> usize {
            usize::try_from(self.written).unwrap_or(usize::MAX)
        }

        pub(super) fn count(&self) -> usize {
            self.runs.len()
        }

        /// Appends `sorted` as a run; on failure the runs written so far stay good.
        pub(super) fn write(&mut self, sorted: &[u128]) -> Result<(), ()> {
            use std::io::Seek;
            let start = self.written;
            let position = std::io::SeekFrom::Start(start * 16);
            let mut out = BufWriter::with_capacity(1 << 16, &self.file);
            let written = out.seek(position).is_ok()
                && sorted
                    .iter()
                    .all(|entry| out.write_all(&entry.to_le_bytes()).is_ok())
                && out.flush().is_ok();
            if !written {
                return Err(());
            }
            self.runs.push((start, sorted.len() as u64));
            self.written += sorted.len() as u64;
            Ok(())
        }

        /// Calls `each` with every entry of the runs and of `memory` (sorted), in order;
        /// false when a run could not be read back whole.
        pub(super) fn merge(&self, memory: &[u128], mut each: impl FnMut(u128)) -> bool {
            let mut readers: Vec<Reader<'_>> = self
                .runs
                .iter()
                .map(|&(start, len)| Reader::new(&self.file, start, len))
                .collect();
            let mut heap = BinaryHeap::with_capacity(readers.len() + 1);
            for (index, reader) in readers.iter_mut().enumerate() {
                if let Some(entry) = reader.next() {
                    heap.push(Reverse((entry, index)));
                }
            }
            let in_memory = readers.len();
            let mut memory = memory.iter().copied();
            if let Some(entry) = memory.next() {
                heap.push(Reverse((entry, in_memory)));
            }
            while let Some(Reverse((entry, index))) = heap.pop() {
                each(entry);
                let next = match readers.get_mut(index) {
                    Some(reader) => reader.next(),
                    None => memory.next(),
                };
                if let Some(next) = next {
                    heap.push(Reverse((next, index)));
                }
            }
            readers.iter().all(|reader| !reader.failed)
        }
    }

    /// Reads one run back, a block at a time.
    struct Reader<'a> {
        file: &'a File,
        next: u64,
        end: u64,
        block: Vec<u128>,
        bytes: Vec<u8>,
        at: usize,
        failed: bool,
    }

    impl<'a> Reader<'a> {
        fn new(file: &'a File, start: u64, len: u64) -> Reader<'a> {
            Reader {
                file,
                next: start,
                end: start + len,
                block: Vec::new(),
                bytes: Vec::new(),
                at: 0,
                failed: false,
            }
        }

        fn next(&mut self) -> Option<u128> {
            if self.at == self.block.len() {
                self.fill();
            }
            let entry = self.block.get(self.at).copied();
            self.at += 1;
            entry
        }

        /// Reads the next block; a read that fails ends the run early and is remembered
        /// (a disk that fails under a running validation).
        fn fill(&mut self) {
            self.block.clear();
            self.at = 0;
            let count = (self.end - self.next).min(READ_ENTRIES as u64) as usize;
            if count == 0 {
                return;
            }
            self.bytes.resize(count * 16, 0);
            if read_at(self.file, &mut self.bytes, self.next * 16).is_err() {
                self.next = self.end;
                self.failed = true;
                return;
            }
            self.next += count as u64;
            self.block.extend(self.bytes.chunks_exact(16).map(|chunk| {
                let mut entry = [0u8; 16];
                entry.copy_from_slice(chunk);
                u128::from_le_bytes(entry)
            }));
        }
    }

    #[cfg(unix)]
    fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
        std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
    }

    #[cfg(windows)]
    fn read_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
        while !buf.is_empty() {
            let n = std::os::windows::fs::FileExt::seek_read(file, buf, offset)?;
            if n == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            buf = &mut buf[n..];
            offset += n as u64;
        }
        Ok(())
    }

    #[cfg(not(any(unix, windows)))]
    fn read_at(_: &File, _: &mut [u8], _: u64) -> std::io::Result<()> {
        Err(std::io::ErrorKind::Unsupported.into())
    }
}

/// Built without the `spill` feature: nothing goes to disk.
#[cfg(not(feature = "spill"))]
mod spill {
    #[derive(Debug)]
    pub(super) enum Runs {}

    impl Runs {
        pub(super) fn new() -> Option<Runs> {
            None
        }
        pub(super) fn len(&self) -> usize {
            match *self {}
        }
        pub(super) fn count(&self) -> usize {
            match *self {}
        }
        pub(super) fn write(&mut self, _: &[u128]) -> Result<(), ()> {
            match *self {}
        }
        pub(super) fn merge(&self, _: &[u128], _: impl FnMut(u128)) -> bool {
            match *self {}
        }
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
        // A long row is hashed cell by cell, with the key its join would have: the same row
        // read in place, rebuilt short of the limit, and rebuilt past it.
        for long in [JOIN_AT_MOST - 10, JOIN_AT_MOST + 10] {
            let cell = "x".repeat(long);
            let text = format!("{cell};y");
            let in_place = [plain(0, long), plain(long + 1, long + 2)];
            let joined = format!("{cell}y");
            let rebuilt = [plain(0, long), plain(long, long + 1)];
            let a = row_hash(
                &Row::new(2, 2, &text, 0, &in_place, 2, false),
                b';',
                &mut scratch,
            );
            let b = row_hash(
                &Row::new(3, 3, &joined, 0, &rebuilt, 2, false),
                b';',
                &mut scratch,
            );
            assert_eq!(a, b, "{long}");
        }
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

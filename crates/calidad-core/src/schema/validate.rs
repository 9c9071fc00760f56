//! Checks a table against a Table Schema (given, or inferred in the same pass): labels, types,
//! constraints, unique fields, the primary key and duplicate rows.
//!
//! All of these look at the same cells, so they run as one component of the engine rather than
//! as separate row checks: each cell is read once and feeds its type check, its constraints and
//! the keys it belongs to.

use super::compiled::{Broken, CellCheck, FieldValidator};
use super::infer::{InferredField, Inferrer};
use super::keys::{KeyBuilder, KeyIndex, key_hash, row_hash};
use super::{FieldsMatch, Schema};
use crate::check::{Header, Row};
use crate::finding::{Detail, Finding, Findings};
use crate::rule::Rule;
use crate::rules::blank_label::label_finding;
use crate::rules::foreign_key::FOREIGN_KEY;
use crate::rules::{
    constraint_error::CONSTRAINT_ERROR, duplicate_row::DUPLICATE_ROW, extra_label::EXTRA_LABEL,
    incorrect_label::INCORRECT_LABEL, missing_label::MISSING_LABEL, primary_key::PRIMARY_KEY,
    type_error::TYPE_ERROR, unique_error::UNIQUE_ERROR,
};
use std::collections::HashSet;
use std::sync::Arc;

/// What a foreign key's values must be among.
#[derive(Clone, Debug)]
pub enum ForeignTarget {
    /// The keys of another resource, collected before this one is read.
    Keys(Arc<HashSet<u128>>),
    /// The keys of the `n`th tuple this same table collects (a self-reference).
    Collected(usize),
}

/// A foreign key to check: this table's fields and where their values must appear.
#[derive(Clone, Debug)]
pub struct ForeignCheck {
    /// Fields of this table.
    pub fields: Vec<String>,
    /// The keys they must be among.
    pub target: ForeignTarget,
    /// How the reference reads in messages, e.g. `data.id`.
    pub reference: String,
}

/// Where a table's schema comes from.
#[derive(Clone, Debug, Default)]
pub enum SchemaSource {
    /// Infer it from the whole table (the default).
    #[default]
    Infer,
    /// Use this schema, compiled once.
    Given(Arc<super::CompiledSchema>),
    /// Neither infer nor check types (structure only).
    None,
}

/// Which schema codes are wanted.
#[derive(Clone, Copy, Debug)]
pub struct Wanted {
    /// `type-error`.
    pub types: bool,
    /// `constraint-error`.
    pub constraints: bool,
    /// `unique-error`.
    pub unique: bool,
    /// `primary-key`.
    pub primary_key: bool,
    /// `duplicate-row`.
    pub duplicate_rows: bool,
    /// `extra-label`, `missing-label`, `incorrect-label`.
    pub labels: [bool; 3],
    /// `foreign-key`.
    pub foreign_keys: bool,
}

impl Wanted {
    /// Asks `enabled` about each code.
    pub fn from(enabled: impl Fn(&Rule) -> bool) -> Wanted {
        Wanted {
            types: enabled(&TYPE_ERROR),
            constraints: enabled(&CONSTRAINT_ERROR),
            unique: enabled(&UNIQUE_ERROR),
            primary_key: enabled(&PRIMARY_KEY),
            duplicate_rows: enabled(&DUPLICATE_ROW),
            labels: [
                enabled(&EXTRA_LABEL),
                enabled(&MISSING_LABEL),
                enabled(&INCORRECT_LABEL),
            ],
            foreign_keys: enabled(&FOREIGN_KEY),
        }
    }
}

/// Key bits used by the primary key when it shares its index with duplicate rows: 64 bits of
/// key hash, then 24 bits of row hash.
const SHARED_KEY_BITS: u32 = 64;

/// The schema part of one table's pass.
pub struct SchemaRun {
    source: SchemaSource,
    wanted: Wanted,
    limit: usize,
    validators: Vec<FieldValidator>,
    /// For each validator, the 0-based column holding it.
    columns: Vec<Option<usize>>,
    inferrer: Option<Inferrer>,
    primary_key: Vec<usize>,
    /// The primary key's index; when duplicate rows are wanted too, it holds both (see
    /// [`SHARED_KEY_BITS`]) so a row costs 16 bytes, not 32.
    key_index: KeyIndex,
    shared: bool,
    row_index: KeyIndex,
    uniques: Vec<(usize, KeyIndex)>,
    key: KeyBuilder,
    row_text: Vec<u8>,
    null_key: u128,
    /// For each validator, whether it is part of the primary key.
    in_key: Vec<bool>,
    /// For each validator, its slot in `uniques`.
    unique_slot: Vec<Option<usize>>,
    /// For each validator, its key bytes in the current row: `None` when missing or not of
    /// its type, `Some(None)` when compared as text, `Some(Some(bytes))` when typed.
    row_keys: Vec<Option<Option<[u8; 17]>>>,
    /// Key tuples (validator indexes) whose values this table collects for foreign keys.
    collect: Vec<(Vec<usize>, HashSet<u128>)>,
    /// Foreign keys of this table: its fields, and the keys they must be among.
    foreign: Vec<(Vec<usize>, ForeignTarget, String)>,
    /// Rows whose foreign key refers to this same table, checked at the end.
    deferred: Vec<(usize, u128, u64, u64)>,
    /// Rows inference looks at before its schema is fixed (`None`: all of them).
    infer_rows: Option<u64>,
    /// Bytes the key indexes may hold in memory before spilling (`None`: no limit).
    key_memory: Option<u64>,
    /// Data rows seen.
    seen: u64,
    /// The schema inference fixed after `infer_rows` rows.
    frozen: Option<Schema>,
    /// The table is `;`-separated (a hint for inference).
    comma_decimals: bool,
    /// The table's delimiter (rows are keyed as their cells joined by it).
    delimiter: u8,
    /// Field-name tuples to collect, as asked for.
    collect_names: Vec<Vec<String>>,
    /// Foreign keys as asked for.
    foreign_specs: Vec<ForeignCheck>,
    /// What this run found. Kept apart from the table's other findings and merged at the end,
    /// so the result is the same whether the run happens on the reading thread or another.
    findings: Option<Box<Findings>>,
}

impl std::fmt::Debug for SchemaRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SchemaRun")
            .field("source", &self.source)
            .finish()
    }
}

/// The schema a table was checked with.
#[derive(Clone, Debug)]
pub struct UsedSchema {
    /// The schema.
    pub schema: Schema,
    /// `given` or `inferred`.
    pub source: &'static str,
    /// The key sets collected for foreign keys, in the order asked for.
    pub collected: Vec<HashSet<u128>>,
    /// Sorted runs the duplicate and key indexes wrote to disk because they outgrew their
    /// memory (0 when everything fit).
    pub runs_on_disk: usize,
}

impl SchemaRun {
    /// A run for one table; `limit` is the findings limit (0 = keep all).
    pub fn new(source: SchemaSource, wanted: Wanted, limit: usize) -> SchemaRun {
        SchemaRun {
            source,
            wanted,
            limit,
            validators: Vec::new(),
            columns: Vec::new(),
            inferrer: None,
            primary_key: Vec::new(),
            key_index: KeyIndex::parallel(),
            shared: false,
            row_index: KeyIndex::parallel(),
            uniques: Vec::new(),
            key: KeyBuilder::default(),
            row_text: Vec::new(),
            null_key: key_hash(b"\xFF\xFEnull-key"),
            in_key: Vec::new(),
            unique_slot: Vec::new(),
            findings: Some(Box::new(Findings::with_limit(limit))),
            row_keys: Vec::new(),
            collect: Vec::new(),
            foreign: Vec::new(),
            deferred: Vec::new(),
            collect_names: Vec::new(),
            comma_decimals: false,
            delimiter: b',',
            infer_rows: None,
            key_memory: None,
            seen: 0,
            frozen: None,
            foreign_specs: Vec::new(),
        }
    }

    /// Also collects the keys of these field tuples (for other tables' foreign keys) and checks
    /// these foreign keys.
    pub fn with_keys(mut self, collect: Vec<Vec<String>>, foreign: Vec<ForeignCheck>) -> SchemaRun {
        self.collect_names = collect;
        self.foreign_specs = foreign;
        self
    }

    /// Infers from the first `rows` data rows only, then checks the rest against that schema.
    pub fn infer_rows(mut self, rows: Option<u64>) -> SchemaRun {
        self.infer_rows = rows;
        self
    }

    /// The table's delimiter: keys rows by their cells joined by it, and tells inference
    /// whether the table is `;`-separated (where decimal commas are the rule).
    pub fn delimiter(mut self, delimiter: u8) -> SchemaRun {
        self.delimiter = delimiter;
        self.comma_decimals = delimiter == b';';
        self
    }

    /// The collected key sets, in the order asked for.
    pub fn take_collected(&mut self) -> Vec<HashSet<u128>> {
        self.collect.drain(..).map(|(_, set)| set).collect()
    }

    /// Whether this run has anything to do.
    pub fn is_active(&self) -> bool {
        !matches!(self.source, SchemaSource::None)
            || self.wanted.duplicate_rows
            || !self.collect_names.is_empty()
    }

    /// Compiles the schema against the header and checks the labels.
    pub fn header(&mut self, header: &Header) {
        let mut out = self.findings.take().unwrap_or_default();
        self.header_into(header, &mut out);
        self.findings = Some(out);
        self.budget_indexes();
    }

    /// Holds the key indexes to `bytes` in memory in all (16 bytes per row each), spilling
    /// the rest to disk; `None` keeps everything in memory.
    pub fn key_memory(mut self, bytes: Option<u64>) -> SchemaRun {
        self.key_memory = bytes;
        self
    }

    /// Shares the key memory among the indexes this table uses: each gets one entry per row,
    /// so each gets an equal part.
    fn budget_indexes(&mut self) {
        let Some(bytes) = self.key_memory else {
            return;
        };
        let uses_rows = self.wanted.duplicate_rows && !self.shared;
        let indexes =
            usize::from(!self.primary_key.is_empty()) + usize::from(uses_rows) + self.uniques.len();
        let entries = usize::try_from(bytes / 16).unwrap_or(usize::MAX) / indexes.max(1);
        self.key_index.spill_after(entries);
        self.row_index.spill_after(entries);
        for (_, index) in &mut self.uniques {
            index.spill_after(entries);
        }
    }

    /// Sorted runs the key indexes wrote to disk (0 when everything fit in memory).
    pub fn runs_on_disk(&self) -> usize {
        self.key_index.runs_on_disk()
            + self.row_index.runs_on_disk()
            + self
                .uniques
                .iter()
                .map(|(_, i)| i.runs_on_disk())
                .sum::<usize>()
    }

    fn header_into(&mut self, header: &Header, out: &mut Findings) {
        match self.source.clone() {
            SchemaSource::None => {}
            SchemaSource::Infer => {
                if self.wanted.types {
                    self.inferrer = Some(
                        Inferrer::new(header.field_names.clone(), self.limit)
                            .comma_decimals(self.comma_decimals),
                    );
                }
            }
            SchemaSource::Given(compiled) => {
                self.validators = compiled.validators.clone();
                let schema = &compiled.schema;
                self.columns = self.match_labels(schema, header, out);
                if let Some(key) = &schema.primary_key {
                    self.primary_key = key
                        .names()
                        .iter()
                        .filter_map(|name| self.validators.iter().position(|v| &v.name == name))
                        .collect();
                }
                if !self.wanted.primary_key {
                    self.primary_key.clear();
                }
                self.shared = !self.primary_key.is_empty() && self.wanted.duplicate_rows;
                if self.wanted.unique {
                    self.uniques = (0..self.validators.len())
                        .filter(|&i| self.validators[i].unique)
                        .map(|i| (i, KeyIndex::default()))
                        .collect();
                }
                self.in_key = (0..self.validators.len())
                    .map(|i| self.primary_key.contains(&i))
                    .collect();
                self.unique_slot = (0..self.validators.len())
                    .map(|i| self.uniques.iter().position(|(u, _)| *u == i))
                    .collect();
                if !self.collect_names.is_empty() || !self.foreign_specs.is_empty() {
                    self.row_keys = vec![None; self.validators.len()];
                }
                let index_of =
                    |names: &[String], validators: &[FieldValidator]| -> Option<Vec<usize>> {
                        names
                            .iter()
                            .map(|name| validators.iter().position(|v| &v.name == name))
                            .collect()
                    };
                self.collect = self
                    .collect_names
                    .iter()
                    .map(|names| {
                        (
                            index_of(names, &self.validators).unwrap_or_default(),
                            HashSet::new(),
                        )
                    })
                    .collect();
                if self.wanted.foreign_keys {
                    self.foreign = self
                        .foreign_specs
                        .iter()
                        .filter_map(|fk| {
                            Some((
                                index_of(&fk.fields, &self.validators)?,
                                fk.target.clone(),
                                fk.reference.clone(),
                            ))
                        })
                        .collect();
                }
            }
        }
    }

    /// Maps schema fields to columns per `fieldsMatch`, reporting label mismatches.
    fn match_labels(
        &self,
        schema: &Schema,
        header: &Header,
        out: &mut Findings,
    ) -> Vec<Option<usize>> {
        let labels: Vec<&str> = header.labels.iter().map(|l| l.trim()).collect();
        let mode = schema.fields_match.unwrap_or(FieldsMatch::Exact);
        let [extra, missing, incorrect] = self.wanted.labels;
        if mode == FieldsMatch::Exact {
            let mut seen = std::collections::HashSet::new();
            for index in 0..labels.len().max(self.validators.len()) {
                match (labels.get(index), self.validators.get(index)) {
                    (Some(_), None) if extra => {
                        out.push(label_finding(&EXTRA_LABEL, header, index))
                    }
                    (None, Some(field)) if missing => out.push(
                        Finding::new(&MISSING_LABEL)
                            .at_row(header.row_number, header.line_number)
                            .at_field(index as u64 + 1, Some(&field.name)),
                    ),
                    (Some(label), Some(field)) => {
                        let fresh = seen.insert(*label);
                        if incorrect && !label.is_empty() && fresh && *label != field.name {
                            let mut finding = label_finding(&INCORRECT_LABEL, header, index);
                            finding.field_name = Some(field.name.clone());
                            out.push(finding);
                        }
                    }
                    _ => {}
                }
            }
            return (0..self.validators.len())
                .map(|i| (i < labels.len()).then_some(i))
                .collect();
        }
        let columns: Vec<Option<usize>> = self
            .validators
            .iter()
            .map(|v| labels.iter().position(|l| *l == v.name))
            .collect();
        let labels_in_schema = labels
            .iter()
            .filter(|l| self.validators.iter().any(|v| v.name == **l))
            .count();
        let fields_missing = matches!(mode, FieldsMatch::Equal | FieldsMatch::Subset)
            || (mode == FieldsMatch::Partial && labels_in_schema == 0);
        let labels_extra = matches!(mode, FieldsMatch::Equal | FieldsMatch::Superset)
            || (mode == FieldsMatch::Partial && labels_in_schema == 0);
        if fields_missing && missing {
            for (index, field) in self.validators.iter().enumerate() {
                if columns[index].is_none() {
                    out.push(
                        Finding::new(&MISSING_LABEL)
                            .at_row(header.row_number, header.line_number)
                            .at_field(index as u64 + 1, Some(&field.name)),
                    );
                }
            }
        }
        if labels_extra && extra {
            for (index, label) in labels.iter().enumerate() {
                if !self.validators.iter().any(|v| v.name == *label) {
                    out.push(label_finding(&EXTRA_LABEL, header, index));
                }
            }
        }
        columns
    }

    /// Checks one data row.
    pub fn row(&mut self, row: &Row<'_>, header: &Header) {
        let mut out = self.findings.take().unwrap_or_default();
        self.row_into(row, header, &mut out);
        self.findings = Some(out);
    }

    fn row_into(&mut self, row: &Row<'_>, header: &Header, out: &mut Findings) {
        if self.inferrer.is_some() && self.infer_rows.is_some_and(|cap| self.seen >= cap) {
            self.freeze(header, out);
        }
        self.seen += 1;
        if let Some(inferrer) = &mut self.inferrer {
            inferrer.row(row.number, row.line, row.cells().take(header.len()));
        }
        let want_rows = self.wanted.duplicate_rows && !row.is_blank();
        let row_hash = if want_rows {
            row.hash
                .unwrap_or_else(|| row_hash(row, self.delimiter, &mut self.row_text))
        } else {
            0
        };
        if self.validators.is_empty() {
            if want_rows {
                self.row_index.push(row_hash, row.number);
            }
            return;
        }
        let mut key_parts_missing = 0;
        self.key.clear();
        for (index, validator) in self.validators.iter().enumerate() {
            let Some(column) = self.columns[index] else {
                continue;
            };
            let cell = row.cell(column);
            let in_key = self.in_key[index];
            // Cells beyond the row's end are `missing-cell`s already; they read as missing.
            // A blank row is `blank-row` already; its cells are not checked one by one (as in
            // Frictionless), but it still has no primary key.
            let check = if row.is_blank() {
                CellCheck::Missing
            } else if (column as u64) < row.len() {
                validator.check(cell)
            } else if validator.required {
                CellCheck::Constraint(Broken::Required)
            } else {
                CellCheck::Missing
            };
            let value = match &check {
                CellCheck::Valid(value) => Some(value),
                _ => None,
            };
            if !self.row_keys.is_empty() {
                self.row_keys[index] = value.map(|v| v.key());
            }
            if in_key {
                match (value, &check) {
                    (Some(value), _) => match value.key() {
                        Some(bytes) => self.key.push(&bytes),
                        None => self.key.push(cell.as_bytes()),
                    },
                    // A value that breaks a constraint (`dag-8736` against a pattern) is
                    // still a value of the key, as in Frictionless: not an empty key.
                    (None, CellCheck::Constraint(broken)) if *broken != Broken::Required => {
                        self.key.push(cell.as_bytes());
                    }
                    _ => {
                        key_parts_missing += 1;
                        self.key.push(b"");
                    }
                }
            }
            if let Some(value) = value
                && let Some(slot) = self.unique_slot[index]
                && let Some((_, keys)) = self.uniques.get_mut(slot)
            {
                let hash = match value.key() {
                    Some(bytes) => key_hash(&bytes),
                    None => key_hash(cell.as_bytes()),
                };
                keys.push(hash, row.number);
            }
            match check {
                CellCheck::TypeError if self.wanted.types => {
                    cell_finding(&TYPE_ERROR, row, header, column, cell, out, || {
                        Detail::TypeMismatch {
                            kind: validator.kind.as_str(),
                            format: validator.format.clone(),
                        }
                    });
                }
                CellCheck::Constraint(broken) if self.wanted.constraints => {
                    cell_finding(&CONSTRAINT_ERROR, row, header, column, cell, out, || {
                        Detail::Constraint {
                            name: broken.name(),
                            bound: broken.bound(),
                        }
                    });
                }
                _ => {}
            }
        }
        if !self.collect.is_empty() || !self.foreign.is_empty() {
            self.keys_for_references(row, out);
        }
        if !self.primary_key.is_empty() {
            let all_missing = key_parts_missing == self.primary_key.len();
            if all_missing {
                out.push(
                    Finding::new(&PRIMARY_KEY)
                        .at_row(row.number, row.line)
                        .with_cells(row.cells())
                        .with_detail(Detail::Repeat { first: None }),
                );
            }
            let key = if all_missing {
                self.null_key
            } else {
                self.key.hash()
            };
            if self.shared {
                // 64 bits of key, then 24 bits of the row's hash.
                let row_bits = if want_rows {
                    row_hash
                } else {
                    key_hash(&row.number.to_le_bytes())
                };
                let entry = (key >> 64 << 64) | ((row_bits >> 104) << 40);
                self.key_index.push(entry, row.number);
            } else {
                self.key_index.push(key, row.number);
            }
        }
        if want_rows && !self.shared {
            self.row_index.push(row_hash, row.number);
        }
    }

    /// Hashes a tuple of this row's values; `None` when a part is missing.
    fn tuple_hash(&self, fields: &[usize], row: &Row<'_>) -> Option<u128> {
        let mut key = KeyBuilder::default();
        for &index in fields {
            match self.row_keys.get(index)? {
                None => return None,
                Some(Some(bytes)) => key.push(bytes),
                Some(None) => {
                    let column = self.columns.get(index).copied().flatten()?;
                    key.push(row.cell(column).as_bytes());
                }
            }
        }
        Some(key.hash())
    }

    fn keys_for_references(&mut self, row: &Row<'_>, out: &mut Findings) {
        if row.is_blank() {
            return;
        }
        for slot in 0..self.collect.len() {
            if let Some(hash) = self.tuple_hash(&self.collect[slot].0, row) {
                self.collect[slot].1.insert(hash);
            }
        }
        for slot in 0..self.foreign.len() {
            let Some(hash) = self.tuple_hash(&self.foreign[slot].0, row) else {
                continue;
            };
            match &self.foreign[slot].1 {
                ForeignTarget::Keys(keys) => {
                    if !keys.contains(&hash) {
                        let reference = self.foreign[slot].2.clone();
                        foreign_finding(row.number, row.line, Some(row), &reference, out);
                    }
                }
                ForeignTarget::Collected(_) => {
                    self.deferred.push((slot, hash, row.number, row.line));
                }
            }
        }
    }

    /// Reports what only the whole table tells (inferred types' misfits, repeated keys and
    /// rows) and hands back the schema the table was checked with and everything found.
    pub fn finish(mut self, header: Option<&Header>) -> (Option<UsedSchema>, Findings) {
        let mut out = self.findings.take().unwrap_or_default();
        let used = self.finish_into(header, &mut out);
        (used, *out)
    }

    fn finish_into(&mut self, header: Option<&Header>, out: &mut Findings) -> Option<UsedSchema> {
        let keep = self.limit;
        for (slot, hash, row, line) in std::mem::take(&mut self.deferred) {
            let (_, target, reference) = &self.foreign[slot];
            if let ForeignTarget::Collected(n) = target
                && self
                    .collect
                    .get(*n)
                    .is_some_and(|(_, keys)| !keys.contains(&hash))
            {
                foreign_finding(row, line, None, reference, out);
            }
        }
        if !self.primary_key.is_empty() {
            let bits = if self.shared { SHARED_KEY_BITS } else { 88 };
            let skip = Some(if self.shared {
                self.null_key >> 64 << 64
            } else {
                self.null_key
            });
            let (total, repeats) = self.key_index.repeats(bits, keep, skip);
            push_repeats(&PRIMARY_KEY, None, total, &repeats, out);
        }
        for (index, keys) in &mut self.uniques {
            let (total, repeats) = keys.repeats(88, keep, None);
            let column = self.columns.get(*index).copied().flatten();
            let field = column.map(|c| {
                (
                    c as u64 + 1,
                    header
                        .and_then(|h| h.field_name(c))
                        .unwrap_or_default()
                        .to_owned(),
                )
            });
            push_repeats(&UNIQUE_ERROR, field, total, &repeats, out);
        }
        if self.wanted.duplicate_rows {
            let index = if self.shared {
                &mut self.key_index
            } else {
                &mut self.row_index
            };
            let (total, repeats) = index.repeats(88, keep, None);
            push_repeats(&DUPLICATE_ROW, None, total, &repeats, out);
        }
        let runs_on_disk = self.runs_on_disk();
        let unread = self.key_index.unread()
            || self.row_index.unread()
            || self.uniques.iter().any(|(_, index)| index.unread());
        if unread {
            out.push(
                Finding::new(&crate::rules::source_error::SOURCE_ERROR).with_detail(
                    Detail::Source {
                        problem: crate::finding::SourceProblem::Io(
                            "no se pudo releer un archivo temporal de filas repetidas y claves: \
                             pueden faltar repeticiones / a temporary file of repeated rows and \
                             keys could not be read back: repeats may be missing"
                                .to_owned(),
                        ),
                    },
                ),
            );
        }
        match &self.source {
            SchemaSource::None => None,
            SchemaSource::Given(compiled) => Some(UsedSchema {
                schema: compiled.schema.clone(),
                source: "given",
                collected: self.take_collected(),
                runs_on_disk,
            }),
            SchemaSource::Infer => {
                if let Some(schema) = self.frozen.take() {
                    return Some(UsedSchema {
                        schema,
                        source: "inferred",
                        collected: Vec::new(),
                        runs_on_disk,
                    });
                }
                let inferrer = self.inferrer.take()?;
                let fields = inferrer.finish();
                report_misfits(&fields, header, out);
                let schema = Inferrer::schema(fields);
                Some(UsedSchema {
                    schema,
                    source: "inferred",
                    collected: Vec::new(),
                    runs_on_disk,
                })
            }
        }
    }

    /// Ends inference after the row cap: reports the misfits so far, and checks the rest of
    /// the table against the schema inferred from the rows seen.
    fn freeze(&mut self, header: &Header, out: &mut Findings) {
        let Some(inferrer) = self.inferrer.take() else {
            return;
        };
        let fields = inferrer.finish();
        report_misfits(&fields, Some(header), out);
        let schema = Inferrer::schema(fields);
        self.validators = schema
            .fields
            .iter()
            .filter_map(|f| FieldValidator::compile(f, &schema.missing_values).ok())
            .collect();
        self.columns = (0..self.validators.len()).map(Some).collect();
        self.in_key = vec![false; self.validators.len()];
        self.unique_slot = vec![None; self.validators.len()];
        self.frozen = Some(schema);
    }
}

/// Reports the cells inference found not to be of their column's type.
fn report_misfits(fields: &[InferredField], header: Option<&Header>, out: &mut Findings) {
    for (column, field) in fields.iter().enumerate() {
        let name = header.and_then(|h| h.field_name(column));
        for misfit in &field.misfits {
            out.push(
                Finding::new(&TYPE_ERROR)
                    .at_row(misfit.row, misfit.line)
                    .at_field(column as u64 + 1, name)
                    .with_cell(&misfit.cell)
                    .with_detail(Detail::TypeMismatch {
                        kind: field.field.kind.as_str(),
                        format: field
                            .field
                            .format
                            .clone()
                            .unwrap_or_else(|| "default".to_owned()),
                    }),
            );
        }
        out.count_many(
            &TYPE_ERROR,
            field
                .misfit_count
                .saturating_sub(field.misfits.len() as u64),
        );
    }
}

fn foreign_finding(
    number: u64,
    line: u64,
    row: Option<&Row<'_>>,
    reference: &str,
    out: &mut Findings,
) {
    if !out.keeps(&FOREIGN_KEY, number, 0) {
        out.count(&FOREIGN_KEY);
        return;
    }
    let mut finding = Finding::new(&FOREIGN_KEY)
        .at_row(number, line)
        .with_detail(Detail::Param {
            text: reference.to_owned(),
        });
    if let Some(row) = row {
        finding = finding.with_cells(row.cells());
    }
    out.push(finding);
}

fn cell_finding(
    rule: &'static Rule,
    row: &Row<'_>,
    header: &Header,
    column: usize,
    cell: &str,
    out: &mut Findings,
    detail: impl FnOnce() -> Detail,
) {
    if !out.keeps(rule, row.number, column as u64 + 1) {
        out.count(rule);
        return;
    }
    out.push(
        Finding::new(rule)
            .at_row(row.number, row.line)
            .at_field(column as u64 + 1, header.field_name(column))
            .with_cell(cell)
            .with_cells(row.cells())
            .with_detail(detail()),
    );
}

fn push_repeats(
    rule: &'static Rule,
    field: Option<(u64, String)>,
    total: u64,
    repeats: &[super::keys::Repeat],
    out: &mut Findings,
) {
    let mut pushed = 0u64;
    for repeat in repeats {
        let mut finding = Finding::new(rule).with_detail(Detail::Repeat {
            first: Some(repeat.first),
        });
        finding.row_number = Some(repeat.row);
        if let Some((number, name)) = &field {
            finding = finding.at_field(*number, Some(name));
        }
        out.push(finding);
        pushed += 1;
    }
    out.count_many(rule, total.saturating_sub(pushed));
}

//! Batch audits: validate every resource of a catalogue, a directory or a list of files in
//! parallel, and write one report per resource plus `summary.json`, `summary.csv` and a
//! self-contained `index.html`.
//!
//! Bounded memory: each worker holds one resource at a time and only its summary row is kept
//! once its report is on disk. Never aborts on a resource: a file that cannot be read or
//! downloaded becomes a `could-not-read` row with the reason. Resumable: finished rows are
//! appended to `progress.jsonl` as they finish, and `resume` skips a resource whose content
//! hash has not changed. Sharded: `Shard` splits the resources by a hash of their id, so N
//! independent jobs cover a catalogue and [`merge`] joins their outputs into the same summary
//! one job would have written.
//!
//! Like the rest of calidad, nothing here prints: progress goes to a [`Progress`] observer.

mod fetch;
mod html;
mod sources;
mod summary;

pub use fetch::{DownloadOptions, download_file};
pub use html::render as render_html;
pub use sources::{Location, Resource, SourceOptions, collect_resources, url_file_name};
pub use summary::{
    DatasetSummary, OrganizationSummary, PrivacyFlags, Row, RowBase, Status, StatusCounts, Summary,
};

use calidad::{Lang, Report, ValidatorBuilder};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

/// Why an audit could not run (a resource that fails is a row, never this).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuditError {
    /// A SOURCE argument that cannot be used.
    #[error("cannot audit {path}: {reason}")]
    Source {
        /// The argument.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The output directory cannot be written.
    #[error("cannot write {path}: {source}")]
    Output {
        /// The file or directory.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// A `--shard` that is not `I/N` with 0 ≤ I < N.
    #[error("invalid shard {0:?}: use I/N with I from 0 to N-1, e.g. 0/3")]
    InvalidShard(String),
    /// A directory given to `merge` without a finished audit.
    #[error("cannot merge {path}: {reason}")]
    Merge {
        /// The directory.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The worker threads could not start.
    #[error("cannot start the worker threads: {0}")]
    Threads(String),
}

/// One of N deterministic parts of the resources.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// This part, from 0.
    pub index: u64,
    /// How many parts.
    pub count: u64,
}

impl Shard {
    /// Parses `I/N` (0 ≤ I < N).
    pub fn parse(text: &str) -> Result<Shard, AuditError> {
        let invalid = || AuditError::InvalidShard(text.to_owned());
        let (index, count) = text.split_once('/').ok_or_else(invalid)?;
        let index: u64 = index.trim().parse().map_err(|_| invalid())?;
        let count: u64 = count.trim().parse().map_err(|_| invalid())?;
        if count == 0 || index >= count {
            return Err(invalid());
        }
        Ok(Shard { index, count })
    }

    /// Whether a resource id belongs to this part: a hash of the id, stable across machines,
    /// runs and catalogue growth.
    pub fn contains(&self, id: &str) -> bool {
        xxhash_rust::xxh3::xxh3_64(id.as_bytes()) % self.count == self.index
    }
}

/// What an audit does besides validating.
#[derive(Clone, Debug)]
pub struct AuditOptions {
    /// The output directory.
    pub out: PathBuf,
    /// Where catalogue resources' files are.
    pub resources_dir: Option<PathBuf>,
    /// Fetch catalogue resources by URL, with these limits.
    pub download: Option<DownloadOptions>,
    /// Skip resources already done with the same content.
    pub resume: bool,
    /// Audit only this part.
    pub shard: Option<Shard>,
    /// Worker threads (0: one per core).
    pub threads: usize,
    /// Memory the whole audit may use, in bytes, split evenly between the worker threads (see
    /// [`calidad::memory_share`]); `None` leaves the builder's limit for each table as it is.
    pub memory_limit: Option<u64>,
    /// Language of the dashboard.
    pub lang: Lang,
    /// Follow symbolic links inside audited directories (never out of them).
    pub follow_links: bool,
    /// What identifies the options reports depend on (language, limits, privacy, score,
    /// date…): `--resume` re-validates every resource when it differs from the journal's.
    pub options_key: String,
}

/// Observes an audit's progress (the CLI draws a bar with it).
pub trait Progress: Sync {
    /// The number of resources to audit, once known.
    fn planned(&self, _total: u64) {}
    /// One resource finished.
    fn finished(&self, _row: &Row) {}
}

/// A [`Progress`] that ignores everything.
pub struct NoProgress;
impl Progress for NoProgress {}

const PROGRESS_FILE: &str = "progress.jsonl";
const REPORTS_DIR: &str = "reports";
const DOWNLOADS_DIR: &str = ".downloads";

fn output_error(path: &Path) -> impl FnOnce(std::io::Error) -> AuditError + '_ {
    move |source| AuditError::Output {
        path: path.to_owned(),
        source,
    }
}

/// Audits every resource of `sources` with validators built from `builder`, writes the
/// outputs into `options.out`, and returns the summary.
pub fn audit(
    sources: &[PathBuf],
    builder: &ValidatorBuilder,
    options: &AuditOptions,
    progress: &dyn Progress,
) -> Result<Summary, AuditError> {
    let out = &options.out;
    std::fs::create_dir_all(out.join(REPORTS_DIR)).map_err(output_error(out))?;
    let source_options = SourceOptions {
        resources_dir: options.resources_dir.clone(),
        download: options.download.is_some(),
        out: Some(out.clone()),
        follow_links: options.follow_links,
    };
    let mut resources = collect_resources(sources, &source_options)?;
    if let Some(shard) = options.shard {
        resources.retain(|r| shard.contains(&r.id));
    }
    progress.planned(resources.len() as u64);

    let progress_path = out.join(PROGRESS_FILE);
    // The journal's first line says which options its rows were made with: resuming with
    // other options starts over rather than mixing reports.
    let key = journal_key(&options.options_key);
    let previous = if options.resume {
        read_progress(&progress_path, &key)
    } else {
        None
    };
    let continuing = previous.is_some();
    let previous = previous.unwrap_or_default();
    let mut journal = std::fs::OpenOptions::new();
    journal.create(true);
    if continuing {
        journal.append(true);
    } else {
        journal.write(true).truncate(true);
    }
    let journal = journal
        .open(&progress_path)
        .map_err(output_error(&progress_path))?;
    let mut journal = std::io::BufWriter::new(journal);
    if !continuing {
        writeln!(journal, "{key}")
            .and_then(|()| journal.flush())
            .map_err(output_error(&progress_path))?;
    }
    let journal = Mutex::new(journal);
    let fetcher = options.download.clone().map(fetch::Fetcher::new);
    if fetcher.is_some() {
        let downloads = out.join(DOWNLOADS_DIR);
        std::fs::create_dir_all(&downloads).map_err(output_error(&downloads))?;
    }
    let threads = if options.threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        options.threads
    };
    // Each worker validates one table at a time with its share of the limit.
    let shared;
    let builder = match options.memory_limit {
        Some(total) => {
            shared = builder
                .clone()
                .memory_limit(Some(calidad::memory_share(total, threads)));
            &shared
        }
        None => builder,
    };
    let context = Context {
        builder,
        out,
        previous: &previous,
        fetcher: fetcher.as_ref(),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| AuditError::Threads(e.to_string()))?;
    let journal_failure: Mutex<Option<AuditError>> = Mutex::new(None);
    let rows: Vec<Row> = pool.install(|| {
        resources
            .par_iter()
            .map(|resource| {
                let (row, fresh) = context.audit_guarded(resource);
                if fresh {
                    let written = serde_json::to_string(&row)
                        .map_err(std::io::Error::other)
                        .and_then(|line| {
                            let mut journal = journal
                                .lock()
                                .map_err(|_| std::io::Error::other("journal lock poisoned"))?;
                            writeln!(journal, "{line}")?;
                            journal.flush()
                        });
                    if let Err(source) = written
                        && let Ok(mut failure) = journal_failure.lock()
                    {
                        failure.get_or_insert(AuditError::Output {
                            path: progress_path.clone(),
                            source,
                        });
                    }
                }
                progress.finished(&row);
                row
            })
            .collect()
    });
    if let Some(error) = journal_failure.into_inner().ok().flatten() {
        return Err(error);
    }
    if fetcher.is_some() {
        let _ = std::fs::remove_dir_all(out.join(DOWNLOADS_DIR));
    }
    let summary = Summary::from_rows(rows);
    write_outputs(&summary, out, options.lang)?;
    Ok(summary)
}

/// Writes `summary.json`, `summary.csv`, `resumen-excel.csv` (for a spreadsheet) and
/// `index.html` into `out`.
pub fn write_outputs(summary: &Summary, out: &Path, lang: Lang) -> Result<(), AuditError> {
    let json = serde_json::to_string_pretty(summary).map_err(|e| AuditError::Output {
        path: out.join("summary.json"),
        source: std::io::Error::other(e),
    })?;
    for (name, text) in [
        ("summary.json", json + "\n"),
        ("summary.csv", summary.to_csv()),
        ("resumen-excel.csv", summary.to_excel_csv()),
        ("index.html", html::render(summary, lang)),
    ] {
        let path = out.join(name);
        std::fs::write(&path, text).map_err(output_error(&path))?;
    }
    Ok(())
}

/// Joins the outputs of several audits (shards) into `out`: the summary one audit over all
/// their resources would have written, with their reports copied beside it.
pub fn merge(dirs: &[PathBuf], out: &Path, lang: Lang) -> Result<Summary, AuditError> {
    std::fs::create_dir_all(out.join(REPORTS_DIR)).map_err(output_error(out))?;
    let mut rows: Vec<Row> = Vec::new();
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    for dir in dirs {
        let path = dir.join("summary.json");
        let failure = |reason: String| AuditError::Merge {
            path: dir.clone(),
            reason,
        };
        let text = std::fs::read_to_string(&path).map_err(|e| {
            failure(format!(
                "no summary.json ({e}): the audit did not finish; run it again with --resume"
            ))
        })?;
        let summary: Summary = serde_json::from_str(&text)
            .map_err(|e| failure(format!("summary.json is not an audit summary: {e}")))?;
        for row in summary.rows_by_resource {
            if let Some(first) = seen.get(&row.id) {
                if first != dir {
                    return Err(failure(format!(
                        "resource {} is also in {}: were the shards cut with the same N?",
                        row.id,
                        first.display()
                    )));
                }
                continue;
            }
            seen.insert(row.id.clone(), dir.clone());
            if let Some(report) = &row.report {
                // A report path from a summary.json is trusted only inside that folder.
                let Some(from) = calidad::inside(dir, report) else {
                    return Err(failure(format!(
                        "report {report:?} is not a file inside the shard's folder"
                    )));
                };
                let to = out.join(report);
                if from != to {
                    if let Some(parent) = to.parent() {
                        std::fs::create_dir_all(parent).map_err(output_error(parent))?;
                    }
                    std::fs::copy(&from, &to)
                        .map_err(|e| failure(format!("cannot copy {}: {e}", from.display())))?;
                }
            }
            rows.push(row);
        }
    }
    let summary = Summary::from_rows(rows);
    write_outputs(&summary, out, lang)?;
    Ok(summary)
}

/// The journal's first line: the calidad version and the options its rows depend on.
fn journal_key(options: &str) -> String {
    serde_json::json!({
        "calidadJournal": 1,
        "version": calidad::calidad_core::VERSION,
        "options": options,
    })
    .to_string()
}

/// Rows finished by an earlier run with the same options, by id (a torn last line is
/// ignored); `None` when there is no journal or it was made with other options.
fn read_progress(path: &Path, key: &str) -> Option<HashMap<String, Row>> {
    let file = std::fs::File::open(path).ok()?;
    let mut lines = std::io::BufReader::new(file).lines().map_while(Result::ok);
    if lines.next()? != key {
        return None;
    }
    Some(
        lines
            .filter_map(|line| serde_json::from_str::<Row>(&line).ok())
            .map(|row| (row.id.clone(), row))
            .collect(),
    )
}

struct Context<'a> {
    builder: &'a ValidatorBuilder,
    out: &'a Path,
    previous: &'a HashMap<String, Row>,
    fetcher: Option<&'a fetch::Fetcher>,
}

/// A downloaded file, removed when dropped.
struct Download(PathBuf);
impl Drop for Download {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

impl Context<'_> {
    /// Audits one resource, and turns a crash while doing so into a `could-not-read` row:
    /// one bad file never stops an audit.
    fn audit_guarded(&self, resource: &Resource) -> (Row, bool) {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.audit_one(resource))) {
            Ok(done) => done,
            Err(panic) => {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                let base = RowBase {
                    id: resource.id.clone(),
                    source: match &resource.location {
                        Location::Local(path) => path.to_string_lossy().replace('\\', "/"),
                        Location::Remote(url) => calidad::redact_url(url),
                        Location::Unavailable(_) => String::new(),
                    },
                    dataset: resource.dataset.clone(),
                    organization: resource.organization.clone(),
                    resource: resource.name.clone(),
                    declared_format: resource.declared_format.clone(),
                    bytes: 0,
                    sha256: None,
                    metadata_errors: resource.metadata_errors,
                };
                let reason = format!(
                    "calidad stopped on this file (internal error: {}); please report it",
                    calidad::calidad_privacy::gate::mask_text(&what)
                );
                (Row::could_not_read(base, reason), true)
            }
        }
    }

    /// Audits one resource; `true` when it was validated now (not resumed).
    fn audit_one(&self, resource: &Resource) -> (Row, bool) {
        let mut base = RowBase {
            id: resource.id.clone(),
            source: String::new(),
            dataset: resource.dataset.clone(),
            organization: resource.organization.clone(),
            resource: resource.name.clone(),
            declared_format: resource.declared_format.clone(),
            bytes: 0,
            sha256: None,
            metadata_errors: resource.metadata_errors,
        };
        let mut served = fetch::Validators::default();
        let (path, _download) = match &resource.location {
            Location::Local(path) => {
                base.source = path.to_string_lossy().replace('\\', "/");
                (path.clone(), None)
            }
            Location::Remote(url) => {
                base.source = calidad::redact_url(url);
                let Some(fetcher) = self.fetcher else {
                    return (Row::could_not_read(base, "not downloaded".into()), true);
                };
                let path = self.download_path(&resource.id, url, resource);
                // Resuming: ask the server whether the copy audited before is still current.
                let done = self
                    .previous
                    .get(&resource.id)
                    .filter(|done| done.source == base.source && self.report_exists(done));
                let known =
                    done.map_or_else(fetch::Validators::default, |done| fetch::Validators {
                        etag: done.etag.clone(),
                        last_modified: done.last_modified.clone(),
                    });
                match fetcher.download(url, &path, &known) {
                    Ok(fetch::Fetched::NotModified) => {
                        if let Some(done) = done {
                            return (done.clone(), false);
                        }
                        return (
                            Row::could_not_read(
                                base,
                                "the server answered 304 to a plain request".into(),
                            ),
                            true,
                        );
                    }
                    Ok(fetch::Fetched::Downloaded(validators)) => {
                        served = validators;
                        (path.clone(), Some(Download(path)))
                    }
                    Err(reason) => return (Row::could_not_read(base, reason), true),
                }
            }
            Location::Unavailable(reason) => {
                return (Row::could_not_read(base, reason.clone()), true);
            }
        };
        // The content hash is needed before validating only to resume; otherwise the
        // validator's own SHA-256 of the file is used, not a second read.
        if self.previous.contains_key(&resource.id) {
            match hash_file(&path) {
                Ok((bytes, sha256)) => {
                    base.bytes = bytes;
                    base.sha256 = Some(sha256);
                }
                Err(e) => return (Row::could_not_read(base, format!("cannot read: {e}")), true),
            }
        } else {
            match std::fs::metadata(&path) {
                Ok(meta) => base.bytes = meta.len(),
                Err(e) => return (Row::could_not_read(base, format!("cannot read: {e}")), true),
            }
        }
        if let Some(done) = self.previous.get(&resource.id)
            && done.sha256 == base.sha256
            && self.report_exists(done)
        {
            let mut done = done.clone();
            if served != fetch::Validators::default() {
                done.etag = served.etag;
                done.last_modified = served.last_modified;
                return (done, true);
            }
            return (done, false);
        }
        let started = Instant::now();
        let mut builder = self.builder.clone();
        if let Some(package) = &resource.package {
            let file = url_or_path_name(&base.source);
            if let Ok(with_metadata) = builder.clone().metadata_json(package, &file, &resource.id) {
                builder = with_metadata;
            }
        }
        let validator = builder.build();
        let package = calidad::is_package(&path);
        let tasks = if package {
            validator.package_tasks(&path)
        } else {
            validator.tasks_for_path(&path)
        };
        let mut tasks = match tasks {
            Ok(tasks) => tasks,
            Err(e) => return (Row::could_not_read(base, e.to_string()), true),
        };
        if base.sha256.is_none() {
            let place = path.display().to_string();
            // A table or workbook hashed the whole file; an archive member or a package's
            // resource did not.
            let whole_file = tasks
                .first()
                .filter(|task| !package && task.place == place && task.stats.bytes == base.bytes);
            base.sha256 = match whole_file {
                Some(task) => Some(task.stats.sha256.clone()),
                None => hash_file(&path).ok().map(|(_, sha256)| sha256),
            };
        }
        if let Location::Remote(url) = &resource.location {
            for task in &mut tasks {
                task.place = calidad::redact_url(url);
            }
        }
        let report = Report::from_tasks(tasks, started.elapsed().as_secs_f64());
        let report_name = report_name(&resource.id);
        let report_path = self.out.join(&report_name);
        let written = serde_json::to_vec_pretty(&report)
            .map_err(std::io::Error::other)
            .and_then(|json| {
                if let Some(parent) = report_path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(&report_path, json)
            });
        let mut row = Row::from_report(base, &report, report_name);
        row.etag = served.etag;
        row.last_modified = served.last_modified;
        if let Err(e) = written {
            row.report = None;
            row.reason = Some(format!("the report could not be written: {e}"));
        }
        (row, true)
    }

    /// Whether a finished row's report is still on disk (a row without one never had one).
    fn report_exists(&self, done: &Row) -> bool {
        done.report
            .as_ref()
            .is_none_or(|report| self.out.join(report).is_file())
    }

    fn download_path(&self, id: &str, url: &str, resource: &Resource) -> PathBuf {
        let name = sources::url_file_name(url)
            .map(|n| sanitize(&n))
            .filter(|n| n.contains('.'))
            .unwrap_or_else(|| {
                let ext = resource
                    .declared_format
                    .as_deref()
                    .map(|f| sanitize(&f.to_ascii_lowercase()))
                    .unwrap_or_else(|| "bin".into());
                format!("resource.{ext}")
            });
        self.out.join(DOWNLOADS_DIR).join(format!(
            "{:016x}-{name}",
            xxhash_rust::xxh3::xxh3_64(id.as_bytes())
        ))
    }
}

fn url_or_path_name(source: &str) -> String {
    sources::url_file_name(source)
        .unwrap_or_else(|| source.rsplit('/').next().unwrap_or(source).to_owned())
}

/// Where a resource's report goes, relative to the output directory: readable, unique through
/// a hash of the id, and spread over 256 subdirectories by that hash, because creating
/// thousands of files in one directory serialises the workers on its lock.
fn report_name(id: &str) -> String {
    let tail = id.rsplit(['/', '\\']).next().unwrap_or(id);
    let mut readable = sanitize(tail);
    readable.truncate(60);
    let hash = xxhash_rust::xxh3::xxh3_64(id.as_bytes());
    format!(
        "{REPORTS_DIR}/{:02x}/{readable}-{hash:016x}.json",
        hash >> 56
    )
}

fn sanitize(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Size and SHA-256 of a file, streamed.
fn hash_file(path: &Path) -> std::io::Result<(u64, String)> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    let mut total = 0u64;
    loop {
        let read = file.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        total += read as u64;
        hasher.update(&buffer[..read]);
    }
    let digest = hasher.finalize();
    let mut hex = String::with_capacity(64);
    for byte in digest {
        use std::fmt::Write as _;
        let _ = write!(hex, "{byte:02x}");
    }
    Ok((total, hex))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_ids() {
        let shards: Vec<Shard> = (0..3)
            .map(|i| Shard::parse(&format!("{i}/3")).expect("valid shard"))
            .collect();
        for id in (0..500).map(|i| format!("dir/file{i}.csv")) {
            assert_eq!(shards.iter().filter(|s| s.contains(&id)).count(), 1);
        }
        assert!(Shard::parse("3/3").is_err());
        assert!(Shard::parse("1/0").is_err());
        assert!(Shard::parse("a/3").is_err());
    }

    #[test]
    fn report_names_are_safe_and_distinct() {
        let a = report_name("ckan:ds/../../etc/passwd");
        assert!(!a.contains(".."));
        assert_eq!(a.matches('/').count(), 2);
        assert_ne!(report_name("x/a.csv"), report_name("y/a.csv"));
    }
}

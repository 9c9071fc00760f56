//! What an audit covers: the resources behind each SOURCE argument.
//!
//! A SOURCE is a directory (every file under it, recursively, in name order), `@FILE` (a list of
//! paths, one per line), a CKAN export (a `package_search` answer, a `package_show` answer, a
//! JSON array of packages or a JSON-lines dump), or one data file. Anything that cannot be
//! reached becomes a resource whose location says why, so every file is accounted for.

use crate::AuditError;
use serde_json::Value;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One thing to validate, with the catalogue facts the summary groups by.
#[derive(Clone, Debug)]
pub struct Resource {
    /// Stable key: the path as reached from the SOURCE, or `ckan:DATASET/RESOURCE`.
    pub id: String,
    /// Where its bytes are.
    pub location: Location,
    /// The dataset (CKAN package name), when it comes from a catalogue.
    pub dataset: Option<String>,
    /// The publishing organization, when known.
    pub organization: Option<String>,
    /// The resource's name in the catalogue.
    pub name: Option<String>,
    /// The format the catalogue declares (`CSV`, `XLSX`…).
    pub declared_format: Option<String>,
    /// The CKAN package, for the score's metadata indicators.
    pub package: Option<Arc<Value>>,
    /// `metadata-error` findings in the package (`calidad metadata`), when it has one.
    pub metadata_errors: Option<u64>,
}

/// Where a resource's bytes are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// A local file.
    Local(PathBuf),
    /// A URL to fetch (with `--download`).
    Remote(String),
    /// Cannot be read, and why.
    Unavailable(String),
}

/// How catalogue resources are found.
#[derive(Clone, Debug, Default)]
pub struct SourceOptions {
    /// A directory holding catalogue resources' files (`--resources-dir`).
    pub resources_dir: Option<PathBuf>,
    /// Whether catalogue resources not found locally are fetched by URL (`--download`).
    pub download: bool,
    /// The audit's output directory: never audited itself.
    pub out: Option<PathBuf>,
    /// Follow symbolic links inside audited directories (`--follow-links`); even then, never
    /// to a file outside the directory given.
    pub follow_links: bool,
}

impl Resource {
    fn file(id: String, location: Location) -> Resource {
        Resource {
            id,
            location,
            dataset: None,
            organization: None,
            name: None,
            declared_format: None,
            package: None,
            metadata_errors: None,
        }
    }
}

/// Lists the resources of every SOURCE, in order. A SOURCE that does not exist is an error
/// (a typo on the command line); anything unreadable inside one is a resource that says why.
pub fn collect_resources(
    sources: &[PathBuf],
    options: &SourceOptions,
) -> Result<Vec<Resource>, AuditError> {
    let out = options
        .out
        .as_ref()
        .and_then(|out| std::fs::canonicalize(out).ok());
    let mut walker = Walker {
        out,
        visited: HashSet::new(),
        resources: Vec::new(),
        follow_links: options.follow_links,
        root: None,
    };
    for source in sources {
        let text = source.to_string_lossy();
        if let Some(list) = text.strip_prefix('@') {
            walker.list(Path::new(list))?;
            continue;
        }
        let meta = std::fs::metadata(source).map_err(|e| AuditError::Source {
            path: source.clone(),
            reason: e.to_string(),
        })?;
        if meta.is_dir() {
            walker.root = std::fs::canonicalize(source).ok();
            walker.dir(source);
            walker.root = None;
        } else if let Some(packages) = ckan_packages(source)? {
            walker.catalogue(source, &packages, options);
        } else {
            walker.push_file(source);
        }
    }
    // Two resources with one id would share a report (and a resumed row): the second and
    // later ones get `#2`, `#3`…
    let mut seen: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    for resource in &mut walker.resources {
        let count = seen.entry(resource.id.clone()).or_insert(0);
        *count += 1;
        if *count > 1 {
            resource.id = format!("{}#{count}", resource.id);
        }
    }
    Ok(walker.resources)
}

struct Walker {
    out: Option<PathBuf>,
    visited: HashSet<PathBuf>,
    resources: Vec<Resource>,
    follow_links: bool,
    /// The directory SOURCE being walked: links never lead out of it.
    root: Option<PathBuf>,
}

impl Walker {
    fn push_file(&mut self, path: &Path) {
        self.resources.push(Resource::file(
            display(path),
            Location::Local(path.to_owned()),
        ));
    }

    fn unavailable(&mut self, path: &Path, reason: String) {
        self.resources
            .push(Resource::file(display(path), Location::Unavailable(reason)));
    }

    /// Every file under `dir`, depth first in name order; a directory reached twice through
    /// links is walked once.
    fn dir(&mut self, dir: &Path) {
        let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_owned());
        if self.out.as_ref() == Some(&canonical) || !self.visited.insert(canonical) {
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => return self.unavailable(dir, format!("cannot list the directory: {e}")),
        };
        let mut paths = Vec::new();
        for entry in entries {
            match entry {
                Ok(entry) => paths.push(entry.path()),
                Err(e) => {
                    return self.unavailable(dir, format!("cannot list the directory: {e}"));
                }
            }
        }
        paths.sort();
        for path in paths {
            if let Some(reason) = self.refused(&path) {
                self.unavailable(&path, reason);
                continue;
            }
            match std::fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => self.dir(&path),
                Ok(meta) if meta.is_file() => self.push_file(&path),
                Ok(_) => self.unavailable(
                    &path,
                    "not a regular file (a pipe, socket or device): not read".into(),
                ),
                Err(e) => self.unavailable(&path, format!("cannot read: {e}")),
            }
        }
    }

    /// Why an entry of an audited directory is not followed: a symbolic link (unless
    /// `follow_links`), or one that leads out of the directory given.
    fn refused(&self, path: &Path) -> Option<String> {
        let link = std::fs::symlink_metadata(path)
            .ok()?
            .file_type()
            .is_symlink();
        if !link {
            return None;
        }
        if !self.follow_links {
            return Some("a symbolic link: not followed (use --follow-links)".into());
        }
        let target = std::fs::canonicalize(path).ok()?;
        match &self.root {
            Some(root) if !target.starts_with(root) => Some(format!(
                "a symbolic link to {}, outside the audited folder: not followed",
                target.display()
            )),
            _ => None,
        }
    }

    /// `@FILE`: one path per line, relative to the list's directory; blank lines and lines
    /// starting with `#` are skipped.
    fn list(&mut self, list: &Path) -> Result<(), AuditError> {
        let text = std::fs::read_to_string(list).map_err(|e| AuditError::Source {
            path: list.to_owned(),
            reason: e.to_string(),
        })?;
        let base = list.parent().unwrap_or(Path::new(""));
        for (index, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let path = base.join(line);
            match std::fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => self.dir(&path),
                Ok(_) => self.push_file(&path),
                Err(e) => self.unavailable(
                    &path,
                    format!("listed in {} line {}: {e}", list.display(), index + 1),
                ),
            }
        }
        Ok(())
    }

    fn catalogue(&mut self, export: &Path, packages: &[Value], options: &SourceOptions) {
        for (package_index, package) in packages.iter().enumerate() {
            if let Some(reason) = package.get(DAMAGED_LINE).and_then(Value::as_str) {
                self.resources.push(Resource::file(
                    format!("{}#{}", display(export), package_index + 1),
                    Location::Unavailable(reason.to_owned()),
                ));
                continue;
            }
            let package = Arc::new(package.clone());
            let dataset = text(&package, "name")
                .or_else(|| text(&package, "id"))
                .unwrap_or_else(|| format!("{}#{}", display(export), package_index + 1));
            let organization = package
                .get("organization")
                .and_then(|o| text(o, "title").or_else(|| text(o, "name")))
                .or_else(|| text(&package, "owner_org"));
            let metadata = calidad::metadata::check_metadata(
                &package,
                &display(export),
                calidad::Lang::En,
                &calidad::metadata::MetadataContext::default(),
            );
            let metadata_errors = metadata
                .problems
                .iter()
                .filter(|p| p.code == "metadata-error")
                .count() as u64;
            let resources = package
                .get("resources")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            if resources.is_empty() {
                self.resources.push(Resource {
                    id: format!("ckan:{dataset}"),
                    location: Location::Unavailable(
                        "the dataset has no resources in the export".into(),
                    ),
                    dataset: Some(dataset.clone()),
                    organization: organization.clone(),
                    name: None,
                    declared_format: None,
                    package: Some(Arc::clone(&package)),
                    metadata_errors: Some(metadata_errors),
                });
            }
            for (index, resource) in resources.iter().enumerate() {
                let key = text(resource, "id")
                    .or_else(|| text(resource, "name"))
                    .unwrap_or_else(|| format!("#{}", index + 1));
                let url = text(resource, "url").unwrap_or_default();
                self.resources.push(Resource {
                    id: format!("ckan:{dataset}/{key}"),
                    location: locate(resource, &dataset, &url, options),
                    dataset: Some(dataset.clone()),
                    organization: organization.clone(),
                    name: text(resource, "name"),
                    declared_format: text(resource, "format"),
                    package: Some(Arc::clone(&package)),
                    metadata_errors: Some(metadata_errors),
                });
            }
        }
    }
}

/// A catalogue resource's file: under `--resources-dir` as `ID`, `ID.EXT`, `DATASET/FILE` or
/// `FILE` (FILE being the URL's last segment), else its URL when downloading.
fn locate(resource: &Value, dataset: &str, url: &str, options: &SourceOptions) -> Location {
    let file_name = url_file_name(url);
    if let Some(dir) = &options.resources_dir {
        let mut candidates = Vec::new();
        if let Some(id) = text(resource, "id").filter(|id| safe_segment(id)) {
            candidates.push(dir.join(&id));
            if let Some(ext) = file_name.as_deref().and_then(|f| f.rsplit_once('.')) {
                candidates.push(dir.join(format!("{id}.{}", ext.1)));
            }
        }
        if let Some(file) = file_name.as_deref().filter(|f| safe_segment(f)) {
            if safe_segment(dataset) {
                candidates.push(dir.join(dataset).join(file));
            }
            candidates.push(dir.join(file));
        }
        if let Some(found) = candidates.into_iter().find(|c| c.is_file()) {
            return Location::Local(found);
        }
        if !options.download {
            return Location::Unavailable(format!(
                "not found in {} (looked for the resource id and the URL's file name)",
                dir.display()
            ));
        }
    }
    if url.is_empty() {
        return Location::Unavailable("the resource has no URL".into());
    }
    if !options.download {
        return Location::Unavailable(
            "not downloaded: give --resources-dir with the files or --download".into(),
        );
    }
    if url.starts_with("http://") || url.starts_with("https://") {
        Location::Remote(url.to_owned())
    } else {
        Location::Unavailable(format!(
            "unsupported URL (only http and https are fetched): {url}"
        ))
    }
}

/// The last path segment of a URL, without query or fragment, when it has one.
pub fn url_file_name(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let path = path.split_once("://").map_or(path, |(_, rest)| rest);
    let (_, path) = path.split_once('/')?;
    let last = path.rsplit('/').next()?;
    (!last.is_empty()).then(|| last.to_owned())
}

/// A name that is one plain path segment (no separators, no `..`).
fn safe_segment(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\', '\0'])
}

fn text(value: &Value, key: &str) -> Option<String> {
    value
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The packages of a CKAN export, or `None` when the file is not one (then it is data).
fn ckan_packages(path: &Path) -> Result<Option<Vec<Value>>, AuditError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if !matches!(ext.as_str(), "json" | "jsonl" | "ndjson") {
        return Ok(None);
    }
    let bytes = std::fs::read(path).map_err(|e| AuditError::Source {
        path: path.to_owned(),
        reason: e.to_string(),
    })?;
    if let Ok(document) = serde_json::from_slice::<Value>(&bytes) {
        return Ok(packages_of(&document));
    }
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return Ok(None);
    };
    // JSON lines: a damaged line costs that line (it becomes a row saying so), not the export.
    let mut packages = Vec::new();
    let mut damaged = 0;
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(line) {
            Ok(value) => {
                let value = value.get("result").cloned().unwrap_or(value);
                if !is_package(&value) {
                    return Ok(None);
                }
                packages.push(value);
            }
            Err(error) => {
                damaged += 1;
                packages.push(serde_json::json!({
                    DAMAGED_LINE: format!("line {}: not JSON ({error})", index + 1)
                }));
            }
        }
    }
    let good = packages.len() - damaged;
    Ok((good > 0 && good >= damaged).then_some(packages))
}

/// The key a damaged line of a JSON-lines export is kept under, with why.
const DAMAGED_LINE: &str = "__calidad_damaged_line";

fn is_package(value: &Value) -> bool {
    value.is_object() && value.get("resources").is_some_and(Value::is_array)
}

/// `package_search` (`result.results`), `package_show` (`result`), a bare package, or an
/// array of packages.
fn packages_of(document: &Value) -> Option<Vec<Value>> {
    let inner = document.get("result").unwrap_or(document);
    if let Some(results) = inner.get("results").and_then(Value::as_array) {
        return results
            .iter()
            .all(is_package)
            .then(|| results.clone())
            .filter(|r| !r.is_empty());
    }
    if is_package(inner) {
        return Some(vec![inner.clone()]);
    }
    let items = inner.as_array()?;
    (!items.is_empty() && items.iter().all(is_package)).then(|| items.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_file_names() {
        assert_eq!(
            url_file_name("https://datos.gob.cl/dataset/x/resource/y/download/casos.csv?a=1"),
            Some("casos.csv".to_owned())
        );
        assert_eq!(url_file_name("https://datos.gob.cl/"), None);
        assert_eq!(url_file_name("https://datos.gob.cl"), None);
    }

    #[test]
    fn recognises_ckan_shapes() {
        let package = serde_json::json!({"name": "a", "resources": []});
        let search =
            serde_json::json!({"success": true, "result": {"count": 1, "results": [package]}});
        assert_eq!(packages_of(&search).map(|p| p.len()), Some(1));
        let show = serde_json::json!({"success": true, "result": package});
        assert_eq!(packages_of(&show).map(|p| p.len()), Some(1));
        assert!(packages_of(&serde_json::json!([{"a": 1}])).is_none());
        assert!(packages_of(&serde_json::json!({"data": [1, 2]})).is_none());
    }
}

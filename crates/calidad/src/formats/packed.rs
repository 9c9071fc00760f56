//! Compressed sources: `.gz` (one table) and `.zip` (one task per table inside, named
//! `file.zip#entry.csv`). Decompression stops at a size and ratio limit so a small archive
//! cannot fill memory or the disk (a "decompression bomb"); hitting it is a `source-error`.

use super::{SourceFacts, container};
use crate::ReportTask;
use crate::{Error, Validator};
use calidad_core::finding::SourceProblem;
use std::io::Read;

/// Decompressed bytes allowed whatever the ratio.
pub(crate) const FREE_BYTES: u64 = 256 * 1024 * 1024;
/// Beyond [`FREE_BYTES`], decompressed bytes allowed per compressed byte.
pub(crate) const MAX_RATIO: u64 = 100;
/// Decompressed bytes never exceeded (archives are read into memory).
pub(crate) const MAX_BYTES: u64 = 4 * 1024 * 1024 * 1024;
/// Archives inside archives are opened this deep.
const MAX_DEPTH: u32 = 2;

/// The most a compressed stream of `compressed` bytes may decompress to.
pub(crate) fn limit_for(compressed: u64) -> u64 {
    FREE_BYTES
        .max(compressed.saturating_mul(MAX_RATIO))
        .min(MAX_BYTES)
}

/// Reads `source` to the end or to `limit` bytes; `Err` carries the bytes read when the limit
/// was hit.
fn read_limited(source: impl Read, limit: u64) -> std::io::Result<Result<Vec<u8>, u64>> {
    let mut out = Vec::new();
    source.take(limit + 1).read_to_end(&mut out)?;
    if out.len() as u64 > limit {
        return Ok(Err(out.len() as u64));
    }
    Ok(Ok(out))
}

/// A decompressing reader that ends at `left` bytes, noting in `hit` how many were read when
/// it had to stop there.
struct Capped<R> {
    inner: R,
    left: u64,
    read: u64,
    hit: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            // One byte more than allowed: the limit is reached only if there is more.
            let mut probe = [0u8; 1];
            if self.inner.read(&mut probe)? > 0 {
                self.hit
                    .store(self.read + 1, std::sync::atomic::Ordering::Relaxed);
            }
            return Ok(0);
        }
        let want = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.left -= n as u64;
        self.read += n as u64;
        Ok(n)
    }
}

/// The name an entry's task gets from the archive's.
fn inner_name(outer: &str) -> String {
    outer
        .strip_suffix(".gz")
        .or_else(|| outer.strip_suffix(".gzip"))
        .unwrap_or(outer)
        .to_owned()
}

pub(crate) fn tasks(
    validator: &Validator,
    facts: &SourceFacts<'_>,
    name: &str,
    place: &str,
    depth: u32,
) -> Result<Vec<ReportTask>, Error> {
    let compressed = facts.bytes.len() as u64;
    let limit = limit_for(compressed).min(validator.max_unpacked);
    if depth >= MAX_DEPTH {
        return Ok(vec![validator.problem_task(
            SourceProblem::Unreadable("an archive nested too deep inside other archives".into()),
            facts,
            name,
            place,
        )]);
    }
    if facts.format == calidad_core::finding::FileKind::Gzip {
        // A compressed text table is streamed into the engine, never held decompressed.
        let mut head = Vec::new();
        let peeked = flate2::read::MultiGzDecoder::new(facts.bytes)
            .take(super::HEAD_BYTES as u64)
            .read_to_end(&mut head);
        if peeked.is_ok() && !head.is_empty() && container(&head).is_none() {
            let hit = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
            let stream = Capped {
                inner: flate2::read::MultiGzDecoder::new(facts.bytes),
                left: limit,
                read: 0,
                hit: hit.clone(),
            };
            let mut task = validator.task(stream, &inner_name(name), place);
            let read = hit.load(std::sync::atomic::Ordering::Relaxed);
            if read > 0 {
                let finding =
                    calidad_core::Finding::new(&calidad_core::rules::source_error::SOURCE_ERROR)
                        .with_detail(calidad_core::finding::Detail::Source {
                            problem: SourceProblem::TooLarge { read, compressed },
                        });
                if validator.options.enabled(finding.rule) {
                    crate::add_finding(&mut task, &finding, validator.lang);
                }
            }
            return Ok(vec![task]);
        }
        let decoder = flate2::read::MultiGzDecoder::new(facts.bytes);
        return Ok(match read_limited(decoder, limit) {
            Ok(Ok(inner)) => validator.bytes_tasks(&inner, &inner_name(name), place, depth + 1)?,
            Ok(Err(read)) => vec![validator.problem_task(
                SourceProblem::TooLarge { read, compressed },
                facts,
                name,
                place,
            )],
            Err(error) => vec![validator.problem_task(
                SourceProblem::Unreadable(format!("broken gzip data: {error}")),
                facts,
                name,
                place,
            )],
        });
    }
    let mut archive = match zip::ZipArchive::new(std::io::Cursor::new(facts.bytes)) {
        Ok(archive) => archive,
        Err(error) => {
            return Ok(vec![validator.problem_task(
                SourceProblem::Unreadable(format!("broken ZIP archive: {error}")),
                facts,
                name,
                place,
            )]);
        }
    };
    let mut out = Vec::new();
    let mut budget = limit;
    if archive.len() > super::limits::MAX_ZIP_ENTRIES {
        return Ok(vec![validator.problem_task(
            super::limits::over(
                "entries in the ZIP archive",
                archive.len() as u64,
                super::limits::MAX_ZIP_ENTRIES as u64,
            ),
            facts,
            name,
            place,
        )]);
    }
    for index in 0..archive.len() {
        if out.len() >= super::limits::MAX_ARCHIVE_TABLES {
            out.push(validator.problem_task(
                super::limits::over(
                    "tables in the archive (the rest were not read)",
                    archive.len() as u64,
                    super::limits::MAX_ARCHIVE_TABLES as u64,
                ),
                facts,
                name,
                place,
            ));
            break;
        }
        let mut entry = match archive.by_index(index) {
            Ok(entry) => entry,
            Err(error) => {
                out.push(validator.problem_task(
                    SourceProblem::Unreadable(format!("ZIP entry {}: {error}", index + 1)),
                    facts,
                    name,
                    place,
                ));
                continue;
            }
        };
        let entry_name = entry.name().to_owned();
        let hidden = entry_name.starts_with("__MACOSX/")
            || entry_name
                .rsplit('/')
                .next()
                .is_some_and(|n| n.starts_with('.'));
        if entry.is_dir() || hidden {
            continue;
        }
        let task_name = format!("{name}#{entry_name}");
        let task_place = format!("{place}#{entry_name}");
        match read_limited(&mut entry, budget) {
            Ok(Ok(inner)) => {
                budget -= inner.len() as u64;
                out.extend(validator.bytes_tasks(&inner, &task_name, &task_place, depth + 1)?);
            }
            Ok(Err(read)) => out.push(validator.problem_task(
                SourceProblem::TooLarge { read, compressed },
                facts,
                &task_name,
                &task_place,
            )),
            Err(error) => out.push(validator.problem_task(
                SourceProblem::Unreadable(format!("ZIP entry {entry_name}: {error}")),
                facts,
                &task_name,
                &task_place,
            )),
        }
    }
    if out.is_empty() {
        out.push(validator.problem_task(
            SourceProblem::Unreadable("the ZIP archive holds no files".into()),
            facts,
            name,
            place,
        ));
    }
    Ok(out)
}

impl Validator {
    /// Tasks for bytes already in memory (an archive entry): by content, like a file.
    pub(crate) fn bytes_tasks(
        &self,
        bytes: &[u8],
        name: &str,
        place: &str,
        depth: u32,
    ) -> Result<Vec<ReportTask>, Error> {
        let head = &bytes[..bytes.len().min(super::HEAD_BYTES)];
        match container(head) {
            Some(kind) => self.container_tasks(kind, bytes, name, place, depth),
            None => Ok(vec![self.task(bytes, name, place)]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_grow_with_the_compressed_size_up_to_a_ceiling() {
        assert_eq!(limit_for(1), FREE_BYTES);
        assert_eq!(limit_for(10 * 1024 * 1024), 1000 * 1024 * 1024);
        assert_eq!(limit_for(u64::MAX), MAX_BYTES);
        let data = vec![0u8; 1000];
        assert!(read_limited(&data[..], 999).unwrap().is_err());
        assert_eq!(read_limited(&data[..], 1000).unwrap().unwrap().len(), 1000);
    }
}

//! Downloads of catalogue resources (`--download`): a time limit per attempt, a size cap
//! checked while streaming, retries with back-off on network errors and server errors, and a
//! reason in words when it still fails.

use std::io::{Read, Write};
use std::path::Path;
use std::time::Duration;

/// How resources are fetched.
#[derive(Clone, Debug)]
pub struct DownloadOptions {
    /// Time allowed for one attempt, connection to last byte.
    pub timeout: Duration,
    /// Files larger than this are not fetched (checked on `Content-Length` and while reading).
    pub max_bytes: u64,
    /// Further attempts after a network error, a 5xx or a 429.
    pub retries: u32,
    /// Wait before the first retry; doubled for each next one.
    pub backoff: Duration,
}

impl Default for DownloadOptions {
    fn default() -> Self {
        DownloadOptions {
            timeout: Duration::from_secs(60),
            max_bytes: 2 << 30,
            retries: 2,
            backoff: Duration::from_millis(500),
        }
    }
}

/// Fetches over HTTP(S), reusing connections across resources.
pub(crate) struct Fetcher {
    agent: ureq::Agent,
    options: DownloadOptions,
}

/// The validators of a copy already audited: sent as `If-None-Match` / `If-Modified-Since`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Validators {
    pub(crate) etag: Option<String>,
    pub(crate) last_modified: Option<String>,
}

impl Validators {
    fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// What a download gave.
pub(crate) enum Fetched {
    /// The server says the copy audited before is current (304).
    NotModified,
    /// The body is in the destination file.
    Downloaded(Validators),
}

/// Whether a failed attempt is worth repeating.
enum Attempt {
    Retry(String),
    Fail(String),
}

impl Fetcher {
    pub(crate) fn new(options: DownloadOptions) -> Fetcher {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(options.timeout))
            .http_status_as_error(false)
            .user_agent(concat!("calidad/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Fetcher { agent, options }
    }

    /// Downloads `url` into `dest` unless `known` still matches (a conditional request); says
    /// why it failed otherwise. A partial file is removed.
    pub(crate) fn download(
        &self,
        url: &str,
        dest: &Path,
        known: &Validators,
    ) -> Result<Fetched, String> {
        let mut wait = self.options.backoff;
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.attempt(url, dest, known) {
                Ok(fetched) => return Ok(fetched),
                Err(Attempt::Fail(reason)) => {
                    let _ = std::fs::remove_file(dest);
                    return Err(reason);
                }
                Err(Attempt::Retry(reason)) => {
                    let _ = std::fs::remove_file(dest);
                    if attempt > self.options.retries {
                        return Err(if attempt > 1 {
                            format!("{reason} (after {attempt} attempts)")
                        } else {
                            reason
                        });
                    }
                    std::thread::sleep(wait);
                    wait = wait.saturating_mul(2);
                }
            }
        }
    }

    /// An attempt that ran out of time (worth repeating).
    fn timed_out(&self) -> Attempt {
        Attempt::Retry(format!(
            "download timed out after {} s",
            self.options.timeout.as_secs_f64()
        ))
    }

    fn attempt(&self, url: &str, dest: &Path, known: &Validators) -> Result<Fetched, Attempt> {
        let mut request = self.agent.get(url);
        if let Some(etag) = &known.etag {
            request = request.header("If-None-Match", etag);
        }
        if let Some(date) = &known.last_modified {
            request = request.header("If-Modified-Since", date);
        }
        let mut response = request.call().map_err(|e| match e {
            ureq::Error::Timeout(_) => self.timed_out(),
            ureq::Error::Io(e) => Attempt::Retry(format!("download failed: {e}")),
            ureq::Error::HostNotFound => Attempt::Fail("download failed: host not found".into()),
            other => Attempt::Fail(format!("download failed: {other}")),
        })?;
        let status = response.status();
        if status.as_u16() == 304 && !known.is_empty() {
            return Ok(Fetched::NotModified);
        }
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let validators = Validators {
            etag: header("etag"),
            last_modified: header("last-modified"),
        };
        if !status.is_success() {
            let reason = format!(
                "download failed: HTTP {} {}",
                status.as_u16(),
                status.canonical_reason().unwrap_or("")
            )
            .trim_end()
            .to_owned();
            return Err(if status.is_server_error() || status.as_u16() == 429 {
                Attempt::Retry(reason)
            } else {
                Attempt::Fail(reason)
            });
        }
        let cap = self.options.max_bytes;
        let too_large = || {
            Attempt::Fail(format!(
                "not downloaded: larger than the size cap of {cap} bytes (--max-download-bytes)"
            ))
        };
        let declared = response
            .headers()
            .get("content-length")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        if declared.is_some_and(|length| length > cap) {
            return Err(too_large());
        }
        let file = std::fs::File::create(dest)
            .map_err(|e| Attempt::Fail(format!("cannot write {}: {e}", dest.display())))?;
        let mut file = std::io::BufWriter::new(file);
        let mut body = response.body_mut().as_reader().take(cap.saturating_add(1));
        let written = std::io::copy(&mut body, &mut file).map_err(|e| {
            if e.kind() == std::io::ErrorKind::TimedOut || e.to_string().contains("timeout") {
                self.timed_out()
            } else {
                Attempt::Retry(format!("download interrupted: {e}"))
            }
        })?;
        file.flush()
            .map_err(|e| Attempt::Fail(format!("cannot write {}: {e}", dest.display())))?;
        if written > cap {
            return Err(too_large());
        }
        if let Some(length) = declared
            && length != written
        {
            return Err(Attempt::Retry(format!(
                "download incomplete: {written} of {length} bytes"
            )));
        }
        Ok(Fetched::Downloaded(validators))
    }
}

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
    /// Follow redirects to another scheme, host or port (off: a catalogue's URL may not send
    /// calidad to a service of the audit's own network).
    pub redirects_elsewhere: bool,
}

impl Default for DownloadOptions {
    fn default() -> Self {
        DownloadOptions {
            timeout: Duration::from_secs(60),
            max_bytes: 2 << 30,
            retries: 2,
            backoff: Duration::from_millis(500),
            redirects_elsewhere: false,
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

/// Redirects followed for one download.
const MAX_REDIRECTS: u32 = 5;

/// `scheme://host:port` of a URL (credentials dropped), lowercase.
fn origin(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return String::new();
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let scheme = scheme.to_ascii_lowercase();
    let host = host.to_ascii_lowercase();
    let default = match scheme.as_str() {
        "https" => ":443",
        "http" => ":80",
        _ => "",
    };
    if host.contains(':') && !host.ends_with(']') {
        format!("{scheme}://{host}")
    } else {
        format!("{scheme}://{host}{default}")
    }
}

/// A redirect's `Location` against the URL it came from.
fn resolve(base: &str, location: &str) -> String {
    let location = location.trim();
    if location.contains("://") {
        return location.to_owned();
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("http", base));
    if let Some(authority_path) = location.strip_prefix("//") {
        return format!("{scheme}://{authority_path}");
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if location.starts_with('/') {
        return format!("{scheme}://{authority}{location}");
    }
    let path = rest[authority.len()..]
        .split(['?', '#'])
        .next()
        .unwrap_or("/");
    let directory = &path[..path.rfind('/').map_or(0, |i| i + 1)];
    let directory = if directory.is_empty() { "/" } else { directory };
    format!("{scheme}://{authority}{directory}{location}")
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
            // Redirects are followed here, one by one, so each can be checked.
            .max_redirects(0)
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
        let mut current = url.to_owned();
        let mut redirects = 0;
        let mut response = loop {
            let mut request = self.agent.get(&current);
            if let Some(etag) = &known.etag {
                request = request.header("If-None-Match", etag);
            }
            if let Some(date) = &known.last_modified {
                request = request.header("If-Modified-Since", date);
            }
            let response = request.call().map_err(|e| match e {
                ureq::Error::Timeout(_) => self.timed_out(),
                ureq::Error::Io(e) => Attempt::Retry(format!("download failed: {e}")),
                ureq::Error::HostNotFound => {
                    Attempt::Fail("download failed: host not found".into())
                }
                other => Attempt::Fail(format!("download failed: {other}")),
            })?;
            if !response.status().is_redirection() || response.status().as_u16() == 304 {
                break response;
            }
            let Some(location) = response
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
            else {
                break response;
            };
            redirects += 1;
            if redirects > MAX_REDIRECTS {
                return Err(Attempt::Fail(format!(
                    "download failed: more than {MAX_REDIRECTS} redirects"
                )));
            }
            let next = resolve(&current, location);
            if !self.options.redirects_elsewhere && origin(&next) != origin(url) {
                return Err(Attempt::Fail(format!(
                    "download refused: redirected from {} to another host ({}); not followed",
                    origin(url),
                    calidad::redact_url(&origin(&next))
                )));
            }
            current = next;
        };
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

/// Downloads `url` into `dest` with `options` (redirects, retries, size and time limits as
/// for an audit's resources): the one-file download behind `calidad validate URL`.
pub fn download_file(url: &str, dest: &Path, options: DownloadOptions) -> Result<(), String> {
    Fetcher::new(options)
        .download(url, dest, &Validators::default())
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_resolve_and_keep_to_their_origin() {
        assert_eq!(
            origin("https://Datos.gob.cl/a.csv"),
            "https://datos.gob.cl:443"
        );
        assert_eq!(
            origin("http://u:p@127.0.0.1:8080/x"),
            "http://127.0.0.1:8080"
        );
        assert_eq!(resolve("http://h/d/a.csv", "b.csv"), "http://h/d/b.csv");
        assert_eq!(resolve("http://h/d/a.csv", "/b.csv"), "http://h/b.csv");
        assert_eq!(resolve("https://h/d/a.csv", "//o/b.csv"), "https://o/b.csv");
        assert_eq!(resolve("http://h/a.csv", "http://o:81/b"), "http://o:81/b");
        assert_ne!(origin("http://h:80/a"), origin("http://h:81/a"));
        assert_ne!(origin("http://h/a"), origin("https://h/a"));
    }
}

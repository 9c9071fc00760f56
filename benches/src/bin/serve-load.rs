//! Load test of `calidad serve`'s API on loopback, bounded in time: C clients post the same
//! file again and again to `POST /v1/validate` for S seconds each round; the server validates
//! at most as many at once as the machine has cores and answers the rest 503. Prints, per round,
//! requests, answers by status, throughput, latency and the process's peak memory.
//!
//! `serve-load FILE [--bytes N] [--clients 1,2,4,8] [--seconds S]` — FILE's first N bytes
//! (cut at a line end; default 4 MB) are the upload.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::process::ExitCode;
use std::time::{Duration, Instant};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let _ = writeln!(io::stderr(), "serve-load: {error}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let file = args
        .first()
        .ok_or("usage: serve-load FILE [--bytes N] [--clients 1,2,4] [--seconds S]")?;
    let (mut bytes, mut clients, mut seconds) = (4usize << 20, vec![1usize, 2, 4, 8], 5u64);
    let mut rest = args[1..].iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--bytes" => bytes = value.parse().map_err(|_| format!("--bytes {value}"))?,
            "--seconds" => seconds = value.parse().map_err(|_| format!("--seconds {value}"))?,
            "--clients" => {
                clients = value
                    .split(',')
                    .map(|c| c.parse().map_err(|_| format!("--clients {value}")))
                    .collect::<Result<_, _>>()?;
            }
            other => return Err(format!("unknown flag {other}")),
        }
    }
    let mut body = Vec::with_capacity(bytes);
    std::fs::File::open(file)
        .and_then(|f| f.take(bytes as u64).read_to_end(&mut body))
        .map_err(|e| format!("{file}: {e}"))?;
    if let Some(end) = body.iter().rposition(|&b| b == b'\n') {
        body.truncate(end + 1);
    }
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let config = calidad_serve::Config {
        addr: "127.0.0.1:0".parse().map_err(|e| format!("{e}"))?,
        max_concurrent: cores,
        ..calidad_serve::Config::default()
    };
    let server = calidad_serve::Server::bind(config)
        .and_then(calidad_serve::Server::spawn)
        .map_err(|e| format!("cannot start the server: {e}"))?;
    let addr = server.addr();
    let mb = body.len() as f64 / 1e6;
    let mut out = io::stdout().lock();
    let _ = writeln!(
        out,
        "upload {mb:.1} MB, {cores} validations at once, {seconds} s per round\n\n| clients | requests | 200 | 503 | other | validated/s | MB/s | p50 | p95 | peak RSS |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    for &count in &clients {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let results: Vec<(u16, Duration)> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..count)
                .map(|_| {
                    let body = &body;
                    scope.spawn(move || {
                        let mut seen = Vec::new();
                        while Instant::now() < deadline {
                            let started = Instant::now();
                            let status = post(addr, body).unwrap_or(0);
                            seen.push((status, started.elapsed()));
                            if status == 503 {
                                std::thread::sleep(Duration::from_millis(20));
                            }
                        }
                        seen
                    })
                })
                .collect();
            handles
                .into_iter()
                .filter_map(|h| h.join().ok())
                .flatten()
                .collect()
        });
        let ok: Vec<Duration> = results.iter().filter(|r| r.0 == 200).map(|r| r.1).collect();
        let busy = results.iter().filter(|r| r.0 == 503).count();
        let other = results.len() - ok.len() - busy;
        let mut sorted = ok.clone();
        sorted.sort();
        let quantile = |q: f64| {
            sorted
                .get(((sorted.len() as f64 * q) as usize).min(sorted.len().saturating_sub(1)))
                .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
        };
        let per_second = ok.len() as f64 / seconds as f64;
        let _ = writeln!(
            out,
            "| {count} | {} | {} | {busy} | {other} | {per_second:.1} | {:.0} | {:.0} ms | {:.0} ms | {} MB |",
            results.len(),
            ok.len(),
            per_second * mb,
            quantile(0.5),
            quantile(0.95),
            peak_rss_mb()
        );
    }
    Ok(())
}

/// Posts `body` and returns the answer's status.
fn post(addr: std::net::SocketAddr, body: &[u8]) -> io::Result<u16> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(120)))?;
    write!(
        stream,
        "POST /v1/validate?name=load.csv HTTP/1.1\r\nHost: load\r\nConnection: close\r\nContent-Type: text/csv\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )?;
    // A server that answers before reading the whole body (busy, too large) may close while
    // the upload is still being written: its answer is read all the same.
    let written = stream.write_all(body);
    let mut answer = Vec::new();
    let read = stream.read_to_end(&mut answer);
    if answer.is_empty() {
        written?;
        read?;
    }
    let head = String::from_utf8_lossy(&answer[..answer.len().min(64)]).into_owned();
    Ok(head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0))
}

/// The process's peak resident memory (server and clients), in MB.
fn peak_rss_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

//! `calidad serve` over real sockets: the API's answers, its limits (oversized bodies, slow
//! clients, validations in flight) and concurrent requests, and the page's files.

// Test helpers may panic: a panic here is a failing test, not a crash for a user.
#![allow(clippy::panic)]

use calidad_serve::{Config, Running, Server};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn example() -> Vec<u8> {
    std::fs::read(root().join("testdata/transferencias_municipales.csv")).unwrap_or_default()
}

fn start(config: Config) -> Running {
    let config = Config {
        addr: "127.0.0.1:0".parse().unwrap_or_else(|e| panic!("{e}")),
        ..config
    };
    Server::bind(config)
        .and_then(Server::spawn)
        .unwrap_or_else(|e| panic!("cannot start the server: {e}"))
}

/// One HTTP/1.1 exchange: the status, the headers (lowercase) and the body.
struct Answer {
    status: u16,
    head: String,
    body: String,
}

fn read_answer(stream: &mut TcpStream) -> Answer {
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Answer {
        status,
        head: head.to_lowercase(),
        body: body.to_owned(),
    }
}

fn connect(server: &Running) -> TcpStream {
    let stream = TcpStream::connect(server.addr()).unwrap_or_else(|e| panic!("{e}"));
    let _ = stream.set_read_timeout(Some(Duration::from_secs(60)));
    stream
}

fn request(server: &Running, head: &str, body: &[u8]) -> Answer {
    let mut stream = connect(server);
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
    read_answer(&mut stream)
}

fn post(server: &Running, query: &str, content_type: &str, body: &[u8]) -> Answer {
    let head = format!(
        "POST /v1/validate{query} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    request(server, &head, body)
}

fn json(answer: &Answer) -> serde_json::Value {
    serde_json::from_str(&answer.body)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {} {}", answer.status, answer.body))
}

#[test]
fn a_raw_body_gets_the_same_report_as_the_library() {
    let server = start(Config::default());
    let answer = post(
        &server,
        "?name=transferencias_municipales.csv",
        "text/csv",
        &example(),
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(answer.head.contains("application/json"));
    let report = json(&answer);
    let direct = calidad::Validator::builder()
        .build()
        .validate_bytes(&example(), "transferencias_municipales.csv");
    let task = &report["tasks"][0];
    assert_eq!(task["name"], "transferencias_municipales.csv");
    assert_eq!(report["valid"], direct.valid);
    let codes = |errors: &serde_json::Value| -> Vec<String> {
        errors
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| e["type"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    let direct_json = serde_json::to_value(&direct).unwrap_or_default();
    assert_eq!(
        codes(&task["errors"]),
        codes(&direct_json["tasks"][0]["errors"])
    );
    assert_eq!(
        task["calidad"]["score"]["overall"],
        direct_json["tasks"][0]["calidad"]["score"]["overall"]
    );
    // Spanish unless asked otherwise; English when asked.
    assert!(answer.body.contains("fila"), "{}", answer.body);
    let english = post(&server, "?lang=en", "text/csv", &example());
    assert!(english.body.contains("row"), "{}", english.body);
}

#[test]
fn a_multipart_upload_is_named_after_its_file_and_never_leaks_values() {
    let server = start(Config::default());
    let people =
        std::fs::read(root().join("testdata/atenciones_sinteticas.csv")).unwrap_or_default();
    let mut body = Vec::new();
    body.extend_from_slice(
        b"--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhola\r\n",
    );
    body.extend_from_slice(
        b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"atenciones.csv\"\r\nContent-Type: text/csv\r\n\r\n",
    );
    body.extend_from_slice(&people);
    body.extend_from_slice(b"\r\n--XyZ--\r\n");
    let answer = post(&server, "", "multipart/form-data; boundary=XyZ", &body);
    assert_eq!(answer.status, 200, "{}", answer.body);
    let report = json(&answer);
    assert_eq!(report["tasks"][0]["name"], "atenciones.csv");
    assert!(answer.body.contains("personal-data"));
    for raw in [
        "45.000.000-0",
        "Carlos Rojas Morales",
        "c0.ficticio@gmail.com",
    ] {
        assert!(!answer.body.contains(raw), "{raw} in the answer");
    }
    let empty = post(
        &server,
        "",
        "multipart/form-data; boundary=XyZ",
        b"--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhola\r\n--XyZ--\r\n",
    );
    assert_eq!(empty.status, 400, "{}", empty.body);
    assert!(
        json(&empty)["error"]["es"]
            .as_str()
            .is_some_and(|m| m.contains("ningún archivo"))
    );
}

#[test]
fn oversized_bodies_are_refused_declared_or_streamed() {
    let server = start(Config {
        max_body: 1024,
        ..Config::default()
    });
    // Declared: refused before a byte of the body is read.
    let started = Instant::now();
    let answer = request(
        &server,
        "POST /v1/validate HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 10000000\r\n\r\n",
        b"",
    );
    assert_eq!(answer.status, 413, "{}", answer.body);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(
        json(&answer)["error"]["en"]
            .as_str()
            .is_some_and(|m| m.contains("limit"))
    );
    // Chunked, without a length: refused when the limit is passed.
    let mut chunked = Vec::new();
    for _ in 0..4 {
        chunked.extend_from_slice(format!("{:x}\r\n", 600).as_bytes());
        chunked.extend_from_slice(&[b'a'; 600]);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let answer = request(
        &server,
        "POST /v1/validate HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n",
        &chunked,
    );
    assert_eq!(answer.status, 413, "{}", answer.body);
}

#[test]
fn slow_clients_are_cut_off() {
    let server = start(Config {
        idle_timeout: Duration::from_millis(800),
        header_timeout: Duration::from_millis(800),
        ..Config::default()
    });
    // A body that stops arriving.
    let started = Instant::now();
    let mut stream = connect(&server);
    let _ = stream.write_all(
        b"POST /v1/validate HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 5000\r\n\r\nrut,nombre\n",
    );
    let answer = read_answer(&mut stream);
    assert_eq!(answer.status, 408, "{}", answer.body);
    assert!(started.elapsed() < Duration::from_secs(10));
    // Headers that never end: the connection is closed.
    let started = Instant::now();
    let mut stream = connect(&server);
    let _ = stream.write_all(b"POST /v1/validate HTTP/1.1\r\nHost: x\r\n");
    let mut rest = Vec::new();
    let _ = stream.read_to_end(&mut rest);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "slow headers kept the connection open"
    );
    // The server still answers others.
    let answer = post(&server, "", "text/csv", &example());
    assert_eq!(answer.status, 200);
}

#[test]
fn validations_beyond_the_limit_get_503_and_the_next_one_is_served() {
    let server = start(Config {
        max_concurrent: 1,
        queue_wait: Duration::from_millis(200),
        idle_timeout: Duration::from_secs(2),
        ..Config::default()
    });
    // The first upload holds the only slot while its body trickles in.
    let mut holder = connect(&server);
    let _ = holder.write_all(
        b"POST /v1/validate HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 100000\r\n\r\na,b\n",
    );
    std::thread::sleep(Duration::from_millis(300));
    let busy = post(&server, "", "text/csv", &example());
    assert_eq!(busy.status, 503, "{}", busy.body);
    assert!(busy.head.contains("retry-after: 1"), "{}", busy.head);
    // When the first one times out, the slot is free again.
    let first = read_answer(&mut holder);
    assert_eq!(first.status, 408);
    let next = post(&server, "", "text/csv", &example());
    assert_eq!(next.status, 200, "{}", next.body);
}

#[test]
fn concurrent_requests_all_get_their_own_report() {
    let server = start(Config {
        max_concurrent: 8,
        ..Config::default()
    });
    let data = example();
    let answers: Vec<(usize, u16, String)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|i| {
                let (server, data) = (&server, &data);
                scope.spawn(move || {
                    let answer = post(server, &format!("?name=f{i}.csv"), "text/csv", data);
                    let name = json(&answer)["tasks"][0]["name"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned();
                    (i, answer.status, name)
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    assert_eq!(answers.len(), 8);
    for (i, status, name) in answers {
        assert_eq!(status, 200);
        assert_eq!(name, format!("f{i}.csv"));
    }
}

#[test]
fn the_page_is_served_with_its_policy_and_nothing_outside_it() {
    let server = start(Config {
        web: Some(root().join("web")),
        ..Config::default()
    });
    let get = |path: &str| {
        request(
            &server,
            &format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
            b"",
        )
    };
    let page = get("/");
    assert_eq!(page.status, 200);
    assert!(
        page.head
            .contains("content-security-policy: default-src 'none'")
    );
    assert!(page.head.contains("connect-src 'self'"));
    assert!(page.body.contains("no sale de este computador"));
    assert_eq!(get("/app.js").status, 200);
    assert!(get("/app.js").head.contains("text/javascript"));
    for bad in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/tests/../../Cargo.toml",
        "/.gitignore",
        "/tests/browser.mjs",
        "/tests/package.json",
        "/pkg",
        "/nada.html",
    ] {
        assert_eq!(get(bad).status, 404, "{bad}");
    }
    let unknown = post(&server, "?revelar=1", "text/csv", b"a\n1\n");
    assert_eq!(unknown.status, 400);
    assert!(
        json(&unknown)["error"]["es"]
            .as_str()
            .is_some_and(|m| m.contains("«revelar»"))
    );
    assert_eq!(get("/v1/validate").status, 405);
    let delete = request(
        &server,
        "DELETE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"",
    );
    assert_eq!(delete.status, 405);
    assert!(delete.head.contains("allow: get, head"), "{}", delete.head);
    let head = request(
        &server,
        "HEAD /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"",
    );
    assert_eq!(head.status, 200);
    let health = json(&get("/v1/health"));
    assert_eq!(health["status"], "ok");
}

#[test]
fn a_client_that_leaves_does_not_free_its_validation_slot() {
    let server = start(Config {
        max_concurrent: 1,
        queue_wait: Duration::from_millis(100),
        ..Config::default()
    });
    // A big upload sent whole, then the client goes away while it is validated.
    let mut big = String::from("id,rut,monto\n");
    for i in 0..400_000 {
        big.push_str(&format!("{i},{},{}.5\n", 10_000_000 + i, i % 977));
    }
    let mut leaver = connect(&server);
    let _ = leaver.write_all(
        format!(
            "POST /v1/validate HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
            big.len()
        )
        .as_bytes(),
    );
    let _ = leaver.write_all(big.as_bytes());
    drop(leaver);
    std::thread::sleep(Duration::from_millis(50));
    // While that validation runs, the slot is still taken.
    let busy = post(&server, "", "text/csv", &example());
    assert_eq!(
        busy.status, 503,
        "the slot was freed when the client left: {}",
        busy.body
    );
}

#[test]
fn multipart_with_two_files_is_refused_and_an_empty_file_name_is_named() {
    let server = start(Config::default());
    let part = |name: &str| {
        format!(
            "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\r\na,b\n1,2\n\r\n"
        )
    };
    let two = format!("{}{}--B--\r\n", part("uno.csv"), part("dos.csv"));
    let answer = post(
        &server,
        "",
        "multipart/form-data; boundary=B",
        two.as_bytes(),
    );
    assert_eq!(answer.status, 400, "{}", answer.body);
    assert!(
        json(&answer)["error"]["es"]
            .as_str()
            .is_some_and(|m| m.contains("un archivo por petición"))
    );
    let unnamed = format!("{}--B--\r\n", part(""));
    let answer = post(
        &server,
        "",
        "multipart/form-data; boundary=B",
        unnamed.as_bytes(),
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(json(&answer)["tasks"][0]["name"], "upload");
}

//! Audits over synthetic trees, CKAN exports, a local HTTP server and (when present) the shared
//! corpus: every file accounted for, identical summaries across runs and shards, resume, and a
//! dashboard that is well-formed and self-contained.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use calidad_audit::{
    AuditOptions, DownloadOptions, NoProgress, Row, Shard, Status, Summary, audit, merge,
};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

fn builder() -> calidad::ValidatorBuilder {
    calidad::Validator::builder()
        .lang(calidad::Lang::En)
        .read_ahead(false)
        .threads(1)
        .as_of("2026-11-25")
        .unwrap()
}

fn options(out: &Path) -> AuditOptions {
    AuditOptions {
        memory_limit: None,
        out: out.to_owned(),
        resources_dir: None,
        download: None,
        resume: false,
        shard: None,
        threads: 2,
        lang: calidad::Lang::En,
        follow_links: false,
        options_key: "test".to_owned(),
    }
}

fn row<'a>(summary: &'a Summary, suffix: &str) -> &'a Row {
    summary
        .rows_by_resource
        .iter()
        .find(|r| r.id.ends_with(suffix))
        .unwrap_or_else(|| panic!("no row for {suffix}"))
}

/// A small tree: a valid table, an invalid one, one that is not a table, an empty file, and a
/// table with personal data, one level down.
fn tree(dir: &Path) {
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(
        dir.join("ok.csv"),
        "id,comuna\n1,Arica\n2,Iquique\n3,Calama\n",
    )
    .unwrap();
    std::fs::write(dir.join("ragged.csv"), "id,comuna\n1,Arica,extra\n2\n").unwrap();
    std::fs::write(
        dir.join("notes.pdf"),
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
    )
    .unwrap();
    std::fs::write(dir.join("empty.csv"), "").unwrap();
    let mut people = String::from("rut,nombre,comuna\n");
    for (i, rut) in [
        "45.123.456-0",
        "45.234.567-6",
        "45.345.678-1",
        "45.456.789-7",
    ]
    .iter()
    .cycle()
    .take(40)
    .enumerate()
    {
        people.push_str(&format!("{rut},Persona {i},Arica\n"));
    }
    std::fs::write(dir.join("sub").join("people.csv"), people).unwrap();
}

#[test]
fn directory_audit_accounts_for_every_file() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    tree(&data);
    let out = tmp.path().join("out");
    let summary = audit(
        std::slice::from_ref(&data),
        &builder(),
        &options(&out),
        &NoProgress,
    )
    .unwrap();
    assert_eq!(summary.resources, 5);
    assert_eq!(row(&summary, "/ok.csv").status, Status::Ok);
    assert_eq!(row(&summary, "/ragged.csv").status, Status::Invalid);
    assert!(row(&summary, "/ragged.csv").error_counts["extra-cell"] >= 1);
    let pdf = row(&summary, "/notes.pdf");
    assert_eq!(pdf.status, Status::CouldNotRead);
    assert!(pdf.reason.as_deref().unwrap().contains("format-error"));
    let empty = row(&summary, "/empty.csv");
    assert_eq!(empty.status, Status::CouldNotRead);
    assert!(empty.reason.is_some());
    assert!(row(&summary, "sub/people.csv").privacy.flagged);
    assert_eq!(summary.privacy_flagged, 1);
    // Reports exist, one per resource, and the summary never holds a personal value.
    for row in &summary.rows_by_resource {
        assert!(out.join(row.report.as_ref().unwrap()).is_file());
    }
    let json = std::fs::read_to_string(out.join("summary.json")).unwrap();
    let csv = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    for text in [&json, &csv, &html] {
        assert!(!text.contains("45.123.456-0") && !text.contains("45123456"));
    }
    assert_eq!(csv.lines().count(), 6);
    assert!(csv.lines().next().unwrap().contains(",extra-cell"));
    // The spreadsheet copy: what Excel in es-CL opens right — a BOM, `;`, CRLF, decimal commas.
    let excel = std::fs::read(out.join("resumen-excel.csv")).unwrap();
    assert!(excel.starts_with("\u{feff}archivo;".as_bytes()));
    let excel = String::from_utf8(excel).unwrap();
    assert!(!excel.contains("45.123.456-0") && !excel.contains("45123456"));
    assert_eq!(excel.matches("\r\n").count(), 6);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(excel.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), 5);
    for record in &records {
        assert_eq!(record.len(), headers.len());
        let mark = &record[at("nota")];
        assert!(
            mark.is_empty() || (mark.contains(',') && !mark.contains('.')),
            "{mark}"
        );
        assert!(["válido", "no válido", "no se pudo leer"].contains(&&record[at("estado")]));
    }
    // The output directory inside the source is not audited on the next run.
    let inside = data.join("out");
    let again = audit(
        std::slice::from_ref(&data),
        &builder(),
        &options(&inside),
        &NoProgress,
    )
    .unwrap();
    assert_eq!(again.resources, 5);
}

#[test]
fn runs_twice_and_shards_merged_give_identical_summaries() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    tree(&data);
    for i in 0..20 {
        std::fs::write(data.join(format!("t{i:02}.csv")), format!("a,b\n{i},x\n")).unwrap();
    }
    let read = |dir: &Path, name: &str| std::fs::read(dir.join(name)).unwrap();
    let one = tmp.path().join("one");
    let two = tmp.path().join("two");
    audit(
        std::slice::from_ref(&data),
        &builder(),
        &options(&one),
        &NoProgress,
    )
    .unwrap();
    let mut single = options(&two);
    single.threads = 1;
    audit(
        std::slice::from_ref(&data),
        &builder(),
        &single,
        &NoProgress,
    )
    .unwrap();
    let mut shard_dirs = Vec::new();
    let mut covered = 0;
    for index in 0..3 {
        let dir = tmp.path().join(format!("shard{index}"));
        let mut opts = options(&dir);
        opts.shard = Some(Shard { index, count: 3 });
        covered += audit(std::slice::from_ref(&data), &builder(), &opts, &NoProgress)
            .unwrap()
            .resources;
        shard_dirs.push(dir);
    }
    assert_eq!(covered, 25);
    let merged = tmp.path().join("merged");
    merge(&shard_dirs, &merged, calidad::Lang::En).unwrap();
    for name in ["summary.json", "summary.csv", "index.html"] {
        assert_eq!(
            read(&one, name),
            read(&two, name),
            "{name} differs across runs"
        );
        assert_eq!(
            read(&one, name),
            read(&merged, name),
            "{name} differs merged"
        );
    }
    // Outputs that overlap (a shard and the whole) are refused.
    let refused = merge(
        &[shard_dirs[0].clone(), one.clone()],
        &tmp.path().join("bad"),
        calidad::Lang::En,
    );
    assert!(refused.is_err());
    // An unfinished shard is named.
    let error = merge(&[tmp.path().join("nothing")], &merged, calidad::Lang::En).unwrap_err();
    assert!(error.to_string().contains("--resume"), "{error}");
}

/// The audit's memory limit is split between its threads, and past a table's share the
/// duplicate-row index goes to disk: the smallest limit gives the same reports and summary.
#[test]
fn a_memory_limit_leaves_reports_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    // 100,000 rows, one in 1,000 repeated: more entries than the smallest share (1 MiB) holds.
    for name in ["a.csv", "b.csv"] {
        let mut csv = String::from("id,comuna,monto\n");
        for i in 0..100_000u32 {
            let id = if i % 1_000 == 999 { i - 1 } else { i };
            csv.push_str(&format!("{id},Arica,{}\n", id % 97));
        }
        std::fs::write(data.join(name), csv).unwrap();
    }
    let run = |dir: &str, limit: Option<u64>| {
        let out = tmp.path().join(dir);
        let mut opts = options(&out);
        opts.memory_limit = limit;
        audit(std::slice::from_ref(&data), &builder(), &opts, &NoProgress).unwrap();
        out
    };
    let free = run("free", None);
    let tight = run("tight", Some(1));
    // A JSON file as text, without the times it took.
    fn without_seconds(path: &Path) -> String {
        fn strip(value: &mut serde_json::Value) {
            match value {
                serde_json::Value::Object(map) => {
                    map.remove("seconds");
                    map.values_mut().for_each(strip);
                }
                serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
                _ => {}
            }
        }
        let mut value: serde_json::Value =
            serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        strip(&mut value);
        value.to_string()
    }
    fn walk(dir: &Path, root: &Path, files: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, files);
            } else {
                let name = path.strip_prefix(root).unwrap().display().to_string();
                files.push((name, without_seconds(&path)));
            }
        }
    }
    let files = |dir: &Path| {
        let mut files = Vec::new();
        walk(&dir.join("reports"), dir, &mut files);
        files.sort();
        files.push((
            "summary.json".to_owned(),
            without_seconds(&dir.join("summary.json")),
        ));
        files
    };
    let (free_files, tight_files) = (files(&free), files(&tight));
    assert!(
        free_files.len() >= 3,
        "{:?}",
        free_files.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    assert_eq!(free_files, tight_files, "reports differ under the limit");
    let summary = std::fs::read_to_string(free.join("summary.json")).unwrap();
    assert!(summary.contains("duplicate-row"), "{summary}");
}

#[test]
fn resume_skips_unchanged_content() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    tree(&data);
    let out = tmp.path().join("out");
    let first = audit(
        std::slice::from_ref(&data),
        &builder(),
        &options(&out),
        &NoProgress,
    )
    .unwrap();
    // Rows in the journal, after its first line (the options it was made with).
    let journal = |out: &Path| {
        let text = std::fs::read_to_string(out.join("progress.jsonl")).unwrap();
        assert!(text.starts_with("{\"calidadJournal\""), "{text}");
        text.lines().count() - 1
    };
    assert_eq!(journal(&out), 5);
    std::fs::write(data.join("ok.csv"), "id,comuna\n1,Arica\n1,Arica\n").unwrap();
    let mut resume = options(&out);
    resume.resume = true;
    let second = audit(
        std::slice::from_ref(&data),
        &builder(),
        &resume,
        &NoProgress,
    )
    .unwrap();
    // Only the changed file was validated again: one more line in the journal.
    assert_eq!(journal(&out), 6);
    assert_eq!(row(&second, "/ok.csv").status, Status::Invalid);
    assert_eq!(
        row(&first, "/ragged.csv"),
        row(&second, "/ragged.csv"),
        "unchanged rows are kept"
    );
    // A torn last line (a killed run) is ignored.
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(out.join("progress.jsonl"))
        .unwrap();
    file.write_all(b"{\"id\": \"trunc").unwrap();
    let third = audit(
        std::slice::from_ref(&data),
        &builder(),
        &resume,
        &NoProgress,
    )
    .unwrap();
    assert_eq!(third.rows_by_resource, second.rows_by_resource);
}

fn package(name: &str, org: &str, resources: serde_json::Value) -> serde_json::Value {
    serde_json::json!({
        "name": name,
        "title": format!("Dataset {name}"),
        "notes": "Datos de prueba para la auditoría.",
        "organization": {"name": org.to_lowercase(), "title": org},
        "license_id": "cc-by",
        "resources": resources
    })
}

#[test]
fn ckan_export_with_resources_dir() {
    let tmp = tempfile::tempdir().unwrap();
    let files = tmp.path().join("files");
    std::fs::create_dir_all(files.join("escuelas")).unwrap();
    std::fs::write(files.join("r-1.csv"), "a,b\n1,2\n").unwrap();
    std::fs::write(files.join("escuelas").join("lista.csv"), "a,b\n1,2\n1,2\n").unwrap();
    let search = serde_json::json!({"success": true, "result": {"count": 2, "results": [
        package("presupuesto", "DIPRES", serde_json::json!([
            {"id": "r-1", "name": "Presupuesto", "format": "CSV", "url": "https://datos.gob.cl/x/r-1.csv"},
            {"id": "r-2", "name": "Falta", "format": "XLSX", "url": "https://datos.gob.cl/x/falta.xlsx"}
        ])),
        package("escuelas", "MINEDUC", serde_json::json!([
            {"id": "r-3", "name": "Lista", "format": "CSV", "url": "https://datos.gob.cl/d/lista.csv"}
        ])),
    ]}});
    let export = tmp.path().join("search.json");
    std::fs::write(&export, serde_json::to_vec(&search).unwrap()).unwrap();
    let out = tmp.path().join("out");
    let mut opts = options(&out);
    opts.resources_dir = Some(files.clone());
    let summary = audit(
        std::slice::from_ref(&export),
        &builder(),
        &opts,
        &NoProgress,
    )
    .unwrap();
    assert_eq!(summary.resources, 3);
    let found = row(&summary, "presupuesto/r-1");
    assert_eq!(found.status, Status::Ok);
    assert_eq!(found.organization.as_deref(), Some("DIPRES"));
    assert_eq!(found.declared_format.as_deref(), Some("CSV"));
    assert_eq!(found.dataset.as_deref(), Some("presupuesto"));
    assert!(
        found.metadata_errors.unwrap() > 0,
        "no author/email: errors"
    );
    let missing = row(&summary, "presupuesto/r-2");
    assert_eq!(missing.status, Status::CouldNotRead);
    assert!(missing.reason.as_deref().unwrap().contains("not found in"));
    assert_eq!(row(&summary, "escuelas/r-3").status, Status::Invalid);
    // The yearly files of one dataset: one renamed a column (S6 across resources).
    let yearly = tmp.path().join("yearly");
    std::fs::create_dir_all(&yearly).unwrap();
    let years = [
        ("2021", "comuna,casos"),
        ("2022", "comuna,casos"),
        ("2023", "Comuna,contagios"),
    ];
    for (year, header) in years {
        std::fs::write(
            yearly.join(format!("casos_{year}.csv")),
            format!("{header}\nArica,1\n"),
        )
        .unwrap();
    }
    let resources: Vec<serde_json::Value> = years
        .iter()
        .map(|(year, _)| {
            serde_json::json!({"id": format!("c{year}"), "name": year, "format": "CSV",
            "url": format!("https://datos.gob.cl/casos_{year}.csv")})
        })
        .collect();
    let export = tmp.path().join("casos.json");
    std::fs::write(
        &export,
        serde_json::to_vec(&package(
            "casos",
            "MINSAL",
            serde_json::Value::Array(resources),
        ))
        .unwrap(),
    )
    .unwrap();
    let mut opts = options(&tmp.path().join("o3"));
    opts.resources_dir = Some(yearly);
    let casos = audit(
        std::slice::from_ref(&export),
        &builder(),
        &opts,
        &NoProgress,
    )
    .unwrap();
    let dataset = &casos.datasets[0];
    assert_eq!((dataset.name.as_str(), dataset.tables), ("casos", 3));
    assert_eq!(dataset.header_consistency, Some(0.778));
    assert_eq!(dataset.differing, ["ckan:casos/c2023"]);
    check_dashboard(&tmp.path().join("o3").join("index.html"));
    let html = std::fs::read_to_string(tmp.path().join("o3").join("index.html")).unwrap();
    assert!(html.contains("ckan:casos/c2023"));

    let names: Vec<_> = summary
        .organizations
        .iter()
        .map(|o| o.name.clone().unwrap())
        .collect();
    assert_eq!(names, ["DIPRES", "MINEDUC"]);

    // The same packages as JSON lines, without files: every resource says why.
    let lines: String = search["result"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| serde_json::to_string(p).unwrap() + "\n")
        .collect();
    let dump = tmp.path().join("dump.jsonl");
    std::fs::write(&dump, lines).unwrap();
    let bare = audit(
        &[dump],
        &builder(),
        &options(&tmp.path().join("o2")),
        &NoProgress,
    )
    .unwrap();
    assert_eq!(bare.resources, 3);
    assert!(bare.rows_by_resource.iter().all(|r| {
        r.status == Status::CouldNotRead && r.reason.as_deref().unwrap().contains("--download")
    }));
}

#[test]
fn path_lists_name_missing_entries() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    tree(&data);
    let list = tmp.path().join("files.txt");
    std::fs::write(&list, "# tables\ndata/ok.csv\n\ndata/sub\ndata/nope.csv\n").unwrap();
    let arg = PathBuf::from(format!("@{}", list.display()));
    let summary = audit(
        &[arg],
        &builder(),
        &options(&tmp.path().join("out")),
        &NoProgress,
    )
    .unwrap();
    assert_eq!(summary.resources, 3);
    let missing = row(&summary, "nope.csv");
    assert_eq!(missing.status, Status::CouldNotRead);
    assert!(missing.reason.as_deref().unwrap().contains("line 5"));
    // A SOURCE that does not exist stops the audit before it starts.
    assert!(
        audit(
            &[tmp.path().join("typo")],
            &builder(),
            &options(&tmp.path().join("o")),
            &NoProgress
        )
        .is_err()
    );
}

/// A tiny HTTP server: `/ok.csv`, `/missing.csv` (404), `/flaky.csv` (500 once), `/big.csv`
/// (larger than the cap), `/slow.csv` (answers after the timeout).
fn serve() -> (String, Arc<AtomicUsize>, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let flaky = Arc::new(AtomicUsize::new(0));
    let bodies = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&flaky);
    let sent = Arc::clone(&bodies);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let counter = Arc::clone(&counter);
            let sent = Arc::clone(&sent);
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request = String::new();
                reader.read_line(&mut request).unwrap();
                let mut headers = Vec::new();
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    headers.push(line.to_ascii_lowercase());
                }
                let path = request.split(' ').nth(1).unwrap_or("/");
                let path = path.split('?').next().unwrap_or(path).to_owned();
                let csv = "id,comuna\n1,Arica\n2,Iquique\n";
                if path == "/etag.csv" {
                    // A server with validators: 304 when the client has the current copy.
                    if headers.iter().any(|h| h.trim() == "if-none-match: \"v1\"") {
                        let _ = write!(
                            stream,
                            "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nConnection: close\r\n\r\n"
                        );
                    } else {
                        sent.fetch_add(1, Ordering::SeqCst);
                        let _ = write!(
                            stream,
                            "HTTP/1.1 200 OK\r\nETag: \"v1\"\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{csv}",
                            csv.len()
                        );
                    }
                    return;
                }
                if let Some(target) = path.strip_prefix("/redirect/") {
                    // `/redirect/ok.csv` stays on this server; `/redirect/away` goes elsewhere.
                    let location = if target == "away" {
                        "http://127.0.0.1:9/ok.csv".to_owned()
                    } else {
                        format!("/{target}")
                    };
                    let _ = write!(
                        stream,
                        "HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    );
                    return;
                }
                let (status, body): (&str, String) = match path.as_str() {
                    "/ok.csv" => ("200 OK", csv.into()),
                    "/flaky.csv" if counter.fetch_add(1, Ordering::SeqCst) == 0 => {
                        ("500 Internal Server Error", "boom".into())
                    }
                    "/flaky.csv" => ("200 OK", csv.into()),
                    "/big.csv" => ("200 OK", "x".repeat(5000)),
                    "/slow.csv" => {
                        std::thread::sleep(Duration::from_secs(3));
                        ("200 OK", csv.into())
                    }
                    _ => ("404 Not Found", "no".into()),
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            });
        }
    });
    (base, flaky, bodies)
}

#[test]
fn downloads_with_timeouts_caps_and_retries() {
    let (base, flaky, _) = serve();
    let tmp = tempfile::tempdir().unwrap();
    let with_secret = base.replace("http://", "http://ana:secreto@");
    let resources: Vec<serde_json::Value> = ["ok", "missing", "flaky", "big", "slow"]
        .iter()
        .map(|name| serde_json::json!({"id": name, "name": name, "format": "CSV", "url": format!("{base}/{name}.csv")}))
        .chain([
            serde_json::json!({"id": "ftp", "url": "ftp://example.org/a.csv"}),
            serde_json::json!({"id": "here", "url": format!("{base}/redirect/ok.csv")}),
            serde_json::json!({"id": "away", "url": format!("{base}/redirect/away")}),
            serde_json::json!({"id": "keyed", "url": format!("{with_secret}/ok.csv?api_key=s3cr3t&v=1")}),
        ])
        .collect();
    let export = tmp.path().join("package.json");
    let show = serde_json::json!({"success": true, "result": package("remoto", "INE", serde_json::Value::Array(resources))});
    std::fs::write(&export, serde_json::to_vec(&show).unwrap()).unwrap();
    let out = tmp.path().join("out");
    let mut opts = options(&out);
    opts.download = Some(DownloadOptions {
        timeout: Duration::from_secs(1),
        max_bytes: 1000,
        retries: 1,
        backoff: Duration::from_millis(50),
        ..DownloadOptions::default()
    });
    let summary = audit(&[export], &builder(), &opts, &NoProgress).unwrap();
    assert_eq!(summary.resources, 9);
    assert_eq!(
        row(&summary, "/here").status,
        Status::Ok,
        "a redirect on the same server"
    );
    let away = row(&summary, "/away").reason.clone().unwrap_or_default();
    assert!(away.contains("another host"), "{away}");
    let keyed = row(&summary, "/keyed");
    assert_eq!(keyed.status, Status::Ok, "{:?}", keyed.reason);
    for file in [
        "summary.json",
        "summary.csv",
        "index.html",
        "progress.jsonl",
    ] {
        let text = std::fs::read_to_string(out.join(file)).unwrap();
        assert!(
            !text.contains("secreto") && !text.contains("s3cr3t"),
            "{file} shows a credential"
        );
    }
    let ok = row(&summary, "/ok");
    assert_eq!(ok.status, Status::Ok, "{:?}", ok.reason);
    assert_eq!(ok.source, format!("{base}/ok.csv"));
    assert_eq!(ok.rows, 2);
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join(ok.report.as_ref().unwrap())).unwrap())
            .unwrap();
    assert_eq!(report["tasks"][0]["place"], format!("{base}/ok.csv"));
    let reason = |id: &str| row(&summary, id).reason.clone().unwrap_or_default();
    assert!(
        reason("/missing").contains("HTTP 404"),
        "{}",
        reason("/missing")
    );
    assert_eq!(row(&summary, "/flaky").status, Status::Ok);
    assert_eq!(flaky.load(Ordering::SeqCst), 2, "one retry after the 500");
    assert!(reason("/big").contains("size cap"), "{}", reason("/big"));
    assert!(reason("/slow").contains("timed out"), "{}", reason("/slow"));
    assert!(
        reason("/ftp").contains("unsupported URL"),
        "{}",
        reason("/ftp")
    );
    // Downloads are removed once validated.
    assert!(!out.join(".downloads").exists());
}

#[test]
fn resumed_downloads_ask_the_server_first() {
    let (base, _, bodies) = serve();
    let tmp = tempfile::tempdir().unwrap();
    let resources = serde_json::json!([{"id": "e", "name": "e", "format": "CSV", "url": format!("{base}/etag.csv")}]);
    let export = tmp.path().join("package.json");
    std::fs::write(
        &export,
        serde_json::to_vec(&package("remoto", "INE", resources)).unwrap(),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let mut opts = options(&out);
    opts.download = Some(DownloadOptions::default());
    let first = audit(
        std::slice::from_ref(&export),
        &builder(),
        &opts,
        &NoProgress,
    )
    .unwrap();
    assert_eq!(first.rows_by_resource[0].etag.as_deref(), Some("\"v1\""));
    assert_eq!(bodies.load(Ordering::SeqCst), 1);
    let journal = std::fs::read_to_string(out.join("progress.jsonl")).unwrap();
    opts.resume = true;
    let second = audit(
        std::slice::from_ref(&export),
        &builder(),
        &opts,
        &NoProgress,
    )
    .unwrap();
    // 304: nothing downloaded, nothing validated, the same row.
    assert_eq!(bodies.load(Ordering::SeqCst), 1);
    assert_eq!(second.rows_by_resource, first.rows_by_resource);
    assert_eq!(
        std::fs::read_to_string(out.join("progress.jsonl")).unwrap(),
        journal
    );
    opts.resume = false;
    audit(
        std::slice::from_ref(&export),
        &builder(),
        &opts,
        &NoProgress,
    )
    .unwrap();
    assert_eq!(
        bodies.load(Ordering::SeqCst),
        2,
        "a fresh audit downloads again"
    );
}

/// Checks the dashboard parses as XML, links no external asset and, where Chromium is
/// installed, renders headless.
fn check_dashboard(path: &Path) {
    let html = std::fs::read_to_string(path).unwrap();
    let mut reader = quick_xml::Reader::from_str(&html);
    reader.config_mut().check_end_names = true;
    let mut elements = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                elements += 1;
                let name = e.name();
                assert!(
                    !matches!(name.as_ref(), b"script" | b"link" | b"img" | b"iframe"),
                    "external-capable element {:?}",
                    String::from_utf8_lossy(name.as_ref())
                );
                for attribute in e.attributes() {
                    let attribute = attribute.unwrap();
                    let value = String::from_utf8_lossy(&attribute.value).to_lowercase();
                    if matches!(attribute.key.as_ref(), b"href" | b"src") {
                        assert!(!value.contains("//"), "external reference {value}");
                    }
                }
            }
            Ok(_) => {}
            Err(e) => panic!(
                "index.html is not well-formed at {}: {e}",
                reader.error_position()
            ),
        }
    }
    assert!(elements > 50);
    assert!(!html.contains("url("), "no external CSS resources");
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find(|name| {
            std::process::Command::new(name)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        });
    if let Some(chromium) = chromium {
        let output = std::process::Command::new(chromium)
            .args(["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom"])
            .arg(format!("file://{}", path.canonicalize().unwrap().display()))
            .output()
            .unwrap();
        let dom = String::from_utf8_lossy(&output.stdout);
        assert!(dom.contains("<svg"), "chromium did not render the page");
        assert!(dom.contains("</table>"));
    }
}

#[test]
fn dashboard_is_well_formed_and_self_contained() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    tree(&data);
    // Names that need escaping end up in the page.
    std::fs::write(data.join("a&b <c>.csv"), "x,y\n1,2\n").unwrap();
    let out = tmp.path().join("out");
    audit(&[data], &builder(), &options(&out), &NoProgress).unwrap();
    check_dashboard(&out.join("index.html"));
}

/// The shared corpus, when present: every file accounted for, identical twice and as three
/// merged shards, and a dashboard that renders.
#[test]
fn shared_corpus_audit() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    let sources = [root.join("real"), root.join("frictionless")];
    if !sources.iter().all(|s| s.is_dir()) {
        eprintln!("skipped: ../shared/corpus not present");
        return;
    }
    let mut files = 0u64;
    let mut stack: Vec<PathBuf> = sources.to_vec();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files += 1;
            }
        }
    }
    let tmp = tempfile::tempdir().unwrap();
    let one = tmp.path().join("one");
    let summary = audit(&sources, &builder(), &options(&one), &NoProgress).unwrap();
    assert_eq!(summary.resources, files, "every file is a row");
    let status = &summary.status;
    assert_eq!(status.ok + status.invalid + status.could_not_read, files);
    for row in &summary.rows_by_resource {
        if row.status == Status::CouldNotRead {
            assert!(row.reason.as_deref().is_some_and(|r| !r.is_empty()));
        }
    }
    let two = tmp.path().join("two");
    audit(&sources, &builder(), &options(&two), &NoProgress).unwrap();
    let mut shards = Vec::new();
    for index in 0..3 {
        let dir = tmp.path().join(format!("s{index}"));
        let mut opts = options(&dir);
        opts.shard = Some(Shard { index, count: 3 });
        audit(&sources, &builder(), &opts, &NoProgress).unwrap();
        shards.push(dir);
    }
    let merged = tmp.path().join("merged");
    merge(&shards, &merged, calidad::Lang::En).unwrap();
    for name in ["summary.json", "summary.csv", "index.html"] {
        let first = std::fs::read(one.join(name)).unwrap();
        assert_eq!(
            first,
            std::fs::read(two.join(name)).unwrap(),
            "{name} twice"
        );
        assert_eq!(
            first,
            std::fs::read(merged.join(name)).unwrap(),
            "{name} merged"
        );
    }
    check_dashboard(&one.join("index.html"));
}

#[test]
fn a_damaged_catalogue_line_costs_that_line_and_ids_stay_distinct() {
    let tmp = tempfile::tempdir().unwrap();
    let files = tmp.path().join("files");
    std::fs::create_dir(&files).unwrap();
    std::fs::write(files.join("a.csv"), "id,x\n1,2\n").unwrap();
    let line = |name: &str| {
        package(
            name,
            "INE",
            serde_json::json!([{"id": "r1", "name": "a", "url": "https://x/a.csv", "format": "CSV"},
                               {"id": "r1", "name": "a", "url": "https://x/a.csv", "format": "CSV"}]),
        )
        .to_string()
    };
    let export = tmp.path().join("dump.jsonl");
    std::fs::write(
        &export,
        format!("{}\n{{not json\n{}\n", line("uno"), line("dos")),
    )
    .unwrap();
    let mut opts = options(&tmp.path().join("out"));
    opts.resources_dir = Some(files);
    let summary = audit(&[export], &builder(), &opts, &NoProgress).unwrap();
    let ids: Vec<&str> = summary
        .rows_by_resource
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(summary.resources, 5, "{ids:?}");
    let damaged = row(&summary, "#2");
    assert!(
        damaged.reason.as_deref().unwrap_or("").contains("line 2"),
        "{damaged:?}"
    );
    // Two resources with one id: two rows, two reports.
    assert!(
        ids.contains(&"ckan:uno/r1") && ids.contains(&"ckan:uno/r1#2"),
        "{ids:?}"
    );
    let reports: std::collections::HashSet<_> = summary
        .rows_by_resource
        .iter()
        .filter_map(|r| r.report.clone())
        .collect();
    assert_eq!(reports.len(), 4);
}

#[test]
fn resuming_with_other_options_validates_again() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::write(data.join("a.csv"), "id,x\n1,2\n").unwrap();
    let out = tmp.path().join("out");
    let mut opts = options(&out);
    audit(std::slice::from_ref(&data), &builder(), &opts, &NoProgress).unwrap();
    let journal = || std::fs::read_to_string(out.join("progress.jsonl")).unwrap();
    let first = journal();
    opts.resume = true;
    audit(std::slice::from_ref(&data), &builder(), &opts, &NoProgress).unwrap();
    assert_eq!(journal(), first, "same options: nothing validated again");
    opts.options_key = "other".to_owned();
    audit(&[data], &builder(), &opts, &NoProgress).unwrap();
    let again = journal();
    assert_ne!(again, first, "other options: a fresh journal");
    assert!(again.starts_with("{\"calidadJournal\":1"), "{again}");
    assert!(again.contains("\"options\":\"other\""), "{again}");
}

#[test]
fn merge_copies_only_reports_inside_each_shard() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::write(data.join("a.csv"), "id,x\n1,2\n").unwrap();
    let shard = tmp.path().join("shard");
    audit(&[data], &builder(), &options(&shard), &NoProgress).unwrap();
    let path = shard.join("summary.json");
    let mut summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    summary["rowsByResource"][0]["report"] = "../../../../etc/hostname".into();
    std::fs::write(&path, summary.to_string()).unwrap();
    let merged = calidad_audit::merge(&[shard], &tmp.path().join("merged"), calidad::Lang::En);
    let error = merged.expect_err("a report outside the shard").to_string();
    assert!(error.contains("not a file inside"), "{error}");
    assert!(!tmp.path().join("etc").exists());
}

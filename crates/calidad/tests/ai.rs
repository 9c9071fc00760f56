//! The AI reading against a local mock of an OpenAI-compatible server (always on, no network):
//! what is sent (the schema, temperature 0, a seed, and none of the personal values planted in
//! the table), good answers, answers that do not fit, server errors and timeouts.

#![cfg(feature = "ai")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use calidad::ai::{AiConfig, AiScore, evaluate};
use calidad::{Lang, ReportTask, Validator};
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Synthetic people (RUT bodies above 45 million: no real RUN), with every identifier the
/// privacy checks know, plus the same identifiers written in a free-text column.
fn planted() -> (String, Vec<String>) {
    let mut csv =
        String::from("rut;nombre_completo;correo;celular;comuna;edad;diagnostico;observaciones\n");
    let mut raw = Vec::new();
    for i in 0..200u32 {
        let body = 45_000_000 + i * 1_583;
        let rut = format!(
            "{body}-{}",
            calidad::calidad_privacy::rut::check_digit(body)
        );
        let name = format!(
            "{} {} {}",
            ["María", "José"][(i % 2) as usize],
            ["Rojas", "Soto"][(i / 2 % 2) as usize],
            ["Díaz", "Pérez"][(i / 4 % 2) as usize]
        );
        let mail = format!("persona{i}@gmail.com");
        let phone = format!("9{:08}", 30_000_000 + i);
        let remark = format!(
            "Paciente {i} pide que lo llamen al 9 6{:07} o escriban a otra{i}@hotmail.com",
            i
        );
        csv.push_str(&format!(
            "{rut};{name};{mail};{phone};Maipú;{};Asma;{remark}\n",
            20 + i % 60
        ));
        raw.extend([
            rut,
            mail,
            phone,
            format!("6{:07}", i),
            format!("otra{i}@hotmail.com"),
        ]);
    }
    (csv, raw)
}

/// Validated with `reveal` on, as a user's screen would ask: the revealed values sit beside
/// the report in memory while the request is built, and must not reach it.
fn tasks(csv: &str) -> Vec<ReportTask> {
    Validator::builder()
        .lang(Lang::Es)
        .reveal(true)
        .build()
        .validate_bytes(csv.as_bytes(), "atenciones")
        .tasks
}

/// The AI block of the first task.
fn ai_of(tasks: &[ReportTask]) -> &AiScore {
    tasks[0]
        .calidad
        .added
        .score
        .as_ref()
        .unwrap()
        .ai
        .as_ref()
        .unwrap()
}

fn config(server: &MockServer, timeout: Duration) -> AiConfig {
    AiConfig {
        base_url: Some(format!("{}/v1", server.uri())),
        api_key: Some("test-key".to_owned()),
        model: "smollm2".to_owned(),
        timeout,
    }
}

fn fixture(name: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(format!(
        "{}/tests/fixtures/ai/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

fn serve(runtime: &tokio::runtime::Runtime, response: ResponseTemplate) -> MockServer {
    runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/v1/chat/completions"))
            .respond_with(response)
            .mount(&server)
            .await;
        server
    })
}

fn requests(runtime: &tokio::runtime::Runtime, server: &MockServer) -> Vec<Request> {
    runtime
        .block_on(server.received_requests())
        .unwrap_or_default()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn the_request_carries_the_schema_and_no_personal_value() {
    let rt = runtime();
    let server = serve(
        &rt,
        ResponseTemplate::new(200).set_body_json(fixture("good.json")),
    );
    let (csv, raw) = planted();
    let mut tasks = tasks(&csv);
    assert!(
        !tasks[0].calidad.added.revealed.0.is_empty(),
        "reveal kept no values"
    );
    evaluate(&mut tasks, &config(&server, Duration::from_secs(30)));
    let sent = requests(&rt, &server);
    assert_eq!(sent.len(), 1);
    let body = String::from_utf8(sent[0].body.clone()).unwrap();
    if let Ok(dir) = std::env::var("CALIDAD_AI_DUMP_REQUEST") {
        std::fs::write(format!("{dir}/request.json"), &body).unwrap();
    }
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["response_format"]["type"], "json_schema");
    assert_eq!(
        json["response_format"]["json_schema"]["name"],
        "calidad_ai_score"
    );
    assert_eq!(json["temperature"], 0.0);
    assert_eq!(json["seed"], 42);
    assert_eq!(json["model"], "smollm2");
    for value in &raw {
        assert!(
            !body.contains(value.as_str()),
            "{value} was sent to the model"
        );
    }
    // The privacy findings themselves went (masked): the model knows the table has RUTs.
    assert!(body.contains("45.***.***-"), "{body}");

    let score = tasks[0].calidad.added.score.as_ref().unwrap();
    let ai = score.ai.as_ref().unwrap();
    assert_eq!(ai.notice, None);
    // The model said 4; the privacy cap (G3) says at most 3.
    assert_eq!(ai.overall, Some(3.0));
    assert_eq!(ai.dimensions.len(), 6);
    assert_eq!(ai.dimensions["privacidad"].score, 1);
    // The phone the model wrote in a comment is masked in the report.
    assert!(!ai.dimensions["privacidad"].comment.contains("8765"));
    assert!(!ai.discrepancy);
    assert_eq!(ai.model, "smollm2");
}

#[test]
fn an_answer_out_of_the_schema_is_retried_once_then_dropped() {
    for bad in ["out_of_range.json", "malformed.json"] {
        let rt = runtime();
        let server = serve(&rt, ResponseTemplate::new(200).set_body_json(fixture(bad)));
        let mut tasks = tasks("a,b\n1,2\n3,4\n");
        let deterministic = tasks[0].calidad.added.score.as_ref().unwrap().overall;
        evaluate(&mut tasks, &config(&server, Duration::from_secs(30)));
        assert_eq!(requests(&rt, &server).len(), 2, "{bad}: one retry");
        let score = tasks[0].calidad.added.score.as_ref().unwrap();
        let ai = score.ai.as_ref().unwrap();
        assert!(
            ai.notice.as_deref().unwrap().contains("no está disponible"),
            "{bad}: {ai:?}"
        );
        assert_eq!(ai.overall, None);
        assert_eq!(score.overall, deterministic);
        // The second request says what was wrong with the first answer.
        let second = String::from_utf8(requests(&rt, &server)[1].body.clone()).unwrap();
        assert!(second.contains("Tu respuesta anterior no sirve"), "{bad}");
    }
}

#[test]
fn server_errors_are_retried_by_the_client_then_a_notice() {
    let rt = runtime();
    let server = serve(&rt, ResponseTemplate::new(500).set_body_string("boom"));
    let mut tasks = tasks("a,b\n1,2\n");
    evaluate(&mut tasks, &config(&server, Duration::from_secs(30)));
    // async-openai's own policy: the first try and three retries with backoff.
    let tries = requests(&rt, &server).len();
    assert!((2..=4).contains(&tries), "{tries} requests");
    let ai = ai_of(&tasks);
    assert!(ai.notice.is_some());
}

#[test]
fn a_slow_server_times_out_into_a_notice() {
    let rt = runtime();
    let server = serve(
        &rt,
        ResponseTemplate::new(200)
            .set_body_json(fixture("good.json"))
            .set_delay(Duration::from_secs(5)),
    );
    let mut tasks = tasks("a,b\n1,2\n");
    let started = std::time::Instant::now();
    evaluate(&mut tasks, &config(&server, Duration::from_millis(300)));
    let ai = ai_of(&tasks);
    assert!(ai.notice.is_some(), "{ai:?}");
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[test]
fn no_server_at_all_is_a_notice_not_a_failure() {
    let mut tasks = tasks("a,b\n1,2\n");
    let config = AiConfig {
        base_url: Some("http://127.0.0.1:9/v1".to_owned()),
        api_key: Some("k".to_owned()),
        model: "m".to_owned(),
        timeout: Duration::from_secs(2),
    };
    evaluate(&mut tasks, &config);
    let ai = ai_of(&tasks);
    assert!(ai.notice.is_some());
}

/// A reply recorded from a real small model (SmolLM2-135M through llama-cpp-python, by
/// `RECORD=1 bash scripts/llm-e2e.sh`) to the request this crate sends: it fits the schema and
/// is read, whatever its content is worth; the privacy cap still binds its mark.
#[test]
fn a_reply_recorded_from_a_real_model_is_read() {
    let rt = runtime();
    let server = serve(
        &rt,
        ResponseTemplate::new(200).set_body_json(fixture("smollm2_recorded.json")),
    );
    let (csv, _) = planted();
    let mut tasks = tasks(&csv);
    evaluate(&mut tasks, &config(&server, Duration::from_secs(30)));
    assert_eq!(requests(&rt, &server).len(), 1);
    let ai = ai_of(&tasks);
    assert_eq!(ai.notice, None, "{ai:?}");
    assert_eq!(ai.dimensions.len(), 6);
    assert!(ai.overall.is_some_and(|mark| (1.0..=3.0).contains(&mark)));
    assert!(ai.dimensions.values().all(|d| (1..=10).contains(&d.score)));
}

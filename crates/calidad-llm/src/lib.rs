//! An LLM's reading of a calidad report, through any OpenAI-compatible API (`--ai`).
//!
//! The model sees a compact profile built from the report — column names, types, missing
//! shares, counts of findings, the privacy block (already masked), the deterministic score —
//! never a row of the table. Everything sent passes through the same masking as the report, so
//! a RUT, e-mail, phone or card number that slipped into a message is masked before it leaves
//! the machine. The answer must fit `schemas/ai-score.schema.json` (scores as enums 1..10); it
//! is validated, retried once with the validation error, and otherwise dropped with a notice:
//! the deterministic score always stands, and its caps bind the model's mark too.

use async_openai::Client;
use async_openai::config::OpenAIConfig;
use async_openai::types::chat::{
    ChatCompletionRequestMessage, ChatCompletionRequestSystemMessageArgs,
    ChatCompletionRequestUserMessageArgs, CreateChatCompletionRequestArgs, ResponseFormat,
    ResponseFormatJsonSchema,
};
use calidad_core::report::{AiDimension, AiRecommendation, AiScore, ReportTask};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::time::Duration;

/// The JSON Schema the answer must fit.
pub const ANSWER_SCHEMA: &str = include_str!("../../../schemas/ai-score.schema.json");

/// The six dimensions, in report order.
const DIMENSIONS: [&str; 6] = [
    "estructura",
    "completitud",
    "coherencia",
    "accesibilidad",
    "consistencia",
    "privacidad",
];

/// Where and how to ask.
#[derive(Clone, Debug)]
pub struct AiConfig {
    /// API base (`https://api.openai.com/v1`, `http://127.0.0.1:8089/v1`…); `None` reads
    /// `OPENAI_BASE_URL`, then OpenAI's.
    pub base_url: Option<String>,
    /// API key; `None` reads `OPENAI_API_KEY`.
    pub api_key: Option<String>,
    /// Model name.
    pub model: String,
    /// Time allowed for each HTTP request.
    pub timeout: Duration,
}

impl Default for AiConfig {
    fn default() -> AiConfig {
        AiConfig {
            base_url: None,
            api_key: None,
            model: "gpt-4o-mini".to_owned(),
            timeout: Duration::from_secs(60),
        }
    }
}

/// The answer, as the schema says it is.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Answer {
    puntaje_general: u8,
    dimensiones: BTreeMap<String, AnswerDimension>,
    recomendaciones: Vec<AnswerRecommendation>,
    resumen: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerDimension {
    puntaje: u8,
    comentario: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerRecommendation {
    prioridad: String,
    dimension: String,
    accion: String,
}

const INSTRUCTIONS: &str = "Eres un revisor de calidad de datos abiertos del portal datos.gob.cl. \
Recibes el perfil de una tabla (columnas, tipos, vacíos, hallazgos de validación, datos personales \
detectados ya enmascarados y un puntaje determinista). Evalúa de 1 a 10 las seis dimensiones \
(estructura, completitud, coherencia, accesibilidad, consistencia, privacidad) y la nota general, \
con recomendaciones concretas en español. Una tabla con datos personales no puede tener buena nota \
en privacidad. Responde solo con JSON que cumpla el esquema.";

/// Masks anything that looks like a personal identifier in a text sent to the model.
fn safe(text: &str) -> String {
    calidad_privacy::text::mask_text(text).0
}

/// The facts the model sees: built from the report only (no row of the table), masked again.
pub fn prompt(task: &ReportTask) -> String {
    let kinds: std::collections::HashMap<&str, &str> = task
        .calidad
        .schema
        .as_ref()
        .map(|s| {
            s.fields
                .iter()
                .rev()
                .map(|f| (f.name.as_str(), f.kind.as_str()))
                .collect()
        })
        .unwrap_or_default();
    let columns: Vec<Value> = task
        .calidad
        .profile
        .as_ref()
        .map(|profile| {
            profile
                .fields
                .iter()
                .take(60)
                .map(|f| {
                    let kind = kinds.get(f.name.as_str());
                    let cells = f.values + f.missing;
                    json!({
                        "nombre": f.name,
                        "tipo": kind,
                        "vacios_pct": (f.missing * 1000).checked_div(cells).map_or(0.0, |per_mille| per_mille as f64 / 10.0),
                        "distintos": f.distinct,
                        "variantes": f.variants,
                        "dominio": f.domain.as_ref().map(|d| json!({"tipo": d.kind, "validos": d.valid, "revisados": d.checked})),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let messages: Vec<&str> = task
        .errors
        .iter()
        .chain(&task.calidad.findings)
        .take(12)
        .map(|e| e.message.as_str())
        .collect();
    let score = task.calidad.score.as_ref();
    let facts = json!({
        "recurso": {
            "nombre": task.name,
            "formato": task.calidad.format,
            "codificacion": task.calidad.encoding,
            "filas": task.stats.rows,
            "columnas": task.stats.fields,
        },
        "columnas": columns,
        "hallazgos_por_codigo": task.calidad.error_counts,
        "ejemplos_de_hallazgos": messages,
        "privacidad": task.calidad.privacy,
        "puntaje_determinista": score.map(|s| json!({
            "nota": s.overall,
            "dimensiones": {
                "estructura": s.dimensions.estructura.score,
                "completitud": s.dimensions.completitud.score,
                "coherencia": s.dimensions.coherencia.score,
                "accesibilidad": s.dimensions.accesibilidad.score,
                "consistencia": s.dimensions.consistencia.score,
                "privacidad": s.dimensions.privacidad.score,
            },
            "topes": s.caps.iter().map(|c| &c.reason).collect::<Vec<_>>(),
            "recomendaciones": s.recommendations.iter().take(5).map(|r| &r.message).collect::<Vec<_>>(),
        })),
    });
    safe(&facts.to_string())
}

/// Checks an answer against the schema and reads it.
fn read_answer(content: &str, validator: &jsonschema::Validator) -> Result<Answer, String> {
    let value: Value =
        serde_json::from_str(content).map_err(|e| format!("la respuesta no es JSON: {e}"))?;
    let problems: Vec<String> = validator
        .iter_errors(&value)
        .take(5)
        .map(|e| format!("{} en {}", e, e.instance_path))
        .collect();
    if !problems.is_empty() {
        return Err(format!(
            "la respuesta no cumple el esquema: {}",
            problems.join("; ")
        ));
    }
    serde_json::from_value(value).map_err(|e| format!("la respuesta no se puede leer: {e}"))
}

fn cut(text: &str, chars: usize) -> String {
    safe(&text.chars().take(chars).collect::<String>())
}

/// The model's reading as the report keeps it: strings cut and masked, the mark capped.
fn to_score(answer: Answer, model: &str, cap: f64, deterministic: f64) -> AiScore {
    let overall = f64::from(answer.puntaje_general).min(cap);
    AiScore {
        model: model.to_owned(),
        overall: Some(overall),
        dimensions: answer
            .dimensiones
            .into_iter()
            .map(|(name, d)| {
                (
                    name,
                    AiDimension {
                        score: d.puntaje,
                        comment: cut(&d.comentario, 300),
                    },
                )
            })
            .collect(),
        recommendations: answer
            .recomendaciones
            .into_iter()
            .map(|r| AiRecommendation {
                priority: r.prioridad,
                dimension: r.dimension,
                action: cut(&r.accion, 300),
            })
            .collect(),
        summary: cut(&answer.resumen, 600),
        discrepancy: (overall - deterministic).abs() >= 3.0,
        notice: None,
    }
}

fn unavailable(model: &str, reason: &str) -> AiScore {
    AiScore {
        model: model.to_owned(),
        notice: Some(format!(
            "la evaluación con IA no está disponible ({}); se mantiene el puntaje determinista",
            safe(reason)
        )),
        ..AiScore::default()
    }
}

/// Adds the model's reading to every scored task (`score.ai`). Never fails: a problem (no
/// server, timeout, an answer that does not fit the schema twice) becomes a notice.
pub fn evaluate(tasks: &mut [ReportTask], config: &AiConfig) {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            for task in tasks.iter_mut() {
                if let Some(score) = &mut task.calidad.score {
                    score.ai = Some(unavailable(&config.model, &e.to_string()));
                }
            }
            return;
        }
    };
    let client = match client(config) {
        Ok(client) => Some(client),
        Err(reason) => {
            for task in tasks.iter_mut() {
                if let Some(score) = &mut task.calidad.score {
                    score.ai = Some(unavailable(&config.model, &reason));
                }
            }
            None
        }
    };
    let Some(client) = client else {
        return;
    };
    let schema: Value = serde_json::from_str(ANSWER_SCHEMA).unwrap_or(Value::Null);
    let Ok(validator) = jsonschema::validator_for(&schema) else {
        return;
    };
    for task in tasks.iter_mut() {
        let facts = prompt(task);
        let Some(score) = &mut task.calidad.score else {
            continue;
        };
        let cap = score.caps.iter().map(|c| c.limit).fold(10.0, f64::min);
        let ai = runtime.block_on(ask(&client, config, &facts, &schema, &validator));
        score.ai = Some(match ai {
            Ok(answer) => to_score(answer, &config.model, cap, score.overall),
            Err(reason) => unavailable(&config.model, &reason),
        });
    }
}

fn client(config: &AiConfig) -> Result<Client<OpenAIConfig>, String> {
    // rustls needs a crypto provider; installing it twice is harmless (the second one is
    // refused and the first stays).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder()
        .timeout(config.timeout)
        .build()
        .map_err(|e| format!("no se pudo crear el cliente HTTP: {e}"))?;
    let mut openai = OpenAIConfig::default();
    if let Some(base) = config
        .base_url
        .clone()
        .or_else(|| std::env::var("OPENAI_BASE_URL").ok())
    {
        openai = openai.with_api_base(base);
    }
    if let Some(key) = config
        .api_key
        .clone()
        .or_else(|| std::env::var("OPENAI_API_KEY").ok())
    {
        openai = openai.with_api_key(key);
    }
    Ok(Client::build(http, openai))
}

/// One question, and at most one more with the validation error when the first answer does
/// not fit. HTTP-level retries (429, 5xx) are the client's: a few, with backoff, honouring
/// `Retry-After`.
async fn ask(
    client: &Client<OpenAIConfig>,
    config: &AiConfig,
    facts: &str,
    schema: &Value,
    validator: &jsonschema::Validator,
) -> Result<Answer, String> {
    let mut messages: Vec<ChatCompletionRequestMessage> = vec![
        ChatCompletionRequestSystemMessageArgs::default()
            .content(INSTRUCTIONS)
            .build()
            .map_err(|e| e.to_string())?
            .into(),
        ChatCompletionRequestUserMessageArgs::default()
            .content(facts)
            .build()
            .map_err(|e| e.to_string())?
            .into(),
    ];
    let mut last_problem = String::new();
    for attempt in 0..2 {
        if attempt == 1 {
            messages.push(
                ChatCompletionRequestUserMessageArgs::default()
                    .content(format!(
                        "Tu respuesta anterior no sirve: {last_problem}. Responde solo con JSON que cumpla el esquema."
                    ))
                    .build()
                    .map_err(|e| e.to_string())?
                    .into(),
            );
        }
        let request = CreateChatCompletionRequestArgs::default()
            .model(&config.model)
            .messages(messages.clone())
            .temperature(0.0)
            .seed(42)
            .max_completion_tokens(800u32)
            .response_format(ResponseFormat::JsonSchema {
                json_schema: ResponseFormatJsonSchema {
                    name: "calidad_ai_score".to_owned(),
                    description: Some(
                        "Puntajes de 1 a 10 por dimensión y recomendaciones".to_owned(),
                    ),
                    schema: schema.clone(),
                    strict: Some(true),
                },
            })
            .build()
            .map_err(|e| e.to_string())?;
        let response = client
            .chat()
            .create(request)
            .await
            .map_err(|e| format!("{e}"))?;
        let content = response
            .choices
            .first()
            .and_then(|c| c.message.content.clone())
            .unwrap_or_default();
        match read_answer(&content, validator) {
            Ok(answer) => {
                let complete = DIMENSIONS
                    .iter()
                    .all(|d| answer.dimensiones.contains_key(*d));
                if complete {
                    return Ok(answer);
                }
                last_problem = "faltan dimensiones".to_owned();
            }
            Err(problem) => last_problem = problem,
        }
    }
    Err(last_problem)
}

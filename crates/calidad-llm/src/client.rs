//! Asking the model: an OpenAI-compatible chat completion with a JSON Schema response format.

use crate::{AiDimension, AiRecommendation, AiScore, Mask, Subject};
use async_openai::Client;
use async_openai::config::OpenAIConfig;
use async_openai::types::chat::{
    ChatCompletionRequestMessage, ChatCompletionRequestSystemMessageArgs,
    ChatCompletionRequestUserMessageArgs, CreateChatCompletionRequestArgs, ResponseFormat,
    ResponseFormatJsonSchema,
};
use serde::Deserialize;
use serde_json::Value;
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

fn cut(text: &str, chars: usize, mask: Mask<'_>) -> String {
    mask(&text.chars().take(chars).collect::<String>())
}

/// The model's reading as the report keeps it: strings cut and masked, the mark capped.
fn to_score(answer: Answer, model: &str, subject: &Subject, mask: Mask<'_>) -> AiScore {
    let (cap, deterministic) = (subject.cap, subject.deterministic);
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
                        comment: cut(&d.comentario, 300, mask),
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
                action: cut(&r.accion, 300, mask),
            })
            .collect(),
        summary: cut(&answer.resumen, 600, mask),
        discrepancy: (overall - deterministic).abs() >= 3.0,
        notice: None,
    }
}

fn unavailable(model: &str, reason: &str, mask: Mask<'_>) -> AiScore {
    AiScore {
        model: model.to_owned(),
        notice: Some(format!(
            "la evaluación con IA no está disponible ({}); se mantiene el puntaje determinista",
            mask(reason)
        )),
        ..AiScore::default()
    }
}

/// The model's reading of each subject, in order. Never fails: a problem (no server,
/// timeout, an answer that does not fit the schema twice) becomes a notice.
pub fn evaluate(subjects: &[Subject], config: &AiConfig, mask: Mask<'_>) -> Vec<AiScore> {
    let all_unavailable =
        |reason: &str| vec![unavailable(&config.model, reason, mask); subjects.len()];
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => return all_unavailable(&e.to_string()),
    };
    let client = match client(config) {
        Ok(client) => client,
        Err(reason) => return all_unavailable(&reason),
    };
    let schema: Value = serde_json::from_str(ANSWER_SCHEMA).unwrap_or(Value::Null);
    let Ok(validator) = jsonschema::validator_for(&schema) else {
        return all_unavailable("el esquema de respuesta no compila");
    };
    subjects
        .iter()
        .map(|subject| {
            let facts = mask(&subject.facts.to_string());
            match runtime.block_on(ask(&client, config, &facts, &schema, &validator)) {
                Ok(answer) => to_score(answer, &config.model, subject, mask),
                Err(reason) => unavailable(&config.model, &reason, mask),
            }
        })
        .collect()
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

//! An LLM's reading beside the deterministic score (`--ai`, feature `ai`): the facts the model
//! sees are built here from each task's report — never a row of the table — and every text
//! that goes out or comes back passes through the privacy masking.

pub use calidad_llm::{ANSWER_SCHEMA, AiConfig, AiScore};
use serde_json::{Value, json};

/// The masking gate, handed to the model's client for everything sent and received.
fn mask(text: &str) -> String {
    calidad_privacy::gate::mask_text(text).into_owned()
}

/// The facts the model sees of a task: built from the report only, masked again on the way.
pub fn facts(task: &crate::ReportTask) -> Value {
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
    let added = &task.calidad.added;
    let columns: Vec<Value> = added
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
    let score = added.score.as_ref();
    json!({
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
        "privacidad": added.privacy,
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
    })
}

/// Adds the model's reading to every scored task (`score.ai`). Never fails: a problem (no
/// server, timeout, an answer that does not fit the schema twice) becomes a notice.
pub fn evaluate(tasks: &mut [crate::ReportTask], config: &AiConfig) {
    let scored: Vec<usize> = (0..tasks.len())
        .filter(|i| tasks[*i].calidad.added.score.is_some())
        .collect();
    let subjects: Vec<calidad_llm::Subject> = scored
        .iter()
        .filter_map(|i| {
            let task = &tasks[*i];
            let score = task.calidad.added.score.as_ref()?;
            Some(calidad_llm::Subject {
                facts: facts(task),
                cap: score.caps.iter().map(|c| c.limit).fold(10.0, f64::min),
                deterministic: score.overall,
            })
        })
        .collect();
    let readings = calidad_llm::evaluate(&subjects, config, &mask);
    for (i, reading) in scored.into_iter().zip(readings) {
        if let Some(score) = &mut tasks[i].calidad.added.score {
            score.ai = Some(reading);
        }
    }
}

"""What the resource page shows, from a stored report: the mark, the six dimensions, what
limits the mark, the recommendations, the personal data found (masked examples only), in
the configured language. Everything here comes from calidad's report, which is masked."""

from __future__ import annotations

from typing import Any, Optional

TEXTS = {
    "es": {
        "title": "Calidad de los datos",
        "queued": "La revisión de calidad está en cola.",
        "running": "Revisando el archivo…",
        "error": "No se pudo revisar el archivo",
        "none": "Este recurso todavía no tiene revisión de calidad.",
        "mark": "Nota",
        "of": "de 10",
        "can_publish": "Se puede publicar.",
        "cannot_publish": "Todavía no se puede publicar: {n} errores que corregir.",
        "cannot_publish_one": "Todavía no se puede publicar: 1 error que corregir.",
        "limits": "Lo que limita la nota",
        "recommendations": "Qué hacer",
        "privacy": "Datos personales encontrados",
        "privacy_none": "No se encontraron datos personales.",
        "column": "Columna",
        "kind": "Qué contiene",
        "severity": "Gravedad",
        "examples": "Ejemplos (enmascarados)",
        "provisional": "Nota provisional: la revisión cubrió parte del archivo.",
        "updated": "Revisado",
        "severity_error": "error",
        "severity_warning": "advertencia",
        "severity_info": "aviso",
        "dimensions": {"estructura": "Estructura", "completitud": "Completitud",
                       "coherencia": "Coherencia", "accesibilidad": "Accesibilidad",
                       "consistencia": "Consistencia", "privacidad": "Privacidad"},
        "bands": {"excelente": "excelente", "bueno": "bueno", "aceptable": "aceptable",
                  "deficiente": "deficiente", "critico": "crítico", "crítico": "crítico"},
        "category": {"rut": "RUT/RUN", "person-name": "nombres de personas", "email": "correos",
                     "phone": "teléfonos", "address": "direcciones", "license-plate": "patentes",
                     "birth-date": "fechas de nacimiento", "health": "salud",
                     "free-text-pii": "datos personales en texto libre",
                     "id-document": "documentos de identidad", "bank-account": "cuentas bancarias",
                     "geolocation": "ubicaciones", "minor": "menores de edad"},
    },
    "en": {
        "title": "Data quality",
        "queued": "The quality check is queued.",
        "running": "Checking the file…",
        "error": "The file could not be checked",
        "none": "This resource has no quality check yet.",
        "mark": "Mark",
        "of": "out of 10",
        "can_publish": "It can be published.",
        "cannot_publish": "Not ready to publish: {n} errors to fix.",
        "cannot_publish_one": "Not ready to publish: 1 error to fix.",
        "limits": "What limits the mark",
        "recommendations": "What to do",
        "privacy": "Personal data found",
        "privacy_none": "No personal data found.",
        "column": "Column",
        "kind": "What it holds",
        "severity": "Severity",
        "examples": "Examples (masked)",
        "provisional": "Provisional mark: the check covered part of the file.",
        "updated": "Checked",
        "severity_error": "error",
        "severity_warning": "warning",
        "severity_info": "notice",
        "dimensions": {"estructura": "Structure", "completitud": "Completeness",
                       "coherencia": "Coherence", "accesibilidad": "Accessibility",
                       "consistencia": "Consistency", "privacidad": "Privacy"},
        "bands": {"excelente": "excellent", "bueno": "good", "aceptable": "acceptable",
                  "deficiente": "poor", "critico": "critical", "crítico": "critical"},
        "category": {"rut": "RUT/RUN", "person-name": "people's names", "email": "e-mails",
                     "phone": "phone numbers", "address": "addresses", "license-plate": "licence plates",
                     "birth-date": "birth dates", "health": "health",
                     "free-text-pii": "personal data in free text",
                     "id-document": "identity documents", "bank-account": "bank accounts",
                     "geolocation": "locations", "minor": "minors"},
    },
}

DIMENSIONS = ("estructura", "completitud", "coherencia", "accesibilidad", "consistencia", "privacidad")


def number(value: float, lang: str) -> str:
    """A mark as people write it: one decimal, a comma in Spanish."""
    text = f"{value:.1f}"
    return text.replace(".", ",") if lang == "es" else text


def view(stored: Optional[dict], lang: str, privacy: bool = True) -> dict[str, Any]:
    """The resource page's block from a stored state (see model.load); `privacy`: whether
    personal data is looked for (the block then says when none was found)."""
    texts = TEXTS.get(lang, TEXTS["es"])
    out: dict[str, Any] = {"t": texts, "lang": lang, "state": "none", "privacy_checked": privacy}
    if not stored:
        return out
    out["state"] = stored["status"]
    out["updated"] = (stored.get("updated") or "")[:16].replace("T", " ")
    if stored["status"] == "error":
        out["error"] = stored.get("error") or ""
    report = stored.get("report")
    if stored["status"] != "done" or not report:
        return out
    tasks = report.get("tasks") or []
    task = tasks[0] if tasks else {}
    block = task.get("calidad") or {}
    errors = sum(t.get("stats", {}).get("errors", 0) for t in tasks)
    out["valid"] = bool(report.get("valid"))
    out["verdict"] = (texts["can_publish"] if out["valid"] else
                      texts["cannot_publish_one"] if errors == 1 else
                      texts["cannot_publish"].format(n=errors))
    score = block.get("score")
    if score:
        overall = float(score.get("overall") or 0)
        out["mark"] = number(overall, lang)
        out["band"] = texts["bands"].get(score.get("band", ""), score.get("band", ""))
        out["band_id"] = score.get("band", "")
        out["provisional"] = bool(score.get("provisional"))
        dims = score.get("dimensions") or {}
        out["dimensions"] = [
            {"name": texts["dimensions"][d], "mark": number(float(dims[d]["score"]), lang),
             "width": max(0, min(100, int(float(dims[d]["score"]) * 10)))}
            for d in DIMENSIONS if isinstance(dims.get(d), dict) and dims[d].get("score") is not None
        ]
        out["limits"] = [cap.get("reason", "") for cap in score.get("caps") or []]
        out["recommendations"] = [r.get("message", "") for r in score.get("recommendations") or []]
    privacy = block.get("privacy") or {}
    out["privacy"] = [
        {"column": f.get("fieldName", ""),
         "kind": texts["category"].get(f.get("category", ""), f.get("category", "")),
         "severity": texts.get("severity_" + f.get("severity", ""), f.get("severity", "")),
         "severity_id": f.get("severity", ""),
         "examples": ", ".join(f.get("examples") or [])}
        for f in privacy.get("fields") or []
    ]
    return out

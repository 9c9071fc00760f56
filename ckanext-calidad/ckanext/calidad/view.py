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
        "valid": "El archivo no tiene errores.",
        "errors": "El archivo está publicado, pero tiene {n} errores: corríjalos y vuelva a subirlo.",
        "errors_one": "El archivo está publicado, pero tiene 1 error: corríjalo y vuelva a subirlo.",
        "personal_public": "Este archivo está publicado y contiene datos de personas: cualquiera "
                           "puede descargarlo. Hágalo privado o elimínelo hoy, y vuelva a subirlo "
                           "sin esas columnas.",
        "personal_private": "Este archivo contiene datos de personas. El conjunto de datos es "
                            "privado: no lo haga público hasta quitar esas columnas.",
        "how_to_fix": "Para corregirlo, arregle su planilla y use «Editar recurso» para subir el "
                      "archivo nuevo: se revisa de nuevo solo.",
        "limits": "Lo que limita la nota",
        "uncapped": "Sin estos límites la nota sería {mark}.",
        "recommendations": "Qué hacer",
        "privacy": "Datos personales encontrados",
        "privacy_none": "No se encontraron datos personales.",
        "column": "Columna",
        "kind": "Qué contiene",
        "severity": "Gravedad",
        "examples": "Ejemplos (ocultos en parte)",
        "initials": "solo iniciales",
        "sensitive": "dato sensible",
        "hidden_sensitive": "(oculto: dato sensible)",
        "provisional": "Nota provisional: la revisión cubrió parte del archivo.",
        "updated": "Revisado",
        "severity_error": "error",
        "severity_warning": "advertencia",
        "severity_info": "aviso",
        "dimensions": {"estructura": "Estructura", "completitud": "Completitud",
                       "coherencia": "Coherencia", "accesibilidad": "Accesibilidad",
                       "consistencia": "Consistencia", "privacidad": "Privacidad"},
        "bands": {"excelente": "excelente", "bueno": "bueno", "suficiente": "suficiente",
                  "deficiente": "deficiente"},
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
        "valid": "The file has no errors.",
        "errors": "The file is published but has {n} errors: fix them and upload it again.",
        "errors_one": "The file is published but has 1 error: fix it and upload it again.",
        "personal_public": "This file is published and holds people's data: anyone can download "
                           "it. Make it private or delete it today, and upload it again without "
                           "those columns.",
        "personal_private": "This file holds people's data. The dataset is private: do not make "
                            "it public until those columns are removed.",
        "how_to_fix": "To fix it, correct your spreadsheet and use «Edit resource» to upload the "
                      "new file: it is checked again by itself.",
        "limits": "What limits the mark",
        "uncapped": "Without these limits the mark would be {mark}.",
        "recommendations": "What to do",
        "privacy": "Personal data found",
        "privacy_none": "No personal data found.",
        "column": "Column",
        "kind": "What it holds",
        "severity": "Severity",
        "examples": "Examples (partly hidden)",
        "initials": "initials only",
        "sensitive": "sensitive data",
        "hidden_sensitive": "(hidden: sensitive data)",
        "provisional": "Provisional mark: the check covered part of the file.",
        "updated": "Checked",
        "severity_error": "error",
        "severity_warning": "warning",
        "severity_info": "notice",
        "dimensions": {"estructura": "Structure", "completitud": "Completeness",
                       "coherencia": "Coherence", "accesibilidad": "Accessibility",
                       "consistencia": "Consistency", "privacidad": "Privacy"},
        "bands": {"excelente": "excellent", "bueno": "good", "suficiente": "sufficient",
                  "deficiente": "poor"},
        "category": {"rut": "RUT/RUN", "person-name": "people's names", "email": "e-mails",
                     "phone": "phone numbers", "address": "addresses", "license-plate": "licence plates",
                     "birth-date": "birth dates", "health": "health",
                     "free-text-pii": "personal data in free text",
                     "id-document": "identity documents", "bank-account": "bank accounts",
                     "geolocation": "locations", "minor": "minors"},
    },
}

#: Sensitive categories (law 21.719): their cells are never shown, not even masked.
SENSITIVE = {"health", "ethnicity", "religion", "political", "union", "sexual-orientation",
             "gender-identity", "socioeconomic", "biometric", "criminal-record", "minor"}

#: Codes meaning people's data is in the file as an error.
PERSONAL_ERRORS = {"personal-data", "personal-data-in-text", "sensitive-data-exposed"}

DIMENSIONS = ("estructura", "completitud", "coherencia", "accesibilidad", "consistencia", "privacidad")


def number(value: float, lang: str) -> str:
    """A mark as people write it: one decimal, a comma in Spanish."""
    text = f"{value:.1f}"
    return text.replace(".", ",") if lang == "es" else text


def view(stored: Optional[dict], lang: str, privacy: bool = True,
         private: bool = False) -> dict[str, Any]:
    """The resource page's block from a stored state (see model.load); `privacy`: whether
    personal data is looked for (the block then says when none was found); `private`: whether
    the dataset is private (the verdict says who can download the file)."""
    texts = TEXTS.get(lang, TEXTS["es"])
    out: dict[str, Any] = {"t": texts, "lang": lang, "state": "none", "privacy_checked": privacy}
    if not stored:
        return out
    out["state"] = stored["status"]
    out["updated_iso"] = stored.get("updated") or ""
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
    personal = any(e.get("type") in PERSONAL_ERRORS for t in tasks for e in t.get("errors", []))
    out["personal"] = personal
    out["verdict"] = (texts["personal_private" if private else "personal_public"] if personal else
                      texts["valid"] if out["valid"] else
                      texts["errors_one"] if errors == 1 else
                      texts["errors"].format(n=errors))
    score = block.get("score")
    if score:
        overall = float(score.get("overall") or 0)
        out["mark"] = number(overall, lang)
        out["band"] = texts["bands"].get(score.get("band", ""), score.get("band", ""))
        out["band_id"] = score.get("band", "")
        out["provisional"] = bool(score.get("provisional"))
        dims = score.get("dimensions") or {}
        out["dimensions"] = [
            _dimension(texts["dimensions"][d], float(dims[d]["score"]), lang)
            for d in DIMENSIONS if isinstance(dims.get(d), dict) and dims[d].get("score") is not None
        ]
        out["limits"] = [cap.get("reason", "") for cap in score.get("caps") or []]
        uncapped = score.get("uncapped")
        if out["limits"] and uncapped is not None and float(uncapped) > overall:
            out["uncapped"] = texts["uncapped"].format(mark=number(float(uncapped), lang))
        out["recommendations"] = [r.get("message", "") for r in score.get("recommendations") or []]
    privacy = block.get("privacy") or {}
    out["privacy"] = [_privacy_row(f, texts) for f in privacy.get("fields") or []]
    return out


def _dimension(name: str, mark: float, lang: str) -> dict[str, Any]:
    """A dimension's bar: its mark, width and level (low under 4, mid under 7: coloured)."""
    return {"name": name, "mark": number(mark, lang), "width": max(0, min(100, int(mark * 10))),
            "level": "low" if mark < 4 else "mid" if mark < 7 else "high"}


def _privacy_row(field: dict, texts: dict) -> dict[str, str]:
    """A row of the privacy table: the column, what it holds, how serious, masked examples
    (each once; names as initials, said so; sensitive data not shown at all)."""
    category = field.get("category", "")
    kind = texts["category"].get(category, category)
    severity = field.get("severity", "")
    examples = list(dict.fromkeys(field.get("examples") or []))
    shown = ", ".join(examples)
    if category == "person-name" and shown:
        shown = f"{shown} ({texts['initials']})"
    if category in SENSITIVE:
        return {"column": field.get("fieldName", ""), "kind": kind,
                "severity": f"{texts['sensitive']} ({kind})", "severity_id": "error",
                "examples": texts["hidden_sensitive"]}
    return {"column": field.get("fieldName", ""), "kind": kind,
            "severity": texts.get("severity_" + severity, severity), "severity_id": severity,
            "examples": shown}

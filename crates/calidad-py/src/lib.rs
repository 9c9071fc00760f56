//! `calidad._calidad`: the native half of the Python package. Conversion only — options in,
//! the library's JSON out — so Python gets exactly the report the CLI prints. Validation runs
//! with the GIL released; a Python file object is read in chunks, taking the GIL per chunk.

use calidad::calidad_core::calendar::Day;
use calidad::{Error, Lang, Options, Report, Validator as Inner};
use pyo3::exceptions::{
    PyFileNotFoundError, PyIsADirectoryError, PyOSError, PyRuntimeError, PyTypeError, PyValueError,
};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;

pyo3::create_exception!(
    _calidad,
    CalidadError,
    pyo3::exceptions::PyException,
    "A source calidad could not validate at all (a report with errors is not an exception)."
);
pyo3::create_exception!(
    _calidad,
    SchemaError,
    CalidadError,
    "The Table Schema is not valid (code `schema-error`); the message lists every problem."
);

/// The library's error as the Python exception a caller would expect, with the CLI's message.
fn to_py(error: Error) -> PyErr {
    let message = error.to_string();
    match error {
        Error::Open { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
            PyFileNotFoundError::new_err(message)
        }
        Error::Open { .. } => PyOSError::new_err(message),
        Error::IsDirectory(_) => PyIsADirectoryError::new_err(message),
        Error::Schema { .. } => SchemaError::new_err(message),
        Error::Thread(_) => PyRuntimeError::new_err(message),
        Error::Describe { .. } => CalidadError::new_err(message),
        _ => PyValueError::new_err(message),
    }
}

fn json_error(what: &str, error: serde_json::Error) -> PyErr {
    PyValueError::new_err(format!("{what} is not valid JSON: {error}"))
}

/// What to validate, taken from Python while holding the GIL.
enum Source {
    Path(PathBuf),
    Bytes(Vec<u8>),
    Stream(Py<PyAny>, String),
}

impl Source {
    fn from_py(source: &Bound<'_, PyAny>) -> PyResult<Source> {
        if let Ok(bytes) = source.cast::<PyBytes>() {
            return Ok(Source::Bytes(bytes.as_bytes().to_vec()));
        }
        if source.hasattr("read")? {
            let name = source
                .getattr("name")
                .ok()
                .and_then(|n| n.extract::<String>().ok())
                .unwrap_or_else(|| "<stream>".to_owned());
            return Ok(Source::Stream(source.clone().unbind(), name));
        }
        if let Ok(path) = source.extract::<PathBuf>() {
            return Ok(Source::Path(path));
        }
        Err(PyTypeError::new_err(format!(
            "source must be a path, bytes or a binary file object, not {}",
            source.get_type().name()?
        )))
    }
}

/// A Python binary file object as a `Read`: each read takes the GIL for one `read(n)` call.
struct PyReader(Py<PyAny>);

impl Read for PyReader {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        Python::attach(|py| {
            let chunk = self
                .0
                .bind(py)
                .call_method1("read", (buffer.len(),))
                .map_err(|e| std::io::Error::other(e.to_string()))?;
            let Ok(bytes) = chunk.cast::<PyBytes>() else {
                return Err(std::io::Error::other(
                    "the file object returned text: open it in binary mode ('rb')",
                ));
            };
            let bytes = bytes.as_bytes();
            let n = bytes.len().min(buffer.len());
            buffer[..n].copy_from_slice(&bytes[..n]);
            Ok(n)
        })
    }
}

/// Validates `source` into report tasks with `inner`.
fn tasks(inner: &Inner, source: Source, name: &str) -> Result<Vec<calidad::ReportTask>, Error> {
    match source {
        Source::Path(path) if calidad::is_package(&path) => inner.package_tasks(&path),
        Source::Path(path) => inner.tasks_for_path(&path),
        Source::Bytes(bytes) => inner.tasks_for_reader(std::io::Cursor::new(bytes), name, name),
        Source::Stream(object, place) => {
            let task_name = place
                .rsplit(['/', '\\'])
                .next()
                .unwrap_or(&place)
                .to_owned();
            inner.tasks_for_reader(PyReader(object), &task_name, &place)
        }
    }
}

/// A validator built once from its options and used for many sources, from any thread.
#[pyclass(frozen, module = "calidad._calidad")]
struct Validator {
    inner: Inner,
    /// The name in-memory sources get (`data.csv` when `format="csv"`).
    memory_name: String,
}

#[pymethods]
impl Validator {
    /// A validator from its options as JSON (the fields of `calidad::Options`, mapped from
    /// keyword arguments by the Python half), and the format of in-memory sources.
    #[new]
    #[pyo3(signature = (options_json, *, format=None))]
    fn new(options_json: &str, format: Option<&str>) -> PyResult<Validator> {
        let options = Options::from_json(options_json).map_err(to_py)?;
        let inner = options.builder().map_err(to_py)?.build();
        let memory_name = match format.map(str::trim).filter(|f| !f.is_empty()) {
            Some(format) => format!("data.{}", format.to_ascii_lowercase()),
            None => "data".to_owned(),
        };
        Ok(Validator { inner, memory_name })
    }

    /// Validates a path, bytes or a binary file object; returns the report as JSON text.
    fn validate_json(&self, py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<String> {
        let source = Source::from_py(source)?;
        py.detach(|| {
            let started = Instant::now();
            let tasks = tasks(&self.inner, source, &self.memory_name)?;
            let report = Report::from_tasks(tasks, started.elapsed().as_secs_f64());
            Ok::<_, Error>(serde_json::to_string(&report))
        })
        .map_err(to_py)?
        .map_err(|e| PyRuntimeError::new_err(e.to_string()))
    }

    /// Infers the Table Schema of a source from all its rows; returns it as JSON text.
    fn describe_json(&self, py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<String> {
        let source = Source::from_py(source)?;
        let place = match &source {
            Source::Path(path) => path.display().to_string(),
            Source::Bytes(_) => self.memory_name.clone(),
            Source::Stream(_, name) => name.clone(),
        };
        let schema = py
            .detach(|| {
                let found = tasks(&self.inner, source, &self.memory_name)?;
                calidad::described_schema(found, &place)
            })
            .map_err(to_py)?;
        serde_json::to_string(&schema).map_err(|e| PyRuntimeError::new_err(e.to_string()))
    }
}

/// Checks CKAN metadata (package JSON text); returns the metadata report as JSON text.
#[pyfunction]
#[pyo3(signature = (package_json, *, lang="es", data_format=None, as_of=None))]
fn check_metadata_json(
    package_json: &str,
    lang: &str,
    data_format: Option<&str>,
    as_of: Option<&str>,
) -> PyResult<String> {
    let lang = Lang::parse(lang)
        .ok_or_else(|| PyValueError::new_err(format!("unknown language {lang:?}: use es or en")))?;
    let document: serde_json::Value =
        serde_json::from_str(package_json).map_err(|e| json_error("the metadata", e))?;
    let as_of = match as_of {
        Some(date) => Some(Day::parse(date).ok_or_else(|| {
            PyValueError::new_err(format!("invalid date {date:?}: expected YYYY-MM-DD"))
        })?),
        None => None,
    };
    let context = calidad::metadata::MetadataContext { data_format, as_of };
    let report = calidad::metadata::check_metadata(&document, "metadata", lang, &context);
    serde_json::to_string(&report).map_err(|e| PyRuntimeError::new_err(e.to_string()))
}

/// Every finding code: (code, severity, title in `lang`).
#[pyfunction]
#[pyo3(signature = (lang="es"))]
fn codes(lang: &str) -> PyResult<Vec<(String, String, String)>> {
    let lang = Lang::parse(lang)
        .ok_or_else(|| PyValueError::new_err(format!("unknown language {lang:?}: use es or en")))?;
    Ok(calidad::rules()
        .map(|rule| {
            (
                rule.code.to_owned(),
                rule.severity.as_str().to_owned(),
                rule.title.get(lang).to_owned(),
            )
        })
        .collect())
}

#[pymodule]
fn _calidad(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Validator>()?;
    m.add_function(wrap_pyfunction!(check_metadata_json, m)?)?;
    m.add_function(wrap_pyfunction!(codes, m)?)?;
    m.add("CalidadError", m.py().get_type::<CalidadError>())?;
    m.add("SchemaError", m.py().get_type::<SchemaError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}

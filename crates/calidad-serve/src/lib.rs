//! `calidad serve`: the web page (`web/`) and an HTTP API for portal backends that are not
//! Python, on loopback by default.
//!
//! - `GET /` and the page's files, with a Content Security Policy that lets the page talk to
//!   nothing but this host: the page validates in the browser and uploads nothing.
//! - `POST /v1/validate`: the file as the raw body or as a `multipart/form-data` part; options
//!   as query parameters (`lang`, `sheet`, `delimiter`, `encoding`, `header-row`,
//!   `limit-errors`, `skip-errors`, `pick-errors`, `check`, `privacy`, `score`, `infer`,
//!   `allow-field`, `quasi-identifiers`, `as-of`, `name`). The answer is the same JSON report
//!   as `calidad validate --format json`, masked.
//! - `GET /v1/health`.
//!
//! Limits, each answered with a clear status and a JSON `{"error": {status, es, en}}`: body
//! size (413, before reading when the length is declared), a body that arrives too slowly
//! (408), headers that arrive too slowly (the connection is closed), validations in flight
//! (503 with `Retry-After`), validation time (the report says where it stopped). The body is
//! streamed into the validator and never written to disk.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::io::{self, Read};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Semaphore, mpsc};

/// The page's policy, sent with every answer: scripts, the worker and the WebAssembly from
/// this host only, and no connection anywhere else.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// How the server runs.
#[derive(Clone, Debug)]
pub struct Config {
    /// Where to listen (loopback by default: the API is for this machine's portal backend).
    pub addr: SocketAddr,
    /// The page's directory (`web/`, with `pkg/` built by `scripts/wasm-build.sh`).
    pub web: Option<PathBuf>,
    /// Largest body accepted, in bytes.
    pub max_body: u64,
    /// Validations at once; more wait up to `queue_wait`, then are answered 503.
    pub max_concurrent: usize,
    /// How long a request waits for a validation slot before it is answered 503.
    pub queue_wait: Duration,
    /// Time a whole body may take to arrive (time the validator spends working is not counted).
    pub body_timeout: Duration,
    /// Time a body may go without sending anything.
    pub idle_timeout: Duration,
    /// Open connections at once; more are closed as they arrive.
    pub max_connections: usize,
    /// Time for a request's headers to arrive.
    pub header_timeout: Duration,
    /// Time one validation may take; past it the report says where it stopped.
    pub validation_time: Duration,
    /// Memory all validations at once may use, in bytes, split evenly between the
    /// `max_concurrent` slots (see [`calidad::memory_share`]); by default a quarter of the
    /// machine's ([`calidad::default_memory_limit`]); `None`: no limit.
    pub memory_limit: Option<u64>,
    /// Today's date (`YYYY-MM-DD`), asked at every request: freshness and birth years are
    /// judged on it unless the request says `as-of`. The CLI passes its clock; without one the
    /// date is not used.
    pub today: Option<fn() -> String>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            web: None,
            max_body: 200 * 1024 * 1024,
            max_concurrent: std::thread::available_parallelism().map_or(2, |n| n.get()),
            queue_wait: Duration::from_secs(5),
            body_timeout: Duration::from_secs(120),
            idle_timeout: Duration::from_secs(15),
            max_connections: 256,
            header_timeout: Duration::from_secs(10),
            validation_time: Duration::from_secs(300),
            memory_limit: calidad::default_memory_limit(),
            today: None,
        }
    }
}

/// A bound server, ready to run.
pub struct Server {
    listener: std::net::TcpListener,
    config: Arc<Config>,
}

/// A server running on its own thread (tests, embedding); stops when dropped.
pub struct Running {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<io::Result<()>>>,
}

impl Running {
    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Server {
    /// Binds the address (port 0 picks a free one).
    pub fn bind(config: Config) -> io::Result<Server> {
        let listener = std::net::TcpListener::bind(config.addr)?;
        listener.set_nonblocking(true)?;
        Ok(Server {
            listener,
            config: Arc::new(config),
        })
    }

    /// The bound address.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until the process ends.
    pub fn run(self) -> io::Result<()> {
        let runtime = runtime()?;
        runtime.block_on(self.serve(std::future::pending()))
    }

    /// Serves on a new thread until the returned handle is dropped.
    pub fn spawn(self) -> io::Result<Running> {
        let addr = self.local_addr()?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("calidad-serve".to_owned())
            .spawn(move || {
                let runtime = runtime()?;
                runtime.block_on(self.serve(async {
                    let _ = stopped.await;
                }))
            })?;
        Ok(Running {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    async fn serve(self, stop: impl std::future::Future<Output = ()>) -> io::Result<()> {
        let listener = tokio::net::TcpListener::from_std(self.listener)?;
        let connections = Arc::new(Semaphore::new(self.config.max_connections.max(1)));
        let state = Arc::new(State {
            permits: Arc::new(Semaphore::new(self.config.max_concurrent.max(1))),
            config: self.config,
        });
        tokio::pin!(stop);
        loop {
            let (stream, _) = tokio::select! {
                () = &mut stop => return Ok(()),
                accepted = listener.accept() => match accepted {
                    Ok(accepted) => accepted,
                    // Out of descriptors or a reset before accept: keep serving the others.
                    Err(_) => {
                        tokio::time::sleep(Duration::from_millis(10)).await;
                        continue;
                    }
                },
            };
            // Past the cap, a connection is closed at once: idle or trickling sockets cannot
            // use up the descriptors the others need.
            let Ok(connection) = connections.clone().try_acquire_owned() else {
                drop(stream);
                continue;
            };
            let state = state.clone();
            let header_timeout = state.config.header_timeout;
            tokio::spawn(async move {
                let _connection = connection;
                let service = hyper::service::service_fn(move |request| {
                    let state = state.clone();
                    async move { Ok::<_, std::convert::Infallible>(state.answer(request).await) }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(header_timeout)
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    }
}

fn runtime() -> io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
}

struct State {
    config: Arc<Config>,
    /// Validation slots; a slot is held by the validation itself, not by its connection.
    permits: Arc<Semaphore>,
}

type Answer = Response<Full<Bytes>>;

/// An error answer in both languages.
fn refuse(status: StatusCode, es: &str, en: &str) -> Answer {
    let body = serde_json::json!({"error": {"status": status.as_u16(), "es": es, "en": en}});
    let mut answer = Response::new(Full::new(Bytes::from(body.to_string())));
    *answer.status_mut() = status;
    answer.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    answer
}

impl State {
    async fn answer(&self, request: Request<Incoming>) -> Answer {
        let path = request.uri().path().to_owned();
        let mut answer = match (request.method(), path.as_str()) {
            (&Method::POST, "/v1/validate") => self.validate(request).await,
            (_, "/v1/validate") => {
                let mut answer = refuse(
                    StatusCode::METHOD_NOT_ALLOWED,
                    "use POST con el archivo como cuerpo o como parte multipart",
                    "use POST with the file as the body or as a multipart part",
                );
                answer
                    .headers_mut()
                    .insert(header::ALLOW, HeaderValue::from_static("POST"));
                answer
            }
            (&Method::GET | &Method::HEAD, "/v1/health") => {
                let body =
                    serde_json::json!({"status": "ok", "version": env!("CARGO_PKG_VERSION")});
                json_answer(body.to_string())
            }
            (&Method::GET | &Method::HEAD, _) => self.static_file(&path).await,
            _ => {
                let mut answer = refuse(
                    StatusCode::METHOD_NOT_ALLOWED,
                    "método no permitido",
                    "method not allowed",
                );
                answer
                    .headers_mut()
                    .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
                answer
            }
        };
        let headers = answer.headers_mut();
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        );
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
        answer
    }

    async fn static_file(&self, path: &str) -> Answer {
        let Some(root) = &self.config.web else {
            return refuse(
                StatusCode::NOT_FOUND,
                "esta instancia no sirve la página: inicie `calidad serve --web web/` (construida con scripts/wasm-build.sh)",
                "this instance does not serve the page: start `calidad serve --web web/` (built with scripts/wasm-build.sh)",
            );
        };
        let Some(file) = page_file(root, path) else {
            return refuse(StatusCode::NOT_FOUND, "no existe", "not found");
        };
        match tokio::fs::read(&file).await {
            Ok(bytes) => {
                let mut answer = Response::new(Full::new(Bytes::from(bytes)));
                answer.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(content_type(&file)),
                );
                answer
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                if file.starts_with(root.join("pkg")) {
                    refuse(
                        StatusCode::NOT_FOUND,
                        "falta el validador de la página: constrúyalo con scripts/wasm-build.sh",
                        "the page's validator is missing: build it with scripts/wasm-build.sh",
                    )
                } else {
                    refuse(StatusCode::NOT_FOUND, "no existe", "not found")
                }
            }
            Err(_) => refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                "no se pudo leer el archivo de la página",
                "the page's file could not be read",
            ),
        }
    }

    async fn validate(&self, request: Request<Incoming>) -> Answer {
        let started = std::time::Instant::now();
        let config = &self.config;
        let query = request.uri().query().unwrap_or_default().to_owned();
        let today = config.today.map(|today| today());
        let (options, name) = match options_of(&query, today.as_deref()) {
            Ok(parsed) => parsed,
            Err((es, en)) => {
                let answer = refuse(StatusCode::BAD_REQUEST, &es, &en);
                return after_draining(request, config, answer).await;
            }
        };
        let declared = request
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > config.max_body) {
            // Not drained: the body is over the limit by its own account.
            return too_large(config.max_body);
        }
        let validator = match options.builder() {
            Ok(builder) => builder
                .time_limit(config.validation_time)
                .memory_limit(
                    config
                        .memory_limit
                        .map(|total| calidad::memory_share(total, config.max_concurrent)),
                )
                .build(),
            Err(error) => {
                let answer = refuse(
                    StatusCode::BAD_REQUEST,
                    &error.message(calidad::Lang::Es),
                    &error.message(calidad::Lang::En),
                );
                return after_draining(request, config, answer).await;
            }
        };
        let permit =
            tokio::time::timeout(config.queue_wait, self.permits.clone().acquire_owned()).await;
        let Ok(Ok(permit)) = permit else {
            let mut answer = refuse(
                StatusCode::SERVICE_UNAVAILABLE,
                "el servidor está validando otros archivos: intente de nuevo en un momento",
                "the server is busy validating other files: try again in a moment",
            );
            answer
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            return after_draining(request, config, answer).await;
        };
        let boundary = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| multer::parse_boundary(v).ok());
        let (sender, receiver) = mpsc::channel::<io::Result<Bytes>>(8);
        let (name_sender, name_receiver) = tokio::sync::oneshot::channel::<String>();
        let max_body = config.max_body;
        let feeder = Feeder {
            sender,
            total: 0,
            max_body,
            idle: config.idle_timeout,
            waited: Duration::ZERO,
            deadline: config.body_timeout,
        };
        let body = request.into_body();
        let feeding = async move {
            match boundary {
                Some(boundary) => feed_multipart(body, boundary, feeder, name_sender).await,
                None => {
                    let _ = name_sender.send(name.unwrap_or_else(|| "upload".to_owned()));
                    feed(body, feeder).await
                }
            }
        };
        let checking = async move {
            let name = name_receiver.await.unwrap_or_else(|_| "upload".to_owned());
            tokio::task::spawn_blocking(move || {
                // The slot belongs to the validation: it is freed when the validation ends,
                // even if the client has gone.
                let _permit = permit;
                let source = ChannelReader {
                    receiver,
                    current: Bytes::new(),
                };
                let lang = validator.lang();
                validator
                    .tasks_for_reader(source, &name, &name)
                    .map(|tasks| {
                        calidad::Report::from_tasks(tasks, started.elapsed().as_secs_f64())
                    })
                    .map_err(|e| e.message(lang))
            })
            .await
        };
        let (fed, checked) = tokio::join!(feeding, checking);
        match fed {
            Err(Fed::TooSlow) => {
                return refuse(
                    StatusCode::REQUEST_TIMEOUT,
                    "el archivo tardó demasiado en llegar",
                    "the file took too long to arrive",
                );
            }
            Err(Fed::TooLarge) => return too_large(max_body),
            Err(Fed::NoFile) => {
                return refuse(
                    StatusCode::BAD_REQUEST,
                    "el formulario no trae ningún archivo (una parte con nombre de archivo)",
                    "the form carries no file (a part with a file name)",
                );
            }
            Err(Fed::SecondFile) => {
                return refuse(
                    StatusCode::BAD_REQUEST,
                    "envíe un archivo por petición: el formulario trae más de uno",
                    "send one file per request: the form carries more than one",
                );
            }
            Err(Fed::Broken(reason)) => {
                return refuse(
                    StatusCode::BAD_REQUEST,
                    &format!("el cuerpo de la petición llegó roto: {reason}"),
                    &format!("the request body arrived broken: {reason}"),
                );
            }
            Ok(()) => {}
        }
        match checked {
            Ok(Ok(report)) => match serde_json::to_string_pretty(&report) {
                Ok(text) => json_answer(text),
                Err(_) => refuse(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "no se pudo escribir el informe",
                    "the report could not be written",
                ),
            },
            Ok(Err(message)) => refuse(StatusCode::UNPROCESSABLE_ENTITY, &message, &message),
            Err(_) => refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                "la validación se interrumpió",
                "the validation stopped unexpectedly",
            ),
        }
    }
}

fn json_answer(text: String) -> Answer {
    let mut answer = Response::new(Full::new(Bytes::from(text)));
    let headers = answer.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    answer
}

fn too_large(limit: u64) -> Answer {
    let mb = limit / (1024 * 1024);
    refuse(
        StatusCode::PAYLOAD_TOO_LARGE,
        &format!("el archivo pasa del máximo de {mb} MB de este servidor"),
        &format!("the file is over this server's {mb} MB limit"),
    )
}

/// Why a body could not be fed to the validator.
enum Fed {
    TooLarge,
    TooSlow,
    NoFile,
    SecondFile,
    Broken(String),
}

/// Answers `answer` after reading what is left of the request's body (within the limits), so
/// that the client receives it instead of a reset connection. A client that asked `Expect:
/// 100-continue` has sent nothing and reads the answer at once.
async fn after_draining(request: Request<Incoming>, config: &Config, answer: Answer) -> Answer {
    let waits_for_continue = request
        .headers()
        .get(header::EXPECT)
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"100-continue"));
    if !waits_for_continue {
        let _ = tokio::time::timeout(
            config.body_timeout.min(config.idle_timeout * 4),
            drain(request.into_body(), config.max_body),
        )
        .await;
    }
    answer
}

/// Reads a body to its end, or to `limit` bytes, and drops it.
async fn drain(mut body: Incoming, limit: u64) {
    let mut total = 0u64;
    while let Some(Ok(frame)) = body.frame().await {
        if let Ok(data) = frame.into_data() {
            total += data.len() as u64;
            if total > limit {
                return;
            }
        }
    }
}

/// Passes a body's bytes on to the validator, counting them against the limit.
struct Feeder {
    sender: mpsc::Sender<io::Result<Bytes>>,
    total: u64,
    max_body: u64,
    /// Longest wait for the next piece of the body.
    idle: Duration,
    /// Time spent waiting for the body so far (not for the validator).
    waited: Duration,
    /// Most time the body may take to arrive.
    deadline: Duration,
}

impl Feeder {
    /// Waits for the next piece of the body (`next`), within the idle and total limits.
    async fn next<T>(&mut self, next: impl std::future::Future<Output = T>) -> Result<T, Fed> {
        let left = self.deadline.saturating_sub(self.waited);
        let started = std::time::Instant::now();
        let outcome = tokio::time::timeout(self.idle.min(left), next).await;
        self.waited += started.elapsed();
        match outcome {
            Ok(value) => Ok(value),
            Err(_) => Err(self.fail(Fed::TooSlow, "the body stopped arriving").await),
        }
    }

    /// Passes `data` on; `Ok(false)` when the validator has stopped reading (a workbook over
    /// its limit): nothing more needs to be sent.
    async fn pass(&mut self, data: Bytes) -> Result<bool, Fed> {
        self.total += data.len() as u64;
        if self.total > self.max_body {
            return Err(self.fail(Fed::TooLarge, "body over the limit").await);
        }
        Ok(self.sender.send(Ok(data)).await.is_ok())
    }

    /// What a multipart error means for the answer (told to the validator too).
    async fn broken(&self, error: multer::Error) -> Fed {
        match error {
            multer::Error::StreamSizeExceeded { .. } | multer::Error::FieldSizeExceeded { .. } => {
                self.fail(Fed::TooLarge, "body over the limit").await
            }
            error => {
                let reason = error.to_string();
                self.fail(Fed::Broken(reason.clone()), &reason).await
            }
        }
    }

    /// Tells the validator the body broke, and why; gives back `fed` for the answer.
    async fn fail(&self, fed: Fed, reason: &str) -> Fed {
        let _ = self
            .sender
            .send(Err(io::Error::other(reason.to_owned())))
            .await;
        fed
    }
}

/// Sends the raw body's frames to the validator; what it no longer reads is drained.
async fn feed(mut body: Incoming, mut feeder: Feeder) -> Result<(), Fed> {
    while let Some(frame) = feeder.next(body.frame()).await? {
        let frame = match frame {
            Ok(frame) => frame,
            Err(error) => {
                let reason = error.to_string();
                return Err(feeder.fail(Fed::Broken(reason.clone()), &reason).await);
            }
        };
        if let Ok(data) = frame.into_data()
            && !feeder.pass(data).await?
        {
            // The validator stopped reading (a time or size limit): the rest is read and
            // dropped, so the client gets the answer instead of a reset connection.
            let limit = feeder.max_body.saturating_sub(feeder.total);
            let left = feeder.deadline.saturating_sub(feeder.waited);
            let _ = tokio::time::timeout(left, drain(body, limit)).await;
            return Ok(());
        }
    }
    Ok(())
}

/// Sends the one file part of a multipart form to the validator.
async fn feed_multipart(
    body: Incoming,
    boundary: String,
    mut feeder: Feeder,
    name_sender: tokio::sync::oneshot::Sender<String>,
) -> Result<(), Fed> {
    let stream = http_body_util::BodyStream::new(body).filter_map_data();
    let constraints = multer::Constraints::new()
        .size_limit(multer::SizeLimit::new().whole_stream(feeder.max_body));
    let mut form = multer::Multipart::with_constraints(stream, boundary, constraints);
    let mut field = loop {
        match feeder.next(form.next_field()).await? {
            Ok(Some(field)) if field.file_name().is_some() => break field,
            Ok(Some(_)) => {}
            Ok(None) => return Err(Fed::NoFile),
            Err(error) => return Err(feeder.broken(error).await),
        }
    };
    let _ = name_sender.send(
        field
            .file_name()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or("upload")
            .to_owned(),
    );
    let mut reading = true;
    loop {
        match feeder.next(field.chunk()).await? {
            // Once the validator stops reading, the rest of the form is still read.
            Ok(Some(data)) => reading = reading && feeder.pass(data).await?,
            Ok(None) => break,
            Err(error) => return Err(feeder.broken(error).await),
        }
    }
    // One file per request: a second one is refused rather than silently ignored.
    drop(field);
    loop {
        match feeder.next(form.next_field()).await? {
            Ok(Some(next)) if next.file_name().is_some() => {
                return Err(feeder.fail(Fed::SecondFile, "a second file").await);
            }
            Ok(Some(_)) => {}
            Ok(None) => return Ok(()),
            Err(error) => return Err(feeder.broken(error).await),
        }
    }
}

/// Helps `BodyStream` into multer's stream of bytes.
trait FilterData {
    fn filter_map_data(
        self,
    ) -> impl futures_util::Stream<Item = Result<Bytes, hyper::Error>> + Send + 'static;
}

impl FilterData for http_body_util::BodyStream<Incoming> {
    fn filter_map_data(
        self,
    ) -> impl futures_util::Stream<Item = Result<Bytes, hyper::Error>> + Send + 'static {
        use futures_util::StreamExt;
        self.filter_map(|frame| async move {
            match frame {
                Ok(frame) => frame.into_data().ok().map(Ok),
                Err(error) => Some(Err(error)),
            }
        })
    }
}

/// The validator's side of the body: blocking reads of what the connection delivers.
struct ChannelReader {
    receiver: mpsc::Receiver<io::Result<Bytes>>,
    current: Bytes,
}

impl Read for ChannelReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.current.is_empty() {
            match self.receiver.blocking_recv() {
                Some(Ok(next)) => self.current = next,
                Some(Err(error)) => return Err(error),
                None => return Ok(0),
            }
        }
        let n = out.len().min(self.current.len());
        out[..n].copy_from_slice(&self.current[..n]);
        let _ = self.current.split_to(n);
        Ok(n)
    }
}

/// The library's options from the query string; `Err((es, en))` names what is wrong.
fn options_of(
    query: &str,
    as_of: Option<&str>,
) -> Result<(calidad::Options, Option<String>), (String, String)> {
    let mut options = calidad::Options {
        as_of: as_of.map(str::to_owned),
        ..calidad::Options::default()
    };
    let mut name = None;
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        let value = value.into_owned();
        let flag = |value: &str| match value {
            "true" | "1" | "yes" | "si" | "sí" | "" => Ok(true),
            "false" | "0" | "no" => Ok(false),
            _ => Err((
                format!("«{key}» es true o false, no «{value}»"),
                format!("«{key}» is true or false, not «{value}»"),
            )),
        };
        let number = |value: &str| {
            value.parse::<u64>().map_err(|_| {
                (
                    format!("«{key}» es un número entero, no «{value}»"),
                    format!("«{key}» is a whole number, not «{value}»"),
                )
            })
        };
        match key.as_ref() {
            "lang" => options.lang = Some(value),
            "name" => name = Some(value),
            "sheet" => options.sheet = Some(value),
            "delimiter" => options.delimiter = Some(value),
            "encoding" => options.encoding = Some(value),
            "header-row" => options.header_row = Some(number(&value)?),
            "limit-errors" => {
                options.limit_errors = usize::try_from(number(&value)?).unwrap_or(usize::MAX);
            }
            "infer-rows" => options.infer_rows = Some(number(&value)?),
            "skip-errors" => options.skip_errors.push(value),
            "pick-errors" => options.pick_errors.push(value),
            "check" => options.checks.push(value),
            "allow-field" => options.allow_fields.push(value),
            "quasi-identifiers" => options.quasi_identifiers.push(value),
            "as-of" => options.as_of = Some(value),
            "privacy" => options.privacy = flag(&value)?,
            "score" => options.score = flag(&value)?,
            "infer" => options.infer = flag(&value)?,
            other => {
                return Err((
                    format!("parámetro desconocido «{other}»"),
                    format!("unknown parameter «{other}»"),
                ));
            }
        }
    }
    // Never a raw value in an answer that leaves this process.
    options.mask = true;
    options.reveal = false;
    Ok((options, name))
}

/// The page's files: nothing else in its folder is served (no tests, no dotfiles, no links).
const PAGE_FILES: &[&str] = &[
    "index.html",
    "app.js",
    "worker.js",
    "style.css",
    "pkg/calidad_wasm.js",
    "pkg/calidad_wasm_bg.wasm",
];

/// The file of the page a URL path names: one of [`PAGE_FILES`], inside `root`.
fn page_file(root: &Path, path: &str) -> Option<PathBuf> {
    let relative = path.strip_prefix('/').unwrap_or(path);
    let relative = if relative.is_empty() {
        "index.html"
    } else {
        relative
    };
    PAGE_FILES
        .iter()
        .find(|f| **f == relative)
        .map(|f| root.join(f))
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_inside_the_page_are_served() {
        let root = Path::new("/srv/web");
        assert_eq!(page_file(root, "/"), Some(root.join("index.html")));
        assert_eq!(
            page_file(root, "/pkg/calidad_wasm_bg.wasm"),
            Some(root.join("pkg/calidad_wasm_bg.wasm"))
        );
        for bad in [
            "/.gitignore",
            "/tests/browser.mjs",
            "/pkg",
            "/../etc/passwd",
            "/pkg/../../x",
            "//etc/passwd",
            "/a%2f..",
            "/.git/config/..",
        ] {
            assert_eq!(page_file(root, bad), None, "{bad}");
        }
    }

    #[test]
    fn query_options_are_read_and_unknown_ones_refused() {
        let (options, name) = options_of("lang=en&sheet=Hoja%201&privacy=false&name=a.csv", None)
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(options.lang.as_deref(), Some("en"));
        assert_eq!(options.sheet.as_deref(), Some("Hoja 1"));
        assert!(!options.privacy);
        assert!(options.mask);
        assert_eq!(name.as_deref(), Some("a.csv"));
        let (es, en) = options_of("revel=true", None).err().unwrap_or_default();
        assert!(
            es.contains("«revel»") && en.contains("unknown"),
            "{es} {en}"
        );
        let (es, _) = options_of("header-row=dos", None).err().unwrap_or_default();
        assert!(es.contains("«dos»"), "{es}");
    }
}

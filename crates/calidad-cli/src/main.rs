//! The `calidad` command. Parses arguments, calls the library, prints, and maps the outcome to
//! an exit code: 0 valid, 1 invalid, 2 could not validate.

mod args;
mod ayuda;
mod text;

use args::{
    AuditArgs, AuditCommand, Cli, ColorChoice, Command, DescribeArgs, DescribeFormat, ExplainArgs,
    Format, MergeArgs, MetadataArgs, ValidateArgs,
};
use calidad::{Lang, Report, Validator};
use clap::{CommandFactory, FromArgMatches};
use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    // A reader that panics on a damaged file is caught where it runs, and the file reported
    // as unreadable: one line here, not a backtrace a clerk cannot act on.
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!(" ({}:{})", l.file(), l.line()))
            .unwrap_or_default();
        let _ = writeln!(
            io::stderr(),
            "calidad: internal error{location}; the file is reported as unreadable"
        );
    }));
    let cli = match parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    // The language of a failure's message: the command's `--lang` if it is one calidad
    // writes, else the locale's (an unknown `--lang` is itself the failure, said so).
    let lang = said_lang(&cli.command);
    let result = match cli.command {
        Command::Validate(args) => validate(&args),
        Command::Describe(args) => describe(&args),
        Command::Explain(args) => explain(&args),
        Command::Metadata(args) => metadata(&args),
        Command::Completions(args) => completions(&args),
        Command::Corregir(args) => corregir(&args),
        Command::Serve(args) => serve(&args),
        Command::Audit(args) => match &args.merge {
            Some(AuditCommand::Merge(merge_args)) => merge(merge_args),
            None => audit(&args),
        },
    };
    match result {
        Ok(code) => code,
        Err(Failure::BrokenPipe) => ExitCode::SUCCESS,
        Err(failure) => {
            let _ = writeln!(io::stderr(), "calidad: {}", failure.message(lang));
            ExitCode::from(2)
        }
    }
}

/// The command line, with help and argument errors in the language of `--lang` or the locale.
/// `Err` is the exit code after help, the version or an argument error was printed.
fn parse() -> Result<Cli, ExitCode> {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = lang_in(&args);
    let mut command = Cli::command();
    if lang == Lang::Es {
        command = ayuda::en_espanol(command);
    }
    let parsed = command
        .try_get_matches_from_mut(&args)
        .and_then(|mut matches| Cli::from_arg_matches_mut(&mut matches));
    parsed.map_err(|error| {
        let code = if error.use_stderr() { 2 } else { 0 };
        if lang == Lang::Es && error.use_stderr() {
            let _ = write!(io::stderr(), "{}", ayuda::error_en_espanol(&error));
        } else if lang == Lang::Es && error.kind() == clap::error::ErrorKind::DisplayHelp {
            let _ = write!(io::stdout(), "{}", ayuda::ayuda_en_espanol(&error));
        } else {
            let _ = error.print();
        }
        ExitCode::from(code)
    })
}

/// The language asked for on the command line (`--lang en`, `--lang=en`), else the locale's.
fn lang_in(args: &[std::ffi::OsString]) -> Lang {
    let mut asked = None;
    let mut words = args.iter().filter_map(|a| a.to_str());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if word == "--lang" {
            asked = words.next().and_then(Lang::parse);
        } else if let Some(value) = word.strip_prefix("--lang=") {
            asked = Lang::parse(value);
        }
    }
    asked.unwrap_or_else(|| lang_from(None).unwrap_or_default())
}

/// `calidad corregir FILE -o DIR`: the corrected copy, its schema and the change log; the log
/// is printed too.
fn corregir(args: &args::CorregirArgs) -> Result<ExitCode, Failure> {
    let lang = lang_from(args.lang.as_deref())?;
    let delimiter = match args.out_delimiter.as_str() {
        "tab" | "\\t" | "\t" => b'\t',
        text if text.len() == 1 && !text.as_bytes()[0].is_ascii_alphanumeric() && text != "\"" => {
            text.as_bytes()[0]
        }
        text => {
            return Err(Failure::said(
                format!("separador de salida no válido {text:?}: use , ; | o tab"),
                format!("invalid output delimiter {text:?}: use , ; | or tab"),
            ));
        }
    };
    let mut builder = reading_builder(
        lang,
        0,
        args.encoding.as_deref(),
        args.delimiter.as_deref(),
        args.header_row,
    )?;
    if let Some(sheet) = &args.sheet {
        builder = builder.sheet(sheet);
    }
    let options = calidad::fix::FixOptions {
        out_dir: args.out.clone(),
        delimiter,
        decimal_comma: args.decimal_comma,
        drop_personal: args.drop_personal,
        lang,
    };
    let report = calidad::fix::fix_path(builder, &args.source, &options)?;
    let text = std::fs::read_to_string(&report.log_text).unwrap_or_default();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    write!(out, "{text}")?;
    writeln!(
        out,
        "\n{} {}",
        lang.pick("Registro de cambios:", "Change log:"),
        report.log_text.display()
    )?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `calidad completions SHELL`: the shell's completion script, or the manual page.
/// The page's directory: `--web`, else `web/` here, else `web/` beside the program (or one
/// level up, as in a release archive's `bin/`).
fn web_dir(asked: Option<&std::path::Path>) -> Result<Option<std::path::PathBuf>, Failure> {
    if let Some(dir) = asked {
        if !dir.join("index.html").is_file() {
            return Err(Failure::said(
                format!(
                    "{} no tiene index.html: --web es la carpeta web/ de calidad",
                    dir.display()
                ),
                format!(
                    "{} has no index.html: --web is calidad's web/ directory",
                    dir.display()
                ),
            ));
        }
        return Ok(Some(dir.to_owned()));
    }
    let program = std::env::current_exe().ok();
    let beside = program.as_deref().and_then(std::path::Path::parent);
    let candidates = [
        Some(std::path::PathBuf::from("web")),
        beside.map(|d| d.join("web")),
        beside
            .and_then(std::path::Path::parent)
            .map(|d| d.join("web")),
    ];
    Ok(candidates
        .into_iter()
        .flatten()
        .find(|dir| dir.join("index.html").is_file()))
}

fn serve(args: &args::ServeArgs) -> Result<ExitCode, Failure> {
    let lang = lang_from(args.lang.as_deref())?;
    let web = web_dir(args.web.as_deref())?;
    let config = calidad_serve::Config {
        addr: std::net::SocketAddr::new(args.host, args.port),
        web: web.clone(),
        max_body: args.max_body_mb.saturating_mul(1024 * 1024),
        max_concurrent: args
            .max_concurrent
            .unwrap_or(calidad_serve::Config::default().max_concurrent),
        validation_time: std::time::Duration::from_secs(args.time_limit.max(1)),
        memory_limit: args.memory_limit.or_else(calidad::default_memory_limit),
        today: Some(today),
        ..calidad_serve::Config::default()
    };
    let config_workers = config.max_concurrent;
    let server = calidad_serve::Server::bind(config).map_err(|e| {
        Failure::said(
            format!("no se pudo escuchar en {}:{}: {e}", args.host, args.port),
            format!("cannot listen on {}:{}: {e}", args.host, args.port),
        )
    })?;
    let stopped = |e: io::Error| {
        Failure::said(
            format!("el servidor se detuvo: {e}"),
            format!("the server stopped: {e}"),
        )
    };
    let addr = server.local_addr().map_err(stopped)?;
    let mut err = io::stderr().lock();
    match &web {
        Some(dir) => writeln!(
            err,
            "{} http://{addr}/  ({} {})",
            lang.pick("Página:", "Page:"),
            lang.pick("archivos de", "files from"),
            dir.display()
        )?,
        None => writeln!(
            err,
            "{}",
            lang.pick(
                "Sin página (no encontré web/index.html; use --web): solo la API.",
                "No page (web/index.html not found; use --web): the API only."
            )
        )?,
    }
    writeln!(err, "API: POST http://{addr}/v1/validate")?;
    warn_tight_memory(args.memory_limit, config_workers, lang);
    writeln!(
        err,
        "{}",
        lang.pick(
            "Detenga el servidor con Ctrl+C.",
            "Stop the server with Ctrl+C."
        )
    )?;
    drop(err);
    server.run().map_err(stopped)?;
    Ok(ExitCode::SUCCESS)
}

fn completions(args: &args::CompletionsArgs) -> Result<ExitCode, Failure> {
    let mut command = Cli::command();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let shell = match args.shell {
        args::Shell::Man => {
            clap_mangen::Man::new(command).render(&mut out)?;
            out.flush()?;
            return Ok(ExitCode::SUCCESS);
        }
        args::Shell::Bash => clap_complete::Shell::Bash,
        args::Shell::Zsh => clap_complete::Shell::Zsh,
        args::Shell::Fish => clap_complete::Shell::Fish,
        args::Shell::Powershell => clap_complete::Shell::PowerShell,
        args::Shell::Elvish => clap_complete::Shell::Elvish,
    };
    clap_complete::generate(shell, &mut command, "calidad", &mut out);
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The language failures are said in for `command`.
fn said_lang(command: &Command) -> Lang {
    let asked = match command {
        Command::Validate(args) => args.lang.as_deref(),
        Command::Describe(args) => args.lang.as_deref(),
        Command::Explain(args) => args.lang.as_deref(),
        Command::Metadata(args) => args.lang.as_deref(),
        Command::Completions(_) => None,
        Command::Corregir(args) => args.lang.as_deref(),
        Command::Serve(args) => args.lang.as_deref(),
        Command::Audit(args) => match &args.merge {
            Some(AuditCommand::Merge(merge)) => merge.lang.as_deref(),
            None => args.lang.as_deref(),
        },
    };
    asked
        .and_then(Lang::parse)
        .unwrap_or_else(|| lang_from(None).unwrap_or_default())
}

enum Failure {
    /// The reader of our output went away (`calidad … | head`): not an error.
    BrokenPipe,
    /// Could not validate: one line for stderr, in Spanish and in English.
    Said {
        /// Spanish.
        es: String,
        /// English.
        en: String,
    },
    /// The library's reason, which it words in either language.
    Library(calidad::Error),
    /// Writing the report failed.
    Write(io::Error),
}

impl Failure {
    /// A failure said in both languages.
    fn said(es: impl Into<String>, en: impl Into<String>) -> Failure {
        Failure::Said {
            es: es.into(),
            en: en.into(),
        }
    }

    /// The line for stderr, in `lang`.
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Failure::BrokenPipe, _) => String::new(),
            (Failure::Said { es, .. }, Lang::Es) => es.clone(),
            (Failure::Said { en, .. }, Lang::En) => en.clone(),
            (Failure::Library(error), _) => error.message(lang),
            (Failure::Write(error), Lang::Es) => format!(
                "no se pudo escribir el informe: {}",
                calidad::io_reason(error, lang)
            ),
            (Failure::Write(error), Lang::En) => format!("cannot write the report: {error}"),
        }
    }
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Failure {
        if error.kind() == io::ErrorKind::BrokenPipe {
            Failure::BrokenPipe
        } else {
            Failure::Write(error)
        }
    }
}

impl From<calidad::Error> for Failure {
    fn from(error: calidad::Error) -> Failure {
        Failure::Library(error)
    }
}

fn lang_from(arg: Option<&str>) -> Result<Lang, Failure> {
    match arg {
        Some(text) => Lang::parse(text).ok_or_else(|| {
            Failure::said(
                format!("idioma desconocido {text:?}: use es o en"),
                format!("unknown language {text:?}: use es or en"),
            )
        }),
        None => {
            let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
                .iter()
                .filter_map(|var| std::env::var(var).ok())
                .find(|value| !value.is_empty())
                .unwrap_or_default();
            Ok(Lang::from_locale(&locale))
        }
    }
}

/// Today from the system clock, as `YYYY-MM-DD`: the command line is where calidad reads the
/// clock (the libraries are told the date), so `--as-of` defaults to it.
fn today() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    calidad::calidad_core::calendar::iso(i64::try_from(seconds / 86_400).unwrap_or(0))
}

/// The library's options from the command line's.
fn options_of(args: &ValidateArgs, lang: Lang) -> calidad::Options {
    calidad::Options {
        lang: Some(lang.code().to_owned()),
        limit_errors: args.limit_errors,
        encoding: args.encoding.clone(),
        delimiter: args.delimiter.clone(),
        header_row: args.header_row,
        sheet: args.sheet.clone(),
        schema_path: args.schema.clone(),
        checks: args.checks.clone(),
        skip_errors: args.skip_errors.clone(),
        pick_errors: args.pick_errors.clone(),
        infer: !args.no_infer,
        infer_rows: args.infer_rows,
        privacy: !args.no_privacy,
        score: !args.no_score,
        mask: !args.no_mask,
        reveal: args.reveal && args.format == Format::Text,
        allow_fields: args.allow_field.clone(),
        quasi_identifiers: args.quasi_identifiers.clone(),
        as_of: Some(args.as_of.clone().unwrap_or_else(today)),
        metadata_path: args.metadata.clone(),
        metadata_resource: args.sources.first().map(|p| p.display().to_string()),
        expect_bytes: args.bytes,
        expect_rows: args.rows,
        expect_fields: args.fields,
        expect_hash: args.hash.clone(),
        single_thread: args.single_thread,
        threads: args.threads.map(usize::from),
        memory_limit: args.memory_limit,
        ..calidad::Options::default()
    }
}

fn validate(args: &ValidateArgs) -> Result<ExitCode, Failure> {
    let lang = lang_from(args.lang.as_deref())?;
    if args.reveal && args.format != Format::Text {
        return Err(Failure::said(
            "--reveal muestra valores reales solo en el informe de texto, en su pantalla: no va con --format json",
            "the real values are for the text report on your screen only: --reveal cannot go with --format json",
        ));
    }
    let validator = options_of(args, lang).builder()?.build();
    if args.ai && args.no_score {
        return Err(Failure::said(
            "--ai lee la nota: no va con --no-score",
            "--ai reads the score: it cannot go with --no-score",
        ));
    }
    #[cfg(not(feature = "ai"))]
    if args.ai {
        return Err(Failure::said(
            "--ai necesita calidad compilado con la función `ai` (cargo build --release -p calidad-cli --features ai)",
            "--ai needs calidad built with the `ai` feature (cargo build --release -p calidad-cli --features ai)",
        ));
    }
    #[allow(unused_mut)]
    let downloads = Downloads::fetch(args)?;
    let mut report = run(&validator, &downloads.sources)?;
    downloads.name_tasks(&mut report);
    #[cfg(feature = "ai")]
    if args.ai {
        let config = calidad::ai::AiConfig {
            base_url: args.ai_base_url.clone(),
            api_key: None,
            model: args.ai_model.clone(),
            timeout: std::time::Duration::from_secs(args.ai_timeout.max(1)),
        };
        calidad::ai::evaluate(&mut report.tasks, &config);
    }

    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.format {
        Format::Json => write_json(&mut out, &report)?,
        Format::Text => {
            let color = match args.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    io::stdout().is_terminal()
                        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                }
            };
            let options = text::Options {
                lang,
                color,
                examples: args.examples,
                quiet: args.quiet,
            };
            text::write_report(&mut out, &report, &options)?;
        }
    }
    out.flush()?;
    Ok(if report.valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The sources to read, with http(s) addresses downloaded into a private temporary folder,
/// removed when this is dropped.
struct Downloads {
    sources: Vec<std::path::PathBuf>,
    /// Each downloaded file and its address, to name the tasks by the address.
    fetched: Vec<(String, String)>,
    folder: Option<std::path::PathBuf>,
}

impl Downloads {
    fn fetch(args: &ValidateArgs) -> Result<Downloads, Failure> {
        let mut downloads = Downloads {
            sources: Vec::with_capacity(args.sources.len()),
            fetched: Vec::new(),
            folder: None,
        };
        for (index, source) in args.sources.iter().enumerate() {
            let text = source.to_string_lossy();
            let lower = text.to_ascii_lowercase();
            if !(lower.starts_with("http://") || lower.starts_with("https://")) {
                downloads.sources.push(source.clone());
                continue;
            }
            let folder = match &downloads.folder {
                Some(folder) => folder.clone(),
                None => {
                    let folder = std::env::temp_dir().join(format!(
                        "calidad-{}-{}",
                        std::process::id(),
                        today()
                    ));
                    std::fs::create_dir_all(&folder).map_err(Failure::Write)?;
                    downloads.folder = Some(folder.clone());
                    folder
                }
            };
            // The address's own file name (its extension says the format), in a folder of
            // its own per source so that two addresses never share a name.
            let name = file_name_of(&text);
            let dest_folder = folder.join(index.to_string());
            std::fs::create_dir_all(&dest_folder).map_err(Failure::Write)?;
            let dest = dest_folder.join(&name);
            let options = calidad_audit::DownloadOptions {
                timeout: std::time::Duration::from_secs(args.download_timeout.max(1)),
                max_bytes: args.max_download_bytes,
                ..calidad_audit::DownloadOptions::default()
            };
            calidad_audit::download_file(&text, &dest, options).map_err(|reason| {
                Failure::said(
                    format!("no se pudo descargar {text}: {reason}"),
                    format!("cannot download {text}: {reason}"),
                )
            })?;
            downloads
                .fetched
                .push((dest.display().to_string(), text.into_owned()));
            downloads.sources.push(dest);
        }
        Ok(downloads)
    }

    /// Tasks of downloaded files are named by their address, not the temporary file.
    fn name_tasks(&self, report: &mut Report) {
        for task in &mut report.tasks {
            for (path, url) in &self.fetched {
                if let Some(rest) = task.place.strip_prefix(path.as_str()) {
                    task.place = format!("{url}{rest}");
                }
            }
        }
    }
}

impl Drop for Downloads {
    fn drop(&mut self) {
        if let Some(folder) = &self.folder {
            let _ = std::fs::remove_dir_all(folder);
        }
    }
}

/// The file name an address ends with (`datos.csv` for `https://x/y/datos.csv?dl=1`), or
/// `descarga` when it names none; only letters, digits, `.`, `-` and `_` are kept.
fn file_name_of(url: &str) -> String {
    let last = calidad_audit::url_file_name(url).unwrap_or_default();
    let kept: String = last
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    if kept.trim_matches('.').is_empty() {
        "descarga".to_owned()
    } else {
        kept
    }
}

/// Validates every source into one report; `-` is standard input and a `datapackage.json` adds
/// one task per resource. Every file is opened before any is read, so a typo in the last path
/// fails fast.
fn run(validator: &Validator, sources: &[std::path::PathBuf]) -> Result<Report, Failure> {
    let stdin_count = sources.iter().filter(|p| p.as_os_str() == "-").count();
    if stdin_count > 1 {
        return Err(Failure::said(
            "la entrada estándar (-) se puede dar una sola vez",
            "standard input (-) can be given only once",
        ));
    }
    let packages = sources.iter().any(|p| calidad::is_package(p));
    if stdin_count == 0 && !packages {
        return Ok(validator.validate_paths(sources)?);
    }
    for path in sources.iter().filter(|p| p.as_os_str() != "-") {
        std::fs::File::open(path).map_err(|source| calidad::Error::Open {
            path: path.clone(),
            source,
        })?;
    }
    let started = std::time::Instant::now();
    let mut tasks = Vec::with_capacity(sources.len());
    for path in sources {
        if path.as_os_str() == "-" {
            tasks.extend(validator.tasks_for_stdin()?);
        } else if calidad::is_package(path) {
            tasks.extend(validator.package_tasks(path)?);
        } else {
            tasks.extend(validator.tasks_for_path(Path::new(path))?);
        }
    }
    Ok(Report::from_tasks(tasks, started.elapsed().as_secs_f64()))
}

/// A report as pretty JSON and a newline.
fn write_json(out: &mut impl Write, report: &impl serde::Serialize) -> Result<(), Failure> {
    serde_json::to_writer_pretty(&mut *out, report).map_err(|e| Failure::Write(e.into()))?;
    writeln!(out)?;
    Ok(())
}

impl From<calidad_audit::AuditError> for Failure {
    fn from(error: calidad_audit::AuditError) -> Failure {
        let text = error.to_string();
        Failure::said(format!("la auditoría no pudo seguir: {text}"), text)
    }
}

/// A progress bar on standard error, drawn only when asked or on a terminal.
struct Bar(indicatif::ProgressBar);

impl Bar {
    fn new(choice: ColorChoice, lang: Lang) -> Bar {
        let visible = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                io::stderr().is_terminal() && std::env::var_os("CI").is_none_or(|v| v.is_empty())
            }
        };
        let bar = if visible {
            let bar = indicatif::ProgressBar::new(0);
            // Units in words, and the last file read: "12/40 recursos · 3,1 recursos/s · …".
            let template = match lang {
                Lang::Es => "{bar:30} {pos}/{len} recursos · {per_sec_es} · faltan {eta} · {msg}",
                Lang::En => "{bar:30} {pos}/{len} resources · {per_sec_en} · {eta} left · {msg}",
            };
            if let Ok(style) = indicatif::ProgressStyle::with_template(template).map(|style| {
                style
                    .with_key(
                        "per_sec_es",
                        |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                            let _ = write!(w, "{:.1} recursos/s", state.per_sec());
                        },
                    )
                    .with_key(
                        "per_sec_en",
                        |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                            let _ = write!(w, "{:.1} resources/s", state.per_sec());
                        },
                    )
            }) {
                bar.set_style(style);
            }
            bar
        } else {
            indicatif::ProgressBar::hidden()
        };
        Bar(bar)
    }
}

impl calidad_audit::Progress for Bar {
    fn planned(&self, total: u64) {
        self.0.set_length(total);
    }
    fn finished(&self, row: &calidad_audit::Row) {
        // The file name, not its whole path: the line must fit a terminal.
        let name = row.source.rsplit(['/', '\\']).next().unwrap_or(&row.source);
        self.0.set_message(name.to_owned());
        self.0.inc(1);
    }
}

fn audit(args: &AuditArgs) -> Result<ExitCode, Failure> {
    let lang = lang_from(args.lang.as_deref())?;
    let Some(out) = args.out.clone() else {
        return Err(Failure::said(
            "calidad audit necesita --out CARPETA",
            "calidad audit needs --out DIR",
        ));
    };
    let as_of = args.as_of.clone().unwrap_or_else(today);
    let builder = Validator::builder()
        .lang(lang)
        .limit_errors(args.limit_errors)
        // Parallel across resources: each one on one thread.
        .read_ahead(false)
        .threads(1)
        .privacy(!args.no_privacy)
        .score(!args.no_score)
        .time_limit(std::time::Duration::from_secs(args.time_limit.max(1)))
        .as_of(&as_of)?;
    // What the reports depend on: resuming with anything else re-validates.
    let options_key = format!(
        "lang={} limit={} privacy={} score={} as_of={as_of} time_limit={}",
        lang.code(),
        args.limit_errors,
        !args.no_privacy,
        !args.no_score,
        args.time_limit
    );
    let options = calidad_audit::AuditOptions {
        out: out.clone(),
        resources_dir: args.resources_dir.clone(),
        download: args.download.then(|| calidad_audit::DownloadOptions {
            timeout: std::time::Duration::from_secs(args.download_timeout.max(1)),
            max_bytes: args.max_download_bytes,
            retries: args.retries,
            ..calidad_audit::DownloadOptions::default()
        }),
        resume: args.resume,
        shard: args
            .shard
            .as_deref()
            .map(calidad_audit::Shard::parse)
            .transpose()?,
        threads: args.threads,
        memory_limit: args.memory_limit.or_else(calidad::default_memory_limit),
        lang,
        follow_links: args.follow_links,
        options_key,
    };
    let workers = match args.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    warn_tight_memory(args.memory_limit, workers, lang);
    let bar = Bar::new(args.progress, lang);
    let summary = calidad_audit::audit(&args.sources, &builder, &options, &bar)?;
    bar.0.finish_and_clear();
    print_audit(&summary, &out, lang)
}

fn merge(args: &MergeArgs) -> Result<ExitCode, Failure> {
    let lang = lang_from(args.lang.as_deref())?;
    let summary = calidad_audit::merge(&args.dirs, &args.out, lang)?;
    print_audit(&summary, &args.out, lang)
}

/// Says on standard error when a `--memory-limit` cannot be held by `workers` validations at
/// once (each keeps 64 MiB for its other work): the run goes on, its indexes at their smallest.
fn warn_tight_memory(limit: Option<u64>, workers: usize, lang: Lang) {
    let least = calidad::least_memory(workers);
    if let Some(limit) = limit.filter(|limit| *limit < least) {
        let (limit, least) = (limit >> 20, least >> 20);
        let _ = writeln!(
            io::stderr(),
            "{}",
            lang.pick(
                &format!(
                    "Aviso: --memory-limit {limit}MB es menos que lo que necesitan {workers} validaciones a la vez ({least}MB); sigo, con los índices en disco, pero el uso de memoria puede superarlo."
                ),
                &format!(
                    "Warning: --memory-limit {limit}MB is less than {workers} validations at once need ({least}MB); going on with the indexes on disk, but memory use may exceed it."
                ),
            )
        );
    }
}

/// The audit's totals in a few lines, and the exit code: 0 all valid, 1 otherwise.
fn print_audit(
    summary: &calidad_audit::Summary,
    out: &Path,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    let stdout = io::stdout();
    let mut w = stdout.lock();
    let status = &summary.status;
    writeln!(
        w,
        "{} {}: {} {}, {} {}, {} {}; {} {}",
        summary.resources,
        lang.pick("recursos", "resources"),
        status.ok,
        lang.pick("válidos", "valid"),
        status.invalid,
        lang.pick("con errores", "invalid"),
        status.could_not_read,
        lang.pick("no se pudieron leer", "could not be read"),
        summary.privacy_flagged,
        lang.pick("con datos personales", "with privacy flags"),
    )?;
    if let Some(mean) = summary.mean_score {
        writeln!(w, "{} {mean:.1}/10", lang.pick("Nota media", "Mean score"))?;
    }
    writeln!(
        w,
        "{} {}",
        lang.pick("Tablero:", "Dashboard:"),
        out.join("index.html").display()
    )?;
    writeln!(
        w,
        "{} {}",
        lang.pick("Para Excel:", "For a spreadsheet:"),
        out.join("resumen-excel.csv").display()
    )?;
    Ok(if status.invalid == 0 && status.could_not_read == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn metadata(args: &MetadataArgs) -> Result<ExitCode, Failure> {
    let lang = lang_from(args.lang.as_deref())?;
    let place = args.file.display().to_string();
    let text = std::fs::read_to_string(&args.file).map_err(|e| {
        Failure::said(
            format!(
                "no se puede abrir {place}: {}",
                calidad::io_reason(&e, Lang::Es)
            ),
            format!("cannot open {place}: {e}"),
        )
    })?;
    let document: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        Failure::said(
            format!("{place} no es JSON: {e}"),
            format!("{place} is not JSON: {e}"),
        )
    })?;
    let date = args.as_of.clone().unwrap_or_else(today);
    let as_of = Some(
        calidad::calidad_core::calendar::Day::parse(&date).ok_or_else(|| {
            Failure::said(
                format!(
                    "fecha no válida {date:?}: escríbala como año-mes-día, por ejemplo 2024-12-31"
                ),
                format!("invalid date {date:?}: expected YYYY-MM-DD"),
            )
        })?,
    );
    let data_format = match &args.data {
        Some(data) => Some(
            Validator::builder()
                .score(false)
                .privacy(false)
                .build()
                .task_for_path(data)?
                .calidad
                .format,
        ),
        None => None,
    };
    let context = calidad::metadata::MetadataContext {
        data_format: data_format.as_deref(),
        as_of,
    };
    let report = calidad::metadata::check_metadata(&document, &place, lang, &context);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.format {
        Format::Json => write_json(&mut out, &report)?,
        Format::Text => {
            writeln!(out, "{place}")?;
            let verdict = match (report.valid, lang) {
                (true, Lang::Es) => "✓ metadatos válidos",
                (true, Lang::En) => "✓ valid metadata",
                (false, Lang::Es) => "✗ metadatos no válidos",
                (false, Lang::En) => "✗ invalid metadata",
            };
            writeln!(out, "  {verdict}")?;
            for problem in &report.problems {
                writeln!(out, "  {} · {}", problem.code, problem.message)?;
            }
        }
    }
    out.flush()?;
    Ok(if report.valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// A builder with the reading options `describe` and `corregir` share: the file's encoding,
/// delimiter and header row when given, today's date, and `limit` errors listed.
fn reading_builder(
    lang: Lang,
    limit: usize,
    encoding: Option<&str>,
    delimiter: Option<&str>,
    header_row: Option<u64>,
) -> Result<calidad::ValidatorBuilder, Failure> {
    let mut builder = Validator::builder()
        .lang(lang)
        .limit_errors(limit)
        .as_of(&today())?;
    if let Some(encoding) = encoding {
        builder = builder.encoding(encoding)?;
    }
    if let Some(delimiter) = delimiter {
        builder = builder.delimiter(delimiter)?;
    }
    if let Some(row) = header_row {
        builder = builder.header_row(row)?;
    }
    Ok(builder)
}

fn describe(args: &DescribeArgs) -> Result<ExitCode, Failure> {
    let lang = lang_from(args.lang.as_deref())?;
    let validator = reading_builder(
        lang,
        1,
        args.encoding.as_deref(),
        args.delimiter.as_deref(),
        args.header_row,
    )?
    .build();
    let tasks = if args.source.as_os_str() == "-" {
        validator.tasks_for_stdin()?
    } else {
        validator.tasks_for_path(&args.source)?
    };
    let schema = calidad::described_schema(tasks, &args.source.display().to_string())?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.format {
        DescribeFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &schema)
                .map_err(|e| Failure::Write(e.into()))?;
            writeln!(out)?;
        }
        DescribeFormat::Markdown => text::write_dictionary(&mut out, &schema, lang)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn explain(args: &ExplainArgs) -> Result<ExitCode, Failure> {
    let lang = lang_from(args.lang.as_deref())?;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match &args.code {
        None => {
            writeln!(
                out,
                "{}",
                lang.pick("Códigos de calidad:", "calidad codes:")
            )?;
            for rule in calidad::rules() {
                writeln!(
                    out,
                    "  {:<20} {:<8} {}",
                    rule.code,
                    rule.severity.as_str(),
                    rule.title.get(lang)
                )?;
            }
            writeln!(
                out,
                "\n{}",
                lang.pick(
                    "Use `calidad explain CÓDIGO` para ver qué significa, por qué importa y cómo corregirlo.",
                    "Use `calidad explain CODE` to see what it means, why it matters and how to fix it."
                )
            )?;
        }
        Some(code) => {
            let Some(rule) = calidad::rules().find(|r| r.code == code.trim()) else {
                return Err(Failure::said(
                    format!("código desconocido {code:?} (`calidad explain` muestra la lista)"),
                    format!("unknown code {code:?} (run `calidad explain` for the list)"),
                ));
            };
            writeln!(out, "# {} — {}", rule.code, rule.title.get(lang))?;
            writeln!(
                out,
                "{}: {}\n",
                lang.pick("Severidad", "Severity"),
                rule.severity.as_str()
            )?;
            writeln!(out, "{}\n", rule.description.get(lang))?;
            writeln!(out, "{}", rule.docs.get(lang))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

//! Command-line arguments.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// calidad: check an open-data table before you publish it.
#[derive(Debug, Parser)]
#[command(name = "calidad", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Validate tables: encoding, structure, dialect. Exit 0 valid, 1 invalid, 2 could not validate.
    #[command(visible_alias = "validar")]
    Validate(Box<ValidateArgs>),
    /// Infer the Table Schema of a table from all its rows and print it (the data dictionary).
    #[command(visible_alias = "describir")]
    Describe(DescribeArgs),
    /// Explain a finding code (what it means, why it matters, how to fix it), or list all codes.
    #[command(visible_alias = "explicar")]
    Explain(ExplainArgs),
    /// Check a dataset's CKAN metadata (package_show or package_create JSON) against the
    /// portal's rules. Exit 0 valid, 1 invalid, 2 could not read.
    #[command(visible_alias = "metadatos")]
    Metadata(MetadataArgs),
    /// Write a corrected copy of a table (never the table itself) as UTF-8 CSV, one per sheet,
    /// with its Table Schema and a log of every change.
    #[command(visible_alias = "fix")]
    Corregir(CorregirArgs),
    /// Write calidad's completions for a shell (bash, zsh, fish, powershell, elvish), or its
    /// manual page (man).
    Completions(CompletionsArgs),
    /// Audit many resources in parallel: a directory, `@LIST` of paths, or a CKAN export.
    /// Writes one report per resource, summary.json, summary.csv and index.html into --out.
    /// Exit 0 all valid, 1 some invalid or unreadable, 2 the audit could not run.
    #[command(visible_alias = "auditar")]
    Audit(Box<AuditArgs>),
    /// Serve the web page (files validated in the browser, nothing uploaded) and an HTTP API,
    /// `POST /v1/validate`, on this machine.
    #[command(visible_alias = "servir")]
    Serve(ServeArgs),
}

#[derive(Debug, clap::Args)]
pub(crate) struct ServeArgs {
    /// Port to listen on.
    #[arg(long, default_value_t = 8080, value_name = "PORT")]
    pub(crate) port: u16,
    /// Address to listen on (127.0.0.1: only this machine; 0.0.0.0: every network).
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
    pub(crate) host: std::net::IpAddr,
    /// The page's directory (default: `web` here, or beside the calidad program).
    #[arg(long, value_name = "DIR")]
    pub(crate) web: Option<PathBuf>,
    /// Largest file the API accepts, in MB.
    #[arg(long, default_value_t = 200, value_name = "MB")]
    pub(crate) max_body_mb: u64,
    /// Validations at once (default: the machine's cores); more wait up to 5 s, then get 503.
    #[arg(long, value_name = "N")]
    pub(crate) max_concurrent: Option<usize>,
    /// Memory all validations at once may use: 256MB, 2GB… (default: a quarter of this
    /// machine's), split between --max-concurrent. Indexes beyond it are sorted on disk.
    #[arg(long, value_name = "SIZE", value_parser = crate::args::parse_size)]
    pub(crate) memory_limit: Option<u64>,
    /// Seconds one validation may take.
    #[arg(long, default_value_t = 300, value_name = "SECONDS")]
    pub(crate) time_limit: u64,
    /// Language of the server's own messages: es or en.
    #[arg(long, value_name = "LANG")]
    pub(crate) lang: Option<String>,
}

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub(crate) struct AuditArgs {
    #[command(subcommand)]
    pub(crate) merge: Option<AuditCommand>,
    /// A directory (walked recursively), `@FILE` listing paths one per line, a CKAN export
    /// (package_search or package_show JSON, or JSON lines of packages), or a data file.
    #[arg(required = true, value_name = "SOURCE")]
    pub(crate) sources: Vec<PathBuf>,
    /// Output directory (created if needed).
    #[arg(long, required = true, value_name = "DIR")]
    pub(crate) out: Option<PathBuf>,
    /// Where a CKAN export's resource files are: `ID`, `ID.EXT`, `DATASET/FILE` or `FILE`.
    #[arg(long, value_name = "DIR")]
    pub(crate) resources_dir: Option<PathBuf>,
    /// Fetch a CKAN export's resources by URL when they are not found locally.
    #[arg(long)]
    pub(crate) download: bool,
    /// Seconds allowed per download attempt.
    #[arg(long, default_value_t = 60, value_name = "SECONDS")]
    pub(crate) download_timeout: u64,
    /// Resources larger than this are not downloaded.
    #[arg(long, default_value_t = 2 << 30, value_name = "BYTES")]
    pub(crate) max_download_bytes: u64,
    /// Further attempts after a network error or a server error.
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub(crate) retries: u32,
    /// Skip resources finished by an earlier run into the same --out whose content is unchanged.
    #[arg(long)]
    pub(crate) resume: bool,
    /// Audit only part I of N (I from 0): `--shard 0/3`, `1/3`, `2/3` cover everything once.
    #[arg(long, value_name = "I/N")]
    pub(crate) shard: Option<String>,
    /// Worker threads (default: one per core).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub(crate) threads: usize,
    /// Memory the whole audit may use: 256MB, 2GB… (default: a quarter of this machine's),
    /// split between the worker threads. Indexes beyond it are sorted on disk; findings are the same.
    #[arg(long, value_name = "SIZE", value_parser = crate::args::parse_size)]
    pub(crate) memory_limit: Option<u64>,
    /// Follow symbolic links inside audited folders (never to files outside them).
    #[arg(long)]
    pub(crate) follow_links: bool,
    /// Seconds allowed to read one resource; a slower one is a could-not-read row.
    #[arg(long, default_value_t = 300, value_name = "SECONDS")]
    pub(crate) time_limit: u64,
    /// Errors listed per table in each report (0 = all). Counts stay exact.
    #[arg(long, default_value_t = 100, value_name = "N")]
    pub(crate) limit_errors: usize,
    /// Do not look for personal and sensitive data.
    #[arg(long)]
    pub(crate) no_privacy: bool,
    /// Do not compute the 1–10 quality score.
    #[arg(long)]
    pub(crate) no_score: bool,
    /// The date the update frequency is judged on, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE")]
    pub(crate) as_of: Option<String>,
    /// Language of reports and the dashboard: es or en (default: English when the locale says en_*, Spanish otherwise).
    #[arg(long, value_name = "LANG")]
    pub(crate) lang: Option<String>,
    /// Progress bar on standard error: auto (on a terminal), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub(crate) progress: ColorChoice,
}

#[derive(Debug, Subcommand)]
pub(crate) enum AuditCommand {
    /// Join the outputs of several audits (e.g. shards) into one summary.
    Merge(MergeArgs),
}

#[derive(Debug, clap::Args)]
pub(crate) struct MergeArgs {
    /// Output directories of finished audits.
    #[arg(required = true, value_name = "DIR")]
    pub(crate) dirs: Vec<PathBuf>,
    /// Where the merged summary and reports go.
    #[arg(long, value_name = "DIR")]
    pub(crate) out: PathBuf,
    /// Language of the dashboard: es or en (default: English when the locale says en_*, Spanish otherwise).
    #[arg(long, value_name = "LANG")]
    pub(crate) lang: Option<String>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct MetadataArgs {
    /// The metadata JSON file.
    #[arg(value_name = "FILE")]
    pub(crate) file: PathBuf,
    /// The resource's data file, to compare the declared format with the real one.
    #[arg(long, value_name = "FILE")]
    pub(crate) data: Option<PathBuf>,
    /// The date the update frequency is judged on, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE")]
    pub(crate) as_of: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
    /// Language of messages: es or en (default: English when the locale says en_*, Spanish otherwise).
    #[arg(long, value_name = "LANG")]
    pub(crate) lang: Option<String>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ValidateArgs {
    /// Files to validate, or http(s) addresses; `-` reads standard input.
    #[arg(required = true, value_name = "SOURCE")]
    pub(crate) sources: Vec<PathBuf>,
    /// One line per file or sheet: verdict, mark and error count.
    #[arg(long, short = 'q')]
    pub(crate) quiet: bool,
    /// Seconds allowed to download an http(s) address.
    #[arg(long, default_value_t = 60, value_name = "SECONDS")]
    pub(crate) download_timeout: u64,
    /// Files larger than this are not downloaded.
    #[arg(long, default_value_t = 2 << 30, value_name = "BYTES")]
    pub(crate) max_download_bytes: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
    /// Language of messages: es or en (default: English when LC_ALL, LC_MESSAGES or LANG says en_*, Spanish otherwise).
    #[arg(long, value_name = "LANG")]
    pub(crate) lang: Option<String>,
    /// Errors listed per table (0 = all). Counts stay exact and the scan never stops early.
    #[arg(long, default_value_t = 1000, value_name = "N")]
    pub(crate) limit_errors: usize,
    /// Read the files in this encoding instead of detecting it (utf-8, windows-1252, latin1…).
    #[arg(long, value_name = "NAME")]
    pub(crate) encoding: Option<String>,
    /// Cell delimiter instead of sniffing it: , ; | or tab.
    #[arg(long, value_name = "CHAR")]
    pub(crate) delimiter: Option<String>,
    /// The header is this row (1-based) instead of the detected one.
    #[arg(long, value_name = "N")]
    pub(crate) header_row: Option<u64>,
    /// Report only these codes or tags (comma-separated, e.g. `blank-row,#header`).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub(crate) pick_errors: Vec<String>,
    /// Do not report these codes or tags (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub(crate) skip_errors: Vec<String>,
    /// Check types and constraints against this Table Schema (JSON) instead of inferring one.
    #[arg(long, value_name = "FILE")]
    pub(crate) schema: Option<PathBuf>,
    /// Opt-in check, repeatable, in Frictionless' syntax: `extra`, or e.g.
    /// `forbidden-value:fieldName='comuna':values=['XXX']`, `table-dimensions:minRows=10`,
    /// `row-constraint:formula='monto >= 0'` (`calidad explain` lists them).
    #[arg(long = "checks", value_name = "SPEC")]
    pub(crate) checks: Vec<String>,
    /// Infer the schema from the first N data rows, then check the rest against it (default:
    /// all rows).
    #[arg(long, value_name = "N", conflicts_with = "schema")]
    pub(crate) infer_rows: Option<u64>,
    /// Columns whose personal data are published on a legal basis (e.g. officials' names under
    /// Transparencia Activa): notices instead of errors, values still masked. Comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub(crate) allow_field: Vec<String>,
    /// Columns to analyse for re-identification risk (k-anonymity), instead of the ones found
    /// from the headers. Comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub(crate) quasi_identifiers: Vec<String>,
    /// Do not report personal and sensitive data (the report is still masked).
    #[arg(long)]
    pub(crate) no_privacy: bool,
    /// Show personal data unmasked (only for a file of your own, on your own screen): by
    /// default every personal identifier in the report is masked, even with --no-privacy.
    #[arg(long)]
    pub(crate) no_mask: bool,
    /// Show, in the text report only, up to three real values of each column flagged as
    /// personal data, so you can judge the finding yourself (street names taken for people's,
    /// say). Refused with --format json; never written to a file or sent anywhere.
    #[arg(long, conflicts_with = "no_mask")]
    pub(crate) reveal: bool,
    /// Do not compute the 1–10 quality score.
    #[arg(long)]
    pub(crate) no_score: bool,
    /// The resource's CKAN metadata (a `package_show` JSON answer), for the score's metadata
    /// indicators: licence, description, tags, contact, update frequency, declared format.
    #[arg(long, value_name = "FILE")]
    pub(crate) metadata: Option<std::path::PathBuf>,
    /// Ask an LLM (any OpenAI-compatible API: OPENAI_API_KEY, OPENAI_BASE_URL) for its reading
    /// of the report, shown beside the deterministic score; it never sees a row of the table.
    /// Needs calidad built with the `ai` feature.
    #[arg(long)]
    pub(crate) ai: bool,
    /// The API base for --ai (default: OPENAI_BASE_URL, else OpenAI's).
    #[arg(long, value_name = "URL", requires = "ai")]
    pub(crate) ai_base_url: Option<String>,
    /// The model for --ai.
    #[arg(
        long,
        value_name = "NAME",
        default_value = "gpt-4o-mini",
        requires = "ai"
    )]
    pub(crate) ai_model: String,
    /// Seconds allowed for each --ai request.
    #[arg(long, value_name = "SECONDS", default_value_t = 60, requires = "ai")]
    pub(crate) ai_timeout: u64,
    /// The date the update frequency is judged on, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE")]
    pub(crate) as_of: Option<String>,
    /// Do not infer a schema: check structure, encoding and duplicate rows only.
    #[arg(long, conflicts_with = "schema")]
    pub(crate) no_infer: bool,
    /// Read only this sheet of workbooks (by default every sheet is checked, each as a task).
    #[arg(long, value_name = "NAME")]
    pub(crate) sheet: Option<String>,
    /// The file must have this many bytes (`byte-count` otherwise).
    #[arg(long, value_name = "N")]
    pub(crate) bytes: Option<u64>,
    /// The table must have this many data rows (`row-count` otherwise).
    #[arg(long, value_name = "N")]
    pub(crate) rows: Option<u64>,
    /// The header must have this many fields (`field-count` otherwise).
    #[arg(long, value_name = "N")]
    pub(crate) fields: Option<u64>,
    /// The file must have this hash: sha256:HEX or md5:HEX (`hash-count` otherwise).
    #[arg(long, value_name = "ALGO:HEX")]
    pub(crate) hash: Option<String>,
    /// Examples shown per code in text output.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub(crate) examples: usize,
    /// Read, hash and validate on one thread (the same as --threads 1).
    #[arg(long)]
    pub(crate) single_thread: bool,
    /// Threads that read and check each table (default: one per core). With more than one,
    /// others cut the text into records ahead of the checks and one reads ahead and computes
    /// the SHA-256; 1 does everything on one thread. The report is the same whatever the number.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub(crate) threads: Option<u16>,
    /// Memory the validation may use: 256MB, 2GB… (default: a quarter of this machine's).
    /// Duplicate and key indexes beyond it are sorted on disk and merged; findings are the same.
    #[arg(long, value_name = "SIZE", value_parser = crate::args::parse_size)]
    pub(crate) memory_limit: Option<u64>,
    /// When to use colours in text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub(crate) color: ColorChoice,
}

#[derive(Debug, clap::Args)]
pub(crate) struct DescribeArgs {
    /// The table; `-` reads standard input.
    #[arg(value_name = "SOURCE")]
    pub(crate) source: PathBuf,
    /// Output: a Table Schema (json) or a data dictionary table (markdown).
    #[arg(long, value_enum, default_value_t = DescribeFormat::Json)]
    pub(crate) format: DescribeFormat,
    /// Read the file in this encoding instead of detecting it.
    #[arg(long, value_name = "NAME")]
    pub(crate) encoding: Option<String>,
    /// Cell delimiter instead of sniffing it.
    #[arg(long, value_name = "CHAR")]
    pub(crate) delimiter: Option<String>,
    /// The header is this row (1-based) instead of the detected one.
    #[arg(long, value_name = "N")]
    pub(crate) header_row: Option<u64>,
    /// Language of the markdown headings: es or en (default: English when the locale says en_*, Spanish otherwise).
    #[arg(long, value_name = "LANG")]
    pub(crate) lang: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum DescribeFormat {
    /// Frictionless Table Schema JSON, usable with `validate --schema`.
    Json,
    /// A markdown table, one row per field.
    Markdown,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ExplainArgs {
    /// The code, e.g. `extra-cell`. Without it, every code is listed.
    pub(crate) code: Option<String>,
    /// Language: es or en (default: English when the locale says en_*, Spanish otherwise).
    #[arg(long, value_name = "LANG")]
    pub(crate) lang: Option<String>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct CorregirArgs {
    /// The table to correct (CSV, TSV, a workbook, JSON); it is only read.
    #[arg(value_name = "FILE")]
    pub(crate) source: PathBuf,
    /// The folder for the corrected CSV files, their schemas and the change log.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub(crate) out: PathBuf,
    /// Delimiter of the CSV written: , ; | or tab.
    #[arg(long, default_value = ",", value_name = "CHAR")]
    pub(crate) out_delimiter: String,
    /// Write numbers with a decimal comma (by default a decimal point, as the portal's
    /// DataStore reads them).
    #[arg(long)]
    pub(crate) decimal_comma: bool,
    /// Leave out the columns found to hold personal data (otherwise they are copied and the
    /// log warns).
    #[arg(long)]
    pub(crate) drop_personal: bool,
    /// Read the file in this encoding instead of detecting it.
    #[arg(long, value_name = "NAME")]
    pub(crate) encoding: Option<String>,
    /// Cell delimiter of the file instead of sniffing it.
    #[arg(long, value_name = "CHAR")]
    pub(crate) delimiter: Option<String>,
    /// The header is this row (1-based) instead of the detected one.
    #[arg(long, value_name = "N")]
    pub(crate) header_row: Option<u64>,
    /// Correct only this sheet of a workbook.
    #[arg(long, value_name = "NAME")]
    pub(crate) sheet: Option<String>,
    /// Language of the log: es or en (default: English when the locale says en_*, Spanish otherwise).
    #[arg(long, value_name = "LANG")]
    pub(crate) lang: Option<String>,
}

/// What `calidad completions` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Shell {
    /// Bash.
    Bash,
    /// Zsh.
    Zsh,
    /// Fish.
    Fish,
    /// PowerShell.
    Powershell,
    /// Elvish.
    Elvish,
    /// The manual page, in roff (`calidad completions man > calidad.1`).
    Man,
}

#[derive(Debug, clap::Args)]
pub(crate) struct CompletionsArgs {
    /// The shell: bash, zsh, fish, powershell or elvish; or man for the manual page.
    #[arg(value_enum, value_name = "SHELL")]
    pub(crate) shell: Shell,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Grouped by code, for people.
    Text,
    /// Frictionless v5 report with calidad's extension, for programs.
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// Colours on a terminal, unless NO_COLOR is set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Reads a size such as `256MB`, `2GB`, `512MiB` or a number of bytes (MB and GB are powers of
/// 1024, as memory is counted).
pub(crate) fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("«{text}» no es un tamaño (ejemplos: 256MB, 2GB) / not a size"))?;
    let shift = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 0,
        "K" | "KB" | "KIB" => 10,
        "M" | "MB" | "MIB" => 20,
        "G" | "GB" | "GIB" => 30,
        "T" | "TB" | "TIB" => 40,
        _ => {
            return Err(format!(
                "«{unit}» no es una unidad de tamaño (use KB, MB o GB) / not a size unit"
            ));
        }
    };
    number
        .checked_mul(1 << shift)
        .filter(|&bytes| bytes > 0)
        .ok_or_else(|| format!("«{text}» no es un tamaño utilizable / not a usable size"))
}

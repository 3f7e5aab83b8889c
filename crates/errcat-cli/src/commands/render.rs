//! `errcat render ID`: the body a service would send for an error.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use errcat::Profile;
use errcat_catalog::ExampleInput;

use crate::builtin;

/// Print the body (and with --include, the status and headers) a service
/// sends for an error.
///
/// The input file is JSON in the shape of a catalog example's `input`:
/// {"args": {...}, "fields": [{"field", "message", "code"}], "details": {...},
/// "request_id": "...", "timestamp": "...", "suggestion": "...", "operation": "..."}.
/// Without a timestamp, profiles that send one use the current time.
///
/// A message argument that is not given (with --arg or in the input file) is
/// named in a warning on stderr; the body is still printed, its messages
/// with the placeholder as written (`{id:q}`), a member (a house profile's
/// `{arg.NAME}`) or header (`Retry-After`) that sends the value without it,
/// and the exit code is 0, so a preview never breaks a pipe. Bodies sent as 5xx carry no arguments and need none.
///
/// With --grpc, it prints the `google.rpc.Status` a tonic service sends for
/// the error (feature `tonic`), in its canonical JSON form: the gRPC code,
/// the message, and the same AIP-193 details as the `google` profile.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  errcat render TEMPLATE_NOT_FOUND --arg id=tpl_abc123\n  errcat render 1000 --profile problem --include\n  errcat render UserNotFound --grpc --arg userID=user_2abc\n  errcat render contact_not_found --catalog errors.toml --input input.json\n  errcat init my-api && errcat render validation_failed --catalog my-api/errors.toml --locale fr --arg count=3"
)]
pub struct Args {
    /// The entry id.
    id: String,
    /// Catalog files to search (repeatable); the built-in catalogs when absent.
    #[arg(long = "catalog", value_name = "FILE")]
    catalogs: Vec<PathBuf>,
    /// The wire profile: a built-in one (`errcat profiles` lists them) or one of
    /// the catalog's `[profiles.NAME]`; the catalog's own profile when absent.
    #[arg(long)]
    profile: Option<String>,
    /// A JSON file with the error's input.
    #[arg(long, value_name = "FILE")]
    input: Option<PathBuf>,
    /// A message argument as NAME=VALUE (repeatable; JSON values such as 30 or true are typed).
    #[arg(long = "arg", value_name = "NAME=VALUE")]
    args: Vec<String>,
    /// Print the status line and headers before the body, as `curl -i` does.
    #[arg(long, short = 'i')]
    include: bool,
    /// Print the gRPC status instead (code, message, details) as canonical JSON.
    #[arg(long, conflicts_with = "profile")]
    grpc: bool,
    /// The language to answer in (`fr`, `fr-CA`): one the catalog has
    /// translations for, found as `Accept-Language` finds it (`fr-CA` finds
    /// `fr`). A language the catalog does not speak is refused rather than
    /// answered in the catalog's own, as a service would, so a typo cannot
    /// pass for a translation.
    #[arg(long, value_name = "TAG")]
    locale: Option<String>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    // A stale example must not stop `render`: it is how the example gets fixed.
    let catalogs = builtin::load_with(&args.catalogs, builtin::Examples::Unverified)?;
    // The catalog that has the entry; else, for a framework error, the first
    // catalog's, with the framework errors in it as a layer merges them.
    let (named, compiled) = match catalogs
        .iter()
        .find(|named| named.catalog().entry(&args.id).is_some())
    {
        Some(named) => (named, named.compiled.clone()),
        None => match catalogs.first() {
            Some(first) if errcat::framework::catalog().entry(&args.id).is_some() => (
                first,
                errcat::framework::catalog().merged_with(&first.compiled),
            ),
            _ => bail!(
                "no error with id `{}`; {}",
                args.id,
                super::explain::unknown_id_hint(&catalogs, &args.id)
            ),
        },
    };
    if let Some(retirement) = compiled
        .catalog()
        .entry(&args.id)
        .and_then(|entry| entry.retirement())
    {
        bail!(
            "`{}` is retired and has no body to render: {}",
            args.id,
            retirement.describe()
        );
    }
    let mut input: ExampleInput = match &args.input {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            serde_json::from_str(&text)
                .with_context(|| format!("{} is not a valid error input", path.display()))?
        }
        None => ExampleInput::default(),
    };
    for pair in &args.args {
        let Some((name, value)) = pair.split_once('=') else {
            bail!("--arg takes NAME=VALUE, got `{pair}`");
        };
        let value = serde_json::from_str(value)
            .unwrap_or_else(|_| serde_json::Value::String(value.to_owned()));
        input.args.insert(name.to_owned(), value);
    }
    if let Some(locale) = &args.locale {
        crate::commands::explain::check_locale_tag(locale)?;
        let spoken: Vec<&str> = named.compiled.locales().collect();
        let ranges = [locale.as_str()];
        if errcat::locale::lookup(&ranges, spoken.iter().copied()).is_none() {
            bail!(
                "the catalog has no `{locale}` text; it speaks {}",
                spoken
                    .iter()
                    .map(|tag| format!("`{tag}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        input.locale = Some(locale.clone());
    }
    let profile = match &args.profile {
        // The service's profile, a framework error's too.
        Some(name) => named.compiled.profile_named(name)?,
        None if args.grpc => Profile::GOOGLE,
        None => named.compiled.profile(),
    };
    let entry = compiled
        .entry(&args.id)
        .expect("the entry exists in this catalog");
    for warning in arg_warnings(entry, &input) {
        crate::output::errln!("warning: {warning}");
    }
    let missing = missing_args(entry, &input);
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(|name| format!("`{name}`")).collect();
        let how: Vec<String> = missing
            .iter()
            .map(|name| format!("--arg {name}=VALUE"))
            .collect();
        let plural = missing.len() > 1;
        crate::output::errln!(
            "warning: missing argument{} {}; messages show {} placeholder{} as written, and a body member or header that sends {} value has none; pass {}",
            if plural { "s" } else { "" },
            names.join(", "),
            if plural { "their" } else { "its" },
            if plural { "s" } else { "" },
            if plural { "a" } else { "its" },
            how.join(" "),
        );
    }
    let rendered = errcat::examples::render_input(&compiled, &args.id, profile, &input)
        .expect("the entry exists in this catalog");
    if args.grpc {
        print_grpc_status(entry, &rendered, args.include)?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.include {
        println!("HTTP/1.1 {}", rendered.status);
        for (name, value) in &rendered.headers {
            println!("{name}: {}", value.to_str().unwrap_or_default());
        }
        println!();
    }
    println!("{}", String::from_utf8_lossy(&rendered.body));
    Ok(ExitCode::SUCCESS)
}

/// The gRPC status of an error rendered in the `google` profile: both carry
/// the details one function builds, so the status is the body's `error` with
/// the gRPC code in place of the HTTP one.
fn print_grpc_status(
    entry: &errcat::CompiledEntry,
    rendered: &errcat::Rendered,
    include: bool,
) -> Result<()> {
    let body: serde_json::Value = serde_json::from_slice(&rendered.body)?;
    let code = errcat::details::GrpcCode::of_entry(entry);
    let status = serde_json::json!({
        "code": code.number(),
        "message": body["error"]["message"],
        "details": body["error"]["details"],
    });
    if include {
        // The trailers a gRPC response carries, as `grpcurl -v` shows them.
        println!("grpc-status: {} ({})", code.number(), code.name());
        if let Some(id) = rendered.header("x-request-id") {
            println!("x-request-id: {id}");
        }
        println!();
    }
    println!("{}", serde_json::to_string_pretty(&status)?);
    Ok(())
}

/// What is wrong with the arguments given: a name that is not one of the
/// entry's params, or a value its param's type does not take (the body
/// would show it all the same, where a typed constructor would not compile).
fn arg_warnings(entry: &errcat::CompiledEntry, input: &ExampleInput) -> Vec<String> {
    use errcat_catalog::ParamType;
    let id = &entry.entry.id;
    let mut warnings = Vec::new();
    for (name, value) in &input.args {
        let Some((_, kind)) = entry.params.iter().find(|(param, _)| param == name) else {
            let params = entry.params.iter().map(|(param, _)| param.as_str());
            let hint = match errcat_catalog::load::closest(name, params.clone()) {
                Some(near) => format!("; did you mean `{near}`?"),
                None if entry.params.is_empty() => format!("; `{id}` has none"),
                None => format!(
                    "; its params: {}",
                    params
                        .map(|p| format!("`{p}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            warnings.push(format!("`{name}` is not a param of `{id}`{hint}"));
            continue;
        };
        let fits = match kind {
            ParamType::String => true,
            ParamType::Int => value.is_i64() || value.is_u64(),
            ParamType::Float => value.is_number(),
            ParamType::Bool => value.is_boolean(),
            ParamType::List => value.is_array(),
        };
        if !fits {
            let wanted = match kind {
                ParamType::Int => "a whole number",
                ParamType::Float => "a number",
                ParamType::Bool => "`true` or `false`",
                ParamType::List | ParamType::String => "a JSON list (`[\"a\",\"b\"]`)",
            };
            let shown = match value {
                serde_json::Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            warnings.push(format!(
                "`{name}` is {} `{kind}` param; `{shown}` is not {wanted}",
                if matches!(kind, ParamType::Int) {
                    "an"
                } else {
                    "a"
                }
            ));
        }
    }
    // What a service would not send as given: said, rather than changed quietly.
    if let Some(request_id) = &input.request_id
        && errcat::RequestId::from_inbound(request_id).is_none()
    {
        warnings.push(format!(
            "the request ID {request_id:?} is not one a service keeps (at most {} characters of A-Z a-z 0-9 . _ : -); the body has a fresh one, as a service's would",
            errcat::RequestId::MAX_LEN
        ));
    }
    if let Some(timestamp) = &input.timestamp
        && humantime::parse_rfc3339_weak(timestamp).is_err()
    {
        warnings.push(format!(
            "the timestamp {timestamp:?} is not an RFC 3339 time (2025-11-30T10:30:00Z); the body sends it as given"
        ));
    }
    warnings
}

/// The params of `entry` the input gives no value for, in declared order.
///
/// None when the body carries no arguments anyway: an internal entry, or one
/// sent as a 5xx (declared so, or with no status at all).
fn missing_args<'a>(entry: &'a errcat::CompiledEntry, input: &ExampleInput) -> Vec<&'a str> {
    if entry.entry.internal || !entry.has_status || entry.status.is_server_error() {
        return Vec::new();
    }
    entry
        .params
        .iter()
        .map(|(name, _)| name.as_str())
        .filter(|name| !input.args.contains_key(*name))
        .collect()
}

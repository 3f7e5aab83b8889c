//! The `errcat` binary: thin glue over errcat's libraries, one file per command.

use std::process::ExitCode;

use clap::{CommandFactory as _, FromArgMatches as _, Parser, Subcommand};

mod builtin;
mod commands;
mod output;
mod serve;
mod source_scan;

/// errcat: one catalog file for every error your API returns.
///
/// With no `--catalog`, commands that read catalogs use the five built-in
/// catalogs (clerk, plain, planfix, plunk, quapp).
#[derive(Debug, Parser)]
#[command(
    name = "errcat",
    version,
    propagate_version = true,
    arg_required_else_help = true
)]
#[command(
    after_help = "Start here:\n  errcat init my-api && errcat check my-api/errors.toml\n  errcat explain UnsupportedCountry\n  errcat list --json"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Init(commands::init::Args),
    Check(commands::check::Args),
    Stamp(commands::stamp::Args),
    Audit(commands::audit::Args),
    List(commands::list::Args),
    Explain(commands::explain::Args),
    Search(commands::search::Args),
    Diff(commands::diff::Args),
    Schema(commands::schema::Args),
    Import(commands::import::Args),
    Render(commands::render::Args),
    Mock(commands::mock::Args),
    Docs(commands::docs::Args),
    Openapi(commands::openapi::Args),
    Profiles(commands::profiles::Args),
    Gen(commands::r#gen::Args),
    Serve(commands::serve::Args),
}

fn main() -> ExitCode {
    output::exit_quietly_on_broken_pipe();
    let matches = unwrapped_examples(Cli::command()).get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit());
    let result = match cli.command {
        Command::Init(args) => commands::init::run(args),
        Command::Check(args) => commands::check::run(args),
        Command::Stamp(args) => commands::stamp::run(args),
        Command::Audit(args) => commands::audit::run(args),
        Command::List(args) => commands::list::run(args),
        Command::Explain(args) => commands::explain::run(args),
        Command::Search(args) => commands::search::run(args),
        Command::Diff(args) => commands::diff::run(args),
        Command::Schema(args) => commands::schema::run(args),
        Command::Import(args) => commands::import::run(args),
        Command::Render(args) => commands::render::run(args),
        Command::Mock(args) => commands::mock::run(args),
        Command::Docs(args) => commands::docs::run(args),
        Command::Openapi(args) => commands::openapi::run(args),
        Command::Profiles(args) => commands::profiles::run(args),
        Command::Gen(args) => commands::r#gen::run(args),
        Command::Serve(args) => commands::serve::run(args),
    };
    match result {
        Ok(code) => code,
        // The reader of stdout closed it: it has what it wanted (`| head -1`).
        Err(error) if output::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            crate::output::errln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// Moves each command's `after_help` (its examples) into its help template.
///
/// Examples are for copying, but clap wraps `after_help` at the terminal's
/// width, cutting a command line mid-argument. A template's literal text is
/// written as is, so the examples keep their lines while the options above
/// them still wrap. (Unknown `{tags}` in a template are written back as they
/// are, so `{userID}` in an example survives.)
fn unwrapped_examples(command: clap::Command) -> clap::Command {
    let command = command.mut_subcommands(unwrapped_examples);
    let Some(examples) = command.get_after_help().map(ToString::to_string) else {
        return command;
    };
    // clap's default template, with the examples in place of `{after-help}`.
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{{usage-heading}} {{usage}}\n\n{{all-args}}\n\n{examples}"
    );
    command.after_help(None::<&str>).help_template(template)
}

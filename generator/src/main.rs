//! `cargo run`: regenerates generated/ from spec/. See `--help`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use generator::timings::{self, time, Phase};

/// Regenerates the Rust client crate from the OpenAPI spec.
///
/// With no arguments, reads spec/ and writes generated/ (both at the repository root).
/// `diff` compares two specs instead: see `cargo run -- diff --help`.
#[derive(Parser, Debug)]
#[command(
    version,
    about,
    long_about = None,
    after_help = "Exit status:\n  0  generated/ was written, or is up to date (--check)\n  1  --check: generated/ is stale\n  2  an error: the spec is invalid or unsupported, a file cannot be read or written, or\n     the arguments are wrong; nothing was written"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// The spec: a YAML file, or a folder of version folders (v1/, v2/) of YAML files [default: spec/ at the repository root].
    #[arg(long, value_name = "PATH")]
    spec: Option<PathBuf>,
    /// The folder of the generated crate [default: generated/ at the repository root].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Write nothing; exit with status 1, naming each file that differs and showing the
    /// difference, when the output is stale (CI runs this), or 2 on an error.
    #[arg(long)]
    check: bool,
    /// Print the time of each phase (load, validate, lower, emit, format, write) on standard
    /// error.
    #[arg(long)]
    timings: bool,
    /// One crate, or a crate per API feature re-exported by the `datadog-api-client` crate
    /// (same paths for its users; no compiler then holds the whole API at once). `auto`
    /// splits a spec of more than 1,000 types.
    #[arg(long, value_enum, default_value_t = Crates::Auto)]
    crates: Crates,
}

/// `--crates`.
#[derive(ValueEnum, Clone, Copy, Debug)]
enum Crates {
    Auto,
    One,
    PerApi,
}

impl Crates {
    fn layout(self) -> Option<generator::ir::CrateLayout> {
        match self {
            Crates::Auto => None,
            Crates::One => Some(generator::ir::CrateLayout::One),
            Crates::PerApi => Some(generator::ir::CrateLayout::PerApi),
        }
    }
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Prints an API changelog between two specs, flagging breaking changes.
    ///
    /// Every change is classified twice: breaking on the wire (a client built from OLD against
    /// a server that follows NEW; for request bodies and parameters, the requests that client
    /// sends) and breaking for Rust callers (code written against the crate generated from OLD
    /// no longer compiles, or the crate now refuses a call it made).
    ///
    /// `diff OLD NEW` compares two spec files or folders; `diff --base REV` compares spec/ at the
    /// git revision REV with spec/ in the working tree (what a pull request job runs against its
    /// target branch).
    ///
    /// Exit status: 0 when the comparison ran, 1 with --fail-on-breaking when a change is
    /// breaking, 2 on an error (an unreadable spec, an unknown revision).
    #[command(
        after_help = "Examples:\n  cargo run -- diff old/spec new/spec\n  cargo run -- diff --base origin/main --fail-on-breaking > changelog.md\n  cargo run -- diff --base HEAD~1 --format json"
    )]
    Diff(DiffArgs),
}

#[derive(Args, Debug)]
struct DiffArgs {
    /// The old spec: a YAML file, or a folder of version folders.
    #[arg(
        value_name = "OLD",
        required_unless_present = "base",
        conflicts_with = "base"
    )]
    old: Option<PathBuf>,
    /// The new spec: a YAML file, or a folder of version folders.
    #[arg(
        value_name = "NEW",
        required_unless_present = "base",
        conflicts_with = "base"
    )]
    new: Option<PathBuf>,
    /// Compare the spec at this git revision (a branch, tag or commit) with the working tree's.
    #[arg(long, value_name = "REV")]
    base: Option<String>,
    /// With --base: the spec folder of the working tree [default: spec/ at the repository root].
    #[arg(long, value_name = "DIR", requires = "base")]
    spec: Option<PathBuf>,
    /// The report's format: Markdown for a pull request comment, or a JSON array of changes.
    #[arg(long, value_enum, default_value_t = DiffFormat::Markdown)]
    format: DiffFormat,
    /// Exit with status 1 when a change is breaking (on the wire or for Rust callers).
    #[arg(long)]
    fail_on_breaking: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum DiffFormat {
    Markdown,
    Json,
}

/// `cargo run -- diff ...`: the report on stdout, the summary or error on stderr.
fn diff(args: DiffArgs) -> ExitCode {
    use generator::diff::{Format, Options, Source};
    if args.spec.is_some() && args.base.is_none() {
        eprintln!("error: --spec is for --base (the working tree's spec folder); give OLD and NEW otherwise");
        return ExitCode::from(2);
    }
    let (old, new) = match (args.base, args.old, args.new) {
        (Some(revision), _, _) => {
            let spec = args.spec.unwrap_or_else(|| repository_root().join("spec"));
            (
                Source::Revision {
                    revision,
                    spec: spec.clone(),
                },
                Source::Path(spec),
            )
        }
        (None, Some(old), Some(new)) => (Source::Path(old), Source::Path(new)),
        _ => unreachable!("clap requires OLD and NEW without --base"),
    };
    let format = match args.format {
        DiffFormat::Markdown => Format::Markdown,
        DiffFormat::Json => Format::Json,
    };
    let options = Options {
        old,
        new,
        format,
        fail_on_breaking: args.fail_on_breaking,
    };
    let code = generator::diff::run(
        &options,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    ExitCode::from(code)
}

/// `--check` found the output stale.
const EXIT_STALE: u8 = 1;
/// An error: an invalid spec, an unreadable or unwritable file. Clap exits with 2 on bad
/// arguments too, and `diff` uses 2 for its errors.
const EXIT_ERROR: u8 = 2;

/// The repository root, so that `cargo run` works from any folder of the repository.
fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Generates the crate, printing a warning for each refusal. None (after printing the error)
/// when the spec cannot be read or nothing in it could be generated.
fn generate(
    spec: &Path,
    layout: Option<generator::ir::CrateLayout>,
) -> Option<std::collections::BTreeMap<String, String>> {
    let generated = time(Phase::Load, || generator::load::load(spec)).and_then(|set| {
        for warning in set.warnings() {
            eprintln!("warning: {warning}");
        }
        generator::generate_leaving_out_as(&set, layout)
    });
    let generated = match generated {
        Ok(generated) => generated,
        Err(err) => {
            eprintln!("error: {err}");
            return None;
        }
    };
    for refusal in &generated.refused {
        eprintln!("warning: left out: {refusal}");
    }
    if generated.refused.is_empty() {
        return Some(generated.files);
    }
    eprintln!(
        "warning: {} refused; {} operations generated",
        generated.refused.len(),
        generated.operations
    );
    if generated.operations == 0 {
        eprintln!("error: nothing could be generated from {}", spec.display());
        return None;
    }
    Some(generated.files)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::Diff(args)) = cli.command {
        return diff(args);
    }
    let started = Instant::now();
    let spec = cli.spec.unwrap_or_else(|| repository_root().join("spec"));
    let out = cli
        .out
        .unwrap_or_else(|| repository_root().join("generated"));
    let files = match generate(&spec, cli.crates.layout()) {
        Some(files) => files,
        None => return ExitCode::from(EXIT_ERROR),
    };
    let result = time(Phase::Write, || {
        if cli.check {
            generator::output::diff(&out, &files)
        } else {
            generator::output::write(&out, &files)
        }
    });
    if cli.timings {
        print_timings(started.elapsed());
    }
    let changes = match result {
        Ok(changes) => changes,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(EXIT_ERROR);
        }
    };
    for (entry, reason) in &changes.ignored {
        eprintln!(
            "warning: {}: not removing the entry {entry:?}: {reason}",
            out.join(generator::output::MANIFEST).display()
        );
    }
    if cli.check {
        return check_report(&out, &spec, &files, &changes);
    }
    eprintln!(
        "{}: {} added, {} changed, {} removed, {} unchanged",
        out.display(),
        changes.added.len(),
        changes.changed.len(),
        changes.removed.len(),
        files.len() + 1 - changes.added.len() - changes.changed.len()
    );
    ExitCode::SUCCESS
}

/// `--timings`: each phase's time (summed over its threads), then the wall time.
fn print_timings(wall: Duration) {
    let phases: Vec<String> = Phase::ALL
        .iter()
        .map(|&phase| {
            format!(
                "{} {:.2} s",
                phase.name(),
                timings::spent(phase).as_secs_f64()
            )
        })
        .collect();
    eprintln!(
        "timings: {} (each summed over its threads); {:.2} s wall in all, on {} threads",
        phases.join(", "),
        wall.as_secs_f64(),
        generator::parallel::threads()
    );
}

/// `--check`: says whether `out` is up to date, and if not, what differs.
fn check_report(
    out: &Path,
    spec: &Path,
    files: &std::collections::BTreeMap<String, String>,
    changes: &generator::output::Changes,
) -> ExitCode {
    if changes.is_empty() {
        eprintln!("{} is up to date with {}", out.display(), spec.display());
        return ExitCode::SUCCESS;
    }
    eprintln!(
        "{} is stale: run `cargo run` and commit the result.",
        out.display()
    );
    for path in &changes.added {
        eprintln!("  missing: {path}");
    }
    for path in &changes.changed {
        eprintln!("  differs: {path}");
    }
    for path in &changes.removed {
        eprintln!("  no longer generated: {path}");
    }
    eprint!("{}", generator::output::explain(out, files, changes, 40));
    ExitCode::from(EXIT_STALE)
}

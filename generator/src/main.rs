//! `cargo run`: regenerates generated/ from spec/. See `--help`.

use clap::Parser;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Regenerates the Rust client crate from the OpenAPI spec.
///
/// With no arguments, reads spec/ and writes generated/ (both at the repository root).
#[derive(Parser, Debug)]
#[command(version, about, long_about = None)]
struct Cli {
    /// The spec: a YAML file, or a folder of version folders (v1/, v2/) of YAML files.
    #[arg(long, value_name = "PATH")]
    spec: Option<PathBuf>,
    /// The folder of the generated crate.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Write nothing; exit with status 1 and name each file that differs when the output is
    /// stale (CI runs this).
    #[arg(long)]
    check: bool,
}

/// The repository root, so that `cargo run` works from any folder of the repository.
fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let spec = cli.spec.unwrap_or_else(|| repository_root().join("spec"));
    let out = cli.out.unwrap_or_else(|| repository_root().join("generated"));
    let files = match generator::generate(&spec) {
        Ok(files) => files,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };
    if cli.check {
        return match generator::output::diff(&out, &files) {
            Ok(changes) if changes.is_empty() => {
                eprintln!("{} is up to date with {}", out.display(), spec.display());
                ExitCode::SUCCESS
            }
            Ok(changes) => {
                eprintln!("{} is stale: run `cargo run` and commit the result.", out.display());
                for path in &changes.added {
                    eprintln!("  missing: {path}");
                }
                for path in &changes.changed {
                    eprintln!("  differs: {path}");
                }
                for path in &changes.removed {
                    eprintln!("  no longer generated: {path}");
                }
                ExitCode::FAILURE
            }
            Err(err) => {
                eprintln!("error: {err}");
                ExitCode::from(2)
            }
        };
    }
    match generator::output::write(&out, &files) {
        Ok(changes) => {
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
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

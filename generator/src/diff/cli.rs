//! The `diff` subcommand: load both sides, compare, print, and say how it went.

use super::Report;
use crate::error::Result;
use crate::load::SpecSet;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Json,
}

/// Where a side's spec comes from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A spec file or folder.
    Path(PathBuf),
    /// The spec file or folder `spec` (a path of the working tree) as it is at a git revision.
    Revision { revision: String, spec: PathBuf },
}

#[derive(Debug, Clone)]
pub struct Options {
    pub old: Source,
    pub new: Source,
    pub format: Format,
    /// Exit with 1 when a change is breaking (on the wire or for Rust callers).
    pub fail_on_breaking: bool,
}

pub const EXIT_OK: u8 = 0;
pub const EXIT_BREAKING: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

fn load(source: &Source) -> Result<SpecSet> {
    match source {
        Source::Path(path) => crate::load::load(path),
        Source::Revision { revision, spec } => {
            let (_temp, path) = super::git::spec_at(revision, spec)?;
            crate::load::load(&path)
        }
    }
}

/// Compares the two sides of `options`.
pub fn report(options: &Options) -> Result<Report> {
    let old = load(&options.old)?;
    let new = load(&options.new)?;
    super::diff(&old, &new)
}

/// Runs the subcommand: the report on `out`, a summary or the error on `err`. Returns the exit
/// code: 0, 1 when `fail_on_breaking` and a change is breaking, 2 on an error.
pub fn run(options: &Options, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let report = match report(options) {
        Ok(report) => report,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return EXIT_ERROR;
        }
    };
    let text = match options.format {
        Format::Markdown => report.markdown(),
        Format::Json => report.json(),
    };
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        let _ = writeln!(err, "error: cannot write the report: {e}");
        return EXIT_ERROR;
    }
    let _ = writeln!(
        err,
        "{}",
        super::report::summary(&report.changes).replace("**", "")
    );
    if options.fail_on_breaking && report.has_breaking() {
        EXIT_BREAKING
    } else {
        EXIT_OK
    }
}

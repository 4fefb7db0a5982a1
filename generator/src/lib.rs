//! The generator: reads an OpenAPI 3.0 spec and writes the `datadog_api_client` crate.
//!
//! The pipeline is `load` (parse and merge the spec files) -> `lower` (the IR, with every name
//! decided) -> `emit` (tokens, formatted with prettyplease) -> `output` (write or check).

pub mod cross_refs;
pub mod diff;
pub mod docs;
pub mod emit;
pub mod error;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
pub mod output;
pub mod parallel;
pub mod timings;
pub mod validate;

use std::collections::BTreeMap;
use std::path::Path;

/// The crate generated from a spec, and what the generator left out of it.
#[derive(Debug)]
pub struct Generated {
    /// Every file, by path relative to the crate's folder.
    pub files: BTreeMap<String, String>,
    /// Each operation, schema or security scheme refused, naming where and why.
    pub refused: Vec<error::GenError>,
    /// How many operations were generated.
    pub operations: usize,
}

/// Generates every file of the crate from the spec at `spec` (a file or a folder); any
/// refusal is an error.
pub fn generate(spec: &Path) -> error::Result<BTreeMap<String, String>> {
    let set = load::load(spec)?;
    generate_from(&set)
}

/// Generates every file of the crate from a loaded spec set; any refusal is an error.
pub fn generate_from(set: &load::SpecSet) -> error::Result<BTreeMap<String, String>> {
    let generated = generate_leaving_out(set)?;
    match generated.refused.into_iter().next() {
        Some(first) => Err(first),
        None => Ok(generated.files),
    }
}

/// Generates what can be generated: an operation or schema the generator cannot represent
/// is left out (a schema becomes a JSON value) and listed in `Generated::refused`. A spec
/// that cannot be read, or whose versions disagree, is still an error.
pub fn generate_leaving_out(set: &load::SpecSet) -> error::Result<Generated> {
    generate_leaving_out_as(set, None)
}

/// [`generate_leaving_out`], in the given crate layout instead of the one the spec's size
/// calls for (`--crates`).
pub fn generate_leaving_out_as(
    set: &load::SpecSet,
    layout: Option<ir::CrateLayout>,
) -> error::Result<Generated> {
    use timings::{time, Phase};
    let mut ir = time(Phase::Lower, || lower::lower(set))?;
    if let Some(layout) = layout {
        ir.layout = layout;
    }
    let sources: Vec<String> = set.sources().into_iter().map(String::from).collect();
    let files = time(Phase::Emit, || {
        emit::crate_files::crate_files(&ir, &sources, &set.examples)
    })?;
    Ok(Generated {
        files,
        operations: ir.operation_count(),
        refused: std::mem::take(&mut ir.refused),
    })
}

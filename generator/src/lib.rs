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
pub mod validate;

use std::collections::BTreeMap;
use std::path::Path;

/// Generates every file of the crate from the spec at `spec` (a file or a folder).
pub fn generate(spec: &Path) -> error::Result<BTreeMap<String, String>> {
    let set = load::load(spec)?;
    generate_from(&set)
}

/// Generates every file of the crate from a loaded spec set.
pub fn generate_from(set: &load::SpecSet) -> error::Result<BTreeMap<String, String>> {
    let ir = lower::lower(set)?;
    let sources: Vec<String> = set.sources().into_iter().map(String::from).collect();
    emit::crate_files::crate_files(&ir, &sources, &set.examples)
}

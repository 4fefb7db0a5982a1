//! Reading fixture specs (`mod fixture_specs;` in a test file): shared by the snapshot, compile
//! and end-to-end tests of the fixtures, so that each reads them the same way.

use generator::load;

/// The spec set of `tests/fixtures/<name>.yaml` for each name, one version per fixture, named
/// by `version_name(name)`. A fixture that does not load fails the test with its error.
pub fn fixture_set<'a>(
    names: impl IntoIterator<Item = &'a str>,
    version_name: impl Fn(&str) -> String,
) -> load::SpecSet {
    let versions = names
        .into_iter()
        .map(|name| {
            let display = format!("fixtures/{name}.yaml");
            let text =
                std::fs::read_to_string(&display).unwrap_or_else(|e| panic!("{display}: {e}"));
            let file = load::parse_str(&display, &text).unwrap_or_else(|e| panic!("{e}"));
            load::merge(version_name(name), vec![file]).unwrap_or_else(|e| panic!("{e}"))
        })
        .collect();
    load::SpecSet {
        versions,
        examples: Vec::new(),
    }
}

//! Generates the crate the generator makes of every fixture of `tests/fixtures/` (one version
//! per fixture, named as the snapshots name them: `media_types.yaml` -> `datadogMediaTypes`)
//! into `$OUT_DIR/crate/`, for `src/lib.rs` to include; what a fixture refuses is left out
//! (`refusals.yaml`), the rest must compile. Then checks that this package's `[dependencies]`
//! and features are those of the generated manifest, so that the code is compiled as the
//! generator's users compile it, and turns every API feature on (as cfgs: they follow the
//! fixtures' tags, and a new fixture needs no edit here).

#[allow(dead_code)]
#[path = "../tests/fixture_specs/mod.rs"]
mod fixture_specs;
#[allow(dead_code)]
#[path = "../src/lib.rs"]
mod tests_lib;

use std::path::Path;

use toml_edit::{DocumentMut, Item, Value};

/// The features this package adds to the generated `default`, so that `cargo test` compiles
/// the code behind them too (as `--all-features` would, TLS aside: the TLS features select
/// the runtime's transport, which the runtime's own tests cover).
const EXTRA_DEFAULT_FEATURES: [&str; 2] = ["mock", "tracing"];

fn main() {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The fixture helpers read `fixtures/` relative to `tests/`, as the tests run.
    std::env::set_current_dir(manifest_dir.join("..")).expect("tests/ exists");
    println!("cargo::rerun-if-changed=../fixtures");
    println!("cargo::rerun-if-changed=../tests/fixture_specs");
    println!("cargo::rerun-if-changed=Cargo.toml");

    let names = tests_lib::fixture_names();
    let set = fixture_specs::fixture_set(names.iter().map(String::as_str), str::to_string);
    let mut files = generator::generate_leaving_out(&set)
        .unwrap_or_else(|e| panic!("{e}"))
        .files;
    let lib = files.get_mut("src/lib.rs").expect("a src/lib.rs");
    *lib = without_inner_attributes(lib);
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("crate");
    generator::output::write(&out, &files).unwrap_or_else(|e| panic!("{e}"));
    let api_features = check_manifest(
        &files["Cargo.toml"],
        &std::fs::read_to_string(manifest_dir.join("Cargo.toml")).expect("Cargo.toml"),
    );
    // Every API on, as the generated crate's `default` has them.
    let values: Vec<String> = api_features.iter().map(|f| format!("{f:?}")).collect();
    println!(
        "cargo::rustc-check-cfg=cfg(feature, values({}))",
        values.join(", ")
    );
    for feature in &api_features {
        println!("cargo::rustc-cfg=feature={feature:?}");
    }
}

/// The crate root without its inner attributes and `//!` docs, which `include!` does not
/// accept (they are the crate's documentation and `docsrs` settings).
fn without_inner_attributes(lib: &str) -> String {
    let mut file = syn::parse_file(lib).expect("the generated src/lib.rs is Rust");
    file.attrs.clear();
    prettyplease::unparse(&file)
}

/// Panics, saying what to change, unless `ours` has the `[dependencies]` of `generated` and
/// its features that are not an API's (the runtime's: TLS, `tracing`, `mock`), with
/// [`EXTRA_DEFAULT_FEATURES`] added to `default`. Returns the API features (`users`...), which
/// gate no dependency: they follow the fixtures' tags, so they are set as cfgs, not listed.
fn check_manifest(generated: &str, ours: &str) -> Vec<String> {
    let generated: DocumentMut = generated.parse().expect("the generated Cargo.toml");
    let ours: DocumentMut = ours.parse().expect("tests/fixture-e2e/Cargo.toml");
    let features = generated.get("features").and_then(Item::as_table);
    let api_features: Vec<String> = features
        .into_iter()
        .flat_map(|table| table.iter())
        .filter(|(key, item)| {
            *key != "default" && item.as_array().is_some_and(|array| array.is_empty())
        })
        .map(|(key, _)| key.to_string())
        .collect();
    let mut expected_features = entries(&generated, "features");
    expected_features.retain(|(key, _)| !api_features.contains(key));
    for (key, value) in &mut expected_features {
        if key == "default" {
            let default: Vec<&str> = features
                .and_then(|table| table.get("default"))
                .and_then(Item::as_array)
                .into_iter()
                .flat_map(|array| array.iter().filter_map(Value::as_str))
                .filter(|feature| !api_features.iter().any(|api| api == feature))
                .chain(EXTRA_DEFAULT_FEATURES)
                .collect();
            *value = format!("{default:?}");
        }
    }
    let mut found = differences(
        "dependencies",
        &entries(&generated, "dependencies"),
        &entries(&ours, "dependencies"),
    );
    found.extend(differences(
        "features",
        &expected_features,
        &entries(&ours, "features"),
    ));
    assert!(
        found.is_empty(),
        "tests/fixture-e2e/Cargo.toml is not the generated manifest of the fixtures (see \
         {}/crate/Cargo.toml):\n  {}",
        std::env::var("OUT_DIR").unwrap_or_default(),
        found.join("\n  ")
    );
    api_features
}

/// Each entry of `expected` missing from `actual` or different there, and each entry of
/// `actual` that `expected` lacks.
fn differences(
    table: &str,
    expected: &[(String, String)],
    actual: &[(String, String)],
) -> Vec<String> {
    let mut found = Vec::new();
    for (key, value) in expected {
        match actual.iter().find(|(k, _)| k == key) {
            Some((_, actual)) if actual == value => {}
            Some((_, actual)) => {
                found.push(format!("[{table}] {key} = {actual}, expected {value}"))
            }
            None => found.push(format!("[{table}] {key} is missing: {key} = {value}")),
        }
    }
    for (key, _) in actual {
        if !expected.iter().any(|(k, _)| k == key) {
            found.push(format!("[{table}] {key} is not in the generated manifest"));
        }
    }
    found
}

/// The entries of a table, each value written alike (no comments or spacing).
fn entries(document: &DocumentMut, table: &str) -> Vec<(String, String)> {
    let Some(Item::Table(table)) = document.get(table) else {
        return Vec::new();
    };
    table
        .iter()
        .map(|(key, item)| {
            let value = match item.as_value() {
                Some(value) => canonical(value),
                None => item.to_string().trim().to_string(),
            };
            (key.to_string(), value)
        })
        .collect()
}

/// A TOML value as text, without its formatting: `["a", "b"]`, `{ version = "1" }`.
fn canonical(value: &Value) -> String {
    match value {
        Value::String(text) => format!("{:?}", text.value()),
        Value::Array(array) => {
            let items: Vec<String> = array.iter().map(canonical).collect();
            format!("[{}]", items.join(", "))
        }
        Value::InlineTable(table) => {
            let items: Vec<String> = table
                .iter()
                .map(|(key, value)| format!("{key} = {}", canonical(value)))
                .collect();
            format!("{{ {} }}", items.join(", "))
        }
        other => other.to_string().trim().to_string(),
    }
}

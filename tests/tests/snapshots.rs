//! Snapshot tests of the generator's output: one small spec per construct in
//! `tests/fixtures/<construct>.yaml`. The output for the real spec is `generated/` itself,
//! reviewed as `git diff generated/` and kept current by `cargo run -- --check`: a snapshot of
//! it would fail on every spec change and say nothing more.
//!
//! Each fixture test generates the crate from its fixture (as version `v1`) and snapshots the
//! model files and the API file, concatenated with `// ---- path ----` separators. A generator
//! change then shows up as snapshot diffs: review them with `cargo insta review` (or
//! `INSTA_UPDATE=always cargo test --test snapshots` and `git diff`), and read each diff as
//! code: is it still right for the construct?
//!
//! That the code of every fixture also compiles, without warnings, is checked by
//! `tests/fixture-e2e/` (a crate generated from all of them, a member of this workspace). A new construct: add `tests/fixtures/<construct>.yaml` (a complete
//! OpenAPI 3.0.3 document with an operation that uses it); it is found by its extension, as
//! typify finds its tests/schemas.

mod fixture_specs;
use std::collections::BTreeMap;

/// Generates the crate of `tests/fixtures/<name>.yaml`, as version `v1`.
fn generate_fixture(name: &str) -> BTreeMap<String, String> {
    generate_fixture_leaving_out(name).files
}

/// The crate of a fixture and what it left out (a fixture of refused constructs).
fn generate_fixture_leaving_out(name: &str) -> generator::Generated {
    let set = fixture_specs::fixture_set([name], |_| "v1".to_string());
    generator::generate_leaving_out(&set).unwrap_or_else(|e| panic!("{e}"))
}

/// The files `keep` selects, each after a `// ---- path ----` line.
fn concatenate(files: &BTreeMap<String, String>, keep: impl Fn(&str) -> bool) -> String {
    let mut out = String::new();
    for (path, content) in files.iter().filter(|(path, _)| keep(path)) {
        out.push_str(&format!("// ---- {path} ----\n{content}"));
        if !content.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// The model files (with the model module, which shows each type's features) and the API
/// files of the fixture's version.
fn is_model_or_api(path: &str) -> bool {
    path.starts_with("src/datadogV1/model/")
        || (path.starts_with("src/datadogV1/api_") && path.ends_with(".rs"))
}

/// A fixture's snapshot starts with its refusals (`// refused: pointer: message`), if any.
fn snapshot_fixture(name: &str) {
    let generated = generate_fixture_leaving_out(name);
    let mut snapshot: String = generated
        .refused
        .iter()
        .map(|refusal| format!("// refused: {refusal}\n"))
        .collect();
    snapshot.push_str(&concatenate(&generated.files, is_model_or_api));
    assert!(
        snapshot.contains("// ---- src/datadogV1/api_"),
        "{name}: no API file generated"
    );
    insta::assert_snapshot!(name, snapshot);
}

/// Every fixture against its snapshot; all are checked before the test fails, and the
/// failure names each fixture whose output changed.
#[test]
fn fixtures() {
    let names = tests::fixture_names();
    assert!(names.len() >= 20, "tests/fixtures holds the fixture specs");
    let failed: Vec<&String> = names
        .iter()
        .filter(|name| std::panic::catch_unwind(|| snapshot_fixture(name)).is_err())
        .collect();
    assert!(failed.is_empty(), "snapshots differ for {failed:?}");
}

/// The crate per API layout (`--crates per-api`): the paths of every file but the runtime's
/// (which crate each type and API is in: a type of one API in its crate, a shared or unused
/// one in the core crate), and the files that tie the crates together: manifests, crate
/// roots, module files (the facade's re-exports, at the paths of the one-crate layout), mocks.
#[test]
fn the_crate_per_api_layout() {
    let set = fixture_specs::fixture_set(["per_api_crates"], |_| "v1".to_string());
    let layout = Some(generator::ir::CrateLayout::PerApi);
    let generated =
        generator::generate_leaving_out_as(&set, layout).unwrap_or_else(|e| panic!("{e}"));
    let mut snapshot: String = generated
        .files
        .keys()
        .filter(|path| !path.starts_with("core/src/datadog/"))
        .map(|path| format!("{path}\n"))
        .collect();
    snapshot.push_str(&concatenate(&generated.files, |path| {
        let name = path.rsplit('/').next().unwrap_or_default();
        !path.starts_with("core/src/datadog/")
            && matches!(
                name,
                "Cargo.toml" | "lib.rs" | "mod.rs" | "mock.rs" | "datadog.rs"
            )
    }));
    insta::assert_snapshot!("per_api_crates_layout", snapshot);
}

/// x-unstable also lands in the spec facts the runtime reads.
#[test]
fn unstable_operations_are_listed_in_spec_info() {
    let files = generate_fixture("unstable");
    insta::assert_snapshot!(
        "unstable_spec_info",
        concatenate(&files, |path| path == "src/spec_info.rs")
    );
}

/// The typed mocks (the `mock` feature): one stub method per operation, and the status each
/// documented error answers (exact codes, ranges, `default`, bodiless errors).
#[test]
fn mocks_of_each_operation() {
    let files = generate_fixture("responses");
    insta::assert_snapshot!(
        "responses_mocks",
        concatenate(&files, |path| path == "src/datadogV1/mock.rs")
    );
}

/// The security schemes (their kinds, `x-env-name`, `x-auth-id-alias`) and the servers of
/// single operations land in the spec facts the runtime reads.
#[test]
fn security_schemes_and_operation_servers_are_listed_in_spec_info() {
    for name in ["security", "operation_servers"] {
        let files = generate_fixture(name);
        insta::assert_snapshot!(
            format!("{name}_spec_info"),
            concatenate(&files, |path| path == "src/spec_info.rs")
        );
    }
}

/// Two versions with different servers: the second's are listed for its operations, the
/// first's are the crate's.
#[test]
fn the_servers_of_each_version_are_listed_in_spec_info() {
    let set = fixture_specs::fixture_set(
        ["version_servers_first", "version_servers_second"],
        |name| name.to_string(),
    );
    let files = generator::generate_from(&set).unwrap_or_else(|e| panic!("{e}"));
    insta::assert_snapshot!(
        "version_servers_spec_info",
        concatenate(&files, |path| path == "src/spec_info.rs")
    );
}

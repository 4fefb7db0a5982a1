//! The code generated from every fixture of `tests/fixtures/` compiles, without a warning in
//! the models or the APIs.
//!
//! One `cargo clippy` for all of them: each fixture becomes one version of a single crate
//! (`fixtures/objects.yaml` -> `datadogObjects`), written under `target/tmp/fixture-crate/`
//! and built in `target/fixtures/` (its own target folder: the `cargo test` running this test
//! holds the lock of `target/debug`).

mod fixture_specs;
use std::path::Path;

#[test]
fn every_fixture_compiles_without_warnings() {
    let names = tests::fixture_names();
    let set = fixture_specs::fixture_set(names.iter().map(String::as_str), str::to_string);
    // What a fixture refuses is left out (refusals.yaml): the rest must compile.
    let mut files = generator::generate_leaving_out(&set)
        .unwrap_or_else(|e| panic!("{e}"))
        .files;
    // target/ is inside the root workspace: the crate declares a workspace of its own.
    files
        .get_mut("Cargo.toml")
        .expect("a Cargo.toml")
        .push_str("\n[workspace]\n");

    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let out = tmp.join("fixture-crate");
    generator::output::write(&out, &files).unwrap_or_else(|e| panic!("{e}"));
    // The versions of the dependencies the tests already built, when there is a lock file.
    for lock in ["Cargo.lock", "../generated/Cargo.lock"] {
        if !out.join("Cargo.lock").exists() && Path::new(lock).exists() {
            std::fs::copy(lock, out.join("Cargo.lock")).unwrap();
        }
    }
    // The target folder this test runs from (the shared target/, or the caller's
    // CARGO_TARGET_DIR), not a second one: the dependencies are checked once, as `cargo clippy`
    // of generated/ checks them.
    let target = tmp.parent().expect("target/tmp is inside target/");
    let output = tests::nested_cargo()
        .args([
            "clippy",
            "--all-features",
            "--message-format",
            "short",
            "--manifest-path",
        ])
        .arg(out.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let messages = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the fixtures' code does not compile:\n{messages}"
    );
    // The runtime (src/datadog/) is checked with the real crate; here, the generated code.
    let generated: Vec<&str> = messages
        .lines()
        .filter(|line| line.starts_with("src/datadog") && !line.starts_with("src/datadog/"))
        .filter(|line| line.contains(": warning") || line.contains(": error"))
        .collect();
    assert!(
        generated.is_empty(),
        "warnings in the fixtures' code ({}):\n{}",
        out.display(),
        generated.join("\n")
    );
}

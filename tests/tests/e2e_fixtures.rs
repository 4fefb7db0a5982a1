//! End-to-end tests of code generated from fixtures, for constructs `spec/` does not use:
//! bodies that are not JSON (`fixtures/media_types.yaml`, `multipart_shapes.yaml`), a cursor
//! in the request body (`pagination_body_cursor.yaml`), walks bounded by a documented total
//! (`pagination_total.yaml`) and versions with servers of their own
//! (`version_servers_first.yaml`, `version_servers_second.yaml`).
//!
//! The fixtures are generated into one crate (a version each, as `fixtures_compile.rs` does),
//! `fixture-e2e/fixtures.rs` is added to it as an integration test, and `cargo test` runs it
//! there against wiremock, over real HTTP on 127.0.0.1. Its dependencies are those of this
//! workspace (same lock file and profile), built in the shared target folder.

mod fixture_specs;
use std::path::Path;

/// The fixtures the nested tests call.
const FIXTURES: [&str; 6] = [
    "media_types",
    "multipart_shapes",
    "pagination_body_cursor",
    "pagination_total",
    "version_servers_first",
    "version_servers_second",
];

/// The dev-dependencies the nested tests need beyond the generated manifest's.
const DEV_DEPENDENCIES: &str = r#"[dev-dependencies]
futures-util = "0.3"
serde_json = "1"
wiremock = "0.6"
"#;

/// This workspace's profile (so that the dependencies already built are reused), and a
/// workspace of its own (target/ is inside the root workspace).
const MANIFEST_TAIL: &str = r#"
[profile.dev.package."*"]
opt-level = 1
debug = false

[workspace]
"#;

#[test]
fn generated_bodies_and_pagination_work_over_http() {
    let set = fixture_specs::fixture_set(FIXTURES.iter().copied(), str::to_string);
    let mut files = generator::generate_from(&set).unwrap_or_else(|e| panic!("{e}"));
    let manifest = files.get_mut("Cargo.toml").expect("a Cargo.toml");
    assert!(manifest.contains("[dev-dependencies]\n"), "{manifest}");
    *manifest = manifest.replacen("[dev-dependencies]\n", DEV_DEPENDENCIES, 1) + MANIFEST_TAIL;
    let test = std::fs::read_to_string("fixture-e2e/fixtures.rs").expect("fixture-e2e/fixtures.rs");
    files.insert("tests/fixtures.rs".to_string(), test);

    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let out = tmp.join("fixture-e2e-crate");
    generator::output::write(&out, &files).unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy("Cargo.lock", out.join("Cargo.lock")).expect("tests/Cargo.lock");
    let target = tmp.parent().expect("target/tmp is inside target/");
    let output = tests::nested_cargo()
        .args(["test", "--test", "fixtures", "--manifest-path"])
        .arg(out.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "the fixtures' end-to-end tests failed ({}):\n{}\n{}",
        out.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
}

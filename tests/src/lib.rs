//! The tests live in `tests/`: spec checks, generator snapshots and errors, the diff command,
//! the runtime, end-to-end tests over HTTP, and the documented examples. This library holds
//! only what several of them need to run cargo themselves.

use std::process::Command;

/// A `cargo` command for a test to run, without the variables cargo sets for the test itself
/// (`CARGO_MANIFEST_DIR`, `CARGO_PKG_*`, `OUT_DIR`...). Some build scripts (ring's) rebuild
/// when one of them changes (ring's reruns when `OUT_DIR` does, and cargo sets it for the
/// tests of a package with a build script), so a nested build that inherited them would
/// rebuild ring, rustls, reqwest, the generated crate and what uses them, and the next outer
/// build would rebuild them back. The caller's own settings
/// (`CARGO_TARGET_DIR`, `CARGO_HOME`, `CARGO_BUILD_*`...) are kept.
pub fn nested_cargo() -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    for (name, _) in std::env::vars_os() {
        let Some(name) = name.to_str() else {
            continue;
        };
        let set_for_tests = name.starts_with("CARGO_PKG_")
            || name.starts_with("CARGO_BIN_")
            || matches!(
                name,
                "CARGO_MANIFEST_DIR"
                    | "CARGO_MANIFEST_PATH"
                    | "CARGO_MANIFEST_LINKS"
                    | "CARGO_CRATE_NAME"
                    | "CARGO_PRIMARY_PACKAGE"
                    | "CARGO_TARGET_TMPDIR"
                    | "OUT_DIR"
                    | "CARGO_RUSTC_CURRENT_DIR"
            );
        if set_for_tests {
            command.env_remove(name);
        }
    }
    command
}

/// The names of the fixture specs: every `tests/fixtures/*.yaml`, found on disk (no list to
/// keep), sorted. Tests run in `tests/`, so the folder is relative to it.
pub fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir("fixtures")
        .expect("tests/fixtures")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            (path.extension()? == "yaml")
                .then(|| path.file_stem().unwrap().to_string_lossy().to_string())
        })
        .collect();
    names.sort();
    names
}

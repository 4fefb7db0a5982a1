//! The declared `rust-version` is honest: at least the largest `rust-version` among the
//! packages the crate resolves to, as `cargo metadata` reports them (with every feature, and
//! the dev-dependencies). Only one toolchain can be installed here, so this stands in for
//! `cargo +VERSION check`: a crate that declares less than a dependency needs fails.

use std::process::Command;

/// A Rust version as `major.minor[.patch]`, comparable.
fn version(text: &str) -> (u64, u64, u64) {
    let mut parts = text.split('.').map(|part| part.parse::<u64>().unwrap_or(0));
    let mut next = || parts.next().unwrap_or(0);
    (next(), next(), next())
}

/// For a manifest: each workspace member's declared version, and the largest version any
/// resolved package declares (with its name).
fn versions(manifest: &str) -> (Vec<(String, String)>, (String, String)) {
    let output = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--all-features",
            "--manifest-path",
            manifest,
        ])
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "cargo metadata --manifest-path {manifest}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let resolved: Vec<&str> = metadata["resolve"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|node| node["id"].as_str())
        .collect();
    let members: Vec<&str> = metadata["workspace_members"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|id| id.as_str())
        .collect();
    let packages = metadata["packages"].as_array().unwrap();
    let declared = |package: &serde_json::Value| {
        (
            package["name"].as_str().unwrap_or_default().to_string(),
            package["rust_version"].as_str().unwrap_or("0").to_string(),
        )
    };
    let own = packages
        .iter()
        .filter(|p| members.contains(&p["id"].as_str().unwrap_or_default()))
        .map(declared)
        .collect();
    let needed = packages
        .iter()
        .filter(|p| {
            let id = p["id"].as_str().unwrap_or_default();
            resolved.contains(&id) && !members.contains(&id)
        })
        .map(declared)
        .max_by_key(|(_, rust_version)| version(rust_version))
        .unwrap_or_default();
    (own, needed)
}

fn check(manifest: &str) {
    let (own, (dependency, needed)) = versions(manifest);
    for (name, declared) in own {
        assert!(
            version(&declared) >= version(&needed),
            "{name} declares rust-version {declared}, but its dependency {dependency} needs {needed}"
        );
    }
}

#[test]
fn the_generated_crate_declares_what_its_dependencies_need() {
    check(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../generated/Cargo.toml"
    ));
}

#[test]
fn the_generator_declares_what_its_dependencies_need() {
    check(concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.toml"));
}

#[test]
fn versions_compare_numerically() {
    assert!(version("1.89.0") > version("1.88"));
    assert!(version("1.100") > version("1.89.0"));
    assert_eq!(version("1.85"), version("1.85.0"));
}

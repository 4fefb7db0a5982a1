//! The root workspace (generator, runtime) and the tests workspace have a lock file each. Both
//! build into the shared `target/`, so a dependency they share is compiled once only when both
//! lock files pin it to the same version: a drift (one `cargo update` run in one workspace)
//! would compile `bytes`, `mio` and everything that depends on them twice.

use std::collections::{BTreeMap, BTreeSet};

/// The versions of each package of a `Cargo.lock`, by name.
fn locked_versions(lock: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut versions: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for package in lock.split("[[package]]").skip(1) {
        let field = |key: &str| {
            package.lines().find_map(|line| {
                let value = line.strip_prefix(key)?.trim().strip_prefix("= \"")?;
                Some(value.trim_end_matches('"').to_string())
            })
        };
        let (Some(name), Some(version)) = (field("name"), field("version")) else {
            panic!("a [[package]] without name or version:{package}");
        };
        versions.entry(name).or_default().insert(version);
    }
    versions
}

fn read(path: &str) -> String {
    let path = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

#[test]
fn the_two_lock_files_pin_shared_dependencies_to_the_same_versions() {
    let root = locked_versions(&read("../Cargo.lock"));
    let tests = locked_versions(&read("Cargo.lock"));
    let drifted: Vec<String> = root
        .iter()
        .filter_map(|(name, in_root)| {
            let in_tests = tests.get(name)?;
            (in_root != in_tests).then(|| {
                format!("{name}: {in_root:?} in Cargo.lock, {in_tests:?} in tests/Cargo.lock")
            })
        })
        .collect();
    assert!(
        drifted.is_empty(),
        "the lock files differ (align them with `cargo update --manifest-path tests/Cargo.toml \
         -p NAME@OLD --precise NEW`, or the same in the root):\n  {}",
        drifted.join("\n  ")
    );
}

#[test]
fn locked_versions_reads_every_package() {
    let lock = "version = 4\n\n[[package]]\nname = \"a\"\nversion = \"1.0.0\"\n\n\
                [[package]]\nname = \"a\"\nversion = \"2.0.0\"\nsource = \"registry+x\"\n\n\
                [[package]]\nname = \"b\"\nversion = \"0.1.0\"\ndependencies = [\n \"a 1.0.0\",\n]\n";
    let versions = locked_versions(lock);
    assert_eq!(
        versions["a"],
        BTreeSet::from(["1.0.0".into(), "2.0.0".into()])
    );
    assert_eq!(versions["b"], BTreeSet::from(["0.1.0".into()]));
    assert_eq!(versions.len(), 2);
}

//! The whole Datadog API (`tests/datadog-openapi/`, Datadog's own descriptions, unmodified)
//! generates with nothing left out, and the same files every time.
//!
//! The operations expected are read from the documents themselves, not from the generator: a
//! description that grows is followed without a number to update. That the crate compiles,
//! with a sample of its features together and a few alone, is a step of `.ci/run`; every
//! feature alone is `bench/features-alone.sh`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The folder of the descriptions, one version folder each (tests run in `tests/`).
const SPEC: &str = "datadog-openapi";

/// The methods of an OpenAPI 3.0 path item.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Every operation of the descriptions, as its qualified id (`v2.ListUsers`), read from the
/// YAML as written.
fn documented_operations() -> BTreeSet<String> {
    let mut operations = BTreeSet::new();
    for version in ["v1", "v2"] {
        let path = Path::new(SPEC).join(version).join("openapi.yaml");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        let document: serde_yaml::Value = serde_yaml::from_str(&text).expect("YAML");
        let paths = document["paths"].as_mapping().expect("paths");
        for (path, item) in paths {
            for method in METHODS {
                let Some(operation) = item.get(method) else {
                    continue;
                };
                let id = operation["operationId"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{version} {method} {path:?} has no operationId"));
                assert!(
                    operations.insert(format!("{version}.{id}")),
                    "{version}.{id} twice"
                );
            }
        }
    }
    operations
}

/// The qualified ids the generated API files name (in any crate of the layout) in their code (each operation passes its
/// own to the runtime: `"v2.ListUsers"`); doc comments are skipped.
fn generated_operations(files: &BTreeMap<String, String>) -> BTreeSet<String> {
    let api_files = files.iter().filter(|(path, _)| {
        let name = path.rsplit('/').next().unwrap_or_default();
        // `src/datadogV2/api_users.rs`, or in the crate of its API (`apis/users/src/...`).
        path.contains("src/datadogV") && name.starts_with("api_")
    });
    let code = api_files
        .flat_map(|(_, content)| content.lines())
        .filter(|line| !line.trim_start().starts_with("//"));
    let mut ids = BTreeSet::new();
    for line in code {
        for version in ["v1", "v2"] {
            let open = format!("\"{version}.");
            for (at, _) in line.match_indices(&open) {
                let rest = &line[at + open.len()..];
                let Some((id, _)) = rest.split_once('"') else {
                    continue;
                };
                let plain = !line[..at].ends_with('\\')
                    && !id.is_empty()
                    && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if plain {
                    ids.insert(format!("{version}.{id}"));
                }
            }
        }
    }
    ids
}

fn generate() -> generator::Generated {
    let set = generator::load::load(Path::new(SPEC)).unwrap_or_else(|e| panic!("{e}"));
    generator::generate_leaving_out(&set).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_whole_datadog_api_generates_every_operation_the_same_way_each_time() {
    let documented = documented_operations();
    // The second run on another thread: another seed for any hash map whose order would leak.
    let (first, second) = std::thread::scope(|scope| {
        let second = scope.spawn(generate);
        (generate(), second.join().expect("the second generation"))
    });

    let refused: Vec<String> = first.refused.iter().map(ToString::to_string).collect();
    assert!(refused.is_empty(), "left out:\n{}", refused.join("\n"));
    assert_eq!(first.operations, documented.len());
    let generated = generated_operations(&first.files);
    let missing: Vec<&String> = documented.difference(&generated).collect();
    let unknown: Vec<&String> = generated.difference(&documented).collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "operations documented but not generated: {missing:?}; generated but not documented: {unknown:?}"
    );

    let differing: Vec<&String> = first
        .files
        .iter()
        .filter(|(path, content)| second.files.get(*path) != Some(content))
        .map(|(path, _)| path)
        .collect();
    assert!(
        differing.is_empty() && first.files.len() == second.files.len(),
        "two generations differ: {} and {} files, differing: {differing:?}",
        first.files.len(),
        second.files.len()
    );
}

/// The invariant `bench/features-alone.sh` proves by compiling each feature alone, checked here on
/// the IR without a compiler: an API's operations use only types compiled with its feature,
/// and a type compiled with some features uses only types compiled with each of them (a type
/// with no feature is compiled always). In the crate per API layout, a type uses only types of
/// its own crate or of the core crate.
#[test]
fn every_type_of_the_whole_api_is_compiled_with_each_feature_that_uses_it() {
    use generator::ir::{Home, TypeRef};
    let set = generator::load::load(Path::new(SPEC)).unwrap_or_else(|e| panic!("{e}"));
    let ir = generator::lower::lower(&set).unwrap_or_else(|e| panic!("{e}"));
    // Its size calls for a crate per API (one crate would take 3 GB to check).
    assert_eq!(ir.layout, generator::ir::CrateLayout::PerApi);
    let mut missing = Vec::new();
    for version in &ir.versions {
        let features: BTreeMap<&str, &BTreeSet<String>> = version
            .types
            .iter()
            .map(|t| (t.name.as_str(), &t.features))
            .collect();
        let mut require = |user: String, needs: &BTreeSet<String>, name: &str| {
            let has = features
                .get(name)
                .unwrap_or_else(|| panic!("{name} is not a type"));
            if !has.is_empty() && !needs.is_subset(has) {
                missing.push(format!(
                    "{user} (with {needs:?}) uses {name} (only with {has:?})"
                ));
            }
        };
        for api in &version.apis {
            let feature = BTreeSet::from([api.feature.clone()]);
            for op in &api.operations {
                let mut used: Vec<&TypeRef> = op.params.iter().map(|p| &p.ty).collect();
                used.extend(op.body.iter().map(|b| &b.ty));
                used.extend(op.success.iter());
                used.extend(op.errors.iter().filter_map(|e| e.ty.as_ref()));
                for name in used.into_iter().filter_map(TypeRef::named) {
                    require(op.id.to_string(), &feature, name);
                }
            }
        }
        for def in version.types.iter().filter(|t| !t.features.is_empty()) {
            for name in generator::lower::referenced(&def.kind) {
                require(def.name.clone(), &def.features, name);
            }
        }
        // Split per API, a type uses only types of its own crate or of the core crate.
        let homes: BTreeMap<&str, Home> = version
            .types
            .iter()
            .map(|t| (t.name.as_str(), t.home()))
            .collect();
        for def in &version.types {
            for name in generator::lower::referenced(&def.kind) {
                let used = homes[name];
                if used != Home::Core && used != def.home() {
                    missing.push(format!(
                        "{} (in {:?}) uses {name} (in {used:?})",
                        def.name,
                        def.home()
                    ));
                }
            }
        }
    }
    let shown: Vec<&String> = missing.iter().take(20).collect();
    assert!(
        missing.is_empty(),
        "{} missing features: {shown:#?}",
        missing.len()
    );
}

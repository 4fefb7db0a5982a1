//! Replays the committed fuzz corpus (fuzz/corpus/) and the inputs that once made the
//! generator panic (fuzz/regressions/), through the same code the fuzz targets run: each must
//! give files or an error. The fuzz targets themselves need nightly and run outside CI.

#[path = "../../fuzz/src/lib.rs"]
mod harness;

use std::path::Path;

/// Every file of fuzz/corpus/TARGET and fuzz/regressions/TARGET.
fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz");
    let mut found = Vec::new();
    for folder in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(fuzz.join(folder).join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            found.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    found.sort();
    found
}

/// Runs every input of `target` through `run`; panics on the first that panics.
fn replay(target: &str, run: fn(&[u8])) {
    let inputs = inputs(target);
    assert!(
        inputs.len() >= 5,
        "the seed corpus of {target} is committed"
    );
    for (name, data) in inputs {
        eprintln!("{name}");
        run(&data);
    }
}

#[test]
fn the_load_lower_corpus_gives_files_or_errors() {
    replay("load_lower", harness::load_lower);
}

#[test]
fn the_mutated_spec_corpus_gives_files_or_errors() {
    replay("mutated_spec", harness::mutated_spec);
}

//! The exit status of the generator's command line, run as a process: 0 when written or up to
//! date, 1 when `--check` finds the output stale, 2 on any error (documented in `--help`).

use std::path::{Path, PathBuf};
use std::process::Command;

const VALID: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers:\n- url: https://api.example.com\npaths:\n  /things:\n    get:\n      operationId: ListThings\n      tags: [Things]\n      responses:\n        '204':\n          description: OK\n";

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("v1")).unwrap();
    dir
}

/// Runs the generator with `args`; returns the exit code and stderr.
fn run(args: &[&Path]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_openapi-rust-generator"))
        .args(args)
        .output()
        .unwrap();
    let code = output.status.code().expect("exited, not killed");
    (code, String::from_utf8_lossy(&output.stderr).into_owned())
}

fn generate(spec: &Path, out: &Path, check: bool) -> (i32, String) {
    let mut args = vec![Path::new("--spec"), spec, Path::new("--out"), out];
    if check {
        args.push(Path::new("--check"));
    }
    run(&args)
}

#[test]
fn check_tells_up_to_date_stale_and_invalid_apart() {
    let dir = scratch("cli-check");
    let spec = dir.join("v1/x.yaml");
    let out = dir.join("out");
    std::fs::write(&spec, VALID).unwrap();
    assert_eq!(generate(&spec, &out, true).0, 1, "missing output is stale");
    assert_eq!(generate(&spec, &out, false).0, 0);
    assert_eq!(generate(&spec, &out, true).0, 0);
    std::fs::write(&spec, VALID.replace("ListThings", "ListAllThings")).unwrap();
    assert_eq!(generate(&spec, &out, true).0, 1);
    // An invalid spec, with --check or without: 2, and a located error.
    std::fs::write(&spec, VALID.replace("'204':", "'204': 7\n        '205':")).unwrap();
    for check in [true, false] {
        let (code, err) = generate(&spec, &out, check);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("x.yaml"), "{err}");
    }
}

#[test]
fn non_finite_numbers_and_deep_nesting_exit_with_2() {
    let dir = scratch("cli-hostile");
    let good = dir.join("v1/good.yaml");
    std::fs::write(&good, VALID).unwrap();
    let out = dir.join("out");
    let infinite = VALID.replace(
        "      operationId",
        "      parameters:\n      - {in: query, name: n, schema: {type: number, maximum: .inf}}\n      operationId",
    );
    let deep = VALID.replace(
        "      operationId",
        &format!(
            "      x-deep: {}{}\n      operationId",
            "[".repeat(50_000),
            "]".repeat(50_000)
        ),
    );
    for (name, text) in [("inf", infinite), ("deep", deep)] {
        let bad = dir.join(format!("v1/{name}.yaml"));
        std::fs::write(&bad, text).unwrap();
        let (code, err) = generate(&bad, &out, false);
        assert_eq!(code, 2, "{name}: {err}");
        let diff = [Path::new("diff"), good.as_path(), bad.as_path()];
        let (code, err) = run(&diff);
        assert_eq!(code, 2, "diff, {name}: {err}");
        assert!(err.contains(&format!("{name}.yaml")), "{err}");
    }
    assert!(!out.exists());
}

#[test]
fn help_documents_every_exit_status() {
    let (code, _) = run(&[Path::new("--help")]);
    assert_eq!(code, 0);
    let output = Command::new(env!("CARGO_BIN_EXE_openapi-rust-generator"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&output.stdout);
    for status in ["Exit status", "0  ", "1  ", "2  "] {
        assert!(help.contains(status), "{help}");
    }
}

/// Warnings (an unknown `format`) are printed by the command line, with their position, and do
/// not stop generation.
#[test]
fn warnings_are_printed_and_generation_goes_on() {
    let dir = scratch("cli-warning");
    let spec = dir.join("v1/x.yaml");
    let out = dir.join("out");
    let text = VALID.replace(
        "      responses:",
        "      parameters:\n      - {in: query, name: n, schema: {type: string, format: scalar}}\n      responses:",
    );
    std::fs::write(&spec, text).unwrap();
    let (code, err) = generate(&spec, &out, false);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.lines().any(|l| l.starts_with("warning: ")
            && l.contains("x.yaml:11:")
            && l.contains("unknown format `scalar`")),
        "{err}"
    );
    assert!(out.join("Cargo.toml").exists());
}

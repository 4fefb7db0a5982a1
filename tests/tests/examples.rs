//! The reference pages' Rust examples (`generated/examples/*.rs`, copied from `spec/examples/`)
//! build, and each one, run against a local server that answers its operation with the spec's
//! documented 2xx response, sends exactly that operation's request and prints the decoded value.
//!
//! The examples are built once per test binary with `cargo build --examples` of this
//! workspace (`tests/examples` links to `generated/examples`), into the shared `target/` or
//! `CARGO_TARGET_DIR`; each binary then runs with `DD_HOST` pointing at a
//! wiremock server on 127.0.0.1.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use generator::ir::{PathPart, PathTemplate};
use serde_json::Value;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// How long one example may run.
const RUN_TIMEOUT: Duration = Duration::from_secs(60);
const API_KEY: &str = "examplesApiKey-3c1f9a";
const APP_KEY: &str = "examplesAppKey-8e27d4";
/// What an example prints when the call failed: the `Debug` of `datadog::Error`'s variants.
const ERROR_PREFIXES: &[&str] = &[
    "Error",
    "Reqwest",
    "Serde",
    "Io(",
    "Io {",
    "ResponseError",
    "UnstableOperationDisabledError",
    "Configuration(",
    "InvalidHeader",
    "InvalidParameter",
    "ResponseDecode",
];

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the repository")
        .to_path_buf()
}

/// The `.rs` files of a folder, by file stem.
fn rust_files(dir: &Path) -> BTreeMap<String, PathBuf> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .map(|path| {
            let stem = path
                .file_stem()
                .and_then(|stem| stem.to_str())
                .expect("a UTF-8 file name")
                .to_string();
            (stem, path)
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The spec's operations
// ---------------------------------------------------------------------------------------------

/// An operation of the spec, with what the mock server answers.
#[derive(Debug, Clone)]
struct Operation {
    /// `v1`, `v2`.
    version: String,
    operation_id: String,
    /// Upper case: `GET`.
    method: String,
    /// As `/api/v2/users/{user_id}`, parsed by the generator's one parser of templates.
    path: PathTemplate,
    /// The lowest documented 2xx status.
    status: u16,
    /// That response's documented JSON example, if it has a body.
    example: Option<Value>,
    /// Whether the operation has a request body.
    has_request_body: bool,
}

/// Resolves a local `$ref` (`#/components/...`) in `doc` (cross-file ones are made local by
/// `support::load_spec_file`).
fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let pointer = reference
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("not a local $ref: {reference}"));
            let target = doc
                .pointer(pointer)
                .unwrap_or_else(|| panic!("dangling $ref: {reference}"));
            resolve(doc, target)
        }
        None => value,
    }
}

/// Every operation of `spec/v*/*.yaml`, by (version, operationId).
fn spec_operations() -> BTreeMap<(String, String), Operation> {
    let spec = repo_root().join("spec");
    let mut operations = BTreeMap::new();
    for version_dir in std::fs::read_dir(&spec).expect("spec/ exists") {
        let version_dir = version_dir.expect("a directory entry").path();
        let version = version_dir
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or_default()
            .to_string();
        if !version_dir.is_dir() || !version.starts_with('v') {
            continue;
        }
        for file in std::fs::read_dir(&version_dir).expect("a version folder") {
            let file = file.expect("a directory entry").path();
            if file.extension().is_none_or(|ext| ext != "yaml") {
                continue;
            }
            // Self-contained: the components its cross-file `$ref`s name are copied in.
            let doc = support::load_spec_file(&file);
            let paths = doc["paths"].as_object().expect("paths");
            for (path, item) in paths {
                for method in ["get", "put", "post", "delete", "options", "head", "patch"] {
                    let Some(operation) = item.get(method) else {
                        continue;
                    };
                    let operation_id = operation["operationId"]
                        .as_str()
                        .unwrap_or_else(|| panic!("{method} {path} has no operationId"))
                        .to_string();
                    let responses = operation["responses"].as_object().expect("responses");
                    let (status, response) = responses
                        .iter()
                        .filter_map(|(code, response)| {
                            let code: u16 = code.parse().ok()?;
                            (200..300).contains(&code).then_some((code, response))
                        })
                        .min_by_key(|(code, _)| *code)
                        .unwrap_or_else(|| panic!("{operation_id} documents no 2xx response"));
                    let response = resolve(&doc, response);
                    let example = response.get("content").map(|content| {
                        let media = content
                            .get("application/json")
                            .unwrap_or_else(|| panic!("{operation_id}: no application/json"));
                        media
                            .get("example")
                            .cloned()
                            .or_else(|| {
                                media
                                    .get("examples")
                                    .and_then(Value::as_object)
                                    .and_then(|examples| examples.values().next())
                                    .map(|example| resolve(&doc, example)["value"].clone())
                            })
                            .unwrap_or_else(|| {
                                panic!("{operation_id}: the {status} response has no example")
                            })
                    });
                    let path =
                        PathTemplate::parse(path).unwrap_or_else(|e| panic!("{operation_id}: {e}"));
                    let previous = operations.insert(
                        (version.clone(), operation_id.clone()),
                        Operation {
                            version: version.clone(),
                            operation_id,
                            method: method.to_ascii_uppercase(),
                            path,
                            status,
                            example,
                            has_request_body: operation.get("requestBody").is_some(),
                        },
                    );
                    assert!(previous.is_none(), "duplicate operationId in {version}");
                }
            }
        }
    }
    operations
}

/// `GetUser` -> `get_user`.
fn snake_case(name: &str) -> String {
    let mut snake = String::new();
    for (index, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if index > 0 {
                snake.push('_');
            }
            snake.push(c.to_ascii_lowercase());
        } else {
            snake.push(c);
        }
    }
    snake
}

/// A regex matching the path template, a `{param}` being one non-empty segment.
fn path_template_regex(template: &PathTemplate) -> String {
    let mut regex = String::from("^");
    for part in template.parts() {
        match part {
            PathPart::Literal(text) => escape_regex(text, &mut regex),
            PathPart::Param(_) => regex.push_str("[^/]+"),
        }
    }
    regex.push('$');
    regex
}

fn escape_regex(text: &str, out: &mut String) {
    for c in text.chars() {
        if ".+*?()[]{}|^$\\".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
}

/// Whether a raw request path matches the template: its literal text as written, and each
/// parameter a non-empty run of text up to the next `/` (the client sends a value as one
/// encoded segment).
fn path_matches(template: &PathTemplate, path: &str) -> bool {
    let mut rest = path;
    for part in template.parts() {
        rest = match part {
            PathPart::Literal(text) => match rest.strip_prefix(text.as_str()) {
                Some(rest) => rest,
                None => return false,
            },
            PathPart::Param(_) => match rest.find('/').unwrap_or(rest.len()) {
                0 => return false,
                end => &rest[end..],
            },
        };
    }
    rest.is_empty()
}

// ---------------------------------------------------------------------------------------------
// Building and running the examples
// ---------------------------------------------------------------------------------------------

/// The example binaries by name, built once per test binary.
fn example_binaries() -> &'static BTreeMap<String, PathBuf> {
    static BUILT: OnceLock<Result<BTreeMap<String, PathBuf>, String>> = OnceLock::new();
    BUILT
        .get_or_init(build_examples)
        .as_ref()
        .unwrap_or_else(|error| panic!("{error}"))
}

/// Where the examples are built: the caller's `CARGO_TARGET_DIR` when set (the nested cargo
/// inherits it), else the workspace's target/, as `.cargo/config.toml` says for the others.
fn target_dir_args(root: &Path) -> Vec<std::ffi::OsString> {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(_) => Vec::new(),
        None => vec!["--target-dir".into(), root.join("target").into()],
    }
}

fn build_examples() -> Result<BTreeMap<String, PathBuf>, String> {
    let root = repo_root();
    // `tests/examples` is a link to `generated/examples`: the examples are targets of this
    // workspace, built with its dependencies (already built for the tests, same features and
    // profile), not by a second workspace that would compile every dependency again.
    let output = tests::nested_cargo()
        .arg("build")
        .arg("--manifest-path")
        .arg(root.join("tests/Cargo.toml"))
        .arg("--examples")
        .args(target_dir_args(&root))
        .arg("--message-format=json-render-diagnostics")
        .stdin(Stdio::null())
        .output()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!(
            "`cargo build --examples` of the generated crate failed ({}):\n{stderr}",
            output.status
        ));
    }
    let mut binaries = BTreeMap::new();
    for line in stdout.lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-artifact" {
            continue;
        }
        let is_example = message["target"]["kind"]
            .as_array()
            .is_some_and(|kinds| kinds.iter().any(|kind| kind == "example"));
        if let (true, Some(name), Some(executable)) = (
            is_example,
            message["target"]["name"].as_str(),
            message["executable"].as_str(),
        ) {
            binaries.insert(name.to_string(), PathBuf::from(executable));
        }
    }
    Ok(binaries)
}

struct Run {
    /// `None` when the example was killed after `RUN_TIMEOUT`.
    status: Option<std::process::ExitStatus>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

/// Runs the binary with the environment `env` (and no `DD_*` variable from this process).
fn run_example(binary: &Path, env: &BTreeMap<String, String>) -> Result<Run, String> {
    let mut command = Command::new(binary);
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("DD_") {
            command.env_remove(name);
        }
    }
    command
        .envs(env)
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("no_proxy", "127.0.0.1,localhost")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|error| format!("cannot start {}: {error}", binary.display()))?;
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut stderr = child.stderr.take().expect("piped stderr");
    let stdout_reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = stdout.read_to_end(&mut text);
        text
    });
    let stderr_reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = stderr.read_to_end(&mut text);
        text
    });
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if start.elapsed() > RUN_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(error) => return Err(format!("waiting for {}: {error}", binary.display())),
        }
    };
    let elapsed = start.elapsed();
    let stdout =
        String::from_utf8_lossy(&stdout_reader.join().expect("stdout reader")).into_owned();
    let stderr =
        String::from_utf8_lossy(&stderr_reader.join().expect("stderr reader")).into_owned();
    Ok(Run {
        status,
        stdout,
        stderr,
        elapsed,
    })
}

/// The environment variables an example reads (`std::env::var("NAME")`).
fn env_vars_read(source: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for piece in source.split("env::var(\"").skip(1) {
        if let Some(end) = piece.find('"') {
            names.insert(piece[..end].to_string());
        }
    }
    names
}

/// A distinctive value for an environment variable the example reads.
fn env_value(name: &str) -> String {
    if name.ends_with("EMAIL") {
        "e2e.example.user@example.com".to_string()
    } else {
        format!("e2e-{}", name.to_ascii_lowercase().replace('_', "-"))
    }
}

/// Every string in a JSON value.
fn string_leaves(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(text) => out.push(text.clone()),
        Value::Array(items) => items.iter().for_each(|item| string_leaves(item, out)),
        Value::Object(map) => map.values().for_each(|item| string_leaves(item, out)),
        _ => {}
    }
}

/// The operation an example calls: from its file name `<version>_<api>_<OperationId>`,
/// checked against the method it calls.
fn example_operation<'a>(
    name: &str,
    source: &str,
    operations: &'a BTreeMap<(String, String), Operation>,
) -> Result<&'a Operation, String> {
    let version = name.split('_').next().unwrap_or_default().to_string();
    let operation_id = name.rsplit('_').next().unwrap_or_default().to_string();
    let operation = operations
        .get(&(version.clone(), operation_id.clone()))
        .ok_or_else(|| format!("no operation {version}.{operation_id} in spec/"))?;
    let call = format!(".{}(", snake_case(&operation_id));
    if !source.contains(&call) {
        return Err(format!(
            "the example does not call `{call}` ({version}.{operation_id})"
        ));
    }
    Ok(operation)
}

/// Runs one example against a fresh server; returns the problems found.
async fn check_example(
    name: &str,
    binary: &Path,
    source: &str,
    operation: &Operation,
) -> Vec<String> {
    let server = serve(operation).await;
    let example_vars: BTreeMap<String, String> = env_vars_read(source)
        .into_iter()
        .map(|var| {
            let value = env_value(&var);
            (var, value)
        })
        .collect();
    let mut env = example_vars.clone();
    env.insert("DD_HOST".to_string(), server.uri());
    env.insert("DD_API_KEY".to_string(), API_KEY.to_string());
    env.insert("DD_APP_KEY".to_string(), APP_KEY.to_string());

    let run = {
        let binary = binary.to_path_buf();
        tokio::task::spawn_blocking(move || run_example(&binary, &env))
            .await
            .expect("the runner thread")
    };
    let run = match run {
        Ok(run) => run,
        Err(error) => return vec![error],
    };
    let mut problems = run_problems(&run, operation);
    let requests = server.received_requests().await.expect("recording is on");
    problems.extend(request_problems(&requests, operation, &example_vars));
    problems
        .into_iter()
        .map(|problem| {
            format!(
                "{name} ({}.{}): {problem}",
                operation.version, operation.operation_id
            )
        })
        .collect()
}

/// A fresh server that answers the operation with its status and the spec's example.
async fn serve(operation: &Operation) -> MockServer {
    let server = MockServer::start().await;
    let response = match &operation.example {
        Some(example) => ResponseTemplate::new(operation.status).set_body_json(example),
        None => ResponseTemplate::new(operation.status),
    };
    Mock::given(method(operation.method.as_str()))
        .and(path_regex(path_template_regex(&operation.path)))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// What is wrong with how the example ran: its exit, what it printed (an error, or not the
/// response), a key in its output.
fn run_problems(run: &Run, operation: &Operation) -> Vec<String> {
    let mut problems = Vec::new();
    let output = format!(
        "stdout:\n{}\nstderr:\n{}",
        run.stdout.trim_end(),
        run.stderr.trim_end()
    );
    match run.status {
        None => problems.push(format!("killed after {:?}; {output}", run.elapsed)),
        Some(status) if !status.success() => {
            problems.push(format!("exited with {status}; {output}"))
        }
        Some(_) => {}
    }
    let printed = run.stdout.trim();
    if let Some(prefix) = ERROR_PREFIXES.iter().find(|p| printed.starts_with(**p)) {
        problems.push(format!("printed an error ({prefix}...); {output}"));
    } else {
        problems.extend(printed_problems(
            printed,
            operation.example.as_ref(),
            &output,
        ));
    }
    for secret in [API_KEY, APP_KEY] {
        if run.stdout.contains(secret) || run.stderr.contains(secret) {
            problems.push(format!("the output shows a key; {output}"));
        }
    }
    problems
}

/// What is wrong with the value the example printed: `()` for an operation without a
/// response body, else the decoded response `example`, which has each of its top-level
/// properties and one of its strings.
fn printed_problems(printed: &str, example: Option<&Value>, output: &str) -> Vec<String> {
    let Some(example) = example else {
        return match printed {
            "()" => Vec::new(),
            _ => vec![format!(
                "an operation without a response body should print `()`; {output}"
            )],
        };
    };
    let mut problems = Vec::new();
    if printed.is_empty() || printed == "()" {
        problems.push(format!("printed no decoded value; {output}"));
    }
    // Each top-level property of the example is in the printed value (a model's `Debug` is
    // its type name and JSON).
    for key in example
        .as_object()
        .into_iter()
        .flat_map(|object| object.keys())
    {
        if !printed.contains(&format!("{}:", serde_json::Value::from(key.as_str()))) {
            problems.push(format!(
                "the response's `{key}` is not in the printed value; {output}"
            ));
        }
    }
    // The values come from the server's body: its strings are printed.
    let mut strings = Vec::new();
    string_leaves(example, &mut strings);
    if !strings.is_empty()
        && !strings
            .iter()
            .any(|text| printed.contains(&format!("{text:?}")))
    {
        problems.push(format!(
            "none of the response example's strings ({strings:?}) is in the printed value; {output}"
        ));
    }
    problems
}

/// What is wrong with the requests the server received: not exactly one, or one that is not
/// the operation's, lacks the keys, has a body that is not JSON, or does not carry the
/// example's environment variables (`example_vars`).
fn request_problems(
    requests: &[wiremock::Request],
    operation: &Operation,
    example_vars: &BTreeMap<String, String>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let summary: Vec<String> = requests
        .iter()
        .map(|request| format!("{} {}", request.method, request.url))
        .collect();
    if requests.len() != 1 {
        problems.push(format!(
            "expected exactly one request `{} {}`, the server received {summary:?}",
            operation.method, operation.path
        ));
    }
    for request in requests {
        if request.method.as_str() != operation.method
            || !path_matches(&operation.path, request.url.path())
        {
            problems.push(format!(
                "unexpected request {} {} (expected {} {})",
                request.method, request.url, operation.method, operation.path
            ));
            continue;
        }
        let header = |name: &str| {
            request
                .headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_string)
        };
        if header("DD-API-KEY").as_deref() != Some(API_KEY)
            || header("DD-APPLICATION-KEY").as_deref() != Some(APP_KEY)
        {
            problems.push(format!(
                "the request does not carry DD_API_KEY and DD_APP_KEY: {summary:?}"
            ));
        }
        if operation.has_request_body && serde_json::from_slice::<Value>(&request.body).is_err() {
            problems.push(format!(
                "the request body is not JSON: {:?}",
                String::from_utf8_lossy(&request.body)
            ));
        }
        problems.extend(unsent_vars(request, example_vars));
    }
    problems
}

/// The example's environment variables that do not reach the request (path, query or body).
fn unsent_vars(
    request: &wiremock::Request,
    example_vars: &BTreeMap<String, String>,
) -> Vec<String> {
    let query_values: Vec<String> = request
        .url
        .query_pairs()
        .map(|(_, value)| value.into_owned())
        .collect();
    let body = String::from_utf8_lossy(&request.body);
    example_vars
        .iter()
        .filter(|(_, value)| {
            !request.url.path().contains(value.as_str())
                && !query_values.iter().any(|v| v == *value)
                && !body.contains(value.as_str())
        })
        .map(|(var, value)| {
            format!(
                "{var}={value:?} does not reach the request {} {} (body {body})",
                request.method, request.url
            )
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

/// A request path matches a template when its literal text is the template's and each
/// parameter is one non-empty segment; the regex given to the mock server agrees.
#[test]
fn request_paths_match_their_template() {
    let template = PathTemplate::parse("/api/v2/users/{user_id}/teams/{team}").unwrap();
    let regex = path_template_regex(&template);
    assert_eq!(regex, r"^/api/v2/users/[^/]+/teams/[^/]+$");
    assert!(path_matches(&template, "/api/v2/users/u%2F1/teams/t"));
    for other in [
        "/api/v2/users//teams/t",
        "/api/v2/users/u/1/teams/t",
        "/api/v2/users/u/teams/t/",
        "/api/v2/user/u/teams/t",
        "/api/v2/users/u/teams",
    ] {
        assert!(!path_matches(&template, other), "{other}");
    }
}

#[test]
fn every_reference_example_is_a_built_example_target() {
    let root = repo_root();
    let spec_examples = rust_files(&root.join("spec/examples"));
    let generated_examples = rust_files(&root.join("generated/examples"));
    assert_eq!(
        spec_examples.keys().collect::<Vec<_>>(),
        generated_examples.keys().collect::<Vec<_>>(),
        "generated/examples/ is a copy of spec/examples/"
    );
    for (name, path) in &spec_examples {
        assert_eq!(
            std::fs::read_to_string(path).expect("readable"),
            std::fs::read_to_string(&generated_examples[name]).expect("readable"),
            "{name} was copied unchanged"
        );
    }
    assert!(!spec_examples.is_empty(), "spec/examples/ holds no example");
    let binaries = example_binaries();
    assert_eq!(
        binaries.keys().collect::<Vec<_>>(),
        generated_examples.keys().collect::<Vec<_>>(),
        "one example target per example file"
    );
    for (name, binary) in binaries {
        assert!(binary.is_file(), "{name}: {} is missing", binary.display());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_example_prints_the_decoded_documented_response() {
    let operations = spec_operations();
    let examples = rust_files(&repo_root().join("generated/examples"));
    assert!(!examples.is_empty(), "no examples found");
    let binaries = tokio::task::spawn_blocking(example_binaries)
        .await
        .expect("the build thread");

    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, path) in &examples {
        let source = std::fs::read_to_string(path).expect("a readable example");
        let operation = match example_operation(name, &source, &operations) {
            Ok(operation) => operation,
            Err(error) => {
                failures.push(format!("{name}: {error}"));
                continue;
            }
        };
        let Some(binary) = binaries.get(name) else {
            failures.push(format!("{name}: no binary was built"));
            continue;
        };
        failures.extend(check_example(name, binary, &source, operation).await);
        checked += 1;
    }
    assert!(
        failures.is_empty(),
        "{} problems in {} examples:\n\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n\n")
    );
    assert_eq!(checked, examples.len());
}

//! Shared helpers of the end-to-end tests (`mod support;` in a test file):
//!
//! - [`start_server`] and [`config_for`]: a wiremock server on 127.0.0.1 and a `Configuration`
//!   pointed at it, with the keys [`API_KEY`] and [`APP_KEY`];
//! - [`json_diff`] / [`assert_json_eq`]: JSON equality where two RFC 3339 date-time strings are
//!   equal when they denote the same instant (`2019-09-19T10:00:00.000Z` = `...10:00:00Z`) and
//!   numbers are compared by value (`0` = `0.0`);
//! - [`spec_operation`]: an operation of `spec/<version>/*.yaml` (method, path, request
//!   example, responses with their examples), read at run time;
//! - [`ExpectedRequest`]: a wiremock matcher for the exact request an operation must send,
//!   which can also say why a received request does not match ([`describe_received`]).
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use datadog_api_client::datadog::Configuration;
use serde_json::Value;
use wiremock::{Match, MockServer, Request};

/// The API key every test configuration sends (`DD-API-KEY`).
pub const API_KEY: &str = "test-api-key";
/// The application key every test configuration sends (`DD-APPLICATION-KEY`).
pub const APP_KEY: &str = "test-app-key";
/// What every `User-Agent` the client sends starts with.
pub const USER_AGENT_PREFIX: &str = "datadog-api-client-rust/";

/// Starts a mock server (bound to 127.0.0.1).
pub async fn start_server() -> MockServer {
    MockServer::start().await
}

/// A configuration that sends every request to `server`, with [`API_KEY`] and [`APP_KEY`].
/// Everything else is the default (retries on, no unstable operation enabled). The
/// environment is read by `Configuration::new()`, but the host and keys set here override
/// whatever `DD_HOST`, `DD_SITE`, `DD_API_KEY` and `DD_APP_KEY` say.
pub fn config_for(server: &MockServer) -> Configuration {
    config_for_uri(&server.uri())
}

/// Like [`config_for`], for a base URL.
pub fn config_for_uri(uri: &str) -> Configuration {
    let mut config = Configuration::new();
    config.set_api_key(API_KEY);
    config.set_app_key(APP_KEY);
    config
        .set_host(uri)
        .unwrap_or_else(|error| panic!("set_host({uri:?}) failed: {error}"));
    config
}

// ---------------------------------------------------------------------------------------------
// JSON equality

/// An RFC 3339 date-time (`2019-09-19T10:00:00.000Z`, `2019-09-19T12:00:00+02:00`...) as
/// nanoseconds since the Unix epoch; `None` if `text` is not one.
pub fn parse_rfc3339(text: &str) -> Option<i128> {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = bytes.get(range)?;
        if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    if bytes.len() < 20
        || bytes[4] != b'-'
        || bytes[7] != b'-'
        || !matches!(bytes[10], b'T' | b't' | b' ')
        || bytes[13] != b':'
        || bytes[16] != b':'
    {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let (hour, minute, second) = (digits(11..13)?, digits(14..16)?, digits(17..19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
        return None;
    }
    if second > 60 {
        return None;
    }
    let mut index = 19;
    let mut nanos: i128 = 0;
    if bytes[index] == b'.' {
        let start = index + 1;
        let mut end = start;
        while end < bytes.len() && bytes[end].is_ascii_digit() {
            end += 1;
        }
        if end == start || end - start > 9 {
            return None;
        }
        let fraction: i128 = text[start..end].parse().ok()?;
        nanos = fraction * 10i128.pow((9 - (end - start)) as u32);
        index = end;
    }
    let offset_seconds: i64 = match &text[index..] {
        "Z" | "z" => 0,
        zone if zone.len() == 6
            && matches!(zone.as_bytes()[0], b'+' | b'-')
            && zone.as_bytes()[3] == b':' =>
        {
            let hours = digits(index + 1..index + 3)?;
            let minutes = digits(index + 4..index + 6)?;
            let sign = if zone.starts_with('-') { -1 } else { 1 };
            sign * (hours * 3600 + minutes * 60)
        }
        _ => return None,
    };
    // Days from the civil date (H. Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146097 + doe - 719468;
    let seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset_seconds;
    Some(seconds as i128 * 1_000_000_000 + nanos)
}

/// Where `actual` differs from `expected`, one line per difference (empty when equal).
/// Strings that are both RFC 3339 date-times are equal when they are the same instant;
/// numbers are equal when they have the same value.
pub fn json_diff(expected: &Value, actual: &Value) -> Vec<String> {
    let mut differences = Vec::new();
    diff_at("$", expected, actual, &mut differences);
    differences
}

fn diff_at(path: &str, expected: &Value, actual: &Value, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, e_value) in e {
                match a.get(key) {
                    Some(a_value) => diff_at(&format!("{path}.{key}"), e_value, a_value, out),
                    None => out.push(format!("{path}.{key}: missing (expected {e_value})")),
                }
            }
            for (key, a_value) in a {
                if !e.contains_key(key) {
                    out.push(format!("{path}.{key}: unexpected {a_value}"));
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                out.push(format!(
                    "{path}: {} items, expected {} ({actual} vs {expected})",
                    a.len(),
                    e.len()
                ));
                return;
            }
            for (index, (e_item, a_item)) in e.iter().zip(a).enumerate() {
                diff_at(&format!("{path}[{index}]"), e_item, a_item, out);
            }
        }
        (Value::String(e), Value::String(a)) => {
            if e != a {
                match (parse_rfc3339(e), parse_rfc3339(a)) {
                    (Some(x), Some(y)) if x == y => {}
                    _ => out.push(format!("{path}: {actual}, expected {expected}")),
                }
            }
        }
        (Value::Number(e), Value::Number(a)) => {
            let same = match (e.as_i64(), a.as_i64(), e.as_u64(), a.as_u64()) {
                (Some(x), Some(y), _, _) => x == y,
                (_, _, Some(x), Some(y)) => x == y,
                _ => e.as_f64() == a.as_f64(),
            };
            if !same {
                out.push(format!("{path}: {actual}, expected {expected}"));
            }
        }
        _ => {
            if expected != actual {
                out.push(format!("{path}: {actual}, expected {expected}"));
            }
        }
    }
}

/// Whether the two values are equal in the sense of [`json_diff`].
pub fn json_eq(expected: &Value, actual: &Value) -> bool {
    json_diff(expected, actual).is_empty()
}

/// Panics, listing the differences, unless the values are equal in the sense of [`json_diff`].
#[track_caller]
pub fn assert_json_eq(expected: &Value, actual: &Value, context: &str) {
    let differences = json_diff(expected, actual);
    assert!(
        differences.is_empty(),
        "{context}: JSON differs:\n  {}\nexpected: {expected}\nactual:   {actual}",
        differences.join("\n  ")
    );
}

// ---------------------------------------------------------------------------------------------
// The spec

/// The repository's `spec/` folder.
pub fn spec_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

/// A documented response of an operation.
#[derive(Debug, Clone)]
pub struct SpecResponse {
    /// Whether the response has a `content` (a body).
    pub has_content: bool,
    /// The `application/json` example, if any.
    pub example: Option<Value>,
}

/// An operation of the spec, with every `$ref` of its request body and responses resolved.
#[derive(Debug, Clone)]
pub struct SpecOperation {
    /// The file it is in.
    pub file: PathBuf,
    /// `GET`, `POST`...
    pub method: String,
    /// The path template, as `/api/v2/users/{user_id}`.
    pub path: String,
    /// Whether it has `x-unstable`.
    pub unstable: bool,
    /// Whether it has a request body.
    pub has_request_body: bool,
    /// The request body's `application/json` example, if any.
    pub request_example: Option<Value>,
    /// The responses, by status code.
    pub responses: BTreeMap<u16, SpecResponse>,
    /// The operation's parameters, `$ref`s resolved.
    pub parameters: Vec<SpecParameter>,
}

/// A parameter of an operation.
#[derive(Debug, Clone)]
pub struct SpecParameter {
    pub name: String,
    /// `path`, `query` or `header`.
    pub location: String,
    /// Arrays in the query: `name=a&name=b` (true, the default) or `name=a,b`.
    pub explode: bool,
    /// The schema, with the `$ref`s of it and of its `items` resolved.
    pub schema: Value,
}

impl SpecOperation {
    /// The only 2xx response (panics if there is not exactly one).
    pub fn success(&self) -> (u16, SpecResponse) {
        let mut successes = self
            .responses
            .iter()
            .filter(|(status, _)| (200..300).contains(*status));
        let (status, response) = successes.next().expect("no 2xx response documented");
        assert!(successes.next().is_none(), "more than one 2xx response");
        (*status, response.clone())
    }

    /// The documented 4xx responses.
    pub fn client_errors(&self) -> BTreeMap<u16, SpecResponse> {
        self.responses
            .iter()
            .filter(|(status, _)| (400..500).contains(*status))
            .map(|(status, response)| (*status, response.clone()))
            .collect()
    }
}

/// Reads a spec file as JSON, as it is on disk.
pub fn load_spec_file_as_written(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text)
        .unwrap_or_else(|error| panic!("cannot parse {}: {error}", path.display()));
    serde_json::to_value(yaml)
        .unwrap_or_else(|error| panic!("cannot convert {} to JSON: {error}", path.display()))
}

/// Reads a spec file as JSON, self-contained: the components its cross-file `$ref`s name
/// (`users.yaml#/components/schemas/User`) are copied in from the other files of its folder, and
/// those `$ref`s made local, so that [`resolve`] follows every reference.
pub fn load_spec_file(path: &std::path::Path) -> Value {
    let mut document = load_spec_file_as_written(path);
    let mut references = Vec::new();
    collect_file_refs(&document, &mut references);
    references.sort();
    references.dedup();
    let dir = path.parent().expect("a spec file is in a folder");
    let mut seen = std::collections::BTreeSet::new();
    while let Some(reference) = references.pop() {
        if !seen.insert(reference.clone()) {
            continue;
        }
        let (file, pointer) = reference.split_once('#').expect("a $ref with a fragment");
        let other = load_spec_file_as_written(&dir.join(file));
        let target = other
            .pointer(pointer)
            .unwrap_or_else(|| panic!("{}: unresolved $ref {reference}", path.display()))
            .clone();
        // What the copied component refers to in its own file is needed too.
        let mut inner = Vec::new();
        collect_local_refs(&target, file, &mut inner);
        collect_file_refs(&target, &mut inner);
        references.extend(inner);
        set_pointer(&mut document, pointer, target);
    }
    localize_refs(&mut document);
    document
}

/// The cross-file `$ref`s under a value (outside examples).
fn collect_file_refs(value: &Value, out: &mut Vec<String>) {
    walk_refs(value, &mut |reference| {
        if !reference.starts_with('#') {
            out.push(reference.trim_start_matches("./").to_string());
        }
    });
}

/// The local `$ref`s of a value copied from `file`, as references into that file.
fn collect_local_refs(value: &Value, file: &str, out: &mut Vec<String>) {
    walk_refs(value, &mut |reference| {
        if reference.starts_with('#') {
            out.push(format!("{file}{reference}"));
        }
    });
}

fn walk_refs(value: &Value, f: &mut dyn FnMut(&str)) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                match (key.as_str(), child) {
                    ("$ref", Value::String(reference)) => f(reference),
                    ("example" | "examples", _) => {}
                    _ => walk_refs(child, f),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| walk_refs(item, f)),
        _ => {}
    }
}

/// `users.yaml#/components/...` -> `#/components/...` everywhere.
fn localize_refs(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match child {
                    Value::String(reference) if key == "$ref" => {
                        if let Some(at) = reference.find('#') {
                            *reference = reference[at..].to_string();
                        }
                    }
                    _ if key == "example" || key == "examples" => {}
                    _ => localize_refs(child),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(localize_refs),
        _ => {}
    }
}

/// Sets the value at a pointer of objects, creating the objects on the way; an existing value
/// is kept (the file's own definition).
fn set_pointer(document: &mut Value, pointer: &str, value: Value) {
    let mut node = document;
    let segments: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    for (index, segment) in segments.iter().enumerate() {
        let map = node.as_object_mut().expect("components are objects");
        if index + 1 == segments.len() {
            map.entry(segment.clone()).or_insert(value);
            return;
        }
        node = map
            .entry(segment.clone())
            .or_insert_with(|| Value::Object(Default::default()));
    }
}

/// Follows `$ref`s (local to the document) until a value that is not a reference.
pub fn resolve<'a>(document: &'a Value, mut value: &'a Value) -> &'a Value {
    for _ in 0..32 {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            return value;
        };
        let pointer = reference
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("non-local $ref {reference}"));
        value = document
            .pointer(pointer)
            .unwrap_or_else(|| panic!("unresolved $ref {reference}"));
    }
    panic!("$ref loop");
}

/// The operation `operation_id` of `spec/<version>/*.yaml` (`version` as `"v2"`).
pub fn spec_operation(version: &str, operation_id: &str) -> SpecOperation {
    let dir = spec_dir().join(version);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("cannot list {}: {error}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    files.sort();
    let mut found = Vec::new();
    for file in files {
        let document = load_spec_file(&file);
        let Some(paths) = document.get("paths").and_then(Value::as_object) else {
            continue;
        };
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            for (method, operation) in item {
                if operation.get("operationId").and_then(Value::as_str) != Some(operation_id) {
                    continue;
                }
                found.push(read_operation(&document, &file, path, method, operation));
            }
        }
    }
    assert_eq!(
        found.len(),
        1,
        "expected exactly one operation {version}.{operation_id} in {}",
        dir.display()
    );
    found.pop().unwrap()
}

fn read_operation(
    document: &Value,
    file: &std::path::Path,
    path: &str,
    method: &str,
    operation: &Value,
) -> SpecOperation {
    let json_example = |content: Option<&Value>| -> Option<Value> {
        content?.get("application/json")?.get("example").cloned()
    };
    let request_body = operation
        .get("requestBody")
        .map(|body| resolve(document, body));
    let mut responses = BTreeMap::new();
    for (status, response) in operation["responses"].as_object().expect("responses") {
        let status: u16 = status
            .parse()
            .unwrap_or_else(|_| panic!("status {status} is not a number"));
        let response = resolve(document, response);
        let content = response.get("content");
        responses.insert(
            status,
            SpecResponse {
                has_content: content.is_some(),
                example: json_example(content),
            },
        );
    }
    let mut parameters = Vec::new();
    for parameter in operation
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let parameter = resolve(document, parameter);
        let mut schema = resolve(document, &parameter["schema"]).clone();
        if let Some(items) = schema.get("items") {
            schema["items"] = resolve(document, items).clone();
        }
        parameters.push(SpecParameter {
            name: parameter["name"]
                .as_str()
                .expect("a parameter name")
                .to_string(),
            location: parameter["in"]
                .as_str()
                .expect("a parameter `in`")
                .to_string(),
            explode: parameter
                .get("explode")
                .and_then(Value::as_bool)
                .unwrap_or(true),
            schema,
        });
    }
    SpecOperation {
        parameters,
        file: file.to_path_buf(),
        method: method.to_ascii_uppercase(),
        path: path.to_string(),
        unstable: operation.get("x-unstable").is_some(),
        has_request_body: request_body.is_some(),
        request_example: request_body.and_then(|body| json_example(body.get("content"))),
        responses,
    }
}

// ---------------------------------------------------------------------------------------------
// The expected request

/// The exact request an operation must send: a wiremock matcher whose [`mismatches`]
/// (`ExpectedRequest::mismatches`) say why a request does not match.
///
/// Checked: the method; the raw (percent-encoded) path; the query as a list of decoded
/// `(name, value)` pairs, with nothing missing and nothing extra (order ignored); the
/// `DD-API-KEY` and `DD-APPLICATION-KEY` headers; `Accept: application/json`; a `User-Agent`
/// starting with [`USER_AGENT_PREFIX`]; and, with a body, `Content-Type: application/json`
/// and the body equal to the expected JSON ([`json_diff`]), without one, an empty body and no
/// `Content-Type`.
#[derive(Debug, Clone)]
pub struct ExpectedRequest {
    pub method: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Option<Value>,
    pub api_key: Option<String>,
    pub app_key: Option<String>,
}

impl ExpectedRequest {
    /// A request with no query and no body, with the test keys.
    pub fn new(method: &str, raw_path: &str) -> Self {
        ExpectedRequest {
            method: method.to_ascii_uppercase(),
            path: raw_path.to_string(),
            query: Vec::new(),
            body: None,
            api_key: Some(API_KEY.to_string()),
            app_key: Some(APP_KEY.to_string()),
        }
    }

    /// Sets the expected query parameters (decoded names and values).
    pub fn query(mut self, pairs: &[(&str, &str)]) -> Self {
        self.query = pairs
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect();
        self
    }

    /// Sets the expected JSON body.
    pub fn body(mut self, body: Option<Value>) -> Self {
        self.body = body;
        self
    }

    /// Why `request` is not this request (empty when it is).
    pub fn mismatches(&self, request: &Request) -> Vec<String> {
        let mut problems = Vec::new();
        if request.method.as_str() != self.method {
            problems.push(format!(
                "method {}, expected {}",
                request.method, self.method
            ));
        }
        if request.url.path() != self.path {
            problems.push(format!(
                "path {}, expected {}",
                request.url.path(),
                self.path
            ));
        }
        problems.extend(self.query_mismatches(request));
        problems.extend(self.header_mismatches(request));
        problems.extend(self.body_mismatches(request));
        problems
    }

    /// The query's parameters are the expected ones, in any order; no query when none is.
    fn query_mismatches(&self, request: &Request) -> Vec<String> {
        let mut problems = Vec::new();
        let mut query: Vec<(String, String)> = request
            .url
            .query_pairs()
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        query.sort();
        let mut expected_query = self.query.clone();
        expected_query.sort();
        if query != expected_query {
            problems.push(format!(
                "query {:?} (raw {:?}), expected {:?}",
                query,
                request.url.query(),
                expected_query
            ));
        }
        if self.query.is_empty() && request.url.query().is_some() {
            problems.push(format!("a query {:?}, expected none", request.url.query()));
        }
        problems
    }

    /// The keys, `Accept`, `Content-Type` (only with a body) and the client's `User-Agent`.
    fn header_mismatches(&self, request: &Request) -> Vec<String> {
        let mut problems = Vec::new();
        let header_values = |name: &str| -> Vec<String> {
            request
                .headers
                .get_all(name)
                .iter()
                .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
                .collect()
        };
        let mut exact_header = |name: &str, expected: Option<&str>| {
            let values = header_values(name);
            let expected: Vec<String> = expected.iter().map(|value| value.to_string()).collect();
            if values != expected {
                problems.push(format!("header {name}: {values:?}, expected {expected:?}"));
            }
        };
        exact_header("DD-API-KEY", self.api_key.as_deref());
        exact_header("DD-APPLICATION-KEY", self.app_key.as_deref());
        exact_header("Accept", Some("application/json"));
        match &self.body {
            Some(_) => exact_header("Content-Type", Some("application/json")),
            None => exact_header("Content-Type", None),
        }
        let agents = header_values("User-Agent");
        if agents.len() != 1 || !agents[0].starts_with(USER_AGENT_PREFIX) {
            problems.push(format!(
                "header User-Agent: {agents:?}, expected one starting with {USER_AGENT_PREFIX:?}"
            ));
        }
        problems
    }

    /// The body is the expected JSON (compared by `json_diff`), or absent when none is.
    fn body_mismatches(&self, request: &Request) -> Vec<String> {
        let Some(expected) = &self.body else {
            if request.body.is_empty() {
                return Vec::new();
            }
            return vec![format!(
                "a body {:?}, expected none",
                String::from_utf8_lossy(&request.body)
            )];
        };
        match serde_json::from_slice::<Value>(&request.body) {
            Ok(actual) => json_diff(expected, &actual)
                .into_iter()
                .map(|difference| format!("body {difference}"))
                .collect(),
            Err(error) => vec![format!(
                "body is not JSON ({error}): {:?}",
                String::from_utf8_lossy(&request.body)
            )],
        }
    }
}

impl Match for ExpectedRequest {
    fn matches(&self, request: &Request) -> bool {
        self.mismatches(request).is_empty()
    }
}

/// Every request `server` received, each with why it does not match `expected` — for
/// assertion messages.
pub async fn describe_received(server: &MockServer, expected: &ExpectedRequest) -> String {
    let requests = server.received_requests().await.unwrap_or_default();
    if requests.is_empty() {
        return "the server received no request".to_string();
    }
    let mut text = format!("the server received {} request(s):", requests.len());
    for request in &requests {
        text.push_str(&format!("\n- {} {}", request.method, request.url));
        let problems = expected.mismatches(request);
        if problems.is_empty() {
            text.push_str(" (matches)");
        }
        for problem in problems {
            text.push_str(&format!("\n    {problem}"));
        }
    }
    text
}

/// Every operation of `spec/`, as `version.operationId`, sorted.
pub fn spec_operation_names() -> Vec<String> {
    let mut names = Vec::new();
    let mut versions: Vec<PathBuf> = std::fs::read_dir(spec_dir())
        .expect("spec/ is readable")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir() && !path.ends_with("examples"))
        .collect();
    versions.sort();
    for dir in versions {
        let version = dir.file_name().unwrap().to_string_lossy().to_string();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|ext| ext != "yaml") {
                continue;
            }
            let document = load_spec_file_as_written(&path);
            for item in document["paths"]
                .as_object()
                .into_iter()
                .flat_map(|p| p.values())
            {
                for operation in item.as_object().into_iter().flat_map(|o| o.values()) {
                    if let Some(id) = operation.get("operationId").and_then(Value::as_str) {
                        names.push(format!("{version}.{id}"));
                    }
                }
            }
        }
    }
    names.sort();
    names
}

// ---------------------------------------------------------------------------------------------
// The values of a spec-driven call

/// The values a spec-driven test gives an operation, and the request they must produce.
#[derive(Debug, Clone)]
pub struct SampleCall {
    /// A JSON value per parameter (by wire name), decoded into the method's argument types.
    pub values: BTreeMap<String, Value>,
    /// The raw (percent-encoded) path the call must request.
    pub path: String,
    /// The decoded query pairs it must send.
    pub query: Vec<(String, String)>,
}

/// A value for every parameter of `operation`, from its schema: the first enum values, distinct
/// numbers, and strings that name the parameter and hold characters a path or query must
/// encode (` /?#%&=+ü`). Then the path and query the client must send with them, encoded here
/// independently of the client (RFC 3986: everything but unreserved characters is encoded).
pub fn sample_call(operation: &SpecOperation) -> SampleCall {
    let mut values = BTreeMap::new();
    let mut path = operation.path.clone();
    let mut query = Vec::new();
    for (index, parameter) in operation.parameters.iter().enumerate() {
        let value = sample_value(&parameter.schema, &parameter.name, index);
        match parameter.location.as_str() {
            "path" => {
                let encoded = percent_encode(&wire_text(&value));
                path = path.replace(&format!("{{{}}}", parameter.name), &encoded);
            }
            "query" => match &value {
                Value::Array(items) if parameter.explode => {
                    for item in items {
                        query.push((parameter.name.clone(), wire_text(item)));
                    }
                }
                Value::Array(items) => {
                    let joined: Vec<String> = items.iter().map(wire_text).collect();
                    query.push((parameter.name.clone(), joined.join(",")));
                }
                _ => query.push((parameter.name.clone(), wire_text(&value))),
            },
            _ => {}
        }
        values.insert(parameter.name.clone(), value);
    }
    SampleCall {
        values,
        path,
        query,
    }
}

fn sample_value(schema: &Value, name: &str, index: usize) -> Value {
    if let Some(first) = schema.get("enum").and_then(|e| e.get(0)) {
        return first.clone();
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("integer") => Value::from(2 + index as i64),
        Some("number") => Value::from(1.5 + index as f64),
        Some("boolean") => Value::Bool(true),
        Some("array") => {
            let items = &schema["items"];
            let values: Vec<Value> = match items.get("enum").and_then(Value::as_array) {
                Some(options) => options.iter().take(2).cloned().collect(),
                None => vec![
                    sample_value(items, name, index),
                    sample_value(items, &format!("{name}2"), index + 1),
                ],
            };
            Value::Array(values)
        }
        _ => match schema.get("format").and_then(Value::as_str) {
            Some("date-time") => Value::from("2024-01-02T03:04:05Z"),
            Some("date") => Value::from("2024-01-02"),
            Some("uuid") => Value::from(format!("00000000-0000-0000-2345-{index:012}")),
            _ => Value::from(format!("{name} a/b?c#d%e&f=g+h ü")),
        },
    }
}

/// The text of a scalar on the wire.
fn wire_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// RFC 3986 percent-encoding of everything but the unreserved characters.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Asserts that the lines of `source` (a test file) between `// {marker} START` and
/// `// {marker} END`, less one level of indentation, are the README's ```rust block that
/// contains `needle`: the README's examples are the code the tests compile and run.
pub fn assert_readme_block(source: &str, marker: &str, needle: &str) {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let block = readme
        .split("```rust\n")
        .skip(1)
        .filter_map(|rest| rest.split("\n```").next())
        .find(|block| block.contains(needle))
        .unwrap_or_else(|| panic!("README.md has no ```rust block with {needle:?}"));
    let start_marker = format!("// {marker} START\n");
    let start = source.find(&start_marker).unwrap() + start_marker.len();
    let end = source.find(&format!("// {marker} END")).unwrap();
    let tested: String = source[start..end]
        .lines()
        .map(|line| line.strip_prefix("    ").unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(tested.trim_end(), block.trim_end());
}

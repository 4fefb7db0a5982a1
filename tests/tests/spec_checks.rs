//! Checks of the hand-written spec in `spec/` (see `spec/README.md`).
//!
//! - every file parses as OpenAPI 3.0 (`openapiv3`), every `$ref` resolves, and every component
//!   is used;
//! - the operations are exactly the 36 documented ones, with unique operationIds, a tag, a
//!   summary and a description; `x-unstable` and `x-pagination` are where they belong;
//! - every example validates against its schema (converted to JSON Schema), and every request
//!   and response example decodes into its generated model and re-encodes to the same JSON.
//!
//! Each check reports all its failures in one assertion message.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use serde_json::{json, Map, Value};

mod support;

// ---------------------------------------------------------------------------------------------
// Loading the spec
// ---------------------------------------------------------------------------------------------

/// One file of the spec.
struct SpecFile {
    /// Path relative to `spec/`, like `v2/users.yaml`.
    name: String,
    /// The folder, which is the API version: `v1`, `v2`.
    version: String,
    /// The YAML text.
    text: String,
    /// The YAML as JSON.
    doc: Value,
}

fn spec_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec"))
}

/// Every `spec/v*/*.yaml`, sorted by name.
fn spec_files() -> Vec<SpecFile> {
    let mut files = Vec::new();
    let mut versions: Vec<_> = std::fs::read_dir(spec_dir())
        .expect("spec/ is readable")
        .map(|entry| entry.expect("spec/ entry").path())
        .filter(|path| {
            path.is_dir()
                && path.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                    n.len() > 1 && n.starts_with('v') && n[1..].chars().all(|c| c.is_ascii_digit())
                })
        })
        .collect();
    versions.sort();
    for folder in versions {
        let version = folder.file_name().unwrap().to_str().unwrap().to_owned();
        let mut paths: Vec<_> = std::fs::read_dir(&folder)
            .expect("version folder is readable")
            .map(|entry| entry.expect("folder entry").path())
            .filter(|path| path.extension().is_some_and(|e| e == "yaml" || e == "yml"))
            .collect();
        paths.sort();
        for path in paths {
            let name = format!("{version}/{}", path.file_name().unwrap().to_str().unwrap());
            let text = std::fs::read_to_string(&path).expect("spec file is readable");
            // Self-contained: the components of other files that its `$ref`s name are copied in.
            let doc = support::load_spec_file(&path);
            files.push(SpecFile {
                name,
                version: version.clone(),
                text,
                doc,
            });
        }
    }
    assert!(
        !files.is_empty(),
        "no spec/v*/*.yaml file found in {}",
        spec_dir().display()
    );
    files
}

/// Escapes one JSON pointer segment.
fn esc(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Decodes the `%XX` escapes of a URI fragment.
fn percent_decode(fragment: &str) -> String {
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(byte) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The node a local `$ref` (`#/...`) points to.
fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let fragment = reference.strip_prefix('#')?;
    doc.pointer(&percent_decode(fragment))
}

/// Follows `$ref`s (at most a few levels) to the node they name.
fn deref<'a>(doc: &'a Value, mut node: &'a Value) -> Option<&'a Value> {
    for _ in 0..16 {
        match node.get("$ref").and_then(Value::as_str) {
            Some(reference) => node = resolve(doc, reference)?,
            None => return Some(node),
        }
    }
    None
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One operation of a spec file.
struct Operation<'a> {
    file: &'a SpecFile,
    /// Upper case: `GET`.
    method: String,
    path: String,
    /// The path item (for its shared `parameters`).
    path_item: &'a Value,
    op: &'a Value,
}

impl Operation<'_> {
    fn id(&self) -> &str {
        self.op
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    fn label(&self) -> String {
        format!(
            "spec/{}: {} {} ({})",
            self.file.name,
            self.method,
            self.path,
            self.id()
        )
    }

    /// The parameters of the operation and of its path item, `$ref`s followed.
    fn parameters(&self) -> Vec<&Value> {
        let doc = &self.file.doc;
        [self.path_item.get("parameters"), self.op.get("parameters")]
            .into_iter()
            .flatten()
            .filter_map(Value::as_array)
            .flatten()
            .filter_map(|p| deref(doc, p))
            .collect()
    }
}

fn operations(files: &[SpecFile]) -> Vec<Operation<'_>> {
    let mut out = Vec::new();
    for file in files {
        let Some(paths) = file.doc.get("paths").and_then(Value::as_object) else {
            continue;
        };
        for (path, item) in paths {
            for method in METHODS {
                if let Some(op) = item.get(method) {
                    out.push(Operation {
                        file,
                        method: method.to_uppercase(),
                        path: path.clone(),
                        path_item: item,
                        op,
                    });
                }
            }
        }
    }
    out
}

fn fail_if_any(what: &str, failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{what}: {} failure(s)\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Files, references, components
// ---------------------------------------------------------------------------------------------

#[test]
fn every_spec_file_parses_as_openapi_3_0() {
    let mut failures = Vec::new();
    for file in spec_files() {
        match serde_yaml::from_str::<openapiv3::OpenAPI>(&file.text) {
            Ok(api) if !api.openapi.starts_with("3.0.") => failures.push(format!(
                "spec/{}: `openapi: {}`, expected 3.0.x",
                file.name, api.openapi
            )),
            Ok(_) => {}
            Err(e) => failures.push(format!(
                "spec/{}: not an OpenAPI 3.0 document: {e}",
                file.name
            )),
        }
    }
    fail_if_any("spec files that do not parse with openapiv3", &failures);
}

/// Calls `f(pointer, reference)` for every `$ref` string of `node` (example values excluded:
/// they are data).
fn each_ref(node: &Value, pointer: &str, f: &mut dyn FnMut(&str, &str)) {
    match node {
        Value::Object(map) => {
            for (key, value) in map {
                let child = format!("{pointer}/{}", esc(key));
                match (key.as_str(), value) {
                    ("$ref", Value::String(reference)) => f(&child, reference),
                    ("example", _) => {}
                    _ => each_ref(value, &child, f),
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                each_ref(item, &format!("{pointer}/{i}"), f);
            }
        }
        _ => {}
    }
}

#[test]
fn every_ref_resolves() {
    let mut failures = Vec::new();
    let mut count = 0;
    for file in spec_files() {
        each_ref(&file.doc, "", &mut |pointer, reference| {
            count += 1;
            if !reference.starts_with('#') {
                failures.push(format!(
                    "spec/{}#{pointer}: $ref '{reference}' is not local to the file",
                    file.name
                ));
            } else if resolve(&file.doc, reference).is_none() {
                failures.push(format!(
                    "spec/{}#{pointer}: $ref '{reference}' points to nothing",
                    file.name
                ));
            }
        });
    }
    assert!(count > 0, "no $ref found at all: the walk is broken");
    fail_if_any("unresolved $refs", &failures);
}

const COMPONENT_KINDS: [&str; 4] = ["schemas", "parameters", "responses", "requestBodies"];

/// A component is used when an operation of its version (in any file: the files of a version
/// share their components) refers to it, directly or through other components.
#[test]
fn every_component_is_used() {
    let mut failures = Vec::new();
    let files = spec_files();
    let mut reached_by_version: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let doc = &file.doc;
        // Roots: the references made outside the four kinds of components (paths, mostly).
        let mut outside = doc.clone();
        if let Some(components) = outside.get_mut("components").and_then(Value::as_object_mut) {
            for kind in COMPONENT_KINDS {
                components.remove(kind);
            }
        }
        let mut pending = Vec::new();
        each_ref(&outside, "", &mut |_, reference| {
            pending.push(reference.to_owned())
        });
        // Then everything reachable from them.
        let reached = reached_by_version.entry(file.version.clone()).or_default();
        while let Some(reference) = pending.pop() {
            if !reached.insert(reference.clone()) {
                continue;
            }
            if let Some(node) = resolve(doc, &reference) {
                each_ref(node, "", &mut |_, r| pending.push(r.to_owned()));
            }
        }
    }
    for file in &files {
        let reached = &reached_by_version[&file.version];
        // The components the file itself defines (not those copied in for its `$ref`s).
        let written = support::load_spec_file_as_written(&spec_dir().join(&file.name));
        for kind in COMPONENT_KINDS {
            let Some(components) = written
                .pointer(&format!("/components/{kind}"))
                .and_then(Value::as_object)
            else {
                continue;
            };
            for name in components.keys() {
                let reference = format!("#/components/{kind}/{}", esc(name));
                if !reached.contains(&reference) {
                    failures.push(format!(
                        "spec/{}{reference}: not referenced by any operation (directly or \
                         through other components)",
                        file.name
                    ));
                }
            }
        }
    }
    fail_if_any("unused components", &failures);
}

// ---------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------

const RUM_OPERATIONS: [(&str, &str); 10] = [
    ("POST", "/api/v2/product-analytics/accounts/query"),
    ("POST", "/api/v2/product-analytics/accounts/facet_info"),
    ("POST", "/api/v2/product-analytics/users/query"),
    (
        "POST",
        "/api/v2/product-analytics/users/event_filtered_query",
    ),
    ("POST", "/api/v2/product-analytics/users/facet_info"),
    ("GET", "/api/v2/product-analytics/{entity}/mapping"),
    (
        "GET",
        "/api/v2/product-analytics/{entity}/mapping/connections",
    ),
    (
        "POST",
        "/api/v2/product-analytics/{entity}/mapping/connection",
    ),
    (
        "PUT",
        "/api/v2/product-analytics/{entity}/mapping/connection",
    ),
    (
        "DELETE",
        "/api/v2/product-analytics/{entity}/mapping/connection/{id}",
    ),
];

/// The operations the reference pages document, RUM ones excepted (see [`RUM_OPERATIONS`]).
const OTHER_OPERATIONS: [(&str, &str); 26] = [
    // Users v1
    ("POST", "/api/v1/user"),
    ("GET", "/api/v1/user"),
    ("GET", "/api/v1/user/{user_handle}"),
    ("PUT", "/api/v1/user/{user_handle}"),
    ("DELETE", "/api/v1/user/{user_handle}"),
    // Users v2
    ("POST", "/api/v2/users"),
    ("GET", "/api/v2/users"),
    ("GET", "/api/v2/users/{user_id}"),
    ("PATCH", "/api/v2/users/{user_id}"),
    ("DELETE", "/api/v2/users/{user_id}"),
    ("GET", "/api/v2/users/{user_id}/orgs"),
    ("GET", "/api/v2/users/{user_id}/permissions"),
    ("POST", "/api/v2/user_invitations"),
    ("GET", "/api/v2/user_invitations/{user_invitation_uuid}"),
    // Teams v2
    ("GET", "/api/v2/team"),
    ("POST", "/api/v2/team"),
    ("GET", "/api/v2/team/{team_id}"),
    ("PATCH", "/api/v2/team/{team_id}"),
    ("DELETE", "/api/v2/team/{team_id}"),
    ("GET", "/api/v2/team/{team_id}/memberships"),
    ("POST", "/api/v2/team/{team_id}/memberships"),
    ("PATCH", "/api/v2/team/{team_id}/memberships/{user_id}"),
    ("DELETE", "/api/v2/team/{team_id}/memberships/{user_id}"),
    ("GET", "/api/v2/team/{team_id}/permission-settings"),
    ("PUT", "/api/v2/team/{team_id}/permission-settings/{action}"),
    // Seats v2
    ("GET", "/api/v2/seats/users"),
];

fn pairs(list: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    list.iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect()
}

/// Describes the difference of two sets.
fn set_diff<T: Ord + std::fmt::Debug>(
    actual: &BTreeSet<T>,
    expected: &BTreeSet<T>,
    failures: &mut Vec<String>,
) {
    for missing in expected.difference(actual) {
        failures.push(format!("missing: {missing:?}"));
    }
    for extra in actual.difference(expected) {
        failures.push(format!("unexpected: {extra:?}"));
    }
}

/// The reference pages' operations are all in the spec, each once. The spec may grow: an
/// operation added to it is not refused here (nothing pins their number).
#[test]
fn every_documented_operation_is_in_the_spec_once() {
    let files = spec_files();
    let mut failures = Vec::new();
    let mut seen = BTreeMap::<(String, String), String>::new();
    for op in operations(&files) {
        let key = (op.method.clone(), op.path.clone());
        if let Some(first) = seen.insert(key, op.file.name.clone()) {
            failures.push(format!("{} is also defined in spec/{first}", op.label()));
        }
    }
    let actual: BTreeSet<_> = seen.into_keys().collect();
    let mut expected = pairs(&OTHER_OPERATIONS);
    expected.extend(pairs(&RUM_OPERATIONS));
    for missing in expected.difference(&actual) {
        failures.push(format!("missing: {missing:?}"));
    }
    fail_if_any("operations", &failures);
}

#[test]
fn operation_ids_are_unique_within_a_version() {
    let files = spec_files();
    let mut failures = Vec::new();
    let mut seen = BTreeMap::<(String, String), String>::new();
    for op in operations(&files) {
        if op.id().is_empty() {
            failures.push(format!("{}: no operationId", op.label()));
            continue;
        }
        let key = (op.file.version.clone(), op.id().to_owned());
        if let Some(first) = seen.insert(key, op.label()) {
            failures.push(format!(
                "{}: operationId already used by {first}",
                op.label()
            ));
        }
    }
    fail_if_any("operationIds", &failures);
}

#[test]
fn every_operation_has_a_tag_a_summary_and_a_description() {
    let files = spec_files();
    let mut failures = Vec::new();
    for op in operations(&files) {
        let tags: Vec<_> = op
            .op
            .get("tags")
            .and_then(Value::as_array)
            .map(|tags| {
                tags.iter()
                    .filter_map(Value::as_str)
                    .filter(|t| !t.trim().is_empty())
                    .collect()
            })
            .unwrap_or_default();
        if tags.is_empty() {
            failures.push(format!("{}: no tag", op.label()));
        }
        for key in ["summary", "description"] {
            if op
                .op
                .get(key)
                .and_then(Value::as_str)
                .is_none_or(|s| s.trim().is_empty())
            {
                failures.push(format!("{}: no {key}", op.label()));
            }
        }
    }
    fail_if_any("operations without tag, summary or description", &failures);
}

const UNSTABLE_TEXT: &str = "**Note**: This endpoint may be subject to changes.";

#[test]
fn the_unstable_operations_are_the_ten_rum_ones() {
    let files = spec_files();
    let mut failures = Vec::new();
    let mut unstable = BTreeSet::new();
    for op in operations(&files) {
        if let Some(value) = op.op.get("x-unstable") {
            unstable.insert((op.method.clone(), op.path.clone()));
            if value.as_str() != Some(UNSTABLE_TEXT) {
                failures.push(format!(
                    "{}: x-unstable is {value}, expected '{UNSTABLE_TEXT}' (spec/README.md)",
                    op.label()
                ));
            }
        }
    }
    set_diff(&unstable, &pairs(&RUM_OPERATIONS), &mut failures);
    fail_if_any("x-unstable operations", &failures);
}

/// The 2xx response schema of an operation, `$ref`s followed.
fn success_schema<'a>(op: &Operation<'a>) -> Option<&'a Value> {
    let doc = &op.file.doc;
    let responses = op.op.get("responses")?.as_object()?;
    let (_, response) = responses
        .iter()
        .find(|(status, _)| status.starts_with('2'))?;
    let response = deref(doc, response)?;
    let media = response.get("content")?.as_object()?.values().next()?;
    deref(doc, media.get("schema")?)
}

/// The schema at a dotted path (`meta.page.next_cursor`) of `schema`, through `properties`
/// (and `allOf`).
fn schema_at<'a>(doc: &'a Value, schema: &'a Value, dotted: &str) -> Option<&'a Value> {
    let mut node = deref(doc, schema)?;
    for field in dotted.split('.') {
        let direct = node.get("properties").and_then(|p| p.get(field));
        let through_all_of = || {
            node.get("allOf")?
                .as_array()?
                .iter()
                .filter_map(|s| deref(doc, s))
                .find_map(|s| s.get("properties").and_then(|p| p.get(field)))
        };
        node = deref(doc, direct.or_else(through_all_of)?)?;
    }
    Some(node)
}

#[test]
fn the_paginated_operations_are_the_four_documented_ones() {
    let files = spec_files();
    let mut failures = Vec::new();
    let mut paginated = BTreeSet::new();
    for op in operations(&files) {
        let Some(pagination) = op.op.get("x-pagination") else {
            continue;
        };
        paginated.insert((op.file.version.clone(), op.id().to_owned()));
        let Some(pagination) = pagination.as_object() else {
            failures.push(format!("{}: x-pagination is not an object", op.label()));
            continue;
        };
        for (key, value) in pagination {
            if let Err(failure) = check_pagination_key(&op, key, value) {
                failures.push(format!("{}: {failure}", op.label()));
            }
        }
        let has = |k: &str| pagination.contains_key(k);
        let page_number = has("pageParam") && !has("cursorParam") && !has("cursorPath");
        let cursor = has("cursorParam") && has("cursorPath") && !has("pageParam");
        if !(has("limitParam") && has("resultsPath") && (page_number || cursor)) {
            failures.push(format!(
                "{}: x-pagination is neither the page-number form nor the cursor form of \
                 spec/README.md: {pagination:?}",
                op.label()
            ));
        }
    }
    let expected: BTreeSet<_> = [
        ("v2", "ListUsers"),
        ("v2", "ListTeams"),
        ("v2", "GetTeamMemberships"),
        ("v2", "GetSeatsUsers"),
    ]
    .iter()
    .map(|(v, id)| (v.to_string(), id.to_string()))
    .collect();
    set_diff(&paginated, &expected, &mut failures);
    fail_if_any("x-pagination", &failures);
}

/// One key of an operation's `x-pagination`: a string naming a parameter of the operation
/// (`limitParam`, `pageParam`, `cursorParam`) or a property of its 2xx response of the
/// expected type (`resultsPath`: an array, `cursorPath`: a string).
fn check_pagination_key(op: &Operation<'_>, key: &str, value: &Value) -> Result<(), String> {
    let Some(value) = value.as_str() else {
        return Err(format!("x-pagination.{key} is not a string"));
    };
    let expected_type = match key {
        "limitParam" | "pageParam" | "cursorParam" => {
            let names: BTreeSet<&str> = op
                .parameters()
                .into_iter()
                .filter_map(|p| p.get("name").and_then(Value::as_str))
                .collect();
            if names.contains(value) {
                return Ok(());
            }
            return Err(format!(
                "x-pagination.{key} names '{value}', which is not a parameter of the \
                 operation (it has {names:?})"
            ));
        }
        "resultsPath" => "array",
        "cursorPath" => "string",
        _ => return Err(format!("unknown key x-pagination.{key}")),
    };
    match success_schema(op).and_then(|s| schema_at(&op.file.doc, s, value)) {
        None => Err(format!(
            "x-pagination.{key} '{value}' is not a property of the 2xx response"
        )),
        Some(s) if s.get("type").and_then(Value::as_str) != Some(expected_type) => Err(format!(
            "x-pagination.{key} '{value}' is not of type {expected_type}"
        )),
        Some(_) => Ok(()),
    }
}

// ---------------------------------------------------------------------------------------------
// Examples
// ---------------------------------------------------------------------------------------------

/// Where an example is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Site {
    /// The request body (`status` = "request") or a response of an operation.
    Operation {
        method: String,
        path: String,
        status: String,
    },
    /// A response of `components/responses`.
    ComponentResponse { version: String, name: String },
    /// A schema's or a parameter's own example.
    Other,
}

/// One example of the spec.
struct Example {
    /// `v2/users.yaml#/paths/...`: where the example is.
    location: String,
    value: Value,
    /// The (OpenAPI) schema it must follow, when there is one.
    schema: Option<Value>,
    /// The name of the component schema when `schema` is a `$ref` to one.
    schema_name: Option<String>,
    site: Site,
}

struct Collector<'a> {
    file: &'a SpecFile,
    out: Vec<Example>,
}

impl Collector<'_> {
    fn push(&mut self, pointer: &str, value: &Value, schema: Option<&Value>, site: Site) {
        let schema_name = schema
            .and_then(|s| s.get("$ref"))
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
            .map(str::to_owned);
        self.out.push(Example {
            location: format!("spec/{}#{pointer}", self.file.name),
            value: value.clone(),
            schema: schema.cloned(),
            schema_name,
            site,
        });
    }

    /// The `example` and the `examples` of a media type or a parameter.
    fn examples_of(&mut self, node: &Value, pointer: &str, schema: Option<&Value>, site: &Site) {
        if let Some(example) = node.get("example") {
            self.push(&format!("{pointer}/example"), example, schema, site.clone());
        }
        if let Some(examples) = node.get("examples").and_then(Value::as_object) {
            for (name, example) in examples {
                let mut at = format!("{pointer}/examples/{}", esc(name));
                let mut example = example;
                if let Some(reference) = example.get("$ref").and_then(Value::as_str) {
                    let Some(target) = resolve(&self.file.doc, reference) else {
                        continue; // reported by every_ref_resolves
                    };
                    at = reference[1..].to_owned();
                    example = target;
                }
                if let Some(value) = example.get("value") {
                    self.push(&format!("{at}/value"), value, schema, site.clone());
                }
            }
        }
    }

    fn content(&mut self, node: &Value, pointer: &str, site: &Site) {
        let Some(content) = node.get("content").and_then(Value::as_object) else {
            return;
        };
        for (media_type, media) in content {
            let at = format!("{pointer}/content/{}", esc(media_type));
            let schema = media.get("schema");
            self.examples_of(media, &at, schema, site);
            if let Some(schema) = schema {
                self.schema(schema, &format!("{at}/schema"));
            }
        }
    }

    fn parameter(&mut self, parameter: &Value, pointer: &str) {
        if parameter.get("$ref").is_some() {
            return; // walked under components/parameters
        }
        let schema = parameter.get("schema");
        self.examples_of(parameter, pointer, schema, &Site::Other);
        if let Some(schema) = schema {
            self.schema(schema, &format!("{pointer}/schema"));
        }
        self.content(parameter, pointer, &Site::Other);
    }

    /// The schema-level examples of `schema` and of its subschemas (not through `$ref`: the
    /// components are walked on their own).
    fn schema(&mut self, schema: &Value, pointer: &str) {
        if let Some(example) = schema.get("example") {
            self.push(
                &format!("{pointer}/example"),
                example,
                Some(schema),
                Site::Other,
            );
        }
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (name, property) in properties {
                self.schema(property, &format!("{pointer}/properties/{}", esc(name)));
            }
        }
        for key in ["items", "additionalProperties", "not"] {
            if let Some(sub) = schema.get(key).filter(|s| s.is_object()) {
                self.schema(sub, &format!("{pointer}/{key}"));
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(list) = schema.get(key).and_then(Value::as_array) {
                for (i, sub) in list.iter().enumerate() {
                    self.schema(sub, &format!("{pointer}/{key}/{i}"));
                }
            }
        }
    }
}

/// Every example of every file.
fn examples(files: &[SpecFile]) -> Vec<Example> {
    let mut all = Vec::new();
    for file in files {
        let mut c = Collector {
            file,
            out: Vec::new(),
        };
        if let Some(paths) = file.doc.get("paths").and_then(Value::as_object) {
            for (path, item) in paths {
                c.path_item(path, item);
            }
        }
        c.components();
        all.extend(c.out);
    }
    all
}

/// The parameters listed at `at` in `node` (a path item or an operation).
fn parameters_at<'v>(node: &'v Value, at: &str) -> impl Iterator<Item = (String, &'v Value)> {
    let at = format!("{at}/parameters");
    node.get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .map(move |(i, p)| (format!("{at}/{i}"), p))
}

impl Collector<'_> {
    /// The examples of a path item: its parameters', and those of each of its operations.
    fn path_item(&mut self, path: &str, item: &Value) {
        let item_at = format!("/paths/{}", esc(path));
        for (at, p) in parameters_at(item, &item_at) {
            self.parameter(p, &at);
        }
        for method in METHODS {
            if let Some(op) = item.get(method) {
                self.operation(path, method, op, &format!("{item_at}/{method}"));
            }
        }
    }

    /// The examples of an operation: its parameters', its request body's and its responses'
    /// (those written in place: a `$ref`'s are the component's).
    fn operation(&mut self, path: &str, method: &str, op: &Value, op_at: &str) {
        let site = |status: &str| Site::Operation {
            method: method.to_uppercase(),
            path: path.to_owned(),
            status: status.to_owned(),
        };
        for (at, p) in parameters_at(op, op_at) {
            self.parameter(p, &at);
        }
        if let Some(body) = op.get("requestBody").filter(|b| b.get("$ref").is_none()) {
            self.content(body, &format!("{op_at}/requestBody"), &site("request"));
        }
        if let Some(responses) = op.get("responses").and_then(Value::as_object) {
            for (status, response) in responses {
                if response.get("$ref").is_none() {
                    let at = format!("{op_at}/responses/{}", esc(status));
                    self.content(response, &at, &site(status));
                }
            }
        }
    }

    /// The examples of the file's components: schemas, parameters, request bodies, responses.
    fn components(&mut self) {
        let file = self.file;
        let component = |kind: &str| {
            file.doc
                .pointer(&format!("/components/{kind}"))
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
        };
        for (name, schema) in component("schemas") {
            self.schema(schema, &format!("/components/schemas/{}", esc(name)));
        }
        for (name, parameter) in component("parameters") {
            self.parameter(parameter, &format!("/components/parameters/{}", esc(name)));
        }
        for (name, body) in component("requestBodies") {
            // A shared request body has no operation of its own: its examples are only validated.
            self.content(
                body,
                &format!("/components/requestBodies/{}", esc(name)),
                &Site::Other,
            );
        }
        for (name, response) in component("responses") {
            let site = Site::ComponentResponse {
                version: file.version.clone(),
                name: name.clone(),
            };
            self.content(
                response,
                &format!("/components/responses/{}", esc(name)),
                &site,
            );
        }
    }
}

/// The OpenAPI 3.0 schema `schema` as a JSON Schema (draft 4): `$ref`s to
/// `#/components/schemas/X` become `#/definitions/X`, `nullable: true` allows null, `int32`
/// gets its bounds, and the OpenAPI-only keywords go.
fn to_json_schema(schema: &Value) -> Value {
    let Value::Object(map) = schema else {
        return schema.clone();
    };
    let mut out = Map::new();
    for (key, value) in map {
        let converted = match key.as_str() {
            "$ref" => match value.as_str() {
                Some(r) => Value::String(r.replace("#/components/schemas/", "#/definitions/")),
                None => value.clone(),
            },
            "example" | "nullable" | "readOnly" | "writeOnly" | "discriminator" | "xml"
            | "externalDocs" | "deprecated" => continue,
            k if k.starts_with("x-") => continue,
            "properties" => Value::Object(
                value
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(name, s)| (name.clone(), to_json_schema(s)))
                    .collect(),
            ),
            "items" | "additionalProperties" | "not" => to_json_schema(value),
            "allOf" | "oneOf" | "anyOf" => Value::Array(
                value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(to_json_schema)
                    .collect(),
            ),
            _ => value.clone(),
        };
        out.insert(key.clone(), converted);
    }
    if let Some(reference) = out.get("$ref").cloned() {
        // Siblings of a $ref are ignored, in OpenAPI 3.0 as in draft 4.
        out = Map::from_iter([("$ref".to_owned(), reference)]);
    }
    let is_integer = out.get("type").and_then(Value::as_str) == Some("integer");
    if is_integer && out.get("format").and_then(Value::as_str) == Some("int32") {
        out.entry("minimum").or_insert(json!(i32::MIN));
        out.entry("maximum").or_insert(json!(i32::MAX));
    }
    if map.get("nullable") == Some(&Value::Bool(true)) {
        match out.get("type").and_then(Value::as_str).map(str::to_owned) {
            Some(ty) if !out.contains_key("$ref") => {
                out.insert("type".into(), json!([ty, "null"]));
                if let Some(Value::Array(values)) = out.get_mut("enum") {
                    if !values.contains(&Value::Null) {
                        values.push(Value::Null);
                    }
                }
            }
            _ => return json!({"anyOf": [{"type": "null"}, Value::Object(out)]}),
        }
    }
    Value::Object(out)
}

/// The `definitions` of a file: its component schemas, converted.
fn definitions(doc: &Value) -> Value {
    Value::Object(
        doc.pointer("/components/schemas")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(name, schema)| (name.clone(), to_json_schema(schema)))
            .collect(),
    )
}

#[test]
fn every_example_validates_against_its_schema() {
    let files = spec_files();
    let mut failures = Vec::new();
    let mut validated = 0;
    for file in &files {
        let definitions = definitions(&file.doc);
        for example in examples(std::slice::from_ref(file)) {
            let Some(schema) = &example.schema else {
                continue;
            };
            let root = json!({"allOf": [to_json_schema(schema)], "definitions": definitions});
            let validator = match jsonschema::draft4::options()
                .should_validate_formats(true)
                .build(&root)
            {
                Ok(v) => v,
                Err(e) => {
                    failures.push(format!(
                        "{}: its schema is not valid JSON Schema: {e}",
                        example.location
                    ));
                    continue;
                }
            };
            validated += 1;
            for error in validator.iter_errors(&example.value) {
                failures.push(format!(
                    "{}{}: {error} (schema: {})",
                    example.location, error.instance_path, error.schema_path
                ));
            }
        }
    }
    assert!(validated > 0, "no example found: the walk is broken");
    fail_if_any(
        "examples that do not validate against their schema",
        &failures,
    );
}

// ---------------------------------------------------------------------------------------------
// Round trips through the generated models
// ---------------------------------------------------------------------------------------------

// The model of each component schema, by version and schema name: `model_round_trip`,
// written by `tests/build.rs` from the generator's IR of spec/, so that a new schema or example
// needs no row here. The match names every generated model, and the compiler checks them.
include!(concat!(env!("OUT_DIR"), "/model_round_trips.rs"));

/// Decodes a value into the model `model` and encodes it back.
fn round_trip_as<T: serde::de::DeserializeOwned + serde::Serialize>(
    value: &Value,
    model: &str,
) -> Result<Value, String> {
    let decoded: T = serde_json::from_value(value.clone())
        .map_err(|e| format!("does not decode into {model}: {e}"))?;
    serde_json::to_value(&decoded).map_err(|e| format!("does not re-encode: {e}"))
}

/// The request and response examples (those with a model to decode into).
fn body_examples() -> Vec<(String, Example)> {
    let files = spec_files();
    let mut out = Vec::new();
    for file in &files {
        for example in examples(std::slice::from_ref(file)) {
            if example.site != Site::Other {
                out.push((file.version.clone(), example));
            }
        }
    }
    out
}

#[test]
fn every_request_and_response_example_has_a_generated_model() {
    let mut failures = Vec::new();
    for (version, example) in body_examples() {
        match &example.schema_name {
            None => failures.push(format!(
                "{}: the schema is not a `$ref` to a component schema, so no model is known",
                example.location
            )),
            Some(name) => {
                if model_round_trip(&version, name, &Value::Null).is_none() {
                    failures.push(format!(
                        "{}: no generated model for the schema {version} {name}",
                        example.location
                    ));
                }
            }
        }
    }
    fail_if_any("request and response examples", &failures);
}

/// Two strings that both parse as RFC 3339 date-times, as the same instant.
fn same_instant(a: &str, b: &str) -> bool {
    match (
        chrono::DateTime::parse_from_rfc3339(a),
        chrono::DateTime::parse_from_rfc3339(b),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The differences between the example and its re-encoding.
fn json_diff(expected: &Value, actual: &Value, pointer: &str, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, value) in e {
                let at = format!("{pointer}/{}", esc(key));
                match a.get(key) {
                    Some(other) => json_diff(value, other, &at, out),
                    None => out.push(format!("{at}: {value} is lost")),
                }
            }
            for (key, value) in a.iter().filter(|(k, _)| !e.contains_key(*k)) {
                out.push(format!("{pointer}/{}: {value} is added", esc(key)));
            }
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            for (i, (e, a)) in e.iter().zip(a).enumerate() {
                json_diff(e, a, &format!("{pointer}/{i}"), out);
            }
        }
        (Value::String(e), Value::String(a)) if e == a || same_instant(e, a) => {}
        _ if expected == actual => {}
        _ => out.push(format!("{pointer}: {expected} becomes {actual}")),
    }
}

#[test]
fn every_example_round_trips_through_its_generated_model() {
    let mut failures = Vec::new();
    let mut done = 0;
    for (version, example) in body_examples() {
        let Some(name) = &example.schema_name else {
            continue; // reported by every_request_and_response_example_has_a_generated_model
        };
        let Some(result) = model_round_trip(&version, name, &example.value) else {
            continue; // reported there too
        };
        done += 1;
        match result {
            Err(e) => failures.push(format!("{}: {e}", example.location)),
            Ok(encoded) => {
                let mut diffs = Vec::new();
                json_diff(&example.value, &encoded, "", &mut diffs);
                let mut message = String::new();
                for diff in diffs {
                    let _ = write!(message, "\n    {diff}");
                }
                if !message.is_empty() {
                    failures.push(format!(
                        "{} (as {version} {name}) does not re-encode to itself:{message}",
                        example.location
                    ));
                }
            }
        }
    }
    assert!(
        done > 0,
        "no request or response example found: the walk is broken"
    );
    fail_if_any("round trips through the generated models", &failures);
}

// ---------------------------------------------------------------------------------------------
// The checks' own machinery
// ---------------------------------------------------------------------------------------------

/// Validates `instance` against an OpenAPI `schema` whose `$ref`s point into `components`.
fn check(components: Value, schema: Value, instance: Value) -> bool {
    let doc = json!({"components": {"schemas": components}});
    let root = json!({"allOf": [to_json_schema(&schema)], "definitions": definitions(&doc)});
    let validator = jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&root)
        .unwrap();
    validator.is_valid(&instance)
}

#[test]
fn the_schema_conversion_keeps_what_openapi_means() {
    let int64 = json!({"type": "integer", "format": "int64"});
    let int32 = json!({"type": "integer", "format": "int32"});
    let role = json!({"type": "string", "enum": ["admin"], "nullable": true});
    let stamp = json!({"type": "string", "format": "date-time", "example": "x", "x-y": 1});
    let none = json!({});
    // The docs renderer's placeholders are rejected.
    assert!(check(none.clone(), int64.clone(), json!(5)));
    assert!(!check(none.clone(), int64.clone(), json!("integer")));
    assert!(!check(
        none.clone(),
        int32.clone(),
        json!(i64::from(i32::MAX) + 1)
    ));
    assert!(check(none.clone(), role.clone(), json!("admin")));
    assert!(!check(none.clone(), role.clone(), json!("string")));
    // nullable, on a type and through a $ref.
    assert!(check(none.clone(), role, Value::Null));
    assert!(!check(none.clone(), int64, Value::Null));
    assert!(check(
        none.clone(),
        stamp.clone(),
        json!("2019-09-19T10:00:00.000Z")
    ));
    assert!(!check(none, stamp, json!("yesterday")));
    let components = json!({
        "Role": {"type": "string", "enum": ["admin"], "nullable": true},
        "Attributes": {"type": "object", "properties": {"role": {"$ref": "#/components/schemas/Role"}},
                       "required": ["role"]},
    });
    let attributes = json!({"$ref": "#/components/schemas/Attributes"});
    assert!(check(
        components.clone(),
        attributes.clone(),
        json!({"role": null})
    ));
    assert!(check(
        components.clone(),
        attributes.clone(),
        json!({"role": "admin"})
    ));
    assert!(!check(
        components.clone(),
        attributes.clone(),
        json!({"role": "string"})
    ));
    assert!(!check(components, attributes, json!({})));
}

#[test]
fn the_json_comparison_compares_date_times_by_instant_only() {
    let diff = |a: Value, b: Value| {
        let mut out = Vec::new();
        json_diff(&a, &b, "", &mut out);
        out
    };
    assert!(diff(
        json!({"at": "2019-09-19T10:00:00.000Z"}),
        json!({"at": "2019-09-19T10:00:00Z"})
    )
    .is_empty());
    assert!(diff(
        json!({"at": "2019-09-19T12:00:00+02:00"}),
        json!({"at": "2019-09-19T10:00:00Z"})
    )
    .is_empty());
    assert_eq!(
        diff(
            json!({"at": "2019-09-19T10:00:01Z"}),
            json!({"at": "2019-09-19T10:00:00Z"})
        )
        .len(),
        1
    );
    assert_eq!(
        diff(json!({"a": "x"}), json!({"a": "y"})),
        ["/a: \"x\" becomes \"y\""]
    );
    assert_eq!(diff(json!({"a": 1}), json!({})), ["/a: 1 is lost"]);
    assert_eq!(diff(json!({}), json!({"a": null})), ["/a: null is added"]);
    assert_eq!(diff(json!([1, 2]), json!([1])).len(), 1);
    assert_eq!(diff(json!({"n": 1}), json!({"n": 1.0})).len(), 1);
}

//! Strict validation of one spec file before it is lowered: the document must match the
//! official JSON Schema of OpenAPI 3.0 (vendored from the OpenAPI Initiative's 2021-09-28
//! release, as shipped by `openapi-spec-validator`), which refuses unknown keywords (only `x-`
//! extensions are free), unknown `type` values and values of the wrong type. Errors name the
//! file, `line:column`, the JSON pointer of the innermost element at fault, and a near name
//! where one exists. Unknown `format` values are warnings: tools define their own.

mod position;
mod suggest;
mod yaml_wording;

pub use position::{locate, locate_nearest, Position};
pub use suggest::did_you_mean;
pub use yaml_wording::plain_yaml_message;

use crate::error::{GenError, Result};
use jsonschema::error::ValidationErrorKind;
use jsonschema::{ValidationError, Validator};
use serde_json::Value;
use std::sync::OnceLock;

/// The OpenAPI 3.0 JSON Schema (draft 4), `id` https://spec.openapis.org/oas/3.0/schema/2021-09-28.
const OPENAPI_30_SCHEMA: &str = include_str!("openapi-3.0.schema.json");

/// The `format` values OpenAPI 3.0 defines, and those of JSON Schema that generators know.
const KNOWN_FORMATS: &[&str] = &[
    "int32",
    "int64",
    "float",
    "double",
    "byte",
    "binary",
    "date",
    "date-time",
    "password",
    "uuid",
    "email",
    "uri",
    "uri-reference",
    "hostname",
    "ipv4",
    "ipv6",
    "regex",
    "time",
    "duration",
];

/// How deep a `oneOf` failure is followed into the branch it most likely meant.
const MAX_REFINE_DEPTH: usize = 16;

/// One file to validate: its name in messages, its text (for positions) and its content.
pub struct Document<'a> {
    pub display: &'a str,
    pub text: &'a str,
    pub value: &'a Value,
}

/// How many problems of one file are reported at once; the rest are counted.
const MAX_REPORTED: usize = 20;

/// Validates a document. Returns the warnings (unknown formats), or one error that lists every
/// problem of the file (up to `MAX_REPORTED`), so that a user fixes them in one pass.
pub fn validate(doc: &Document) -> Result<Vec<GenError>> {
    let meta = meta_schema();
    let mut seen = std::collections::BTreeSet::new();
    let errors: Vec<GenError> = document_validator()
        .iter_errors(doc.value)
        .flat_map(|e| refine(meta, doc.value, Problem::from_error(&e), 0))
        .map(|problem| problem.into_error(doc))
        .filter(|e| seen.insert((e.location.clone(), e.message.clone())))
        .collect();
    match combine(errors) {
        Some(error) => Err(error),
        None => Ok(unknown_formats(doc)),
    }
}

/// One error out of several: the first, then one line for each other problem.
fn combine(errors: Vec<GenError>) -> Option<GenError> {
    let mut errors = errors.into_iter();
    let mut first = errors.next()?;
    let rest: Vec<GenError> = errors.collect();
    for other in rest.iter().take(MAX_REPORTED - 1) {
        first.message.push_str(&format!("\n{other}"));
    }
    if rest.len() >= MAX_REPORTED {
        let hidden = rest.len() + 1 - MAX_REPORTED;
        first
            .message
            .push_str(&format!("\n... and {hidden} more problems in this file"));
    }
    Some(first)
}

fn meta_schema() -> &'static Value {
    static META: OnceLock<Value> = OnceLock::new();
    META.get_or_init(|| {
        serde_json::from_str(OPENAPI_30_SCHEMA).expect("the vendored schema is JSON")
    })
}

fn build(schema: &Value) -> Validator {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(false)
        .build(schema)
        .expect("the vendored OpenAPI schema compiles")
}

/// The validator of a whole document, compiled once.
fn document_validator() -> &'static Validator {
    static WHOLE: OnceLock<Validator> = OnceLock::new();
    WHOLE.get_or_init(|| build(meta_schema()))
}

/// The validator of one definition of the meta-schema (`#/definitions/Schema`), compiled only
/// when an error needs it.
fn definition_validator(reference: &str) -> Validator {
    let mut schema = serde_json::json!({ "$ref": reference });
    schema["definitions"] = meta_schema()["definitions"].clone();
    build(&schema)
}

/// What failed, where: owned, so that nested validations can be merged.
#[derive(Debug, Clone)]
struct Problem {
    /// JSON pointer into the document.
    instance_path: String,
    /// The keyword location into the meta-schema (with `$ref` steps).
    schema_path: String,
    kind: Kind,
    message: String,
}

#[derive(Debug, Clone)]
enum Kind {
    Unexpected(Vec<String>),
    Enum(Vec<String>),
    Required(String),
    Branches,
    Other,
}

impl Problem {
    fn from_error(error: &ValidationError) -> Self {
        let kind = match &error.kind {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                Kind::Unexpected(unexpected.clone())
            }
            ValidationErrorKind::Enum { options } => Kind::Enum(
                options
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(String::from)
                    .collect(),
            ),
            ValidationErrorKind::Required { property } => {
                Kind::Required(property.as_str().unwrap_or_default().to_string())
            }
            ValidationErrorKind::OneOfNotValid | ValidationErrorKind::AnyOf => Kind::Branches,
            _ => Kind::Other,
        };
        Problem {
            instance_path: error.instance_path.as_str().to_string(),
            schema_path: error.schema_path.as_str().to_string(),
            kind,
            message: error.to_string(),
        }
    }

    fn into_error(self, doc: &Document) -> GenError {
        let (pointer, message) = match &self.kind {
            Kind::Unexpected(names) => {
                let name = names.first().cloned().unwrap_or_default();
                let pointer = format!(
                    "{}/{}",
                    self.instance_path,
                    crate::error::pointer_segment(&name)
                );
                let allowed = allowed_keys(&self.schema_path);
                let hint = suggest::did_you_mean(&name, allowed.iter().map(String::as_str));
                let message = format!(
                    "unknown keyword `{name}`{hint} (OpenAPI 3.0 allows only its own keywords and `x-` extensions here)"
                );
                (pointer, message)
            }
            Kind::Enum(options) => {
                let found = pointer_value(doc.value, &self.instance_path);
                let found = found.map(|v| v.to_string()).unwrap_or_default();
                let hint = found.trim_matches('"').to_string();
                let hint = suggest::did_you_mean(&hint, options.iter().map(String::as_str));
                let message = format!(
                    "{found} is not one of {}{hint}",
                    options
                        .iter()
                        .map(|o| format!("`{o}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                (self.instance_path.clone(), message)
            }
            Kind::Required(property) => (
                self.instance_path.clone(),
                format!("missing `{property}`, which OpenAPI 3.0 requires here"),
            ),
            Kind::Branches | Kind::Other => (self.instance_path.clone(), self.message.clone()),
        };
        let location = match locate_nearest(doc.text, &pointer) {
            Some(p) => format!("{}:{}:{}", doc.display, p.line, p.column),
            None => doc.display.to_string(),
        };
        GenError::new(location, format!("#{pointer}: {message}"))
    }
}

/// The value at a JSON pointer.
fn pointer_value<'v>(value: &'v Value, pointer: &str) -> Option<&'v Value> {
    value.pointer(pointer)
}

/// The meta-schema node at a keyword location, following `$ref` steps.
fn schema_node<'m>(meta: &'m Value, keyword_path: &str) -> Option<&'m Value> {
    let mut node = meta;
    for raw in keyword_path.split('/').skip(1) {
        let segment = raw.replace("~1", "/").replace("~0", "~");
        node = if segment == "$ref" {
            let reference = node.get("$ref")?.as_str()?;
            meta.pointer(reference.strip_prefix('#')?)?
        } else {
            match node {
                Value::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
                _ => node.get(&segment)?,
            }
        };
    }
    Some(node)
}

/// The keywords the object whose `additionalProperties` failed allows.
fn allowed_keys(schema_path: &str) -> Vec<String> {
    let parent = schema_path
        .strip_suffix("/additionalProperties")
        .unwrap_or(schema_path);
    schema_node(meta_schema(), parent)
        .and_then(|node| node.get("properties"))
        .and_then(Value::as_object)
        .map(|props| props.keys().cloned().collect())
        .unwrap_or_default()
}

/// A `oneOf`/`anyOf` failure says only that no branch matched. Follow the branch the document
/// most likely meant (its required keys are present, then the fewest errors) and report its
/// errors instead, which are about elements further in.
fn refine(meta: &Value, doc: &Value, problem: Problem, depth: usize) -> Vec<Problem> {
    if !matches!(problem.kind, Kind::Branches) || depth >= MAX_REFINE_DEPTH {
        return vec![problem];
    }
    let Some(instance) = doc.pointer(&problem.instance_path) else {
        return vec![problem];
    };
    let Some(branches) = schema_node(meta, &problem.schema_path).and_then(Value::as_array) else {
        return vec![problem];
    };
    let mut best: Option<(usize, usize, &str, Vec<Problem>)> = None;
    for branch in branches {
        let Some(reference) = branch.get("$ref").and_then(Value::as_str) else {
            continue;
        };
        let definition = meta.pointer(reference.trim_start_matches('#'));
        let missing = definition
            .and_then(|d| d.get("required"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .filter(|key| instance.get(key).is_none())
            .count();
        let errors: Vec<Problem> = definition_validator(reference)
            .iter_errors(instance)
            .map(|e| Problem::from_error(&e))
            .collect();
        let score = (missing, errors.len());
        if best.as_ref().is_none_or(|(m, n, ..)| score < (*m, *n)) {
            best = Some((score.0, score.1, reference, errors));
        }
    }
    let Some((_, _, reference, errors)) = best else {
        return vec![problem];
    };
    if errors.is_empty() {
        return vec![problem];
    }
    errors
        .into_iter()
        .take(MAX_REPORTED)
        .flat_map(|inner| {
            // The branch validator is `{"$ref": reference, "definitions": ...}`: its keyword
            // paths start with that `$ref`, which is the definition's place in the meta-schema.
            let inside = inner
                .schema_path
                .strip_prefix("/$ref")
                .unwrap_or(&inner.schema_path)
                .to_string();
            let nested = Problem {
                instance_path: format!("{}{}", problem.instance_path, inner.instance_path),
                schema_path: format!("{}{inside}", reference.trim_start_matches('#')),
                ..inner
            };
            refine(meta, doc, nested, depth + 1)
        })
        .collect()
}

/// Warnings for `format` values no tool is known to understand.
fn unknown_formats(doc: &Document) -> Vec<GenError> {
    let mut found = Vec::new();
    visit_entries(doc.value, &mut |pointer, key, value| match (key, value) {
        ("format", Value::String(format)) if !KNOWN_FORMATS.contains(&format.as_str()) => {
            found.push((pointer.to_string(), format.clone()))
        }
        _ => {}
    });
    if found.is_empty() {
        return Vec::new();
    }
    let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    let positions = locate(doc.text, &pointers);
    found
        .iter()
        .map(|(pointer, format)| {
            let location = match positions.get(pointer) {
                Some(p) => format!("{}:{}:{}", doc.display, p.line, p.column),
                None => doc.display.to_string(),
            };
            let hint = suggest::did_you_mean(format, KNOWN_FORMATS.iter().copied());
            GenError::new(
                location,
                format!("#{pointer}: unknown format `{format}`{hint}; the value is read as its `type` says"),
            )
        })
        .collect()
}

/// Keys whose values are data, not spec: a `format` or `$ref` inside them is not a keyword.
const DATA_KEYS: &[&str] = &["example", "examples", "default", "enum"];

/// Calls `f(pointer, key, value)` for every mapping entry of the document outside data
/// (examples, defaults, enums) and extensions (`x-`).
pub fn visit_entries(value: &Value, f: &mut dyn FnMut(&str, &str, &Value)) {
    visit_at(value, &mut String::new(), f);
}

fn visit_at(value: &Value, pointer: &mut String, f: &mut dyn FnMut(&str, &str, &Value)) {
    let len = pointer.len();
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if DATA_KEYS.contains(&key.as_str()) || key.starts_with("x-") {
                    continue;
                }
                pointer.push('/');
                pointer.push_str(&crate::error::pointer_segment(key));
                f(pointer, key, child);
                visit_at(child, pointer, f);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                pointer.push_str(&format!("/{index}"));
                visit_at(child, pointer, f);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

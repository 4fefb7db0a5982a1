//! What the fuzz targets run, shared with the test that replays the committed corpus
//! (generator/tests/fuzz_corpus.rs includes this file). Every input must end in generated
//! files or in an error: a panic is a bug.

use arbitrary::{Result, Unstructured};
use generator::load::{self, SpecSet};
use serde_yaml::{Mapping, Value};

/// The spec files the structure-aware target mutates: (version, file name, content).
const SPECS: &[(&str, &str, &str)] = &[
    ("v1", "users.yaml", include_str!("../../spec/v1/users.yaml")),
    ("v2", "users.yaml", include_str!("../../spec/v2/users.yaml")),
    ("v2", "teams.yaml", include_str!("../../spec/v2/teams.yaml")),
    ("v2", "seats.yaml", include_str!("../../spec/v2/seats.yaml")),
    (
        "v2",
        "rum-audience-management.yaml",
        include_str!("../../spec/v2/rum-audience-management.yaml"),
    ),
    (
        "v2",
        "common.yaml",
        include_str!("../../spec/v2/common.yaml"),
    ),
];

/// Words of OpenAPI and of our extensions, for keys and string values.
const WORDS: &[&str] = &[
    "type",
    "object",
    "array",
    "string",
    "integer",
    "number",
    "boolean",
    "properties",
    "items",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "$ref",
    "required",
    "enum",
    "nullable",
    "format",
    "int64",
    "date-time",
    "uuid",
    "additionalProperties",
    "discriminator",
    "propertyName",
    "mapping",
    "default",
    "example",
    "readOnly",
    "writeOnly",
    "x-enum-varnames",
    "x-unstable",
    "x-pagination",
    "limitParam",
    "pageParam",
    "cursorParam",
    "cursorPath",
    "resultsPath",
    "pageOffsetParam",
    "parameters",
    "in",
    "query",
    "path",
    "header",
    "name",
    "schema",
    "style",
    "form",
    "deepObject",
    "explode",
    "content",
    "application/json",
    "requestBody",
    "responses",
    "200",
    "204",
    "default",
    "operationId",
    "tags",
    "servers",
    "url",
    "variables",
    "security",
    "securitySchemes",
    "apiKey",
    "description",
    "maximum",
    "minimum",
    "#/components/schemas/",
    "#/components/schemas/User",
    "#/components/parameters/",
    "#/components/responses/",
    "{id}",
    "/api/v2/{id}",
    "",
    " ",
    "self",
    "Self",
    "type_",
    "r#type",
    "ñ",
    "a-b",
    "9a",
];

/// One parsed file as a spec set of one version.
fn spec_set(version: &str, display: &str, text: &str) -> generator::error::Result<SpecSet> {
    let file = load::parse_str(display, text)?;
    Ok(SpecSet {
        versions: vec![load::merge(version.to_string(), vec![file])?],
        examples: Vec::new(),
    })
}

/// The files of `version`, with `name` replaced by `text`: files refer to each other's
/// components, so a file is loaded with the rest of its version.
fn version_set(version: &str, name: &str, text: &str) -> generator::error::Result<SpecSet> {
    let mut files = Vec::new();
    for &(v, file, original) in SPECS.iter().filter(|s| s.0 == version) {
        debug_assert_eq!(v, version);
        files.push(load::parse_str(
            file,
            if file == name { text } else { original },
        )?);
    }
    Ok(SpecSet {
        versions: vec![load::merge(version.to_string(), files)?],
        examples: Vec::new(),
    })
}

/// Arbitrary bytes as one spec file: parse, merge, lower, emit.
pub fn load_lower(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(set) = spec_set("v1", "fuzz.yaml", &text) {
        let _ = generator::generate_from(&set);
    }
}

/// One file of spec/, mutated a few times as a YAML tree: generated, then compared with the
/// original by `diff` both ways.
pub fn mutated_spec(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(&(version, name, text)) = u.choose(SPECS) else {
        return;
    };
    let original: Value = serde_yaml::from_str(text).expect("the files of spec/ parse");
    let mut doc = original.clone();
    let count = u.int_in_range(1..=6).unwrap_or(1);
    for _ in 0..count {
        if mutate(&mut doc, &original, &mut u).is_err() {
            break;
        }
    }
    let Ok(yaml) = serde_yaml::to_string(&doc) else {
        return;
    };
    let old = version_set(version, name, text).expect("the files of spec/ load");
    let Ok(new) = version_set(version, name, &yaml) else {
        return;
    };
    if generator::generate_from(&new).is_ok() {
        let _ = generator::diff::diff(&old, &new);
        let _ = generator::diff::diff(&new, &old);
    }
}

/// The children of a node, in order.
fn children(value: &Value) -> Vec<&Value> {
    match value {
        Value::Sequence(items) => items.iter().collect(),
        Value::Mapping(entries) => entries.values().collect(),
        Value::Tagged(tagged) => vec![&tagged.value],
        _ => Vec::new(),
    }
}

fn child_mut(value: &mut Value, index: usize) -> Option<&mut Value> {
    match value {
        Value::Sequence(items) => items.get_mut(index),
        Value::Mapping(entries) => entries.values_mut().nth(index),
        Value::Tagged(tagged) => Some(&mut tagged.value),
        _ => None,
    }
}

/// A path from the root, one child index per level, chosen by the fuzzer; deeper is likelier
/// where the tree is deep, as specs are.
fn choose_path(root: &Value, u: &mut Unstructured) -> Result<Vec<usize>> {
    let mut path = Vec::new();
    let mut node = root;
    loop {
        let kids = children(node);
        if kids.is_empty() || (!path.is_empty() && u.ratio(1, 5)?) {
            return Ok(path);
        }
        let index = u.choose_index(kids.len())?;
        path.push(index);
        node = kids[index];
    }
}

fn node_at<'v>(root: &'v mut Value, path: &[usize]) -> &'v mut Value {
    path.iter().fold(root, |node, &index| {
        child_mut(node, index).expect("the path was chosen in this tree")
    })
}

/// A scalar: a word, a number (some at the edges of their type), a boolean or null.
fn scalar(u: &mut Unstructured) -> Result<Value> {
    Ok(match u.int_in_range(0..=5)? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => Value::Number(u.arbitrary::<i64>()?.into()),
        3 => Value::Number(
            (*u.choose(&[
                0u64,
                1,
                255,
                256,
                u32::MAX as u64,
                i64::MAX as u64,
                u64::MAX,
            ])?)
            .into(),
        ),
        4 => Value::String(u.arbitrary::<String>()?),
        _ => Value::String((*u.choose(WORDS)?).to_string()),
    })
}

fn key(u: &mut Unstructured) -> Result<Value> {
    Ok(if u.ratio(1, 6)? {
        scalar(u)?
    } else {
        Value::String((*u.choose(WORDS)?).to_string())
    })
}

/// A value to put somewhere: a scalar, or a copy of a node of the original document.
fn value(original: &Value, u: &mut Unstructured) -> Result<Value> {
    if u.ratio(1, 2)? {
        return scalar(u);
    }
    let path = choose_path(original, u)?;
    let node = path
        .iter()
        .fold(original, |node, &index| children(node)[index]);
    Ok(node.clone())
}

/// Applies one mutation at a node the fuzzer picks.
fn mutate(doc: &mut Value, original: &Value, u: &mut Unstructured) -> Result<()> {
    let path = choose_path(doc, u)?;
    let operation = u.int_in_range(0..=5)?;
    let replacement = value(original, u)?;
    let node = node_at(doc, &path);
    match operation {
        // Replace the node.
        0 => *node = replacement,
        // Remove one of its children.
        1 => match node {
            Value::Sequence(items) if !items.is_empty() => {
                items.remove(u.choose_index(items.len())?);
            }
            Value::Mapping(entries) if !entries.is_empty() => {
                let index = u.choose_index(entries.len())?;
                let key = entries.keys().nth(index).cloned().expect("in range");
                entries.remove(&key);
            }
            _ => *node = Value::Null,
        },
        // Add a key, or an item.
        2 => match node {
            Value::Mapping(entries) => {
                entries.insert(key(u)?, replacement);
            }
            Value::Sequence(items) => items.push(replacement),
            _ => *node = replacement,
        },
        // Rename a key.
        3 => {
            if let Value::Mapping(entries) = node {
                if !entries.is_empty() {
                    let index = u.choose_index(entries.len())?;
                    let old = entries.keys().nth(index).cloned().expect("in range");
                    let moved = entries.remove(&old).expect("present");
                    entries.insert(key(u)?, moved);
                }
            }
        }
        // Wrap the node: in a sequence, or under a key of a new mapping.
        4 => {
            let inner = std::mem::take(node);
            *node = if u.ratio(1, 3)? {
                Value::Sequence(vec![inner])
            } else {
                let mut wrapper = Mapping::new();
                wrapper.insert(key(u)?, inner);
                Value::Mapping(wrapper)
            };
        }
        // Duplicate the node into a sibling mapping entry with another key.
        _ => {
            let copy = node.clone();
            if let Value::Mapping(entries) = node {
                entries.insert(key(u)?, copy);
            }
        }
    }
    Ok(())
}

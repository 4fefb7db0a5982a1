//! References across the files of one version (`$ref: 'users.yaml#/components/schemas/User'`),
//! so that each schema is written once. The files of a version are merged into one document,
//! so a reference to a component another file of the folder defines is rewritten to the local
//! form (`#/components/schemas/User`) once the target is known to exist. Also: the message for
//! a component two files define differently, which shows both and where they differ.

use crate::error::{GenError, Result};
use crate::load::SpecFile;
use crate::validate::locate;
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The component kinds a version's files share (those `load::merge` merges).
const KINDS: &[&str] = &["schemas", "parameters", "requestBodies", "responses"];

/// Every `$ref` of a document that names another file: (JSON pointer of the `$ref`, value).
pub fn find(document: &Value) -> Vec<(String, String)> {
    let mut found = Vec::new();
    crate::validate::visit_entries(document, &mut |pointer, key, value| match (key, value) {
        ("$ref", Value::String(reference)) if !reference.starts_with('#') => {
            found.push((pointer.to_string(), reference.clone()))
        }
        _ => {}
    });
    found
}

/// The file name of a spec file (`users.yaml` for `spec/v2/users.yaml`).
fn file_name(file: &SpecFile) -> &str {
    file.display.rsplit('/').next().unwrap_or(&file.display)
}

/// The components each file defines, by file name: kind -> names.
fn defined(files: &[SpecFile]) -> BTreeMap<&str, BTreeMap<&'static str, BTreeSet<String>>> {
    files
        .iter()
        .map(|file| {
            let components = file.doc.components.as_ref();
            let mut kinds = BTreeMap::new();
            for kind in KINDS {
                let names: BTreeSet<String> = match (components, *kind) {
                    (None, _) => BTreeSet::new(),
                    (Some(c), "schemas") => c.schemas.keys().cloned().collect(),
                    (Some(c), "parameters") => c.parameters.keys().cloned().collect(),
                    (Some(c), "requestBodies") => c.request_bodies.keys().cloned().collect(),
                    (Some(c), _) => c.responses.keys().cloned().collect(),
                };
                kinds.insert(*kind, names);
            }
            (file_name(file), kinds)
        })
        .collect()
}

/// Checks every cross-file `$ref` of the version's files and rewrites it to the local form.
pub fn resolve(files: &mut [SpecFile]) -> Result<()> {
    if files.iter().all(|f| f.cross_refs.is_empty()) {
        return Ok(());
    }
    let defined = defined(files);
    let mut rewrites: Vec<(usize, BTreeMap<String, String>)> = Vec::new();
    for (index, file) in files.iter().enumerate() {
        let mut local = BTreeMap::new();
        for (pointer, reference) in &file.cross_refs {
            let target = check(file, pointer, reference, &defined)?;
            local.insert(reference.clone(), target);
        }
        if !local.is_empty() {
            rewrites.push((index, local));
        }
    }
    for (index, local) in rewrites {
        let file = &mut files[index];
        let mut value = serde_json::to_value(&file.doc).map_err(|e| {
            GenError::new(
                file.display.clone(),
                format!("cannot rewrite references: {e}"),
            )
        })?;
        rewrite(&mut value, &local);
        file.doc = serde_json::from_value(value).map_err(|e| {
            GenError::new(
                file.display.clone(),
                format!("cannot rewrite references: {e}"),
            )
        })?;
    }
    Ok(())
}

/// The local form of one cross-file reference, or an error at the `$ref`.
fn check(
    file: &SpecFile,
    pointer: &str,
    reference: &str,
    defined: &BTreeMap<&str, BTreeMap<&'static str, BTreeSet<String>>>,
) -> Result<String> {
    let at = |message: String| {
        let location = match locate(&file.text, &[pointer]).get(pointer) {
            Some(p) => format!("{}:{}:{}", file.display, p.line, p.column),
            None => file.display.clone(),
        };
        GenError::new(
            location,
            format!("#{pointer}: `$ref: {reference}`: {message}"),
        )
    };
    let (target_file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
    let target_file = target_file.strip_prefix("./").unwrap_or(target_file);
    if target_file.contains('/') || target_file.contains('\\') {
        return Err(at(
            "a reference may name only a file of the same folder (the same API version)".into(),
        ));
    }
    let Some(kinds) = defined.get(target_file) else {
        let known: Vec<&str> = defined.keys().copied().collect();
        let hint = crate::validate::did_you_mean(target_file, known.iter().copied());
        return Err(at(format!(
            "no file `{target_file}` in this folder{hint} (the files are {})",
            known.join(", ")
        )));
    };
    let segments: Vec<&str> = fragment.split('/').collect();
    let (kind, name) = match segments.as_slice() {
        ["", "components", kind, name] if KINDS.contains(kind) => (*kind, *name),
        _ => {
            return Err(at(format!(
                "a reference to another file must point at a component: `{target_file}#/components/{{{}}}/NAME`",
                KINDS.join(",")
            )))
        }
    };
    let name = name.replace("~1", "/").replace("~0", "~");
    let names = &kinds[kind];
    if !names.contains(&name) {
        let hint = crate::validate::did_you_mean(&name, names.iter().map(String::as_str));
        return Err(at(format!(
            "{target_file} defines no `components/{kind}/{name}`{hint}"
        )));
    }
    Ok(format!(
        "#/components/{kind}/{}",
        crate::error::pointer_segment(&name)
    ))
}

fn rewrite(value: &mut Value, local: &BTreeMap<String, String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match child {
                    Value::String(reference) if key == "$ref" => {
                        if let Some(target) = local.get(reference.as_str()) {
                            *reference = target.clone();
                        }
                    }
                    _ if matches!(key.as_str(), "example" | "examples" | "default" | "enum") => {}
                    _ => rewrite(child, local),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| rewrite(item, local)),
        _ => {}
    }
}

/// The error for a component `second` defines differently from `first`: both places, the
/// first JSON pointer where they differ and both values there.
pub fn conflict<T: Serialize>(
    kind: &str,
    name: &str,
    (first, first_value): (&SpecFile, &T),
    (second, second_value): (&SpecFile, &T),
) -> GenError {
    let pointer = format!("/components/{kind}/{}", crate::error::pointer_segment(name));
    let a = serde_json::to_value(first_value).unwrap_or(Value::Null);
    let b = serde_json::to_value(second_value).unwrap_or(Value::Null);
    let (inner, left, right) = first_difference(&a, &b, String::new());
    let place = |file: &SpecFile| {
        let full = format!("{pointer}{inner}");
        let found = locate(&file.text, &[&full, &pointer]);
        match found.get(&full).or_else(|| found.get(&pointer)) {
            Some(p) => format!("{}:{}:{}", file.display, p.line, p.column),
            None => format!("{}#{pointer}", file.display),
        }
    };
    let shown = |value: Option<&Value>| match value {
        Some(v) => serde_json::to_string(v).unwrap_or_default(),
        None => "(absent)".to_string(),
    };
    let message = format!(
        "#{pointer} is defined differently in {} and {}; a component may be defined in one file \
         only (refer to it from the others with `$ref: '{}#{pointer}'`). They differ at #{pointer}{inner}:\n  {}: {}\n  {}: {}",
        first.display,
        second.display,
        file_name(first),
        place(first),
        shown(left),
        place(second),
        shown(right),
    );
    GenError::new(place(second), message)
}

/// The first place two values differ: (pointer, left value, right value).
fn first_difference<'v>(
    a: &'v Value,
    b: &'v Value,
    pointer: String,
) -> (String, Option<&'v Value>, Option<&'v Value>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for key in keys {
                let here = format!("{pointer}/{}", crate::error::pointer_segment(key));
                match (x.get(key), y.get(key)) {
                    (Some(l), Some(r)) if l == r => continue,
                    (Some(l), Some(r)) => return first_difference(l, r, here),
                    (l, r) => return (here, l, r),
                }
            }
            (pointer, Some(a), Some(b))
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (index, (l, r)) in x.iter().zip(y).enumerate() {
                if l != r {
                    return first_difference(l, r, format!("{pointer}/{index}"));
                }
            }
            (pointer, Some(a), Some(b))
        }
        _ => (pointer, Some(a), Some(b)),
    }
}

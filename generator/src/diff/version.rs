//! One version on both sides: its operations (see `operations`), and what belongs to the
//! version as a whole: component schemas (added, removed, renamed, and those no operation
//! uses), generated types renamed, servers and security schemes.

use super::operations;
use super::rust::{Slot, SlotPair};
use super::schema::{Scope, Walker};
use super::servers;
use super::side::Side;
use super::{Change, Order, Section};
use crate::ir::{ComponentSchema, QualifiedId, TypeRef, VersionIr};
use std::collections::{BTreeMap, BTreeSet};

/// How the versions of the two sides match.
pub(crate) enum Pair {
    Both(usize, usize),
    OldOnly(usize),
    NewOnly(usize),
}

/// Versions are matched by folder name; two single-version specs are matched whatever their
/// folders (two files compared directly).
pub(crate) fn pairs(old: &[VersionIr], new: &[VersionIr]) -> Vec<Pair> {
    if old.len() == 1 && new.len() == 1 {
        return vec![Pair::Both(0, 0)];
    }
    let mut out = Vec::new();
    for (i, v) in old.iter().enumerate() {
        match new.iter().position(|w| w.name == v.name) {
            Some(j) => out.push(Pair::Both(i, j)),
            None => out.push(Pair::OldOnly(i)),
        }
    }
    for (j, w) in new.iter().enumerate() {
        if !old.iter().any(|v| v.name == w.name) {
            out.push(Pair::NewOnly(j));
        }
    }
    out
}

/// A version present on one side only: every operation added (or removed).
pub(crate) fn alone(side: &Side, added: bool) -> Vec<Change> {
    operations::alone(side, added)
}

fn section(version: &str, section: Section, mut change: Change) -> Change {
    change.version = version.to_string();
    change.order = Order {
        section,
        ..Order::default()
    };
    change
}

pub(crate) fn compare(old: &Side, new: &Side) -> Vec<Change> {
    let mut models = Vec::new();
    let (schema_renames, type_renames) = components(old, new, &mut models);
    inline_renames(old, new, &mut models);
    unused(old, new, &schema_renames, &type_renames, &mut models);
    let mut servers_and_security = Vec::new();
    servers::servers(old, new, &mut servers_and_security);
    servers::security_schemes(old, new, &mut servers_and_security);

    let mut changes = operations::compare(old, new, &schema_renames, &type_renames);
    models.extend(shared_descriptions(&mut changes));
    changes.extend(
        models
            .into_iter()
            .map(|c| section(new.name(), Section::Models, c)),
    );
    changes.extend(
        servers_and_security
            .into_iter()
            .map(|c| section(new.name(), Section::Servers, c)),
    );
    changes
}

/// A changed description in a component is reported once, with the models, rather than for
/// every operation that uses the component: descriptions never break anything, and a shared
/// error schema would otherwise add a line to nearly every operation.
fn shared_descriptions(changes: &mut Vec<Change>) -> Vec<Change> {
    let mut shared: Vec<(Change, BTreeSet<Option<QualifiedId>>)> = Vec::new();
    changes.retain(|c| {
        let Some(what) = c.text else {
            return true;
        };
        let mut segments = c.location.segments();
        if segments.next().as_deref() != Some("components") {
            return true;
        }
        let operation = c.qualified_id.clone();
        match shared.iter_mut().find(|(s, _)| s.location == c.location) {
            Some((_, operations)) => {
                operations.insert(operation);
            }
            None => {
                let label = component_label(&segments.collect::<Vec<_>>());
                shared.push((
                    Change::description(&c.location, &label, what),
                    BTreeSet::from([operation]),
                ));
            }
        }
        false
    });
    shared
        .into_iter()
        .map(|(mut change, operations)| {
            let n = operations.len();
            change.message.push_str(&format!(
                " (used by {n} operation{})",
                if n == 1 { "" } else { "s" }
            ));
            change
        })
        .collect()
}

/// The segments of a place in a component (after `components`), as a label:
/// `schemas/APIErrorResponse/properties/errors/items/description` -> "schema
/// `APIErrorResponse` property `errors[]`".
fn component_label(segments: &[String]) -> String {
    let (Some(kind), Some(name)) = (segments.first(), segments.get(1)) else {
        return format!("`{}`", segments.join("/"));
    };
    let kind = match kind.as_str() {
        "schemas" => "schema",
        "parameters" => "parameter",
        "responses" => "response",
        "requestBodies" => "request body",
        "securitySchemes" => "security scheme",
        other => other,
    };
    let mut label = String::new();
    let mut rest = segments[2..].iter();
    while let Some(segment) = rest.next() {
        match segment.as_str() {
            "properties" => {
                if let Some(property) = rest.next() {
                    if !label.is_empty() {
                        label.push('.');
                    }
                    label.push_str(property);
                }
            }
            "items" => label.push_str("[]"),
            "additionalProperties" => label.push_str(".*"),
            "allOf" | "oneOf" | "anyOf" | "content" => {
                rest.next();
            }
            _ => {}
        }
    }
    if label.is_empty() {
        format!("{kind} `{name}`")
    } else {
        format!("{kind} `{name}` property `{label}`")
    }
}

/// The Rust type of a component schema.
fn type_name(side: &Side, schema: &ComponentSchema) -> String {
    side.ir
        .component_type(&schema.at)
        .map(|t| t.name.clone())
        .unwrap_or_else(|| crate::naming::type_name(&schema.name))
}

/// Component schemas added, removed and renamed (removed and added with the same content).
/// Returns the renames: spec names, and Rust names.
fn components(
    old: &Side,
    new: &Side,
    out: &mut Vec<Change>,
) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
    let removed: Vec<&ComponentSchema> = old
        .schemas()
        .filter(|s| new.schema(&s.name).is_none())
        .collect();
    let mut added: Vec<&ComponentSchema> = new
        .schemas()
        .filter(|s| old.schema(&s.name).is_none())
        .collect();
    let mut schema_renames = BTreeMap::new();
    let mut type_renames = BTreeMap::new();
    let new_types: BTreeSet<&str> = new.ir.types().map(|t| t.name.as_str()).collect();
    for schema in removed {
        let name = &schema.name;
        let old_type = type_name(old, schema);
        if let Some(k) = added
            .iter()
            .position(|a| a.fingerprint == schema.fingerprint)
        {
            let target = added.remove(k);
            let new_type = type_name(new, target);
            let note = (old_type != new_type)
                .then(|| format!("type `{old_type}` renamed to `{new_type}`"));
            out.push(
                Change::new(
                    "schema-renamed",
                    &target.at,
                    format!("schema `{name}` renamed to `{}`", target.name),
                )
                .rust(note),
            );
            schema_renames.insert(name.clone(), target.name.clone());
            type_renames.insert(old_type, new_type);
            continue;
        }
        let note =
            (!new_types.contains(old_type.as_str())).then(|| format!("type `{old_type}` removed"));
        out.push(
            Change::new(
                "schema-removed",
                &schema.at,
                format!("schema `{name}` removed"),
            )
            .rust(note),
        );
    }
    for schema in added {
        out.push(Change::new(
            "schema-added",
            &schema.at,
            format!("schema `{}` added", schema.name),
        ));
    }
    (schema_renames, type_renames)
}

/// Generated types of inline schemas renamed while their schema stayed where it was (the
/// operation or a name collision decides their name).
fn inline_renames(old: &Side, new: &Side, out: &mut Vec<Change>) {
    let old_names: BTreeSet<&str> = old.ir.types().map(|t| t.name.as_str()).collect();
    let new_names: BTreeSet<&str> = new.ir.types().map(|t| t.name.as_str()).collect();
    for t in old.ir.types() {
        if new_names.contains(t.name.as_str()) || t.source.is_component_schema() {
            continue;
        }
        // Compared without the file: the two sides may be files of different names.
        if let Some(u) = new
            .ir
            .types()
            .find(|u| u.source.path() == t.source.path() && !old_names.contains(u.name.as_str()))
        {
            out.push(
                Change::new(
                    "type-renamed",
                    &u.source,
                    format!("generated type `{}` renamed to `{}` (it is named after where its schema is)", t.name, u.name),
                )
                .rust(Some(format!("code naming `{}` no longer compiles", t.name))),
            );
        }
    }
}

/// Component schemas no operation uses, on both sides: nothing breaks on the wire, but their
/// types are part of the crate.
fn unused(
    old: &Side,
    new: &Side,
    schema_renames: &BTreeMap<String, String>,
    type_renames: &BTreeMap<String, String>,
    out: &mut Vec<Change>,
) {
    let mut walker = Walker::new(old, new, schema_renames, type_renames);
    for os in old.schemas() {
        let Some(ns) = new.schema(&os.name) else {
            continue;
        };
        let (Some(a), Some(b)) = (unused_type(old, os), unused_type(new, ns)) else {
            continue;
        };
        let slot = |t: &crate::ir::TypeDef| {
            Slot::plain(
                &TypeRef::Named(t.name.clone()),
                format!("type `{}`", t.name),
            )
        };
        walker.compare(
            &Scope::Model(os.name.clone()),
            "",
            &os.schema,
            &ns.schema,
            &SlotPair::new(Some(slot(a)), Some(slot(b))),
        );
    }
    out.extend(walker.out);
}

/// The type of a component schema, when no operation uses it.
fn unused_type<'a>(side: &Side<'a>, schema: &ComponentSchema) -> Option<&'a crate::ir::TypeDef> {
    side.ir
        .component_type(&schema.at)
        .filter(|t| t.features.is_empty())
}

//! Schemas, walked in parallel on both sides, as lowering recorded them in the IR
//! (`ir::WireSchema`: `$ref`s followed, allOf members merged, read/write flags decided there):
//! type, format, nullable, enum values, properties, array items, map values and oneOf/anyOf
//! members. Each change gets its wire classification from `classify` and its Rust one from the
//! slots (the Rust positions holding the value) on both sides.

use super::classify::{self, Dir, Typed};
use super::rust::{new_argument, render, stored, Slot, SlotPair};
use super::side::Side;
use super::{Change, TextChange};
use crate::error::Pointer;
use crate::ir::{Field, ParamLocation, SchemaUse, Shape, Status, WireProperty, WireSchema};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// A struct field and the struct that owns it.
type OwnedField<'f> = (&'f str, &'f Field);

/// Where a schema is used: it decides the direction and how changes are named.
#[derive(Debug, Clone)]
pub(crate) enum Scope {
    Request,
    /// The status (`200`, `4XX`, `default`).
    Response(Status),
    /// A parameter: its location (`query`) and name; the label starts with the name.
    Parameter {
        location: ParamLocation,
        name: String,
    },
    /// A component schema no operation uses.
    Model(String),
}

impl Scope {
    pub fn dir(&self) -> Dir {
        match self {
            Scope::Request | Scope::Parameter { .. } => Dir::Request,
            Scope::Response(_) => Dir::Response,
            Scope::Model(_) => Dir::Unused,
        }
    }

    /// The first word of the kinds of change found in this scope.
    fn prefix(&self) -> &'static str {
        match self {
            Scope::Request => "request",
            Scope::Response(_) => "response",
            Scope::Parameter { .. } => "parameter",
            Scope::Model(_) => "model",
        }
    }

    fn key(&self) -> String {
        match self {
            Scope::Request => "request".into(),
            Scope::Response(status) => format!("response {status}"),
            Scope::Parameter { location, name } => {
                format!("{} parameter {name}", location.as_str())
            }
            Scope::Model(_) => "model".into(),
        }
    }

    /// How a message names the value at `label` (a dotted path, `[]` for items).
    pub fn subject(&self, label: &str) -> String {
        if label == "[]" {
            return format!("the items of {}", self.subject(""));
        }
        match (self, label.is_empty()) {
            (Scope::Request, true) => "the request body".into(),
            (Scope::Request, false) => format!("request property `{label}`"),
            (Scope::Response(status), true) => format!("the `{status}` response body"),
            (Scope::Response(status), false) => format!("`{status}` response property `{label}`"),
            (Scope::Parameter { location, .. }, _) => {
                format!("{} parameter `{label}`", location.as_str())
            }
            (Scope::Model(name), true) => format!("schema `{name}`"),
            (Scope::Model(name), false) => format!("property `{label}` of schema `{name}`"),
        }
    }
}

fn join(label: &str, part: &str) -> String {
    if label.is_empty() {
        part.to_string()
    } else {
        format!("{label}.{part}")
    }
}

/// A schema with its `$ref`s followed, and the member it stands for when lowering typed it as
/// its sole allOf member (`ir::AllOf::Sole`).
struct Resolved<'v> {
    node: &'v WireSchema,
    /// The use's `nullable`: that of the node it resolves to (`WireSchema::nullable`), even
    /// when that node stands for a member.
    nullable: bool,
}

impl Resolved<'_> {
    fn at(&self) -> &Pointer {
        &self.node.at
    }
}

fn resolve<'v>(side: &'v Side, schema: &'v SchemaUse) -> Option<Resolved<'v>> {
    let node = side.node(schema)?;
    let nullable = node.nullable;
    let node = match node.sole_all_of() {
        Some(member) => side.node(member)?,
        None => node,
    };
    Some(Resolved { node, nullable })
}

/// The shape of a schema, with the shapes of its members when it is a oneOf/anyOf.
fn typed(side: &Side, node: &WireSchema) -> Typed {
    match node.shape {
        Shape::OneOf | Shape::AnyOf => Typed {
            shape: node.shape,
            members: node
                .members
                .iter()
                .filter_map(|m| side.node(m).map(|n| n.shape))
                .collect(),
        },
        shape => Typed::plain(shape),
    }
}

fn list(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The properties of an object schema, by name.
fn properties(node: &WireSchema) -> BTreeMap<&str, &WireProperty> {
    node.properties
        .iter()
        .map(|p| (p.name.as_str(), p))
        .collect()
}

/// The allOf members of an object schema: the component name, or `#i` for an inline one.
fn all_of_names(node: &WireSchema) -> Vec<(String, Pointer)> {
    let at = node.at.join("allOf");
    node.all_of_members()
        .iter()
        .enumerate()
        .map(|(i, member)| {
            let name = member
                .reference()
                .map(String::from)
                .unwrap_or_else(|| format!("#{i}"));
            (name, at.join(i.to_string()))
        })
        .collect()
}

pub(crate) struct Walker<'s, 'a> {
    pub old: &'s Side<'a>,
    pub new: &'s Side<'a>,
    /// Old component schema names -> new ones, for renamed components.
    pub schema_renames: &'s BTreeMap<String, String>,
    /// The same, as Rust type names.
    pub type_renames: &'s BTreeMap<String, String>,
    visited: HashSet<String>,
    pub out: Vec<Change>,
}

const NO_RENAMES: &BTreeMap<String, String> = &BTreeMap::new();

impl<'s, 'a> Walker<'s, 'a> {
    pub fn new(
        old: &'s Side<'a>,
        new: &'s Side<'a>,
        schema_renames: &'s BTreeMap<String, String>,
        type_renames: &'s BTreeMap<String, String>,
    ) -> Self {
        Walker {
            old,
            new,
            schema_renames,
            type_renames,
            visited: HashSet::new(),
            out: Vec::new(),
        }
    }

    pub fn push(&mut self, change: Change) {
        self.out.push(change);
    }

    /// Reports a changed description (never breaking).
    pub fn description(
        &mut self,
        subject: &str,
        (a, old_at): (Option<&str>, &Pointer),
        (b, new_at): (Option<&str>, &Pointer),
    ) {
        let Some(what) = TextChange::between(&a, &b) else {
            return;
        };
        let at = if what == TextChange::Removed {
            old_at
        } else {
            new_at
        };
        self.push(Change::description(&at.join("description"), subject, what));
    }

    /// Compares the schemas at one place of the spec (a body, a property, a parameter...).
    pub fn compare(
        &mut self,
        scope: &Scope,
        label: &str,
        old: &SchemaUse,
        new: &SchemaUse,
        slots: &SlotPair,
    ) {
        let (Some(o), Some(n)) = (resolve(self.old, old), resolve(self.new, new)) else {
            return;
        };
        // A schema met again in the same scope (a cycle, or a component used twice) is
        // reported once; a use that is nullable where another is not (`allOf: [X]` beside
        // `$ref: X`) is a use of its own.
        let key = format!(
            "{}|{}|{}|{}|{}",
            scope.key(),
            o.at(),
            n.at(),
            o.nullable,
            n.nullable
        );
        if !self.visited.insert(key) {
            return;
        }
        let dir = scope.dir();
        let prefix = scope.prefix();
        let subject = scope.subject(label);
        self.description(
            &subject,
            (o.node.description.as_deref(), o.at()),
            (n.node.description.as_deref(), n.at()),
        );

        // Changes of the value's type itself: the slot's Rust type changes with them.
        let first = self.out.len();
        let (os, ns) = (o.node.shape, n.node.shape);
        if os != ns {
            self.push(
                Change::new(
                    format!("{prefix}-type-changed"),
                    n.at(),
                    format!(
                        "type of {subject} changed from `{}` to `{}`",
                        os.name(),
                        ns.name()
                    ),
                )
                .wire(classify::type_changed(
                    dir,
                    &typed(self.old, o.node),
                    &typed(self.new, n.node),
                )),
            );
        } else {
            self.format(scope, &subject, &o, &n);
            self.enum_restriction(scope, &subject, &o, &n);
        }
        self.rust_type(&subject, n.at(), first, slots);
        self.nullable(scope, &subject, (&o, &n), slots);
        if os != ns {
            return;
        }
        match os {
            Shape::Object => self.object(scope, label, &o, &n, slots),
            Shape::Array => self.items(scope, label, &o, &n, slots),
            Shape::OneOf => self.one_of(scope, label, "oneOf", &o, &n, slots),
            Shape::AnyOf => self.one_of(scope, label, "anyOf", &o, &n, slots),
            _ => self.enum_values(scope, &subject, &o, &n, slots),
        }
    }

    /// The Rust type of the slots changed: the changes found since `first` (of the value's
    /// type) say so, or a change of its own when there are none.
    fn rust_type(&mut self, subject: &str, at: &Pointer, first: usize, slots: &SlotPair) {
        let slot_level = first..self.out.len();
        if let (Some(a), Some(b)) = (&slots.old, &slots.new) {
            let changed = self.old.ir.normal(&a.ty, self.type_renames)
                != self.new.ir.normal(&b.ty, NO_RENAMES);
            if changed {
                let note = match (self.old.ir.kind(&a.ty), self.new.ir.kind(&b.ty)) {
                    (Some(x), Some(y)) if a.shown == b.shown => {
                        format!("type `{}` changes from {x} to {y}", render(&a.ty))
                    }
                    _ => format!("{} changes from `{}` to `{}`", b.what, a.shown, b.shown),
                };
                if slot_level.is_empty() {
                    self.push(
                        Change::new(
                            "rust-type-changed",
                            at,
                            format!("generated Rust type of {subject} changed"),
                        )
                        .rust(Some(note)),
                    );
                } else {
                    for change in &mut self.out[slot_level] {
                        change.set_rust(note.clone());
                    }
                }
            }
        }
    }

    fn nullable(
        &mut self,
        scope: &Scope,
        subject: &str,
        (o, n): (&Resolved, &Resolved),
        slots: &SlotPair,
    ) {
        let dir = scope.dir();
        let prefix = scope.prefix();
        if o.nullable != n.nullable {
            let (kind, wire, what, at) = if n.nullable {
                (
                    "became-nullable",
                    classify::became_nullable(dir),
                    "became nullable",
                    n.at(),
                )
            } else {
                (
                    "became-not-nullable",
                    classify::became_not_nullable(dir),
                    "is no longer nullable",
                    o.at(),
                )
            };
            let note = match (&slots.old, &slots.new) {
                (Some(a), Some(b)) if a.nullable != b.nullable => Some(format!(
                    "{} changes from `{}` to `{}`",
                    b.what, a.shown, b.shown
                )),
                _ => None,
            };
            self.push(
                Change::new(
                    format!("{prefix}-{kind}"),
                    at.join("nullable"),
                    format!("{subject} {what}"),
                )
                .wire(wire)
                .rust(note),
            );
        }
    }

    fn format(&mut self, scope: &Scope, subject: &str, o: &Resolved, n: &Resolved) {
        let of = o.node.format.as_deref();
        let nf = n.node.format.as_deref();
        if of == nf {
            return;
        }
        let message = match (of, nf) {
            (None, Some(f)) => format!("format `{f}` added to {subject}"),
            (Some(f), None) => format!("format `{f}` removed from {subject}"),
            (Some(a), Some(b)) => format!("format of {subject} changed from `{a}` to `{b}`"),
            (None, None) => return,
        };
        let at = if nf.is_some() {
            n.at().join("format")
        } else {
            o.at().join("format")
        };
        let wire = classify::format_changed(scope.dir(), of, nf);
        self.push(
            Change::new(format!("{}-format-changed", scope.prefix()), at, message).wire(wire),
        );
    }

    /// A free value that became an enum, or the reverse.
    fn enum_restriction(&mut self, scope: &Scope, subject: &str, o: &Resolved, n: &Resolved) {
        match (&o.node.enum_values, &n.node.enum_values) {
            (None, Some(values)) => self.push(
                Change::new(
                    format!("{}-enum-added", scope.prefix()),
                    n.at().join("enum"),
                    format!("{subject} is now restricted to {}", list(values)),
                )
                .wire(classify::enum_restricted(scope.dir())),
            ),
            (Some(_), None) => self.push(Change::new(
                format!("{}-enum-removed", scope.prefix()),
                o.at().join("enum"),
                format!("{subject} is no longer restricted to an enum"),
            )),
            _ => {}
        }
    }

    fn enum_values(
        &mut self,
        scope: &Scope,
        subject: &str,
        o: &Resolved,
        n: &Resolved,
        slots: &SlotPair,
    ) {
        let (Some(old_values), Some(new_values)) = (&o.node.enum_values, &n.node.enum_values)
        else {
            return;
        };
        let prefix = scope.prefix();
        let old_enum = slots
            .old
            .as_ref()
            .and_then(|s| self.old.ir.enum_values(&s.ty));
        let new_enum = slots
            .new
            .as_ref()
            .and_then(|s| self.new.ir.enum_values(&s.ty));
        // The enum type and the Rust variant of a wire value.
        let variant = |e: Option<(&'a str, &'a [crate::ir::EnumValue])>, wire: &str| {
            e.and_then(|(owner, values)| {
                values
                    .iter()
                    .find(|v| v.wire == wire)
                    .map(|v| RustVariant(owner, v.variant.as_str()))
            })
        };
        for (i, value) in old_values.iter().enumerate() {
            if new_values.contains(value) {
                continue;
            }
            let note = variant(old_enum, value)
                .filter(|_| new_enum.is_some())
                .map(|v| format!("variant `{v}` removed"));
            self.push(
                Change::new(
                    format!("{prefix}-enum-value-removed"),
                    o.at().join("enum").join(i.to_string()),
                    format!("enum value `{value}` removed from {subject}"),
                )
                .wire(classify::enum_value_removed(scope.dir()))
                .rust(note),
            );
        }
        for (i, value) in new_values.iter().enumerate() {
            if old_values.contains(value) {
                continue;
            }
            self.push(
                Change::new(
                    format!("{prefix}-enum-value-added"),
                    n.at().join("enum").join(i.to_string()),
                    format!("enum value `{value}` added to {subject}"),
                )
                .wire(classify::enum_value_added(scope.dir())),
            );
        }
        for (i, value) in new_values.iter().enumerate() {
            let (Some(before), Some(after)) = (variant(old_enum, value), variant(new_enum, value))
            else {
                continue;
            };
            if before.1 != after.1 {
                self.push(
                    Change::new(
                        "enum-variant-renamed",
                        n.at().join("enum").join(i.to_string()),
                        format!("Rust variant of enum value `{value}` of {subject} renamed"),
                    )
                    .rust(Some(format!("variant `{before}` renamed to `{after}`"))),
                );
            }
        }
    }

    fn object(&mut self, scope: &Scope, label: &str, o: &Resolved, n: &Resolved, slots: &SlotPair) {
        let dir = scope.dir();
        let prefix = scope.prefix();
        let subject = scope.subject(label);
        self.all_of_members(prefix, &subject, o.node, n.node);

        let (om, nm) = (properties(o.node), properties(n.node));
        let old_slot = slots.old.as_ref();
        let new_slot = slots.new.as_ref();
        let names: BTreeSet<&str> = om.keys().chain(nm.keys()).copied().collect();
        for name in names {
            let child = join(label, name);
            let child_subject = scope.subject(&child);
            let old_field = old_slot.and_then(|s| self.old.ir.field(&s.ty, name));
            let new_field = new_slot.and_then(|s| self.new.ir.field(&s.ty, name));
            let (op, np) = (om.get(name), nm.get(name));
            let required_old = op.is_some_and(|p| required_in(dir, p));
            let required_new = np.is_some_and(|p| required_in(dir, p));
            match (op, np) {
                (Some(p), None) => self.property_removed(
                    prefix,
                    dir,
                    &child_subject,
                    &p.at,
                    required_old,
                    old_field,
                ),
                (None, Some(p)) => {
                    self.property_added(prefix, dir, &child_subject, &p.at, required_new, new_field)
                }
                (Some(op), Some(np)) => {
                    if required_old != required_new {
                        let fields = (old_field, new_field);
                        let at = &np.at;
                        self.required_changed(
                            prefix,
                            dir,
                            &child_subject,
                            at,
                            required_new,
                            fields,
                        );
                    }
                    let child_slots = SlotPair::new(
                        old_field.map(|(owner, f)| Slot::field(owner, f)),
                        new_field.map(|(owner, f)| Slot::field(owner, f)),
                    );
                    self.compare(scope, &child, &op.schema, &np.schema, &child_slots);
                }
                (None, None) => {}
            }
        }

        self.additional(scope, label, (o.node, n.node), slots);
    }

    /// allOf members added or removed: their properties are compared merged; this says where
    /// they went.
    fn all_of_members(&mut self, prefix: &str, subject: &str, o: &WireSchema, n: &WireSchema) {
        let (old_all_of, new_all_of) = (all_of_names(o), all_of_names(n));
        let renamed = |name: &str| {
            self.schema_renames
                .get(name)
                .cloned()
                .unwrap_or_else(|| name.to_string())
        };
        let old_members: Vec<String> = old_all_of.iter().map(|(name, _)| renamed(name)).collect();
        let new_members: Vec<String> = new_all_of.iter().map(|(name, _)| name.clone()).collect();
        for ((name, at), mapped) in old_all_of.iter().zip(&old_members) {
            if !new_members.contains(mapped) {
                self.push(Change::new(
                    format!("{prefix}-all-of-member-removed"),
                    at,
                    format!("allOf member `{name}` removed from {subject}"),
                ));
            }
        }
        for (name, at) in &new_all_of {
            if !old_members.contains(name) {
                self.push(Change::new(
                    format!("{prefix}-all-of-member-added"),
                    at,
                    format!("allOf member `{name}` added to {subject}"),
                ));
            }
        }
    }

    fn property_removed(
        &mut self,
        prefix: &str,
        dir: Dir,
        child_subject: &str,
        at: &Pointer,
        required_old: bool,
        old_field: Option<OwnedField>,
    ) {
        let note = old_field.map(|(owner, f)| {
            let mut note = format!("field `{owner}::{}` removed", f.name);
            if f.presence.is_required() {
                note.push_str(&format!(" and `{owner}::new` no longer takes `{}`", f.name));
            }
            note
        });
        let what = if required_old {
            " (it was required)"
        } else {
            ""
        };
        self.push(
            Change::new(
                format!("{prefix}-property-removed"),
                at,
                format!("{child_subject} removed{what}"),
            )
            .wire(classify::property_removed(dir, required_old))
            .rust(note),
        );
    }

    fn property_added(
        &mut self,
        prefix: &str,
        dir: Dir,
        child_subject: &str,
        at: &Pointer,
        required_new: bool,
        new_field: Option<OwnedField>,
    ) {
        let note = new_field
            .filter(|(_, f)| f.presence.is_required())
            .map(|(owner, f)| format!("`{owner}::new` takes a new argument `{}`", new_argument(f)));
        let what = if required_new { ", required" } else { "" };
        self.push(
            Change::new(
                format!("{prefix}-property-added"),
                at,
                format!("{child_subject} added{what}"),
            )
            .wire(classify::property_added(dir, required_new))
            .rust(note),
        );
    }

    /// A property that became required, or optional; `fields` are its Rust fields, old and new.
    fn required_changed(
        &mut self,
        prefix: &str,
        dir: Dir,
        child_subject: &str,
        nat: &Pointer,
        required_new: bool,
        (old_field, new_field): (Option<OwnedField>, Option<OwnedField>),
    ) {
        let note = match (old_field, new_field) {
            (Some((_, a)), Some((owner, b)))
                if a.presence.is_required() != b.presence.is_required() =>
            {
                Some(if b.presence.is_required() {
                    format!(
                    "`{owner}::new` takes a new argument `{}` and field `{owner}::{}` changes from `{}` to `{}`",
                    new_argument(b),
                    b.name,
                    stored(a),
                    stored(b)
                )
                } else {
                    format!(
                    "`{owner}::new` no longer takes `{}` and field `{owner}::{}` changes from `{}` to `{}`",
                    a.name,
                    b.name,
                    stored(a),
                    stored(b)
                )
                })
            }
            _ => None,
        };
        let (kind, wire, what) = if required_new {
            (
                "property-became-required",
                classify::property_became_required(dir),
                "became required",
            )
        } else {
            (
                "property-became-optional",
                classify::property_became_optional(dir),
                "became optional",
            )
        };
        self.push(
            Change::new(
                format!("{prefix}-{kind}"),
                nat,
                format!("{child_subject} {what}"),
            )
            .wire(wire)
            .rust(note),
        );
    }

    /// The values of a map (`additionalProperties`), compared.
    fn additional(
        &mut self,
        scope: &Scope,
        label: &str,
        (o, n): (&WireSchema, &WireSchema),
        slots: &SlotPair,
    ) {
        let (Some(ov), Some(nv)) = (&o.additional, &n.additional) else {
            return;
        };
        let value_slot = |side: &Side, slot: Option<&Slot>| {
            let slot = slot?;
            side.ir
                .map_value(&slot.ty)
                .map(|ty| Slot::plain(&ty, format!("the values of {}", slot.what)))
        };
        let child_slots = SlotPair::new(
            value_slot(self.old, slots.old.as_ref()),
            value_slot(self.new, slots.new.as_ref()),
        );
        self.compare(scope, &join(label, "*"), ov, nv, &child_slots);
    }

    fn items(&mut self, scope: &Scope, label: &str, o: &Resolved, n: &Resolved, slots: &SlotPair) {
        let (Some(oi), Some(ni)) = (&o.node.items, &n.node.items) else {
            return;
        };
        let item_slot = |side: &Side, slot: &Option<Slot>| {
            let slot = slot.as_ref()?;
            side.ir
                .items(&slot.ty)
                .map(|ty| Slot::unwrapped(&ty, format!("the items of {}", slot.what)))
        };
        let child_slots = SlotPair::new(
            item_slot(self.old, &slots.old),
            item_slot(self.new, &slots.new),
        );
        self.compare(scope, &format!("{label}[]"), oi, ni, &child_slots);
    }

    fn one_of(
        &mut self,
        scope: &Scope,
        label: &str,
        key: &str,
        o: &Resolved,
        n: &Resolved,
        slots: &SlotPair,
    ) {
        let dir = scope.dir();
        let infix = if key == "oneOf" { "one-of" } else { "any-of" };
        let prefix = scope.prefix();
        let subject = scope.subject(label);
        if o.node.discriminator != n.node.discriminator {
            self.push(discriminator_changed(scope, &subject, n));
        }
        // Members are matched by the component they name, inline ones by their rank among
        // inline members.
        let old_names = member_names(o.node, Some(self.schema_renames));
        let new_names = member_names(n.node, None);
        let (old_members, new_members) = (&o.node.members, &n.node.members);
        let old_variants = slots.old.as_ref().and_then(|s| self.old.ir.variants(&s.ty));
        let new_variants = slots.new.as_ref().and_then(|s| self.new.ir.variants(&s.ty));
        for (i, name) in old_names.iter().enumerate() {
            let at = o.at().join(key).join(i.to_string());
            match new_names.iter().position(|n| n == name) {
                None => {
                    let note = old_variants.and_then(|(owner, vs)| {
                        vs.get(i)
                            .map(|v| format!("variant `{owner}::{}` removed", v.name))
                    });
                    self.push(
                        Change::new(
                            format!("{prefix}-{infix}-member-removed"),
                            at,
                            format!(
                                "{key} member `{}` removed from {subject}",
                                shown(name, &old_members[i])
                            ),
                        )
                        .wire(classify::one_of_member_removed(dir))
                        .rust(note),
                    );
                }
                Some(j) => {
                    let child = format!("{label}<{}>", shown(name, &new_members[j]));
                    let child_slots =
                        SlotPair::new(variant_slot(old_variants, i), variant_slot(new_variants, j));
                    self.compare(
                        scope,
                        &child,
                        &old_members[i],
                        &new_members[j],
                        &child_slots,
                    );
                }
            }
        }
        for (j, name) in new_names.iter().enumerate() {
            if !old_names.contains(name) {
                self.push(
                    Change::new(
                        format!("{prefix}-{infix}-member-added"),
                        n.at().join(key).join(j.to_string()),
                        format!(
                            "{key} member `{}` added to {subject}",
                            shown(name, &new_members[j])
                        ),
                    )
                    .wire(classify::one_of_member_added(dir)),
                );
            }
        }
    }
}

fn discriminator_changed(scope: &Scope, subject: &str, n: &Resolved) -> Change {
    Change::new(
        format!("{}-discriminator-changed", scope.prefix()),
        n.at().join("discriminator"),
        format!("discriminator of {subject} changed"),
    )
    .wire(classify::discriminator_changed(scope.dir()))
}

/// An enum type and one of its variants, shown `Owner::Variant`.
#[derive(Clone, Copy)]
struct RustVariant<'a>(&'a str, &'a str);

impl std::fmt::Display for RustVariant<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}::{}", self.0, self.1)
    }
}

/// The slot of the `i`-th variant of a oneOf enum.
fn variant_slot(variants: Option<(&str, &[crate::ir::Variant])>, i: usize) -> Option<Slot> {
    let (owner, vs) = variants?;
    vs.get(i)
        .map(|v| Slot::plain(&v.ty, format!("variant `{owner}::{}`", v.name)))
}

/// How a message names a oneOf member: the component it references, or `inline member #k`.
fn shown(name: &str, member: &SchemaUse) -> String {
    member
        .reference()
        .map(String::from)
        .unwrap_or_else(|| format!("inline member {name}"))
}

/// Whether a property is required of whoever sends it: a readOnly property is not required
/// in a request, a writeOnly one not in a response.
fn required_in(dir: Dir, property: &WireProperty) -> bool {
    property.required
        && !(dir == Dir::Request && property.read_only
            || dir == Dir::Response && property.write_only)
}

/// The names of oneOf/anyOf members: the component they name (renamed to its new name), or
/// `#k` for the k-th inline member.
fn member_names(node: &WireSchema, renames: Option<&BTreeMap<String, String>>) -> Vec<String> {
    let mut inline = 0;
    node.members
        .iter()
        .map(|m| match m.reference() {
            Some(name) => renames
                .and_then(|r| r.get(name))
                .cloned()
                .unwrap_or_else(|| name.to_string()),
            None => {
                inline += 1;
                format!("#{inline}")
            }
        })
        .collect()
}

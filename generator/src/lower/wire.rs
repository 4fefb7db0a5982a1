//! The wire facts of schemas, recorded in the IR for `diff`: each schema node as the spec
//! writes it, with its `$ref` chains followed, its `allOf` members merged and its read/write
//! flags decided by the same code that types it. `diff` walks these, never the document.

use super::refs::unbox;
use super::types::sole_all_of_member;
use super::{Lowerer, REF_PREFIX};
use crate::error::{Pointer, Result};
use crate::ir::{
    AllOf, ComponentSchema, Discriminator, SchemaUse, Shape, WireProperty, WireSchema,
};
use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};
use openapiv3::{AnySchema, VariantOrUnknownOrEmpty};
use serde::Serialize;
use std::hash::{Hash, Hasher};

type Properties = IndexMap<String, ReferenceOr<Box<Schema>>>;

/// What a schema says of the value where it is used. For a `$ref`: the keywords written beside
/// it (`load::RefSiblings`) over those of the component it names, itself perhaps a `$ref` with
/// keywords beside it. `deprecated` is the use's own: a deprecated component says so on its
/// own type.
#[derive(Debug, Clone, Default)]
pub(super) struct Facts {
    pub nullable: bool,
    pub description: Option<String>,
    pub deprecated: bool,
    pub read_only: bool,
    pub write_only: bool,
}

impl Facts {
    fn of(data: &openapiv3::SchemaData) -> Self {
        Facts {
            nullable: data.nullable,
            description: data.description.clone(),
            deprecated: data.deprecated,
            read_only: data.read_only,
            write_only: data.write_only,
        }
    }
}

impl Lowerer<'_> {
    /// The facts of `schema` written at `at`: the one rule for keywords beside a `$ref`, for
    /// properties (merged through `allOf` too), array items and components that are a `$ref`.
    pub(super) fn facts(&self, schema: &ReferenceOr<Schema>, at: &Pointer) -> Result<Facts> {
        let ReferenceOr::Reference { reference } = schema else {
            return Ok(Facts::of(&self.resolve_schema(schema, at)?.schema_data));
        };
        // The chain is checked first (it may be circular), then each link read.
        self.follow_ref(reference, at)?;
        let name = reference.strip_prefix(REF_PREFIX).unwrap_or(reference);
        let component = self
            .doc
            .components
            .as_ref()
            .and_then(|c| c.schemas.get(name))
            .ok_or_else(|| at.error(format!("$ref {reference:?} does not resolve")))?;
        let target = self.facts(component, &self.file_of_component("schemas", name))?;
        let siblings = self.ref_siblings(at).cloned().unwrap_or_default();
        Ok(Facts {
            nullable: siblings.nullable.unwrap_or(target.nullable),
            description: siblings.description.or(target.description),
            deprecated: siblings.deprecated.unwrap_or(false),
            read_only: siblings.read_only.unwrap_or(target.read_only),
            write_only: siblings.write_only.unwrap_or(target.write_only),
        })
    }

    /// Every component schema as written, in document order.
    pub(super) fn wire_components(&self) -> Vec<ComponentSchema> {
        let schemas = self.doc.components.iter().flat_map(|c| &c.schemas);
        schemas
            .map(|(name, schema)| {
                let at = self.file_of_component("schemas", name);
                ComponentSchema {
                    name: name.clone(),
                    at: at.clone(),
                    schema: self.wire_use(schema, &at),
                    fingerprint: fingerprint(schema),
                }
            })
            .collect()
    }

    /// A schema where it is used (`at`: where it is written).
    pub(super) fn wire_use(&self, schema: &ReferenceOr<Schema>, at: &Pointer) -> SchemaUse {
        match schema {
            ReferenceOr::Reference { reference } => self.wire_ref(reference, at),
            ReferenceOr::Item(s) => SchemaUse::Inline(Box::new(self.wire_schema(s, at))),
        }
    }

    fn wire_boxed(&self, schema: &ReferenceOr<Box<Schema>>, at: &Pointer) -> SchemaUse {
        match schema {
            ReferenceOr::Reference { reference } => self.wire_ref(reference, at),
            ReferenceOr::Item(s) => SchemaUse::Inline(Box::new(self.wire_schema(s, at))),
        }
    }

    fn wire_ref(&self, reference: &str, at: &Pointer) -> SchemaUse {
        let written = reference.strip_prefix(REF_PREFIX).unwrap_or(reference);
        let target = self
            .follow_ref(reference, at)
            .map(|(name, _)| name)
            .unwrap_or(written);
        SchemaUse::Ref {
            written: written.to_string(),
            target: target.to_string(),
        }
    }

    fn wire_schema(&self, schema: &Schema, at: &Pointer) -> WireSchema {
        let data = &schema.schema_data;
        let mut node = WireSchema {
            at: at.clone(),
            fingerprint: fingerprint(schema),
            shape: shape(schema),
            format: format(schema),
            enum_values: enum_values(schema),
            nullable: data.nullable,
            description: data.description.clone(),
            discriminator: data.discriminator.as_ref().map(|d| Discriminator {
                property: d.property_name.clone(),
                mapping: d.mapping.clone().into_iter().collect(),
            }),
            all_of: AllOf::Members(Vec::new()),
            properties: Vec::new(),
            items: None,
            additional: None,
            members: Vec::new(),
        };
        if let Some(member) = sole_all_of_member(schema) {
            let member = self.wire_use(member, &at.join("allOf").join("0"));
            node.all_of = AllOf::Sole(Box::new(member));
            return node;
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                node.properties = self.wire_properties(&o.properties, &o.required, at);
                node.additional = self.wire_additional(&o.additional_properties, at);
            }
            SchemaKind::Type(Type::Array(a)) => {
                node.items = a.items.as_ref().map(|i| self.wire_items(i, at));
            }
            SchemaKind::AllOf { all_of } => self.wire_all_of(&mut node, schema, all_of),
            SchemaKind::OneOf { one_of: members } => {
                node.members = self.wire_members(members, "oneOf", at)
            }
            SchemaKind::AnyOf { any_of: members } => {
                node.members = self.wire_members(members, "anyOf", at)
            }
            SchemaKind::Any(any) => self.wire_any(&mut node, schema, any),
            SchemaKind::Type(_) | SchemaKind::Not { .. } => {}
        }
        node
    }

    /// A schema without `type` (or with keywords beside a composition).
    fn wire_any(&self, node: &mut WireSchema, schema: &Schema, any: &AnySchema) {
        let at = node.at.clone();
        node.items = any.items.as_ref().map(|i| self.wire_items(i, &at));
        node.additional = self.wire_additional(&any.additional_properties, &at);
        if !any.all_of.is_empty() {
            self.wire_all_of(node, schema, &any.all_of);
        } else {
            node.properties = self.wire_properties(&any.properties, &any.required, &at);
        }
        if !any.one_of.is_empty() {
            node.members = self.wire_members(&any.one_of, "oneOf", &at);
        } else if !any.any_of.is_empty() {
            node.members = self.wire_members(&any.any_of, "anyOf", &at);
        }
    }

    /// The members as written, and the properties merged as the type is built
    /// (`merged_all_of`). Not for a one-member `allOf` (`AllOf::Sole`).
    fn wire_all_of(&self, node: &mut WireSchema, schema: &Schema, members: &[ReferenceOr<Schema>]) {
        let at = node.at.join("allOf");
        node.all_of = AllOf::Members(
            members
                .iter()
                .enumerate()
                .map(|(i, m)| self.wire_use(m, &at.join(i.to_string())))
                .collect(),
        );
        // A merge that fails is refused where the type is built; nothing to compare.
        let Some(Ok(merged)) = self.merged_all_of(schema, &node.at) else {
            return;
        };
        node.properties = merged
            .properties
            .iter()
            .map(|(name, schema)| {
                let written = &merged.written_at[name];
                self.wire_property(name, schema, merged.required.contains(name), written)
            })
            .collect();
    }

    fn wire_properties(
        &self,
        properties: &Properties,
        required: &[String],
        at: &Pointer,
    ) -> Vec<WireProperty> {
        properties
            .iter()
            .map(|(name, schema)| {
                let written = at.join("properties").join(name);
                self.wire_property(name, schema, required.contains(name), &written)
            })
            .collect()
    }

    fn wire_property(
        &self,
        name: &str,
        schema: &ReferenceOr<Box<Schema>>,
        required: bool,
        at: &Pointer,
    ) -> WireProperty {
        let facts = self.facts(&unbox(schema), at).unwrap_or_default();
        let (read_only, write_only) = (facts.read_only, facts.write_only);
        WireProperty {
            name: name.to_string(),
            at: at.clone(),
            schema: self.wire_boxed(schema, at),
            required,
            read_only,
            write_only,
        }
    }

    fn wire_items(&self, items: &ReferenceOr<Box<Schema>>, at: &Pointer) -> Box<SchemaUse> {
        Box::new(self.wire_boxed(items, &at.join("items")))
    }

    fn wire_additional(
        &self,
        additional: &Option<AdditionalProperties>,
        at: &Pointer,
    ) -> Option<Box<SchemaUse>> {
        match additional {
            Some(AdditionalProperties::Schema(value)) => Some(Box::new(
                self.wire_use(value, &at.join("additionalProperties")),
            )),
            _ => None,
        }
    }

    fn wire_members(
        &self,
        members: &[ReferenceOr<Schema>],
        key: &str,
        at: &Pointer,
    ) -> Vec<SchemaUse> {
        let at = at.join(key);
        members
            .iter()
            .enumerate()
            .map(|(i, m)| self.wire_use(m, &at.join(i.to_string())))
            .collect()
    }
}

/// A hash of the schema's whole content as written.
fn fingerprint(schema: &impl Serialize) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    serde_json::to_string(schema)
        .unwrap_or_default()
        .hash(&mut hasher);
    hasher.finish()
}

fn shape(schema: &Schema) -> Shape {
    match &schema.schema_kind {
        SchemaKind::OneOf { .. } => Shape::OneOf,
        SchemaKind::AnyOf { .. } => Shape::AnyOf,
        SchemaKind::AllOf { .. } => Shape::Object,
        SchemaKind::Type(Type::Object(_)) => Shape::Object,
        SchemaKind::Type(Type::Array(_)) => Shape::Array,
        SchemaKind::Type(Type::String(_)) => Shape::String,
        SchemaKind::Type(Type::Integer(_)) => Shape::Integer,
        SchemaKind::Type(Type::Number(_)) => Shape::Number,
        SchemaKind::Type(Type::Boolean(_)) => Shape::Boolean,
        SchemaKind::Not { .. } => Shape::Any,
        SchemaKind::Any(any) => any_shape(any),
    }
}

fn any_shape(any: &AnySchema) -> Shape {
    if !any.one_of.is_empty() {
        return Shape::OneOf;
    }
    if !any.any_of.is_empty() {
        return Shape::AnyOf;
    }
    if !any.all_of.is_empty() {
        return Shape::Object;
    }
    match any.typ.as_deref() {
        Some("object") => Shape::Object,
        Some("array") => Shape::Array,
        Some("string") => Shape::String,
        Some("integer") => Shape::Integer,
        Some("number") => Shape::Number,
        Some("boolean") => Shape::Boolean,
        _ if !any.properties.is_empty() => Shape::Object,
        _ if any.items.is_some() => Shape::Array,
        _ => Shape::Any,
    }
}

fn format(schema: &Schema) -> Option<String> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => format_name(&s.format),
        SchemaKind::Type(Type::Integer(i)) => format_name(&i.format),
        SchemaKind::Type(Type::Number(n)) => format_name(&n.format),
        SchemaKind::Any(any) => any.format.clone(),
        _ => None,
    }
}

/// A format as the spec spells it (`date-time`).
fn format_name<T: Serialize>(format: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(known) => serde_json::to_value(known)
            .ok()
            .and_then(|v| v.as_str().map(String::from)),
        VariantOrUnknownOrEmpty::Unknown(other) => Some(other.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// The values of an `enum` as they travel, `null` left out; None without `enum`.
fn enum_values(schema: &Schema) -> Option<Vec<String>> {
    fn written<T>(values: &[Option<T>], show: impl Fn(&T) -> String) -> Option<Vec<String>> {
        (!values.is_empty()).then(|| values.iter().flatten().map(show).collect())
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => written(&s.enumeration, String::clone),
        SchemaKind::Type(Type::Integer(i)) => written(&i.enumeration, i64::to_string),
        SchemaKind::Type(Type::Number(n)) => {
            written(&n.enumeration, |f| serde_json::Value::from(*f).to_string())
        }
        SchemaKind::Type(Type::Boolean(b)) => written(&b.enumeration, bool::to_string),
        SchemaKind::Any(any) if !any.enumeration.is_empty() => Some(
            any.enumeration
                .iter()
                .filter(|v| !v.is_null())
                .map(|v| match v.as_str() {
                    Some(text) => text.to_string(),
                    None => v.to_string(),
                })
                .collect(),
        ),
        _ => None,
    }
}

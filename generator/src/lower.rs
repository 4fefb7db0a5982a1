//! Lowering: from the merged OpenAPI documents to the IR. Resolves `$ref`s, names inline
//! schemas from their location (`Parent` + `Field`), decides Rust names, and refuses what it
//! cannot represent with an error naming the JSON pointer.

use crate::error::{GenError, Pointer, Result};
use crate::ir::*;
use crate::load::{SpecSet, Version};
use crate::naming::{self, NameSet};
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, OpenAPI, Operation, Parameter,
    ParameterSchemaOrContent, QueryStyle, ReferenceOr, RequestBody, Response, Schema, SchemaKind,
    StatusCode, StringFormat, Type, VariantOrUnknownOrEmpty,
};
use std::collections::{BTreeMap, BTreeSet};

/// Lowers a whole spec set.
pub fn lower(spec: &SpecSet) -> Result<Crate> {
    let first = &spec.versions[0];
    let servers = lower_servers(&first.merged);
    let mut security_schemes = Vec::new();
    let mut versions = Vec::new();
    let mut features = BTreeSet::new();
    for version in &spec.versions {
        if lower_servers(&version.merged).len() != servers.len() {
            return Err(Pointer::root(&version.files[0].display)
                .join("servers")
                .error(format!(
                    "servers differ from those of {}",
                    first.files[0].display
                )));
        }
        for (name, scheme) in version
            .merged
            .components
            .iter()
            .flat_map(|c| &c.security_schemes)
        {
            let pointer = Pointer::root(&version.files[0].display)
                .join("components")
                .join("securitySchemes")
                .join(name);
            let ReferenceOr::Item(openapiv3::SecurityScheme::APIKey {
                location,
                name: header,
                ..
            }) = scheme
            else {
                return Err(
                    pointer.error("unsupported security scheme: only apiKey schemes are supported")
                );
            };
            if !matches!(location, openapiv3::APIKeyLocation::Header) {
                return Err(pointer
                    .error("unsupported security scheme: only apiKey in a header is supported"));
            }
            if !security_schemes
                .iter()
                .any(|s: &SecurityScheme| &s.name == name)
            {
                security_schemes.push(SecurityScheme {
                    name: name.clone(),
                    header: header.clone(),
                });
            }
        }
        let lowered = Lowerer::new(version)?.run()?;
        features.extend(lowered.apis.iter().map(|a| a.feature.clone()));
        versions.push(lowered);
    }
    Ok(Crate {
        versions,
        servers,
        security_schemes,
        features: features.into_iter().collect(),
    })
}

fn lower_servers(doc: &OpenAPI) -> Vec<Server> {
    doc.servers
        .iter()
        .map(|s| Server {
            url: s.url.clone(),
            description: s.description.clone().unwrap_or_default(),
            variables: s
                .variables
                .iter()
                .flat_map(|vars| vars.iter())
                .map(|(name, v)| ServerVariable {
                    name: name.clone(),
                    description: v.description.clone().unwrap_or_default(),
                    default: v.default.clone(),
                    enum_values: v.enumeration.clone(),
                })
                .collect(),
        })
        .collect()
}

struct Lowerer<'a> {
    version: &'a Version,
    doc: &'a OpenAPI,
    /// Component schema name -> Rust type name.
    component_names: BTreeMap<String, String>,
    names: NameSet,
    types: Vec<TypeDef>,
}

/// An object schema's properties, by wire name.
type Properties = IndexMap<String, ReferenceOr<Box<Schema>>>;

const REF_PREFIX: &str = "#/components/schemas/";

fn describe(text: &Option<String>) -> Option<String> {
    text.as_ref()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
}

impl<'a> Lowerer<'a> {
    fn new(version: &'a Version) -> Result<Self> {
        let doc = &version.merged;
        let mut names = NameSet::default();
        let mut component_names = BTreeMap::new();
        let mut sorted: Vec<&String> = doc
            .components
            .iter()
            .flat_map(|c| c.schemas.keys())
            .collect();
        sorted.sort();
        for name in sorted {
            component_names.insert(name.clone(), names.claim(naming::type_name(name)));
        }
        Ok(Self {
            version,
            doc,
            component_names,
            names,
            types: Vec::new(),
        })
    }

    fn file_of_component(&self, kind: &str, name: &str) -> Pointer {
        let file = self
            .version
            .files
            .iter()
            .find(|f| {
                f.doc.components.as_ref().is_some_and(|c| match kind {
                    "schemas" => c.schemas.contains_key(name),
                    "parameters" => c.parameters.contains_key(name),
                    "requestBodies" => c.request_bodies.contains_key(name),
                    _ => c.responses.contains_key(name),
                })
            })
            .map(|f| f.display.as_str())
            .unwrap_or("spec");
        Pointer::root(file).join("components").join(kind).join(name)
    }

    fn run(mut self) -> Result<VersionIr> {
        let schemas: Vec<(String, ReferenceOr<Schema>)> = {
            let mut all: Vec<_> = self
                .doc
                .components
                .iter()
                .flat_map(|c| c.schemas.iter().map(|(k, v)| (k.clone(), v.clone())))
                .collect();
            all.sort_by(|a, b| a.0.cmp(&b.0));
            all
        };
        for (name, schema) in &schemas {
            let pointer = self.file_of_component("schemas", name);
            let rust_name = self.component_names[name].clone();
            match schema {
                ReferenceOr::Reference { reference } => {
                    let target = self.schema_ref(reference, &pointer)?;
                    // `A: {$ref: B}` and `B: {$ref: A}` would be aliases of each other.
                    self.resolve_schema(schema, &pointer)?;
                    self.types.push(TypeDef {
                        name: rust_name,
                        doc: None,
                        kind: TypeKind::Alias(target),
                        features: BTreeSet::new(),
                        source: pointer.to_string(),
                    });
                }
                ReferenceOr::Item(schema) => {
                    self.define(rust_name, schema, &pointer)?;
                }
            }
        }
        self.check_alias_cycles()?;
        let apis = self.operations()?;
        self.assign_features(&apis);
        self.box_cycles();
        self.types.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(VersionIr {
            module: format!(
                "datadog{}",
                heck::ToUpperCamelCase::to_upper_camel_case(self.version.name.as_str())
            ),
            name: self.version.name.clone(),
            sources: self
                .version
                .files
                .iter()
                .map(|f| f.display.clone())
                .collect(),
            types: self.types,
            apis,
        })
    }

    /// Refuses aliases that name themselves (`A: {allOf: [$ref: B]}`, `B: {allOf: [$ref: A]}`):
    /// Rust type aliases cannot be recursive.
    fn check_alias_cycles(&self) -> Result<()> {
        let kinds: BTreeMap<&str, &TypeKind> = self
            .types
            .iter()
            .map(|t| (t.name.as_str(), &t.kind))
            .collect();
        for def in &self.types {
            let mut current = &def.kind;
            for _ in 0..=self.types.len() {
                let TypeKind::Alias(TypeRef::Named(target)) = current else {
                    break;
                };
                if *target == def.name {
                    return Err(GenError::new(
                        def.source.clone(),
                        "the schema is only a reference to itself (through $ref or a one-member allOf)",
                    ));
                }
                match kinds.get(target.as_str()) {
                    Some(next) => current = next,
                    None => break,
                }
            }
        }
        Ok(())
    }

    fn schema_ref(&self, reference: &str, pointer: &Pointer) -> Result<TypeRef> {
        let name = reference.strip_prefix(REF_PREFIX).ok_or_else(|| {
            pointer.error(format!("unsupported $ref {reference:?}: only local #/components/schemas/... references are supported here"))
        })?;
        self.component_names
            .get(name)
            .map(|n| TypeRef::Named(n.clone()))
            .ok_or_else(|| pointer.error(format!("$ref {reference:?} does not resolve")))
    }

    fn resolve_schema<'s>(
        &'s self,
        schema: &'s ReferenceOr<Schema>,
        pointer: &Pointer,
    ) -> Result<&'s Schema> {
        let mut current = schema;
        for _ in 0..32 {
            match current {
                ReferenceOr::Item(s) => return Ok(s),
                ReferenceOr::Reference { reference } => {
                    let name = reference
                        .strip_prefix(REF_PREFIX)
                        .ok_or_else(|| pointer.error(format!("unsupported $ref {reference:?}")))?;
                    current = self
                        .doc
                        .components
                        .as_ref()
                        .and_then(|c| c.schemas.get(name))
                        .ok_or_else(|| {
                            pointer.error(format!("$ref {reference:?} does not resolve"))
                        })?;
                }
            }
        }
        Err(pointer.error("$ref chain too long or circular"))
    }

    fn boxed_resolve<'s>(
        &'s self,
        schema: &'s ReferenceOr<Box<Schema>>,
        pointer: &Pointer,
    ) -> Result<(ReferenceOr<Schema>, bool)> {
        let plain = unbox(schema);
        let nullable = self.resolve_schema(&plain, pointer)?.schema_data.nullable;
        Ok((plain, nullable))
    }

    /// Defines a named type for `schema` (a component, or an inline schema that needs a name).
    fn define(&mut self, name: String, schema: &Schema, pointer: &Pointer) -> Result<TypeRef> {
        let doc = describe(&schema.schema_data.description)
            .or_else(|| describe(&schema.schema_data.title));
        let kind = match &schema.schema_kind {
            // An object without properties is a map (`additionalProperties`) or free-form: an
            // alias of a BTreeMap, defined below.
            SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
                self.struct_kind(&name, &object.properties, &object.required, pointer)?
            }
            SchemaKind::Any(any) if !any.properties.is_empty() => {
                self.struct_kind(&name, &any.properties, &any.required, pointer)?
            }
            SchemaKind::AllOf { all_of } if all_of.len() > 1 => {
                let (properties, required) = self.flatten_all_of(all_of, pointer)?;
                self.struct_kind(&name, &properties, &required, pointer)?
            }
            // `allOf: [{inline schema}]` (often with `nullable` or a description beside it):
            // the inline schema is the type. A single `$ref` member is an alias (below).
            SchemaKind::AllOf { all_of } if matches!(all_of.as_slice(), [ReferenceOr::Item(_)]) => {
                let ReferenceOr::Item(inner) = &all_of[0] else {
                    unreachable!("matched above")
                };
                let mut inner = inner.clone();
                if doc.is_some() {
                    inner.schema_data.description = doc.clone();
                }
                return self.define(name, &inner, &pointer.join("allOf").join("0"));
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                self.one_of_kind(&name, members, schema, pointer)?
            }
            _ => match enum_values(schema) {
                Some((values, integer)) => TypeKind::Enum {
                    values: self.enum_variants(schema, values, pointer)?,
                    integer,
                },
                None => {
                    // Primitives, arrays, maps, single-member allOf: an alias.
                    let target = self.type_of(&name, schema, pointer)?;
                    TypeKind::Alias(target)
                }
            },
        };
        self.types.push(TypeDef {
            name: name.clone(),
            doc,
            kind,
            features: BTreeSet::new(),
            source: pointer.to_string(),
        });
        Ok(TypeRef::Named(name))
    }

    fn enum_variants(
        &self,
        schema: &Schema,
        values: Vec<String>,
        pointer: &Pointer,
    ) -> Result<Vec<EnumValue>> {
        let explicit = schema.schema_data.extensions.get("x-enum-varnames");
        let explicit: Option<Vec<String>> = match explicit {
            None => None,
            Some(v) => Some(serde_json::from_value(v.clone()).map_err(|_| {
                pointer
                    .join("x-enum-varnames")
                    .error("x-enum-varnames must be a list of strings")
            })?),
        };
        if let Some(names) = &explicit {
            if names.len() != values.len() {
                return Err(pointer.join("x-enum-varnames").error(format!(
                    "x-enum-varnames has {} names for {} enum values",
                    names.len(),
                    values.len()
                )));
            }
        }
        let mut taken = NameSet::default();
        taken.claim("UnknownValue".into());
        Ok(values
            .into_iter()
            .enumerate()
            .map(|(i, wire)| {
                let wanted = match &explicit {
                    Some(names) => naming::variant_name(&names[i]),
                    None => naming::variant_name(&wire),
                };
                EnumValue {
                    variant: taken.claim(wanted),
                    wire,
                }
            })
            .collect())
    }

    fn flatten_all_of(
        &self,
        members: &[ReferenceOr<Schema>],
        pointer: &Pointer,
    ) -> Result<(Properties, Vec<String>)> {
        self.flatten_all_of_at(members, pointer, &[])
    }

    /// `including`: the components whose allOf led here, to refuse a schema that includes
    /// itself.
    fn flatten_all_of_at(
        &self,
        members: &[ReferenceOr<Schema>],
        pointer: &Pointer,
        including: &[&str],
    ) -> Result<(Properties, Vec<String>)> {
        let mut properties = IndexMap::new();
        let mut required = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let at = pointer.join("allOf").join(i.to_string());
            let schema = self.resolve_schema(member, &at)?;
            // Where the member is: the component it references, or here.
            let (member_at, chain) = match member {
                ReferenceOr::Reference { reference } => {
                    let name = reference.strip_prefix(REF_PREFIX).unwrap_or(reference);
                    if including.contains(&name) {
                        return Err(at.error(format!(
                            "allOf includes {reference:?}, which includes this schema: a schema cannot include itself"
                        )));
                    }
                    let mut chain = including.to_vec();
                    chain.push(name);
                    (self.file_of_component("schemas", name), chain)
                }
                ReferenceOr::Item(_) => (at.clone(), including.to_vec()),
            };
            match &schema.schema_kind {
                SchemaKind::Type(Type::Object(object)) => {
                    properties.extend(object.properties.clone());
                    required.extend(object.required.clone());
                }
                // Without `type`: properties, or only `required` (making inherited properties
                // required), or only a description.
                SchemaKind::Any(any)
                    if any.items.is_none()
                        && any.one_of.is_empty()
                        && any.any_of.is_empty()
                        && any.all_of.is_empty()
                        && any.enumeration.is_empty() =>
                {
                    properties.extend(any.properties.clone());
                    required.extend(any.required.clone());
                }
                SchemaKind::AllOf { all_of } => {
                    let (p, r) = self.flatten_all_of_at(all_of, &member_at, &chain)?;
                    properties.extend(p);
                    required.extend(r);
                }
                _ => {
                    return Err(
                        at.error("unsupported allOf member: only object schemas can be combined")
                    )
                }
            }
        }
        Ok((properties, required))
    }

    fn struct_kind(
        &mut self,
        parent: &str,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        pointer: &Pointer,
    ) -> Result<TypeKind> {
        let mut field_names = NameSet::default();
        // The generated struct has these: a field of the same name would collide with them
        // (`new` is the constructor, the other setters are named after the fields).
        for taken in ["additional_properties", "new"] {
            field_names.claim(taken.into());
        }
        let mut wires: Vec<&String> = properties.keys().collect();
        wires.sort();
        let mut fields = Vec::new();
        for wire in wires {
            let at = pointer.join("properties").join(wire);
            let schema = unbox(&properties[wire]);
            // The description and nullability may come from a referenced component; the
            // read/write flags only from the property itself.
            let resolved = self.resolve_schema(&schema, &at)?;
            let nullable = resolved.schema_data.nullable;
            let description = describe(&resolved.schema_data.description);
            let hint = format!("{parent}{}", naming::type_name(wire));
            let ty = self.lower_ref(&hint, &schema, &at)?;
            let data = match &schema {
                ReferenceOr::Item(s) => Some(&s.schema_data),
                ReferenceOr::Reference { .. } => None,
            };
            let read_only = data.is_some_and(|d| d.read_only);
            let write_only = data.is_some_and(|d| d.write_only);
            fields.push(Field {
                name: field_names.claim(naming::field_name(wire)),
                wire: wire.clone(),
                ty,
                required: required.contains(wire) && !read_only && !write_only,
                nullable,
                boxed: false,
                doc: description,
                read_only,
                write_only,
                deprecated: data.is_some_and(|d| d.deprecated),
            });
        }
        for name in required {
            if !properties.contains_key(name) {
                return Err(pointer.join("required").error(format!(
                    "required property {name:?} is not among the properties"
                )));
            }
        }
        Ok(TypeKind::Struct { fields })
    }

    fn one_of_kind(
        &mut self,
        parent: &str,
        members: &[ReferenceOr<Schema>],
        schema: &Schema,
        pointer: &Pointer,
    ) -> Result<TypeKind> {
        let key = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
            "oneOf"
        } else {
            "anyOf"
        };
        let mut variant_names = NameSet::default();
        variant_names.claim("UnparsedObject".into());
        let mut variants = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let at = pointer.join(key).join(i.to_string());
            let ty = self.lower_ref(&format!("{parent}{}", i + 1), member, &at)?;
            let wanted = match &ty {
                TypeRef::Named(name) => name.clone(),
                other => primitive_variant_name(other),
            };
            variants.push(Variant {
                name: variant_names.claim(wanted),
                ty,
                tag: None,
            });
        }
        let discriminator = match &schema.schema_data.discriminator {
            Some(d) => {
                for (variant, member) in variants.iter_mut().zip(members) {
                    let mapped = d.mapping.iter().find(|(_, target)| matches!(member, ReferenceOr::Reference { reference } if reference == *target));
                    variant.tag = Some(match (mapped, member) {
                        (Some((value, _)), _) => value.clone(),
                        (None, ReferenceOr::Reference { reference }) => reference
                            .strip_prefix(REF_PREFIX)
                            .unwrap_or(reference)
                            .to_string(),
                        (None, ReferenceOr::Item(_)) => {
                            return Err(pointer
                                .join("discriminator")
                                .error("an inline oneOf member needs a discriminator mapping"))
                        }
                    });
                }
                Some(d.property_name.clone())
            }
            None => self.infer_discriminator(members, &mut variants, pointer),
        };
        Ok(TypeKind::OneOf {
            variants,
            discriminator,
        })
    }

    /// JSON:API style oneOf: every member is an object with a property (the same one)
    /// whose schema is a one-value enum, each value different. That property then selects the
    /// variant without trying each in turn.
    fn infer_discriminator(
        &self,
        members: &[ReferenceOr<Schema>],
        variants: &mut [Variant],
        pointer: &Pointer,
    ) -> Option<String> {
        let mut candidates: Option<BTreeMap<String, Vec<String>>> = None;
        for member in members {
            let schema = self.resolve_schema(member, pointer).ok()?;
            let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
                return None;
            };
            let mut found = BTreeMap::new();
            // Required or not: JSON:API specs often leave `type` optional, and a value without
            // it is kept as UnparsedObject rather than guessed.
            for (name, property) in &object.properties {
                let property = unbox(property);
                let resolved = self.resolve_schema(&property, pointer).ok()?;
                if let Some((values, false)) = enum_values(resolved) {
                    if values.len() == 1 {
                        found.insert(name.clone(), values);
                    }
                }
            }
            candidates = Some(match candidates {
                None => found,
                Some(mut previous) => {
                    previous.retain(|k, v| match found.get(k) {
                        Some(value) => {
                            v.extend(value.iter().cloned());
                            true
                        }
                        None => false,
                    });
                    previous
                }
            });
        }
        let (property, values) = candidates?
            .into_iter()
            .find(|(_, values)| values.iter().collect::<BTreeSet<_>>().len() == values.len())?;
        for (variant, value) in variants.iter_mut().zip(values) {
            variant.tag = Some(value);
        }
        Some(property)
    }

    /// The type for a schema or reference used at some location; inline schemas that need a
    /// name get `hint`.
    fn lower_ref(
        &mut self,
        hint: &str,
        schema: &ReferenceOr<Schema>,
        pointer: &Pointer,
    ) -> Result<TypeRef> {
        match schema {
            ReferenceOr::Reference { reference } => self.schema_ref(reference, pointer),
            ReferenceOr::Item(schema) => self.type_of(hint, schema, pointer),
        }
    }

    fn lower_boxed(
        &mut self,
        hint: &str,
        schema: &ReferenceOr<Box<Schema>>,
        pointer: &Pointer,
    ) -> Result<TypeRef> {
        self.lower_ref(hint, &unbox(schema), pointer)
    }

    /// The type of an inline schema, defining a named type for it when it needs one.
    fn type_of(&mut self, hint: &str, schema: &Schema, pointer: &Pointer) -> Result<TypeRef> {
        let needs_name = |s: &Schema| {
            enum_values(s).is_some()
                || matches!(&s.schema_kind, SchemaKind::Type(Type::Object(o)) if !o.properties.is_empty())
                || matches!(&s.schema_kind, SchemaKind::Any(a) if !a.properties.is_empty())
                || matches!(
                    &s.schema_kind,
                    SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. }
                )
                || matches!(&s.schema_kind, SchemaKind::AllOf { all_of } if all_of.len() > 1)
        };
        // `allOf: [{inline schema}]`: the inline schema, named here.
        if let SchemaKind::AllOf { all_of } = &schema.schema_kind {
            if let [ReferenceOr::Item(inner)] = all_of.as_slice() {
                return self.type_of(hint, inner, &pointer.join("allOf").join("0"));
            }
        }
        // A name already taken (by a component, or another inline schema) gets a number.
        if needs_name(schema) {
            let name = self.names.claim(hint.to_string());
            return self.define(name, schema, pointer);
        }
        Ok(match &schema.schema_kind {
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Integer(i)) => match &i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            },
            SchemaKind::Type(Type::Number(n)) => match &n.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            },
            SchemaKind::Type(Type::String(s)) => match &s.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
                // Bodies are JSON, where `format: binary` can only be a string: `Vec<u8>`
                // would (de)serialize as an array of numbers.
                VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => TypeRef::Uuid,
                _ => TypeRef::String,
            },
            SchemaKind::Type(Type::Array(array)) => {
                let item = match &array.items {
                    Some(items) => {
                        let at = pointer.join("items");
                        let (plain, nullable) = self.boxed_resolve(items, &at)?;
                        let ty = self.lower_ref(&format!("{hint}Item"), &plain, &at)?;
                        if nullable {
                            TypeRef::Option(Box::new(ty))
                        } else {
                            ty
                        }
                    }
                    None => TypeRef::Value,
                };
                TypeRef::Vec(Box::new(item))
            }
            SchemaKind::Type(Type::Object(object)) => match &object.additional_properties {
                Some(AdditionalProperties::Schema(value)) => {
                    let at = pointer.join("additionalProperties");
                    TypeRef::Map(Box::new(self.lower_ref(
                        &format!("{hint}Value"),
                        value,
                        &at,
                    )?))
                }
                _ => TypeRef::Map(Box::new(TypeRef::Value)),
            },
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                self.lower_ref(hint, &all_of[0], &pointer.join("allOf").join("0"))?
            }
            SchemaKind::AllOf { .. } | SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                // Only reached for a component's own schema (named already).
                unreachable_kind(pointer)?
            }
            SchemaKind::Not { .. } => {
                return Err(pointer.error("unsupported schema: `not` is not supported"))
            }
            SchemaKind::Any(any) => {
                if let Some(items) = &any.items {
                    let at = pointer.join("items");
                    TypeRef::Vec(Box::new(self.lower_boxed(
                        &format!("{hint}Item"),
                        items,
                        &at,
                    )?))
                } else {
                    TypeRef::Value
                }
            }
        })
    }

    fn operations(&mut self) -> Result<Vec<ApiIr>> {
        let mut paths: Vec<(&String, &ReferenceOr<openapiv3::PathItem>)> =
            self.doc.paths.paths.iter().collect();
        paths.sort_by(|a, b| a.0.cmp(b.0));
        let mut apis: BTreeMap<String, ApiIr> = BTreeMap::new();
        let mut operation_ids = BTreeMap::new();
        for (path, item) in paths {
            let file = self
                .version
                .path_origin
                .get(path)
                .cloned()
                .unwrap_or_default();
            let at_path = Pointer::root(&file).join("paths").join(path);
            let ReferenceOr::Item(item) = item else {
                return Err(at_path.error("unsupported: $ref on a path item"));
            };
            let methods = [
                ("GET", &item.get),
                ("POST", &item.post),
                ("PUT", &item.put),
                ("PATCH", &item.patch),
                ("DELETE", &item.delete),
                ("HEAD", &item.head),
                ("OPTIONS", &item.options),
                ("TRACE", &item.trace),
            ];
            for (method, operation) in methods {
                let Some(operation) = operation else { continue };
                let at = at_path.join(method.to_lowercase());
                let lowered =
                    self.operation(method, path, &item.parameters, operation, &at_path, &at)?;
                if let Some(previous) = operation_ids.insert(lowered.id.clone(), at.to_string()) {
                    return Err(at.join("operationId").error(format!(
                        "operationId {:?} is also used at {previous}",
                        lowered.id
                    )));
                }
                let tag = operation.tags.first().cloned().ok_or_else(|| {
                    at.join("tags")
                        .error("every operation needs a tag: it names the API struct")
                })?;
                let api = apis.entry(tag.clone()).or_insert_with(|| ApiIr {
                    struct_name: format!("{}API", naming::type_name(&tag)),
                    module: format!("api_{}", naming::module_name(&tag)),
                    feature: naming::feature_name(&tag),
                    doc: self
                        .doc
                        .tags
                        .iter()
                        .find(|t| t.name == tag)
                        .and_then(|t| describe(&t.description)),
                    tag,
                    operations: Vec::new(),
                    sources: BTreeSet::new(),
                });
                api.operations.push(lowered);
                api.sources.insert(file.clone());
            }
        }
        let mut apis: Vec<ApiIr> = apis.into_values().collect();
        for api in &mut apis {
            api.operations
                .sort_by(|a, b| a.method_name.cmp(&b.method_name));
            let mut names = NameSet::default();
            for operation in &api.operations {
                let claimed = names.claim(operation.method_name.clone());
                if claimed != operation.method_name {
                    return Err(GenError::new(
                        api.tag.clone(),
                        format!("two operations are named {}", operation.method_name),
                    ));
                }
            }
        }
        Ok(apis)
    }

    fn resolve_parameter<'s>(
        &'s self,
        parameter: &'s ReferenceOr<Parameter>,
        at: &Pointer,
    ) -> Result<&'s Parameter> {
        let components = self.doc.components.as_ref().map(|c| &c.parameters);
        resolve_component(parameter, "parameters", components, at)
    }

    fn operation(
        &mut self,
        method: &str,
        path: &str,
        shared_parameters: &[ReferenceOr<Parameter>],
        operation: &Operation,
        at_path: &Pointer,
        at: &Pointer,
    ) -> Result<OperationIr> {
        let id = operation.operation_id.clone().ok_or_else(|| {
            at.join("operationId")
                .error("every operation needs an operationId: it names the method")
        })?;
        let id = naming::type_name(&id);
        let mut params = Vec::new();
        let mut param_names = NameSet::default();
        for name in ["body", "params"] {
            param_names.claim(name.into());
        }
        let mut all: Vec<(Pointer, &ReferenceOr<Parameter>)> = Vec::new();
        for (i, p) in operation.parameters.iter().enumerate() {
            all.push((at.join("parameters").join(i.to_string()), p));
        }
        // The operation's own parameters override the path item's of the same name.
        let own_names: BTreeSet<&str> = operation
            .parameters
            .iter()
            .filter_map(|own| self.resolve_parameter(own, at).ok())
            .map(|own| own.parameter_data_ref().name.as_str())
            .collect();
        for (i, p) in shared_parameters.iter().enumerate() {
            let ptr = at_path.join("parameters").join(i.to_string());
            let resolved = self.resolve_parameter(p, &ptr)?;
            if !own_names.contains(resolved.parameter_data_ref().name.as_str()) {
                all.push((ptr, p));
            }
        }
        for (ptr, parameter) in all {
            let parameter = self.resolve_parameter(parameter, &ptr)?.clone();
            let (location, explode) = match &parameter {
                Parameter::Path { .. } => (ParamLocation::Path, false),
                Parameter::Query {
                    style,
                    parameter_data,
                    ..
                } => {
                    if !matches!(style, QueryStyle::Form) {
                        return Err(ptr
                            .join("style")
                            .error("unsupported query parameter style: only form is supported"));
                    }
                    (ParamLocation::Query, parameter_data.explode.unwrap_or(true))
                }
                Parameter::Header { .. } => (ParamLocation::Header, false),
                Parameter::Cookie { .. } => {
                    return Err(ptr.error("unsupported parameter location: cookie"))
                }
            };
            let data = parameter.parameter_data_ref();
            let ParameterSchemaOrContent::Schema(schema) = &data.format else {
                return Err(ptr.join("content").error(
                    "unsupported: a parameter described by `content` rather than `schema`",
                ));
            };
            let hint = format!("{id}{}", naming::type_name(&data.name));
            let ty = self.lower_ref(&hint, schema, &ptr.join("schema"))?;
            let ty = self.parameter_type(ty, location, &data.name, &ptr.join("schema"))?;
            let required = data.required || location == ParamLocation::Path;
            params.push(ParamIr {
                wire: data.name.clone(),
                name: param_names.claim(naming::field_name(&data.name)),
                location,
                ty,
                required,
                explode,
                doc: describe(&data.description),
            });
        }
        // Path parameters in the order they appear in the path, then the rest as written.
        let position = |p: &ParamIr| match p.location {
            ParamLocation::Path => path.find(&format!("{{{}}}", p.wire)).unwrap_or(usize::MAX),
            _ => usize::MAX,
        };
        params.sort_by_key(|p| (p.location != ParamLocation::Path, position(p)));
        for segment in path.split('/').filter(|s| s.starts_with('{')) {
            let name = segment.trim_start_matches('{').trim_end_matches('}');
            if !params
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.wire == name)
            {
                return Err(at.error(format!("path parameter {{{name}}} is not declared")));
            }
        }

        let body = match &operation.request_body {
            None => None,
            Some(body) => {
                let ptr = at.join("requestBody");
                let body = self.resolve_request_body(body, &ptr)?.clone();
                match json_schema(&body.content, &ptr)? {
                    Some((schema, at_schema)) => Some(BodyIr {
                        ty: self.lower_ref(&format!("{id}Request"), &schema, &at_schema)?,
                        required: body.required,
                        doc: describe(&body.description),
                    }),
                    None => None,
                }
            }
        };

        let mut success = None;
        let mut success_schema: Option<Option<ReferenceOr<Schema>>> = None;
        let mut errors = Vec::new();
        let mut statuses: Vec<(Option<u16>, &ReferenceOr<Response>)> = Vec::new();
        for (code, response) in &operation.responses.responses {
            match code {
                StatusCode::Code(c) => statuses.push((Some(*c), response)),
                StatusCode::Range(r) => {
                    return Err(at
                        .join("responses")
                        .join(format!("{r}XX"))
                        .error("unsupported: status code ranges"));
                }
            }
        }
        if let Some(default) = &operation.responses.default {
            statuses.push((None, default));
        }
        for (status, response) in statuses {
            let ptr = at.join("responses").join(
                status
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| "default".into()),
            );
            let response = self.resolve_response(response, &ptr)?.clone();
            let schema = json_schema(&response.content, &ptr)?;
            match status {
                Some(code) if (200..300).contains(&code) => {
                    // Several success statuses (200 and 201) must share one body, decoded as
                    // one type: compare the schemas before lowering, so that an inline schema
                    // is named once.
                    let body = schema.as_ref().map(|(s, _)| s.clone());
                    if let Some(first) = &success_schema {
                        if *first != body {
                            return Err(ptr.error(
                                "unsupported: two success responses with different bodies",
                            ));
                        }
                        continue;
                    }
                    success_schema = Some(body);
                    success = match schema {
                        Some((s, at_schema)) => {
                            Some(self.lower_ref(&format!("{id}Response"), &s, &at_schema)?)
                        }
                        None => None,
                    };
                }
                _ => {
                    let ty = match schema {
                        Some((s, at_schema)) => Some(self.lower_ref(
                            &format!(
                                    "{id}{}Response",
                                    status
                                        .map(|s| s.to_string())
                                        .unwrap_or_else(|| "Default".into())
                                ),
                            &s,
                            &at_schema,
                        )?),
                        None => None,
                    };
                    errors.push(ErrorCase {
                        status,
                        variant: status
                            .map(|s| format!("Status{s}"))
                            .unwrap_or_else(|| "Default".into()),
                        ty,
                        doc: describe(&Some(response.description.clone())),
                    });
                }
            }
        }
        if success_schema.is_none() {
            return Err(at.join("responses").error("no success (2xx) response"));
        }

        let security = operation
            .security
            .as_ref()
            .or(self.doc.security.as_ref())
            .map(|requirements| {
                requirements
                    .iter()
                    .map(|r| r.keys().cloned().collect::<Vec<_>>())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        let known: BTreeSet<&String> = self
            .doc
            .components
            .iter()
            .flat_map(|c| c.security_schemes.keys())
            .collect();
        for name in security.iter().flatten() {
            if !known.contains(name) {
                return Err(at
                    .join("security")
                    .error(format!("unknown security scheme {name:?}")));
            }
        }

        let unstable = operation.extensions.contains_key("x-unstable");
        let mut lowered = OperationIr {
            method_name: naming::field_name(&id),
            optional_params_name: format!("{id}OptionalParams"),
            error_name: format!("{id}Error"),
            id,
            http_method: method.to_string(),
            path: path.to_string(),
            summary: describe(&operation.summary),
            doc: describe(&operation.description),
            deprecated: operation.deprecated,
            unstable,
            params,
            body,
            success,
            errors,
            security,
            pagination: None,
        };
        if let Some(spec) = operation.extensions.get("x-pagination") {
            lowered.pagination = Some(self.pagination(&lowered, spec, &at.join("x-pagination"))?);
        }
        Ok(lowered)
    }

    /// Checks that a parameter's type can be sent: a scalar (or an enum), or for the query
    /// also an array of scalars. An alias of an array is replaced by the array, which the
    /// request builder sends item by item.
    fn parameter_type(
        &self,
        ty: TypeRef,
        location: ParamLocation,
        name: &str,
        at: &Pointer,
    ) -> Result<TypeRef> {
        let place = match location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
        };
        let resolved = self.resolve_alias(&ty);
        let supported = match (&resolved, location) {
            (TypeRef::Vec(item), ParamLocation::Query) => self.is_scalar(item),
            (other, _) => self.is_scalar(other),
        };
        if !supported {
            let what = match resolved {
                TypeRef::Vec(_) if location == ParamLocation::Query => {
                    "an array of non-scalar items"
                }
                TypeRef::Vec(_) => "an array (only query parameters can be arrays)",
                TypeRef::Map(_) => {
                    "a map (deepObject and exploded object styles are not supported)"
                }
                _ => {
                    "an object or a oneOf (deepObject and exploded object styles are not supported)"
                }
            };
            return Err(at.error(format!(
                "unsupported {place} parameter {name:?}: its schema is {what}; a parameter must be a string, number, boolean or enum"
            )));
        }
        Ok(match resolved {
            TypeRef::Vec(_) => resolved,
            _ => ty,
        })
    }

    /// Follows aliases (`pub type X = Y`) to the type they name.
    fn resolve_alias(&self, ty: &TypeRef) -> TypeRef {
        let mut current = ty.clone();
        for _ in 0..32 {
            let TypeRef::Named(name) = &current else {
                break;
            };
            match self.types.iter().find(|t| &t.name == name).map(|t| &t.kind) {
                Some(TypeKind::Alias(target)) => current = target.clone(),
                _ => break,
            }
        }
        current
    }

    /// Whether a value of the type is one string in a URL or header: a primitive or an enum.
    fn is_scalar(&self, ty: &TypeRef) -> bool {
        match self.resolve_alias(ty) {
            TypeRef::Vec(_) | TypeRef::Map(_) => false,
            TypeRef::Option(inner) => self.is_scalar(&inner),
            TypeRef::Named(name) => self
                .types
                .iter()
                .find(|t| t.name == name)
                .map_or(true, |t| matches!(t.kind, TypeKind::Enum { .. })),
            _ => true,
        }
    }

    fn resolve_request_body<'s>(
        &'s self,
        body: &'s ReferenceOr<RequestBody>,
        at: &Pointer,
    ) -> Result<&'s RequestBody> {
        let components = self.doc.components.as_ref().map(|c| &c.request_bodies);
        resolve_component(body, "requestBodies", components, at)
    }

    fn resolve_response<'s>(
        &'s self,
        response: &'s ReferenceOr<Response>,
        at: &Pointer,
    ) -> Result<&'s Response> {
        let components = self.doc.components.as_ref().map(|c| &c.responses);
        resolve_component(response, "responses", components, at)
    }

    fn pagination(
        &self,
        operation: &OperationIr,
        spec: &serde_json::Value,
        at: &Pointer,
    ) -> Result<Pagination> {
        let get = |key: &str| spec.get(key).and_then(|v| v.as_str());
        let param = |wire: &str, key: &str| {
            operation
                .params
                .iter()
                .find(|p| p.wire == wire && !p.required)
                .ok_or_else(|| {
                    at.join(key).error(format!(
                        "{wire:?} is not an optional parameter of this operation"
                    ))
                })
        };
        let results_path =
            get("resultsPath").ok_or_else(|| at.error("x-pagination needs resultsPath"))?;
        let success = operation
            .success
            .clone()
            .ok_or_else(|| at.error("a paginated operation needs a response body"))?;
        let (results, results_ty) = self.walk(&success, results_path, &at.join("resultsPath"))?;
        let TypeRef::Vec(item) = results_ty else {
            return Err(at
                .join("resultsPath")
                .error(format!("{results_path:?} is not an array")));
        };
        if let Some(cursor_param) = get("cursorParam") {
            let cursor_path = get("cursorPath")
                .ok_or_else(|| at.error("x-pagination with cursorParam needs cursorPath"))?;
            let (cursor, cursor_ty) = self.walk(&success, cursor_path, &at.join("cursorPath"))?;
            if cursor_ty != TypeRef::String {
                return Err(at.join("cursorPath").error("the cursor must be a string"));
            }
            let cursor_param = param(cursor_param, "cursorParam")?;
            return Ok(Pagination::Cursor {
                cursor_param: cursor_param.name.clone(),
                results,
                cursor,
                item: *item,
            });
        }
        let size = param(
            get("limitParam").ok_or_else(|| at.error("x-pagination needs limitParam"))?,
            "limitParam",
        )?;
        let page = param(
            get("pageParam")
                .ok_or_else(|| at.error("x-pagination needs pageParam or cursorParam"))?,
            "pageParam",
        )?;
        let default_size = spec
            .get("limitDefault")
            .and_then(|v| v.as_i64())
            .or_else(|| self.param_default(operation, &size.wire));
        Ok(Pagination::PageNumber {
            size_param: size.name.clone(),
            page_param: page.name.clone(),
            page_ty: page.ty.clone(),
            default_size,
            results,
            item: *item,
        })
    }

    fn param_default(&self, operation: &OperationIr, wire: &str) -> Option<i64> {
        let path_item = self.doc.paths.paths.get(&operation.path)?.as_item()?;
        let op = match operation.http_method.as_str() {
            "GET" => path_item.get.as_ref(),
            "POST" => path_item.post.as_ref(),
            "PUT" => path_item.put.as_ref(),
            "PATCH" => path_item.patch.as_ref(),
            "DELETE" => path_item.delete.as_ref(),
            "HEAD" => path_item.head.as_ref(),
            "OPTIONS" => path_item.options.as_ref(),
            "TRACE" => path_item.trace.as_ref(),
            _ => None,
        }?;
        op.parameters
            .iter()
            .chain(&path_item.parameters)
            .find_map(|p| {
                let p = self.resolve_parameter(p, &Pointer::root("")).ok()?;
                let data = p.parameter_data_ref();
                if data.name != wire {
                    return None;
                }
                let ParameterSchemaOrContent::Schema(schema) = &data.format else {
                    return None;
                };
                self.resolve_schema(schema, &Pointer::root(""))
                    .ok()?
                    .schema_data
                    .default
                    .as_ref()?
                    .as_i64()
            })
    }

    /// Follows a dotted path (`meta.page.next_cursor`) through the response types.
    fn walk(&self, start: &TypeRef, path: &str, at: &Pointer) -> Result<(Vec<Step>, TypeRef)> {
        let mut current = start.clone();
        let mut steps = Vec::new();
        for part in path.split('.') {
            let name = current
                .holds_inline()
                .ok_or_else(|| {
                    at.error(format!(
                        "cannot follow {path:?}: {part:?} is not inside an object"
                    ))
                })?
                .to_string();
            let def = self
                .types
                .iter()
                .find(|t| t.name == name)
                .ok_or_else(|| at.error(format!("cannot follow {path:?}")))?;
            let TypeKind::Struct { fields } = &def.kind else {
                return Err(at.error(format!("cannot follow {path:?}: {name} is not an object")));
            };
            let field = fields
                .iter()
                .find(|f| f.wire == part)
                .ok_or_else(|| at.error(format!("{name} has no property {part:?}")))?;
            let optional = !field.required || field.nullable;
            let double_option = !field.required && field.nullable;
            steps.push(Step {
                field: field.name.clone(),
                optional,
                double_option,
            });
            current = field.ty.clone();
        }
        Ok((steps, current))
    }

    /// Marks each type with the API features whose operations reach it.
    fn assign_features(&mut self, apis: &[ApiIr]) {
        let index: BTreeMap<String, usize> = self
            .types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.clone(), i))
            .collect();
        for api in apis {
            let mut stack: Vec<String> = Vec::new();
            for op in &api.operations {
                let mut refs: Vec<&TypeRef> = op.params.iter().map(|p| &p.ty).collect();
                refs.extend(op.body.iter().map(|b| &b.ty));
                refs.extend(op.success.iter());
                refs.extend(op.errors.iter().filter_map(|e| e.ty.as_ref()));
                stack.extend(refs.into_iter().filter_map(|r| r.named()).map(String::from));
            }
            while let Some(name) = stack.pop() {
                let Some(&i) = index.get(&name) else { continue };
                if !self.types[i].features.insert(api.feature.clone()) {
                    continue;
                }
                stack.extend(
                    referenced(&self.types[i].kind)
                        .into_iter()
                        .map(String::from),
                );
            }
        }
    }

    /// Boxes the fields through which a type contains itself.
    fn box_cycles(&mut self) {
        let edges: BTreeMap<String, Vec<String>> = self
            .types
            .iter()
            .map(|t| {
                let inline = match &t.kind {
                    TypeKind::Struct { fields } => fields
                        .iter()
                        .filter_map(|f| f.ty.holds_inline())
                        .map(String::from)
                        .collect(),
                    TypeKind::Alias(ty) => {
                        ty.holds_inline().map(String::from).into_iter().collect()
                    }
                    // oneOf variants are always boxed when they are named types.
                    _ => Vec::new(),
                };
                (t.name.clone(), inline)
            })
            .collect();
        let reaches = |from: &str, to: &str| {
            let mut seen = BTreeSet::new();
            let mut stack = vec![from.to_string()];
            while let Some(node) = stack.pop() {
                if node == to {
                    return true;
                }
                if seen.insert(node.clone()) {
                    stack.extend(edges.get(&node).into_iter().flatten().cloned());
                }
            }
            false
        };
        for def in &mut self.types {
            let owner = def.name.clone();
            if let TypeKind::Struct { fields } = &mut def.kind {
                for field in fields {
                    if let Some(target) = field.ty.holds_inline() {
                        field.boxed = reaches(target, &owner);
                    }
                }
            }
        }
    }
}

fn unreachable_kind(pointer: &Pointer) -> Result<TypeRef> {
    Err(pointer.error("internal: composition schema without a name"))
}

fn primitive_variant_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Bool => "Bool".into(),
        TypeRef::I32 => "I32".into(),
        TypeRef::I64 => "I64".into(),
        TypeRef::F32 => "F32".into(),
        TypeRef::F64 => "F64".into(),
        TypeRef::String => "String".into(),
        TypeRef::DateTime => "DateTime".into(),
        TypeRef::Date => "Date".into(),
        TypeRef::Uuid => "Uuid".into(),
        TypeRef::Bytes => "Bytes".into(),
        TypeRef::Value => "Value".into(),
        TypeRef::Vec(inner) => format!("{}List", primitive_variant_name(inner)),
        TypeRef::Map(inner) => format!("{}Map", primitive_variant_name(inner)),
        TypeRef::Option(inner) => primitive_variant_name(inner),
        TypeRef::Named(name) => name.clone(),
    }
}

/// The named types a definition mentions.
pub fn referenced(kind: &TypeKind) -> Vec<&str> {
    match kind {
        TypeKind::Struct { fields } => fields.iter().filter_map(|f| f.ty.named()).collect(),
        TypeKind::OneOf { variants, .. } => variants.iter().filter_map(|v| v.ty.named()).collect(),
        TypeKind::Alias(ty) => ty.named().into_iter().collect(),
        TypeKind::Enum { .. } => Vec::new(),
    }
}

/// Resolves a parameter, request body or response that may be a `$ref` to
/// `#/components/<kind>/<name>` (one level: such components are not references themselves).
fn resolve_component<'s, T>(
    item: &'s ReferenceOr<T>,
    kind: &str,
    components: Option<&'s IndexMap<String, ReferenceOr<T>>>,
    at: &Pointer,
) -> Result<&'s T> {
    match item {
        ReferenceOr::Item(item) => Ok(item),
        ReferenceOr::Reference { reference } => {
            let name = reference
                .strip_prefix(&format!("#/components/{kind}/"))
                .ok_or_else(|| at.error(format!("unsupported $ref {reference:?}")))?;
            match components.and_then(|c| c.get(name)) {
                Some(ReferenceOr::Item(item)) => Ok(item),
                _ => Err(at.error(format!("$ref {reference:?} does not resolve"))),
            }
        }
    }
}

fn unbox(schema: &ReferenceOr<Box<Schema>>) -> ReferenceOr<Schema> {
    match schema {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
        ReferenceOr::Item(s) => ReferenceOr::Item((**s).clone()),
    }
}

/// The enum values of a string or integer enum schema, and whether it is an integer enum.
fn enum_values(schema: &Schema) -> Option<(Vec<String>, bool)> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
            Some((s.enumeration.iter().flatten().cloned().collect(), false))
        }
        SchemaKind::Type(Type::Integer(i)) if !i.enumeration.is_empty() => Some((
            i.enumeration
                .iter()
                .flatten()
                .map(|v| v.to_string())
                .collect(),
            true,
        )),
        SchemaKind::Any(any)
            if !any.enumeration.is_empty()
                && any.enumeration.iter().all(|v| v.is_string() || v.is_null()) =>
        {
            Some((
                any.enumeration
                    .iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect(),
                false,
            ))
        }
        _ => None,
    }
}

/// Whether a media type is JSON: `application/json`, `application/vnd.api+json`, with or
/// without parameters (`; charset=utf-8`).
fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    let essence = essence.to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// The JSON schema of a body and the pointer to it, None when the body has no content; other
/// media types are refused.
fn json_schema(
    content: &IndexMap<String, openapiv3::MediaType>,
    at: &Pointer,
) -> Result<Option<(ReferenceOr<Schema>, Pointer)>> {
    if content.is_empty() {
        return Ok(None);
    }
    let Some((media_type, media)) = content.iter().find(|(k, _)| is_json(k)) else {
        let kinds: Vec<&String> = content.keys().collect();
        return Err(at.join("content").error(format!(
            "unsupported media type {kinds:?}: only JSON bodies (application/json) are supported"
        )));
    };
    let schema = media.schema.clone().unwrap_or(ReferenceOr::Item(Schema {
        schema_data: Default::default(),
        schema_kind: SchemaKind::Any(Default::default()),
    }));
    Ok(Some((
        schema,
        at.join("content").join(media_type).join("schema"),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load;

    /// Lowers a document whose `GET /things` answers with `Thing`; `components` holds the
    /// schemas (indented as under `components:`).
    fn lower_things(components: &str) -> VersionIr {
        let yaml = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /things:\n    get:\n      operationId: ListThings\n      tags: [Things]\n      responses:\n        '200':\n          description: OK\n          content:\n            application/json; charset=utf-8:\n              schema:\n                $ref: '#/components/schemas/Thing'\ncomponents:\n  schemas:\n{components}"
        );
        let file = load::parse_str("x.yaml", &yaml).unwrap();
        let version = load::merge("v1".into(), vec![file]).unwrap();
        let set = SpecSet {
            versions: vec![version],
            examples: Vec::new(),
        };
        lower(&set).unwrap().versions.remove(0)
    }

    fn kind<'a>(version: &'a VersionIr, name: &str) -> &'a TypeKind {
        &version
            .types
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("no type {name}"))
            .kind
    }

    fn field<'a>(version: &'a VersionIr, ty: &str, wire: &str) -> &'a Field {
        let TypeKind::Struct { fields } = kind(version, ty) else {
            panic!("{ty} is not a struct")
        };
        fields.iter().find(|f| f.wire == wire).unwrap()
    }

    #[test]
    fn an_inline_object_named_like_a_component_gets_a_number() {
        let version = lower_things(
            "    Thing:\n      type: object\n      properties:\n        summary:\n          type: object\n          properties:\n            lines:\n              type: integer\n    ThingSummary:\n      type: string\n",
        );
        let summary = field(&version, "Thing", "summary");
        assert_eq!(summary.ty, TypeRef::Named("ThingSummary2".into()));
        assert!(matches!(
            kind(&version, "ThingSummary2"),
            TypeKind::Struct { .. }
        ));
        assert!(matches!(
            kind(&version, "ThingSummary"),
            TypeKind::Alias(TypeRef::String)
        ));
    }

    #[test]
    fn an_object_without_properties_is_a_map() {
        let version = lower_things(
            "    Thing:\n      type: object\n      additionalProperties:\n        type: string\n    Free:\n      type: object\n",
        );
        assert!(matches!(
            kind(&version, "Thing"),
            TypeKind::Alias(TypeRef::Map(value)) if **value == TypeRef::String
        ));
        assert!(matches!(
            kind(&version, "Free"),
            TypeKind::Alias(TypeRef::Map(value)) if **value == TypeRef::Value
        ));
    }

    #[test]
    fn all_of_takes_required_from_a_member_without_properties() {
        let version = lower_things(
            "    Base:\n      type: object\n      properties:\n        name:\n          type: string\n    Thing:\n      allOf:\n      - $ref: '#/components/schemas/Base'\n      - required: [name]\n",
        );
        assert!(field(&version, "Thing", "name").required);
    }

    #[test]
    fn a_one_member_inline_all_of_is_the_member() {
        let version = lower_things(
            "    Thing:\n      description: The thing.\n      allOf:\n      - type: object\n        properties:\n          name:\n            type: string\n",
        );
        assert!(matches!(kind(&version, "Thing"), TypeKind::Struct { .. }));
        let thing = version.types.iter().find(|t| t.name == "Thing").unwrap();
        assert_eq!(thing.doc.as_deref(), Some("The thing."));
    }

    #[test]
    fn binary_strings_are_strings_in_json() {
        let version = lower_things(
            "    Thing:\n      type: object\n      properties:\n        data:\n          type: string\n          format: binary\n",
        );
        assert_eq!(field(&version, "Thing", "data").ty, TypeRef::String);
    }

    #[test]
    fn json_media_types_with_parameters_are_json() {
        assert!(is_json("application/json"));
        assert!(is_json("application/json; charset=utf-8"));
        assert!(is_json("application/vnd.api+json"));
        assert!(is_json("Application/JSON"));
        assert!(!is_json("text/json-ish"));
        assert!(!is_json("multipart/form-data"));
        let version = lower_things("    Thing:\n      type: string\n");
        let operation = &version.apis[0].operations[0];
        assert_eq!(operation.success, Some(TypeRef::Named("Thing".into())));
    }

    #[test]
    fn properties_named_like_generated_methods_are_renamed() {
        let version = lower_things(
            "    Thing:\n      type: object\n      properties:\n        new:\n          type: string\n        additional_properties:\n          type: string\n",
        );
        assert_eq!(field(&version, "Thing", "new").name, "new2");
        assert_eq!(
            field(&version, "Thing", "additional_properties").name,
            "additional_properties2"
        );
    }
}

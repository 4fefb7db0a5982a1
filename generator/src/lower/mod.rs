//! Lowering: from the merged OpenAPI documents to the IR. Resolves `$ref`s, names inline
//! schemas from their location (`Parent` + `Field`), decides every Rust name, and refuses what
//! it cannot represent with an error naming the JSON pointer.
//!
//! One job per module: `refs` (following `$ref`s), `types` (schemas to types), `operations`
//! (operations, bodies, responses, security), `params` (parameters), `pagination`
//! (`x-pagination`), `names` (the names of APIs, methods, files and features, claimed so that
//! none collide), `graph` (passes over every type: alias cycles, features, boxing).

mod bodies;
mod graph;
mod names;
mod operations;
mod pagination;
mod params;
mod refs;
mod types;
mod wire;

#[cfg(test)]
mod tests;

pub use bodies::is_json;
pub use graph::referenced;

use crate::error::{GenError, Pointer, Result};
use crate::ir::*;
use crate::load::{SpecSet, Version};
use crate::naming::{self, NameSet};
use names::{FeatureNames, VersionNames};
use openapiv3::{OpenAPI, ReferenceOr, Schema};
use std::collections::{BTreeMap, BTreeSet};

/// Lowers one file, `x.yaml`, as version `v1`, strictly: for the unit tests of lowering and
/// emit.
#[cfg(test)]
pub(crate) fn lower_yaml(yaml: &str) -> Result<Crate> {
    let file = crate::load::parse_str("x.yaml", yaml)?;
    let version = crate::load::merge("v1".into(), vec![file])?;
    lower(&SpecSet {
        versions: vec![version],
        examples: Vec::new(),
    })?
    .strict()
}

/// Lowers a whole spec set. What cannot be represented (an operation, a schema, a security
/// scheme) is left out and listed in `Crate::refused`. The servers of the crate are the first
/// version's; a version that declares others keeps them (`VersionIr::servers`).
pub fn lower(spec: &SpecSet) -> Result<Crate> {
    let first = &spec.versions[0];
    let servers = lower_servers(&first.merged.servers);
    let mut security_schemes = Vec::new();
    let mut refused = Vec::new();
    let mut versions = Vec::new();
    let mut features = FeatureNames::default();
    let mut version_names = VersionNames::default();
    for version in &spec.versions {
        let (schemes, unsupported) = lower_security_schemes(version);
        let supported: BTreeSet<String> = schemes.iter().map(|s| s.name.clone()).collect();
        refused.extend(unsupported);
        for scheme in schemes {
            if !security_schemes
                .iter()
                .any(|s: &SecurityScheme| s.name == scheme.name)
            {
                security_schemes.push(scheme);
            }
        }
        let (mut lowered, version_refused) = Lowerer::new(version, supported).run(&mut features)?;
        refused.extend(version_refused);
        version_names.claim(&mut lowered);
        versions.push(lowered);
    }
    let features = features.all();
    let types = versions.iter().map(|v| v.types.len()).sum();
    Ok(Crate {
        layout: CrateLayout::for_size(types, features.len()),
        versions,
        servers,
        security_schemes,
        features,
        refused,
    })
}

/// The security schemes of a version, and the refusal of each scheme the client cannot send
/// (an HTTP scheme other than basic and bearer: the operations that accept it are generated
/// with their other alternatives only).
fn lower_security_schemes(version: &Version) -> (Vec<SecurityScheme>, Vec<GenError>) {
    let mut out = Vec::new();
    let mut refused = Vec::new();
    for (name, scheme) in version
        .merged
        .components
        .iter()
        .flat_map(|c| &c.security_schemes)
    {
        let pointer = component_in_file(version, "securitySchemes", name);
        match lower_security_scheme(name, scheme, &pointer) {
            Ok(scheme) => out.push(scheme),
            Err(message) => refused.push(pointer.error(message)),
        }
    }
    (out, refused)
}

/// The pointer to a component, in the first file of the version that defines it.
fn component_in_file(version: &Version, kind: &str, name: &str) -> Pointer {
    let defines = |doc: &OpenAPI| {
        doc.components.as_ref().is_some_and(|c| match kind {
            "schemas" => c.schemas.contains_key(name),
            "parameters" => c.parameters.contains_key(name),
            "requestBodies" => c.request_bodies.contains_key(name),
            "securitySchemes" => c.security_schemes.contains_key(name),
            _ => c.responses.contains_key(name),
        })
    };
    let file = version
        .files
        .iter()
        .find(|f| defines(&f.doc))
        .map(|f| f.display.as_str())
        .unwrap_or("spec");
    Pointer::root(file).join("components").join(kind).join(name)
}

/// One security scheme: its kind, and the `x-env-name` and `x-auth-id-alias` extensions.
fn lower_security_scheme(
    name: &str,
    scheme: &ReferenceOr<openapiv3::SecurityScheme>,
    at: &Pointer,
) -> std::result::Result<SecurityScheme, String> {
    use openapiv3::{APIKeyLocation, SecurityScheme as Spec};
    let ReferenceOr::Item(scheme) = scheme else {
        return Err("unsupported: $ref on a security scheme".into());
    };
    let (kind, extensions) = match scheme {
        Spec::APIKey {
            location,
            name,
            extensions,
            ..
        } => {
            let location = match location {
                APIKeyLocation::Header => KeyLocation::Header,
                APIKeyLocation::Query => KeyLocation::Query,
                APIKeyLocation::Cookie => KeyLocation::Cookie,
            };
            let name = name.clone();
            (SchemeKind::ApiKey { location, name }, extensions)
        }
        Spec::HTTP {
            scheme, extensions, ..
        } => match scheme.to_ascii_lowercase().as_str() {
            "bearer" => (SchemeKind::Bearer, extensions),
            "basic" => (SchemeKind::Basic, extensions),
            other => {
                return Err(format!(
                    "unsupported security scheme: HTTP {other:?} (basic and bearer are supported)"
                ))
            }
        },
        Spec::OAuth2 { extensions, .. } | Spec::OpenIDConnect { extensions, .. } => {
            (SchemeKind::OAuth2, extensions)
        }
    };
    let text = |key: &str| {
        extensions
            .get(key)
            .and_then(|value| value.as_str())
            .map(str::to_string)
    };
    Ok(SecurityScheme {
        name: name.to_string(),
        kind,
        env_var: text("x-env-name"),
        alias_of: text("x-auth-id-alias"),
        description: scheme_description(scheme),
        at: at.clone(),
    })
}

/// The description of a security scheme, whatever its kind.
fn scheme_description(scheme: &openapiv3::SecurityScheme) -> Option<String> {
    use openapiv3::SecurityScheme as Spec;
    match scheme {
        Spec::APIKey { description, .. }
        | Spec::HTTP { description, .. }
        | Spec::OAuth2 { description, .. }
        | Spec::OpenIDConnect { description, .. } => description.clone(),
    }
}

/// Servers as declared (the spec's, a path item's or an operation's).
pub(super) fn lower_servers(servers: &[openapiv3::Server]) -> Vec<Server> {
    servers
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

/// The lowering of one version: its types as they are defined, and the names they took.
struct Lowerer<'a> {
    version: &'a Version,
    doc: &'a OpenAPI,
    /// Component schema name -> Rust type name.
    component_names: BTreeMap<String, String>,
    /// The type names of the version (components first, then inline schemas as met).
    names: NameSet,
    types: Vec<TypeDef>,
    /// The security schemes the generated client can send (`lower_security_schemes`).
    supported_schemes: BTreeSet<String>,
    /// What was left out, naming where and why.
    refused: Vec<GenError>,
    /// The schemas that became any JSON value (`VersionIr::untyped`).
    untyped: Vec<Untyped>,
}

const REF_PREFIX: &str = "#/components/schemas/";

/// A description or summary, trimmed; None when empty.
fn describe(text: &Option<String>) -> Option<String> {
    text.as_ref()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
}

impl<'a> Lowerer<'a> {
    fn new(version: &'a Version, supported_schemes: BTreeSet<String>) -> Self {
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
        Self {
            version,
            doc,
            component_names,
            names,
            types: Vec::new(),
            supported_schemes,
            refused: Vec::new(),
            untyped: Vec::new(),
        }
    }

    fn run(mut self, features: &mut FeatureNames) -> Result<(VersionIr, Vec<GenError>)> {
        self.components();
        self.check_alias_cycles();
        let apis = self.operations(features);
        self.assign_features(&apis);
        self.box_cycles();
        self.types.sort_by(|a, b| a.name.cmp(&b.name));
        names::claim_model_files(&mut self.types);
        let schemas = self.wire_components();
        let version = VersionIr {
            // Claimed among the versions (`names::VersionNames`).
            module: String::new(),
            mock_accessor: String::new(),
            name: self.version.name.clone(),
            sources: self
                .version
                .files
                .iter()
                .map(|f| f.display.clone())
                .collect(),
            types: self.types,
            apis,
            schemas,
            servers: lower_servers(&self.doc.servers),
            security_schemes: lower_security_schemes(self.version).0,
            untyped: self.untyped,
        };
        Ok((version, self.refused))
    }

    /// Runs `lower`, and on an error removes the types it defined (and the untyped places it
    /// met) and records the refusal:
    /// Some(value) when it succeeded.
    fn or_refuse<T>(&mut self, lower: impl FnOnce(&mut Self) -> Result<T>) -> Option<T> {
        let (defined, untyped) = (self.types.len(), self.untyped.len());
        match lower(self) {
            Ok(value) => Some(value),
            Err(err) => {
                self.types.truncate(defined);
                self.untyped.truncate(untyped);
                self.refused.push(err);
                None
            }
        }
    }

    /// A component schema that was refused: an alias of a JSON value, so that the schemas and
    /// operations that use it still compile (its refusal says so).
    fn refused_component(&mut self, name: String, pointer: &Pointer) {
        self.untyped.push(Untyped {
            at: pointer.clone(),
            why: UntypedWhy::Refused,
        });
        self.types.push(TypeDef {
            name,
            doc: Some(
                "Any JSON value: the generator cannot represent this schema (see its warning)."
                    .into(),
            ),
            kind: TypeKind::Alias(TypeRef::Value),
            features: BTreeSet::new(),
            module: String::new(),
            source: pointer.clone(),
        });
    }

    /// Defines a type for each component schema, in name order; a refused one is a JSON value.
    fn components(&mut self) {
        let mut schemas: Vec<(String, ReferenceOr<Schema>)> = self
            .doc
            .components
            .iter()
            .flat_map(|c| c.schemas.iter().map(|(k, v)| (k.clone(), v.clone())))
            .collect();
        schemas.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, schema) in &schemas {
            let pointer = self.file_of_component("schemas", name);
            let rust_name = self.component_names[name].clone();
            let defined = self.or_refuse(|this| match schema {
                ReferenceOr::Reference { reference } => {
                    let target = this.schema_ref(reference, &pointer)?;
                    // `A: {$ref: B}` and `B: {$ref: A}` would be aliases of each other.
                    this.resolve_schema(schema, &pointer)?;
                    // `nullable` beside the `$ref` applies where the alias is used (`facts`).
                    let doc = describe(&this.facts(schema, &pointer)?.description);
                    this.types.push(TypeDef {
                        name: rust_name.clone(),
                        doc,
                        kind: TypeKind::Alias(target),
                        features: BTreeSet::new(),
                        module: String::new(),
                        source: pointer.clone(),
                    });
                    Ok(())
                }
                ReferenceOr::Item(schema) => {
                    this.define(rust_name.clone(), schema, &pointer).map(drop)
                }
            });
            if defined.is_none() {
                self.refused_component(rust_name, &pointer);
            }
        }
    }
}

//! Resolving references: `$ref`s to component schemas, parameters, request bodies and responses.

use super::{Lowerer, REF_PREFIX};
use crate::error::{Pointer, Result};
use crate::ir::TypeRef;
use crate::load::RefSiblings;
use indexmap::IndexMap;
use openapiv3::{Parameter, ReferenceOr, RequestBody, Response, Schema};

impl Lowerer<'_> {
    /// The pointer to a component, in the file that defines it.
    pub(super) fn file_of_component(&self, kind: &str, name: &str) -> Pointer {
        super::component_in_file(self.version, kind, name)
    }

    /// The keywords written beside the `$ref` at `at` (`nullable`, `description`...), which
    /// the parsed document no longer holds.
    pub(super) fn ref_siblings(&self, at: &Pointer) -> Option<&RefSiblings> {
        self.version
            .files
            .iter()
            .find(|f| f.display == at.file())
            .and_then(|f| f.ref_siblings.get(at.path()))
    }

    /// The type a `$ref` to a component schema names.
    pub(super) fn schema_ref(&self, reference: &str, pointer: &Pointer) -> Result<TypeRef> {
        let name = reference.strip_prefix(REF_PREFIX).ok_or_else(|| {
            pointer.error(format!("unsupported $ref {reference:?}: only local #/components/schemas/... references are supported here"))
        })?;
        self.component_names
            .get(name)
            .map(|n| TypeRef::Named(n.clone()))
            .ok_or_else(|| pointer.error(format!("$ref {reference:?} does not resolve")))
    }

    pub(super) fn resolve_schema<'s>(
        &'s self,
        schema: &'s ReferenceOr<Schema>,
        pointer: &Pointer,
    ) -> Result<&'s Schema> {
        match schema {
            ReferenceOr::Item(s) => Ok(s),
            ReferenceOr::Reference { reference } => {
                self.follow_ref(reference, pointer).map(|(_, s)| s)
            }
        }
    }

    /// Follows a chain of `$ref`s to component schemas: the component it ends at, and its
    /// schema. The one follower of schema `$ref`s (`diff` reads where it ends from the IR).
    pub(super) fn follow_ref<'s>(
        &'s self,
        reference: &'s str,
        pointer: &Pointer,
    ) -> Result<(&'s str, &'s Schema)> {
        let mut reference = reference;
        for _ in 0..32 {
            let name = reference
                .strip_prefix(REF_PREFIX)
                .ok_or_else(|| pointer.error(format!("unsupported $ref {reference:?}")))?;
            let target = self
                .doc
                .components
                .as_ref()
                .and_then(|c| c.schemas.get(name))
                .ok_or_else(|| pointer.error(format!("$ref {reference:?} does not resolve")))?;
            match target {
                ReferenceOr::Item(s) => return Ok((name, s)),
                ReferenceOr::Reference { reference: next } => reference = next,
            }
        }
        Err(pointer.error("$ref chain too long or circular"))
    }

    pub(super) fn boxed_resolve<'s>(
        &'s self,
        schema: &'s ReferenceOr<Box<Schema>>,
        pointer: &Pointer,
    ) -> Result<(ReferenceOr<Schema>, bool)> {
        let plain = unbox(schema);
        let nullable = self.resolve_schema(&plain, pointer)?.schema_data.nullable;
        Ok((plain, nullable))
    }

    /// Defines a named type for `schema` (a component, or an inline schema that needs a name).
    pub(super) fn resolve_parameter<'s>(
        &'s self,
        parameter: &'s ReferenceOr<Parameter>,
        at: &Pointer,
    ) -> Result<&'s Parameter> {
        let components = self.doc.components.as_ref().map(|c| &c.parameters);
        resolve_component(parameter, "parameters", components, at)
    }

    pub(super) fn resolve_request_body<'s>(
        &'s self,
        body: &'s ReferenceOr<RequestBody>,
        at: &Pointer,
    ) -> Result<&'s RequestBody> {
        let components = self.doc.components.as_ref().map(|c| &c.request_bodies);
        resolve_component(body, "requestBodies", components, at)
    }

    pub(super) fn resolve_response<'s>(
        &'s self,
        response: &'s ReferenceOr<Response>,
        at: &Pointer,
    ) -> Result<&'s Response> {
        let components = self.doc.components.as_ref().map(|c| &c.responses);
        resolve_component(response, "responses", components, at)
    }

    /// Where a parameter, request body or response is: the component a `$ref` names, or `at`.
    pub(super) fn component_at<T>(
        &self,
        item: &ReferenceOr<T>,
        kind: &str,
        at: &Pointer,
    ) -> Pointer {
        match item {
            ReferenceOr::Reference { reference } => reference
                .strip_prefix(&format!("#/components/{kind}/"))
                .map(|name| self.file_of_component(kind, name))
                .unwrap_or_else(|| at.clone()),
            ReferenceOr::Item(_) => at.clone(),
        }
    }
}

/// Resolves a parameter, request body or response that may be a `$ref` to
/// `#/components/<kind>/<name>` (one level: such components are not references themselves).
pub(super) fn resolve_component<'s, T>(
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

pub(super) fn unbox(schema: &ReferenceOr<Box<Schema>>) -> ReferenceOr<Schema> {
    match schema {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
        ReferenceOr::Item(s) => ReferenceOr::Item((**s).clone()),
    }
}

//! Operations: read path by path, with their bodies, responses and security, then grouped by
//! tag into APIs (see `names` for the names they take there).

use super::bodies::{self, Chosen};
use super::names::{self, FeatureNames, Group};
use super::{describe, Lowerer};
use crate::error::{GenError, Pointer, Result};
use crate::ir::{
    ApiIr, BodyIr, BodyKind, Content, ErrorCase, HttpMethod, OperationIr, PathTemplate,
    QualifiedId, ResponseIr, SchemeUse, Security, SecurityAlternative, Status, TypeRef,
};
use crate::naming;
use openapiv3::{Operation, PathItem, ReferenceOr, Schema, StatusCode};
use std::collections::{BTreeMap, BTreeSet};

/// The API of operations that have no tag.
pub(super) const DEFAULT_TAG: &str = "default";

/// The operation of a method in a path item.
fn operation_of(item: &PathItem, method: HttpMethod) -> Option<&Operation> {
    match method {
        HttpMethod::Get => item.get.as_ref(),
        HttpMethod::Post => item.post.as_ref(),
        HttpMethod::Put => item.put.as_ref(),
        HttpMethod::Patch => item.patch.as_ref(),
        HttpMethod::Delete => item.delete.as_ref(),
        HttpMethod::Head => item.head.as_ref(),
        HttpMethod::Options => item.options.as_ref(),
        HttpMethod::Trace => item.trace.as_ref(),
    }
}

impl Lowerer<'_> {
    /// Every operation of the version, grouped by tag into APIs. An operation (or a path
    /// item) that cannot be represented is refused alone.
    pub(super) fn operations(&mut self, features: &mut FeatureNames) -> Vec<ApiIr> {
        let mut paths: Vec<(&String, &ReferenceOr<PathItem>)> =
            self.doc.paths.paths.iter().collect();
        paths.sort_by(|a, b| a.0.cmp(b.0));
        let mut groups: BTreeMap<String, Group> = BTreeMap::new();
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
                self.refused
                    .push(at_path.error("unsupported: $ref on a path item"));
                continue;
            };
            let template = match PathTemplate::parse(path) {
                Ok(template) => template,
                Err(e) => {
                    self.refused.push(at_path.error(e));
                    continue;
                }
            };
            for method in HttpMethod::ALL {
                let Some(operation) = operation_of(item, method) else {
                    continue;
                };
                let at = at_path.join(method.key());
                let Some(lowered) = self.or_refuse(|this| {
                    this.operation(method, &template, item, operation, (&at_path, &at))
                }) else {
                    continue;
                };
                if let Some(previous) = operation_ids.get(&lowered.id) {
                    let message = format!(
                        "operationId {:?} is also used at {previous}",
                        lowered.id.name
                    );
                    self.refused.push(at.join("operationId").error(message));
                    continue;
                }
                operation_ids.insert(lowered.id.clone(), at.to_string());
                let tag = operation
                    .tags
                    .first()
                    .cloned()
                    .unwrap_or_else(|| DEFAULT_TAG.to_string());
                let group = groups.entry(tag).or_default();
                group.operations.push(lowered);
                group.sources.insert(file.clone());
            }
        }
        names::apis(groups, &self.doc.tags, features)
    }

    /// The operationId (UpperCamelCase), or one made from the method and the path when the
    /// spec gives none: `GET /users/{id}` is `GetUsersId`.
    fn operation_id(operation: &Operation, method: HttpMethod, path: &PathTemplate) -> String {
        match &operation.operation_id {
            Some(id) => naming::type_name(id),
            None => naming::type_name(&format!("{} {}", method.key(), path)),
        }
    }

    fn operation(
        &mut self,
        method: HttpMethod,
        path: &PathTemplate,
        item: &PathItem,
        operation: &Operation,
        (at_path, at): (&Pointer, &Pointer),
    ) -> Result<OperationIr> {
        let id = Self::operation_id(operation, method, path);
        let params = self.parameters(
            &id,
            path,
            &item.parameters,
            &operation.parameters,
            (at_path, at),
        )?;
        let body = self.request_body(&id, operation, at)?;
        let (success, errors, responses) = self.responses(&id, operation, at)?;
        let security = self.security(operation, at)?;
        let (servers, servers_at) = match (&operation.servers, &item.servers) {
            (own, _) if !own.is_empty() => (own, Some(at.join("servers"))),
            (_, shared) if !shared.is_empty() => (shared, Some(at_path.join("servers"))),
            (none, _) => (none, None),
        };
        let mut lowered = OperationIr {
            method_name: naming::field_name(&id),
            with_http_info_name: String::new(),
            with_pagination_name: None,
            optional_params_name: format!("{id}OptionalParams"),
            error_name: format!("{id}Error"),
            id: QualifiedId {
                version: self.version.name.clone(),
                name: id,
            },
            http_method: method,
            path: path.clone(),
            operation_id: operation.operation_id.clone(),
            at: at.clone(),
            summary: describe(&operation.summary),
            doc: describe(&operation.description),
            deprecated: operation.deprecated,
            unstable: operation.extensions.contains_key("x-unstable"),
            params,
            body,
            success,
            errors,
            responses,
            security,
            security_at: operation.security.as_ref().map(|_| at.join("security")),
            servers: super::lower_servers(servers),
            servers_at,
            pagination: None,
            pagination_spec: operation
                .extensions
                .get("x-pagination")
                .map(super::pagination::read_spec),
        };
        // Pagination the generator cannot follow leaves out only the `_with_pagination` form.
        if let Some(spec) = lowered.pagination_spec.clone() {
            match self.pagination(&lowered, &spec, &at.join("x-pagination")) {
                Ok(pagination) => lowered.pagination = Some(pagination),
                Err(err) => self.refused.push(GenError::new(
                    err.location,
                    format!(
                        "{} (the operation is generated without a _with_pagination form)",
                        err.message
                    ),
                )),
            }
        }
        Ok(lowered)
    }

    fn request_body(
        &mut self,
        id: &str,
        operation: &Operation,
        at: &Pointer,
    ) -> Result<Option<BodyIr>> {
        let Some(reference) = &operation.request_body else {
            return Ok(None);
        };
        let ptr = at.join("requestBody");
        let body = self.resolve_request_body(reference, &ptr)?.clone();
        let resolved_at = self.component_at(reference, "requestBodies", &ptr);
        let Some(chosen) = bodies::choose(&body.content, true) else {
            return Ok(None);
        };
        let at_schema = schema_at(&ptr, &chosen.media_type);
        // The spec's example of the body (inline; a named example only when it is inline
        // too), for the operation's doc example.
        let example = chosen.media.example.clone().or_else(|| {
            chosen
                .media
                .examples
                .values()
                .find_map(|example| match example {
                    ReferenceOr::Item(example) => example.value.clone(),
                    ReferenceOr::Reference { .. } => None,
                })
        });
        let ty = self.body_type(&format!("{id}Request"), &chosen, &at_schema)?;
        let (parts, form_entries) = match chosen.kind {
            BodyKind::Multipart => self.form_parts(&ty, &chosen, &at_schema)?,
            _ => (Vec::new(), false),
        };
        let schema = self.wire_use(&chosen.schema, &schema_at(&resolved_at, &chosen.media_type));
        Ok(Some(BodyIr {
            example,
            ty,
            required: body.required,
            doc: describe(&body.description),
            content: content_of(&chosen, &resolved_at, schema),
            parts,
            form_entries,
            at: resolved_at,
        }))
    }

    /// The success type, the error cases and every response as the spec lists it.
    /// Several success statuses (200 and 201, or `2XX`) must share one body, decoded as one
    /// type: the schemas (and kinds) are compared before lowering, so that an inline schema
    /// is named once. An error response that is not JSON has no typed value (its text is in
    /// the error).
    #[allow(clippy::type_complexity)]
    fn responses(
        &mut self,
        id: &str,
        operation: &Operation,
        at: &Pointer,
    ) -> Result<(Option<TypeRef>, Vec<ErrorCase>, Vec<ResponseIr>)> {
        let mut statuses: Vec<(Status, &ReferenceOr<openapiv3::Response>)> = Vec::new();
        for (code, response) in &operation.responses.responses {
            let status = match code {
                StatusCode::Code(c) => Status::Code(*c),
                StatusCode::Range(r) => Status::Range(*r),
            };
            statuses.push((status, response));
        }
        if let Some(default) = &operation.responses.default {
            statuses.push((Status::Default, default));
        }
        let mut success = None;
        let mut success_schema: Option<Option<(BodyKind, ReferenceOr<Schema>)>> = None;
        let mut errors = Vec::new();
        let mut responses = Vec::new();
        for (status, reference) in statuses {
            let ptr = at.join("responses").join(status.to_string());
            let response = self.resolve_response(reference, &ptr)?.clone();
            let resolved_at = self.component_at(reference, "responses", &ptr);
            let chosen = bodies::choose(&response.content, false);
            responses.push(ResponseIr {
                status,
                description: describe(&Some(response.description.clone())),
                content: chosen.as_ref().map(|c| {
                    let schema = self.wire_use(&c.schema, &schema_at(&resolved_at, &c.media_type));
                    content_of(c, &resolved_at, schema)
                }),
                at: resolved_at,
            });
            if status.is_success() {
                let body = chosen.as_ref().map(|c| (c.kind, c.schema.clone()));
                if let Some(first) = &success_schema {
                    if *first != body {
                        return Err(
                            ptr.error("unsupported: two success responses with different bodies")
                        );
                    }
                    continue;
                }
                success_schema = Some(body);
                success = match chosen {
                    Some(c) => Some(self.body_type(
                        &format!("{id}Response"),
                        &c,
                        &schema_at(&ptr, &c.media_type),
                    )?),
                    None => None,
                };
                continue;
            }
            let ty = match chosen.filter(|c| c.kind == BodyKind::Json) {
                Some(j) => {
                    let hint = match status {
                        Status::Default => format!("{id}DefaultResponse"),
                        other => format!("{id}{other}Response"),
                    };
                    Some(self.lower_ref(&hint, &j.schema, &schema_at(&ptr, &j.media_type))?)
                }
                None => None,
            };
            errors.push(ErrorCase {
                status,
                variant: status.variant(),
                ty,
                doc: describe(&Some(response.description.clone())),
            });
        }
        if success_schema.is_none() {
            return Err(at.join("responses").error("no success (2xx) response"));
        }
        Ok((success, errors, responses))
    }

    /// The security requirement, the operation's or the spec's (`security: []` on the
    /// operation: none). An alternative that needs a refused scheme is left out; an operation
    /// left with none is refused.
    fn security(&self, operation: &Operation, at: &Pointer) -> Result<Security> {
        let requirements = operation
            .security
            .as_ref()
            .or(self.doc.security.as_ref())
            .cloned()
            .unwrap_or_default();
        let known: BTreeSet<&String> = self
            .doc
            .components
            .iter()
            .flat_map(|c| c.security_schemes.keys())
            .collect();
        for name in requirements.iter().flat_map(|r| r.keys()) {
            if !known.contains(name) {
                return Err(at
                    .join("security")
                    .error(format!("unknown security scheme {name:?}")));
            }
        }
        let declared = requirements.len();
        let alternatives: Vec<SecurityAlternative> = requirements
            .into_iter()
            .filter(|r| r.keys().all(|s| self.supported_schemes.contains(s)))
            .map(|r| SecurityAlternative {
                schemes: r
                    .into_iter()
                    .map(|(scheme, scopes)| SchemeUse { scheme, scopes })
                    .collect(),
            })
            .collect();
        if declared > 0 && alternatives.is_empty() {
            return Err(at.join("security").error(
                "every security alternative needs a scheme the generator does not support",
            ));
        }
        Ok(Security { alternatives })
    }
}

/// The path of the schema of one media type of a body or response at `at`.
fn schema_at(at: &Pointer, media_type: &str) -> Pointer {
    at.join("content").join(media_type).join("schema")
}

/// The IR's record of the content used.
fn content_of(chosen: &Chosen, at: &Pointer, schema: crate::ir::SchemaUse) -> Content {
    Content {
        media_type: chosen.media_type.clone(),
        kind: chosen.kind,
        schema_at: schema_at(at, &chosen.media_type),
        schema,
    }
}

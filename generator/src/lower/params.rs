//! Parameters: the path item's and the operation's, merged, typed and checked.

use super::{describe, Lowerer};
use crate::error::{Pointer, Result};
use crate::ir::{ParamIr, ParamLocation, ParamStyle, PathTemplate, TypeKind, TypeRef};
use crate::naming::{self, NameSet};
use openapiv3::{Parameter, ParameterSchemaOrContent, PathStyle, QueryStyle, ReferenceOr};

impl Lowerer<'_> {
    /// The parameters of an operation: its own, then the path item's that it does not
    /// override (same name and location); path parameters first, in path order.
    pub(super) fn parameters(
        &mut self,
        id: &str,
        path: &PathTemplate,
        shared: &[ReferenceOr<Parameter>],
        own: &[ReferenceOr<Parameter>],
        (at_path, at): (&Pointer, &Pointer),
    ) -> Result<Vec<ParamIr>> {
        let mut all: Vec<(Pointer, &ReferenceOr<Parameter>)> = Vec::new();
        for (i, p) in own.iter().enumerate() {
            all.push((at.join("parameters").join(i.to_string()), p));
        }
        let mut own_keys = Vec::new();
        for (ptr, p) in &all {
            let p = self.resolve_parameter(p, ptr)?;
            own_keys.push(key(p));
        }
        for (i, p) in shared.iter().enumerate() {
            let ptr = at_path.join("parameters").join(i.to_string());
            if !own_keys.contains(&key(self.resolve_parameter(p, &ptr)?)) {
                all.push((ptr, p));
            }
        }
        // Beside the arguments `body` and `params`: each optional parameter is a setter of
        // `XxxOptionalParams`, which derives `Clone` and `Default` (a setter `default` would
        // take `XxxOptionalParams::default()`).
        let mut names = NameSet::default();
        for name in ["body", "params", "clone", "default"] {
            names.claim(name.into());
        }
        let mut params = Vec::new();
        for (declared, (ptr, parameter)) in all.into_iter().enumerate() {
            params.push(self.parameter(id, (&ptr, declared), parameter, &mut names)?);
        }
        // Path parameters in the order they appear in the path, then the rest as written.
        params.sort_by_key(|p| match p.location {
            ParamLocation::Path => (false, path.position(&p.wire).unwrap_or(usize::MAX)),
            _ => (true, 0),
        });
        for name in path.params() {
            if !params
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.wire == name)
            {
                return Err(at.error(format!("path parameter {{{name}}} is not declared")));
            }
        }
        Ok(params)
    }

    /// One parameter, declared at `ptr`, the `declared`-th of its operation.
    fn parameter(
        &mut self,
        id: &str,
        (ptr, declared): (&Pointer, usize),
        reference: &ReferenceOr<Parameter>,
        names: &mut NameSet,
    ) -> Result<ParamIr> {
        let parameter = self.resolve_parameter(reference, ptr)?.clone();
        let at = self.component_at(reference, "parameters", ptr);
        let (location, style) = match &parameter {
            // The client writes path values as `simple` (`/users/a,b`); `label` (`.a.b`) and
            // `matrix` (`;id=a,b`) would be sent wrongly, so they are refused.
            Parameter::Path { style, .. } => {
                if !matches!(style, PathStyle::Simple) {
                    return Err(ptr
                        .join("style")
                        .error("unsupported path parameter style: only simple is supported"));
                }
                (ParamLocation::Path, ParamStyle::Simple)
            }
            Parameter::Query { style, .. } => {
                if !matches!(style, QueryStyle::Form) {
                    return Err(ptr
                        .join("style")
                        .error("unsupported query parameter style: only form is supported"));
                }
                (ParamLocation::Query, ParamStyle::Form)
            }
            Parameter::Header { .. } => (ParamLocation::Header, ParamStyle::Simple),
            Parameter::Cookie { .. } => {
                return Err(ptr.error("unsupported parameter location: cookie"))
            }
        };
        let data = parameter.parameter_data_ref();
        let explode = data.explode.unwrap_or(style == ParamStyle::Form);
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            return Err(ptr
                .join("content")
                .error("unsupported: a parameter described by `content` rather than `schema`"));
        };
        let hint = format!("{id}{}", naming::type_name(&data.name));
        let ty = self.lower_ref(&hint, schema, &ptr.join("schema"))?;
        let ty = self.parameter_type(ty, location, &data.name, &ptr.join("schema"))?;
        let default = self
            .resolve_schema(schema, &ptr.join("schema"))?
            .schema_data
            .default
            .clone();
        Ok(ParamIr {
            wire: data.name.clone(),
            name: names.claim(naming::field_name(&data.name)),
            location,
            ty,
            required: data.required || location == ParamLocation::Path,
            style,
            explode,
            default,
            doc: describe(&data.description),
            schema: self.wire_use(schema, &at.join("schema")),
            at,
            declared,
        })
    }

    /// Checks that a parameter's type can be sent: a scalar (or an enum), or for the query
    /// also an array of scalars. An alias of an array is replaced by the array, which the
    /// request builder sends item by item.
    pub(super) fn parameter_type(
        &self,
        ty: TypeRef,
        location: ParamLocation,
        name: &str,
        at: &Pointer,
    ) -> Result<TypeRef> {
        let place = location.as_str();
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
    pub(super) fn resolve_alias(&self, ty: &TypeRef) -> TypeRef {
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
                .is_none_or(|t| matches!(t.kind, TypeKind::Enum { .. })),
            _ => true,
        }
    }
}

/// What identifies a parameter of an operation: its name and location.
fn key(parameter: &Parameter) -> (String, &'static str) {
    let location = match parameter {
        Parameter::Path { .. } => "path",
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Cookie { .. } => "cookie",
    };
    (parameter.parameter_data_ref().name.clone(), location)
}

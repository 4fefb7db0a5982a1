//! The intermediate representation: what to emit, with every name decided and every `$ref`
//! resolved. Emission (crate::emit) reads only this, never the OpenAPI document.

use std::collections::BTreeSet;

/// Everything generated from one spec set.
#[derive(Debug, Clone)]
pub struct Crate {
    pub versions: Vec<VersionIr>,
    pub servers: Vec<Server>,
    pub security_schemes: Vec<SecurityScheme>,
    /// Every API feature, sorted: (feature, tag).
    pub features: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Server {
    pub url: String,
    pub description: String,
    pub variables: Vec<ServerVariable>,
}

#[derive(Debug, Clone)]
pub struct ServerVariable {
    pub name: String,
    pub description: String,
    pub default: String,
    pub enum_values: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct SecurityScheme {
    pub name: String,
    pub header: String,
}

/// One API version: `datadogV2`.
#[derive(Debug, Clone)]
pub struct VersionIr {
    pub name: String,
    pub module: String,
    pub sources: Vec<String>,
    pub types: Vec<TypeDef>,
    pub apis: Vec<ApiIr>,
}

/// One tag: `UsersAPI` in `api_users`, behind the `users` feature.
#[derive(Debug, Clone)]
pub struct ApiIr {
    pub tag: String,
    pub struct_name: String,
    pub module: String,
    pub feature: String,
    pub doc: Option<String>,
    pub operations: Vec<OperationIr>,
    /// The spec files its operations come from, for the generated file's header.
    pub sources: BTreeSet<String>,
}

#[derive(Debug, Clone)]
pub struct TypeDef {
    pub name: String,
    pub doc: Option<String>,
    pub kind: TypeKind,
    /// The API features that use this type; empty when no operation does (always compiled).
    pub features: BTreeSet<String>,
    /// Where the schema is, as a JSON pointer.
    pub source: String,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct {
        fields: Vec<Field>,
    },
    Enum {
        values: Vec<EnumValue>,
        integer: bool,
    },
    OneOf {
        variants: Vec<Variant>,
        discriminator: Option<String>,
    },
    Alias(TypeRef),
}

#[derive(Debug, Clone)]
pub struct Field {
    pub wire: String,
    pub name: String,
    pub ty: TypeRef,
    /// Required on the wire (and so an argument of `new`).
    pub required: bool,
    pub nullable: bool,
    /// Part of a recursive cycle: held in a `Box`.
    pub boxed: bool,
    pub doc: Option<String>,
    pub read_only: bool,
    pub write_only: bool,
    pub deprecated: bool,
}

#[derive(Debug, Clone)]
pub struct EnumValue {
    pub wire: String,
    pub variant: String,
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub name: String,
    pub ty: TypeRef,
    /// The discriminator value that selects this variant, when the oneOf has one.
    pub tag: Option<String>,
}

/// A type as a field, parameter or body uses it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    Bool,
    I32,
    I64,
    F32,
    F64,
    String,
    DateTime,
    Date,
    Uuid,
    Bytes,
    /// Any JSON value (a free-form schema).
    Value,
    Vec(Box<TypeRef>),
    Map(Box<TypeRef>),
    Option(Box<TypeRef>),
    Named(String),
}

impl TypeRef {
    /// The named types this type mentions directly.
    pub fn named(&self) -> Option<&str> {
        match self {
            TypeRef::Named(name) => Some(name),
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => inner.named(),
            _ => None,
        }
    }

    /// Whether the type holds the named type inline (not behind a Vec or map), so that a cycle
    /// through it would have infinite size.
    pub fn holds_inline(&self) -> Option<&str> {
        match self {
            TypeRef::Named(name) => Some(name),
            TypeRef::Option(inner) => inner.holds_inline(),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct OperationIr {
    pub id: String,
    pub method_name: String,
    pub http_method: String,
    pub path: String,
    pub summary: Option<String>,
    pub doc: Option<String>,
    pub deprecated: bool,
    pub unstable: bool,
    pub params: Vec<ParamIr>,
    pub body: Option<BodyIr>,
    /// The decoded type of the success response; None when it has no body.
    pub success: Option<TypeRef>,
    pub errors: Vec<ErrorCase>,
    pub security: Vec<Vec<String>>,
    pub pagination: Option<Pagination>,
    pub optional_params_name: String,
    pub error_name: String,
}

impl OperationIr {
    pub fn required_params(&self) -> impl Iterator<Item = &ParamIr> {
        self.params.iter().filter(|p| p.required)
    }
    pub fn optional_params(&self) -> impl Iterator<Item = &ParamIr> {
        self.params.iter().filter(|p| !p.required)
    }
    /// Whether the operation takes an `XxxOptionalParams` argument.
    pub fn has_optional(&self) -> bool {
        self.optional_params().next().is_some() || self.body.as_ref().is_some_and(|b| !b.required)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
}

#[derive(Debug, Clone)]
pub struct ParamIr {
    pub wire: String,
    pub name: String,
    pub location: ParamLocation,
    pub ty: TypeRef,
    pub required: bool,
    /// For arrays in the query: `name=a&name=b` (true) or `name=a,b` (false).
    pub explode: bool,
    pub doc: Option<String>,
}

#[derive(Debug, Clone)]
pub struct BodyIr {
    pub ty: TypeRef,
    pub required: bool,
    pub doc: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ErrorCase {
    /// None for the `default` response.
    pub status: Option<u16>,
    pub variant: String,
    pub ty: Option<TypeRef>,
    pub doc: Option<String>,
}

/// One step of a path into a response: the field and whether it is optional.
#[derive(Debug, Clone)]
pub struct Step {
    pub field: String,
    /// The field is an `Option`.
    pub optional: bool,
    /// The field is an `Option<Option<_>>` (optional and nullable).
    pub double_option: bool,
}

#[derive(Debug, Clone)]
pub enum Pagination {
    PageNumber {
        size_param: String,
        page_param: String,
        page_ty: TypeRef,
        /// The page size the spec declares as default; without one, the stream stops at the
        /// first empty page.
        default_size: Option<i64>,
        results: Vec<Step>,
        item: TypeRef,
    },
    Cursor {
        cursor_param: String,
        results: Vec<Step>,
        cursor: Vec<Step>,
        item: TypeRef,
    },
}

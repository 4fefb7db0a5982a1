//! The intermediate representation: what to emit, with every name decided and every `$ref`
//! resolved, and the wire facts `diff` compares (pointers, statuses, media types, parameter
//! locations and defaults). Emission (crate::emit) reads only this, never the OpenAPI
//! document; facts are types (`HttpMethod`, `Status`, `PathTemplate`, `Presence`...), not
//! strings to parse again.

pub use crate::error::Pointer;
use std::collections::BTreeSet;
use std::fmt;

/// Everything generated from one spec set.
#[derive(Debug, Clone)]
pub struct Crate {
    pub versions: Vec<VersionIr>,
    pub servers: Vec<Server>,
    pub security_schemes: Vec<SecurityScheme>,
    /// Every API feature, sorted.
    pub features: Vec<String>,
    /// What lowering refused and left out, each naming its JSON pointer: an operation or a
    /// schema that uses a construct the generator cannot represent, or a security scheme of
    /// an unsupported kind. The rest of the spec is generated without it.
    pub refused: Vec<crate::error::GenError>,
    /// One crate, or a workspace of crates: one per API feature and a core crate.
    pub layout: CrateLayout,
}

/// How the generated code is split into crates. rustc holds a whole crate in memory at
/// once (its syntax, types and MIR): the whole Datadog API as one crate takes more memory to
/// check than the official client does. Split, no compiler holds more than one API (and
/// cargo checks two at once on two cores), and a feature compiles only its own crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrateLayout {
    /// Everything in `datadog-api-client`, each API behind its feature.
    One,
    /// `datadog-api-client` re-exports a crate per API feature (its APIs and the types only it
    /// uses, in `apis/<feature>/`) and a core crate (the runtime and the types several
    /// features share, in `core/`): the same paths as `One` for the user.
    PerApi,
}

impl CrateLayout {
    /// Past this many types, a spec is split per API (the whole Datadog API has 6,400; the
    /// memory of one crate grows with its types, and a few hundred compile in seconds).
    pub const SPLIT_ABOVE_TYPES: usize = 1000;

    /// The layout for a spec of `types` types and `features` API features.
    pub fn for_size(types: usize, features: usize) -> Self {
        if types > Self::SPLIT_ABOVE_TYPES && features > 1 {
            CrateLayout::PerApi
        } else {
            CrateLayout::One
        }
    }
}

/// Where a type or an API lives in the `PerApi` layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Home<'a> {
    /// The core crate: a type several features use, or none.
    Core,
    /// The crate of this API feature.
    Api(&'a str),
}

impl TypeDef {
    /// The crate of this type in the `PerApi` layout: that of the one feature that uses it,
    /// else the core crate. A type's features include those of every type using it, so the
    /// core crate never needs an API crate's type.
    pub fn home(&self) -> Home<'_> {
        match self.features.len() {
            1 => Home::Api(self.features.iter().next().expect("one feature")),
            _ => Home::Core,
        }
    }
}

impl Crate {
    /// The IR, or the first refusal as an error: for callers that must see the whole spec
    /// (the changelog, the strict `generate_from`).
    pub fn strict(self) -> crate::error::Result<Self> {
        match self.refused.first() {
            Some(first) => Err(first.clone()),
            None => Ok(self),
        }
    }

    /// How many operations were generated, over every version.
    pub fn operation_count(&self) -> usize {
        self.versions
            .iter()
            .flat_map(|v| &v.apis)
            .map(|a| a.operations.len())
            .sum()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    pub url: String,
    pub description: String,
    pub variables: Vec<ServerVariable>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerVariable {
    pub name: String,
    pub description: String,
    pub default: String,
    pub enum_values: Vec<String>,
}

/// A security scheme the generated client can send, by its name in `components`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    pub name: String,
    pub kind: SchemeKind,
    /// The environment variable `Configuration::new` reads its credential from (`x-env-name`).
    pub env_var: Option<String>,
    /// The scheme whose credential it sends when it has none of its own (`x-auth-id-alias`).
    pub alias_of: Option<String>,
    pub description: Option<String>,
    /// Where the scheme is, in the file that defines it.
    pub at: Pointer,
}

/// What a credential is and where it goes on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// `type: apiKey`: the key in this header, query parameter or cookie.
    ApiKey { location: KeyLocation, name: String },
    /// `type: http, scheme: bearer`: `Authorization: Bearer <token>`.
    Bearer,
    /// `type: http, scheme: basic`.
    Basic,
    /// `type: oauth2` or `openIdConnect`: an access token, sent as a bearer token.
    OAuth2,
}

impl SchemeKind {
    /// What travels and where, in words (`header `DD-API-KEY``).
    pub fn describe(&self) -> String {
        match self {
            SchemeKind::ApiKey { location, name } => {
                let place = match location {
                    KeyLocation::Header => "header",
                    KeyLocation::Query => "query parameter",
                    KeyLocation::Cookie => "cookie",
                };
                format!("{place} `{name}`")
            }
            SchemeKind::Bearer => "a bearer token".into(),
            SchemeKind::Basic => "basic credentials".into(),
            SchemeKind::OAuth2 => "an OAuth2 access token".into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    Header,
    Query,
    Cookie,
}

/// Which credentials an operation sends: any one alternative, each a set of schemes sent
/// together (an empty one: anonymous). No alternatives (`security: []`, or none declared
/// anywhere): none are sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Security {
    pub alternatives: Vec<SecurityAlternative>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityAlternative {
    pub schemes: Vec<SchemeUse>,
}

impl SecurityAlternative {
    /// The names of its schemes, in the spec's order.
    pub fn scheme_names(&self) -> Vec<String> {
        self.schemes.iter().map(|s| s.scheme.clone()).collect()
    }
}

/// One scheme of a security requirement, with the OAuth2 scopes it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemeUse {
    pub scheme: String,
    pub scopes: Vec<String>,
}

/// One API version: `datadogV2`.
#[derive(Debug, Clone)]
pub struct VersionIr {
    pub name: String,
    pub module: String,
    /// Its accessor on the runtime's `MockServer` (`server.v2()`): claimed among the versions
    /// and the methods `MockServer` has.
    pub mock_accessor: String,
    pub sources: Vec<String>,
    pub types: Vec<TypeDef>,
    pub apis: Vec<ApiIr>,
    /// The component schemas as written, in document order (for `diff`).
    pub schemas: Vec<ComponentSchema>,
    /// This version's own servers and security schemes (`Crate` holds those generated).
    pub servers: Vec<Server>,
    pub security_schemes: Vec<SecurityScheme>,
    /// Every schema that became any JSON value (`serde_json::Value`, or a map of them), and
    /// why: what tests check so that no typed schema of a spec becomes one.
    pub untyped: Vec<Untyped>,
}

/// A schema lowered to any JSON value, where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Untyped {
    pub at: Pointer,
    pub why: UntypedWhy,
}

/// Why a schema is any JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UntypedWhy {
    /// No type and no structure (`{}`, `{description: ...}`): any value by definition.
    Unconstrained,
    /// `type: object` (or `additionalProperties: true`) with nothing else: a map whose values
    /// may be anything.
    FreeFormObject,
    /// `type: array` without `items`: a list of anything.
    ArrayWithoutItems,
    /// A component the generator refused (listed in `Crate::refused`).
    Refused,
}

/// One tag: `UsersAPI` in `api_users`, behind the `users` feature.
#[derive(Debug, Clone)]
pub struct ApiIr {
    pub tag: String,
    pub struct_name: String,
    pub module: String,
    pub feature: String,
    /// The struct of its stubs in the version's `mock` module (`UsersAPIMock`).
    pub mock_struct: String,
    /// Its accessor on that module's `Mocks` (`server.v2().users()`).
    pub mock_accessor: String,
    /// The tag's description, when it says more than the tag's name (lowering leaves out the
    /// name again and Datadog's `Auto-generated tag <name>`).
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
    /// The file of the model, in `model/` (`model_user`): claimed in lowering, so that two
    /// types whose names differ only in case or punctuation get distinct files.
    pub module: String,
    /// Where the schema is, as a JSON pointer.
    pub source: Pointer,
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
    /// Required (an argument of `new`) and nullable: decides the field's `Option`s.
    pub presence: Presence,
    /// Part of a recursive cycle: held in a `Box`.
    pub boxed: bool,
    pub doc: Option<String>,
    /// `readOnly` / `writeOnly`, on the property or the schema it references.
    pub read_only: bool,
    pub write_only: bool,
    pub deprecated: bool,
}

/// Whether a value must be present and whether it may be `null`: the shape of its `Option`s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// `T`.
    Required,
    /// Present, possibly `null`: `Option<T>`.
    RequiredNullable,
    /// May be absent: `Option<T>`.
    Optional,
    /// May be absent or `null`, and the two differ: `Option<Option<T>>`.
    OptionalNullable,
}

impl Presence {
    pub fn new(required: bool, nullable: bool) -> Self {
        match (required, nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::RequiredNullable,
            (false, false) => Presence::Optional,
            (false, true) => Presence::OptionalNullable,
        }
    }

    pub fn is_required(self) -> bool {
        matches!(self, Presence::Required | Presence::RequiredNullable)
    }

    pub fn is_nullable(self) -> bool {
        matches!(
            self,
            Presence::RequiredNullable | Presence::OptionalNullable
        )
    }

    /// How many `Option`s wrap the value where it is stored: 0, 1 or 2.
    pub fn options(self) -> usize {
        match self {
            Presence::Required => 0,
            Presence::RequiredNullable | Presence::Optional => 1,
            Presence::OptionalNullable => 2,
        }
    }
}

#[derive(Debug, Clone)]
pub struct EnumValue {
    pub wire: String,
    pub variant: String,
    /// The member's value, for an integer enum.
    pub number: Option<i64>,
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

/// An operation's id qualified by its version: `v2.GetUser`, as unstable operations are
/// enabled in `Configuration`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct QualifiedId {
    pub version: String,
    /// The operationId (UpperCamelCase): `GetUser`.
    pub name: String,
}

impl fmt::Display for QualifiedId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.version, self.name)
    }
}

/// The HTTP methods a path item may hold, in the order the spec lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Options,
    Trace,
}

impl HttpMethod {
    pub const ALL: [HttpMethod; 8] = [
        HttpMethod::Get,
        HttpMethod::Post,
        HttpMethod::Put,
        HttpMethod::Patch,
        HttpMethod::Delete,
        HttpMethod::Head,
        HttpMethod::Options,
        HttpMethod::Trace,
    ];

    /// `GET`, as on the wire and in `reqwest::Method`.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Head => "HEAD",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Trace => "TRACE",
        }
    }

    /// `get`, the key of the operation in its path item.
    pub fn key(self) -> &'static str {
        match self {
            HttpMethod::Get => "get",
            HttpMethod::Post => "post",
            HttpMethod::Put => "put",
            HttpMethod::Patch => "patch",
            HttpMethod::Delete => "delete",
            HttpMethod::Head => "head",
            HttpMethod::Options => "options",
            HttpMethod::Trace => "trace",
        }
    }
}

/// A response status as the spec keys it: an exact code, a range (`4XX`) or `default`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Code(u16),
    /// The first digit of a range: `4` for `4XX`.
    Range(u16),
    Default,
}

impl Status {
    /// Whether a response of this status is the operation's result.
    pub fn is_success(self) -> bool {
        match self {
            Status::Code(code) => (200..300).contains(&code),
            Status::Range(class) => class == 2,
            Status::Default => false,
        }
    }

    /// The codes it covers, when it is not `default`.
    pub fn codes(self) -> Option<std::ops::RangeInclusive<u16>> {
        match self {
            Status::Code(code) => Some(code..=code),
            Status::Range(class) => Some(class * 100..=class * 100 + 99),
            Status::Default => None,
        }
    }

    /// The Rust variant of an error response: `Status404`, `Status4XX`, `Default`.
    pub fn variant(self) -> String {
        match self {
            Status::Default => "Default".into(),
            other => format!("Status{other}"),
        }
    }
}

impl fmt::Display for Status {
    /// As the spec writes it: `404`, `4XX`, `default`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::Code(code) => write!(f, "{code}"),
            Status::Range(class) => write!(f, "{class}XX"),
            Status::Default => f.write_str("default"),
        }
    }
}

/// A path template (`/api/v2/users/{user_id}`), parsed once: literal text and parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    raw: String,
    parts: Vec<PathPart>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    Literal(String),
    Param(String),
}

impl PathTemplate {
    /// Parses `{name}` parameters; an unclosed, nested or empty `{}` is an error.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let mut parts = Vec::new();
        let mut rest = raw;
        while let Some(start) = rest.find(['{', '}']) {
            if rest[start..].starts_with('}') {
                return Err(format!("`}}` without `{{` in path {raw:?}"));
            }
            if start > 0 {
                parts.push(PathPart::Literal(rest[..start].to_string()));
            }
            let after = &rest[start + 1..];
            let end = after
                .find(['{', '}'])
                .filter(|&end| after[end..].starts_with('}'))
                .ok_or_else(|| format!("unclosed `{{` in path {raw:?}"))?;
            if end == 0 {
                return Err(format!("empty `{{}}` in path {raw:?}"));
            }
            parts.push(PathPart::Param(after[..end].to_string()));
            rest = &after[end + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_string()));
        }
        Ok(PathTemplate {
            raw: raw.to_string(),
            parts,
        })
    }

    /// The template as the spec writes it.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    pub fn parts(&self) -> &[PathPart] {
        &self.parts
    }

    /// The parameter names, in order.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            PathPart::Param(name) => Some(name.as_str()),
            PathPart::Literal(_) => None,
        })
    }

    /// Where a parameter is among the parameters (`/{a}/{b}`: b is 1).
    pub fn position(&self, name: &str) -> Option<usize> {
        self.params().position(|p| p == name)
    }

    /// The template with its parameter names blanked (`/users/{}`): two paths that differ
    /// only in parameter names are the same endpoint.
    pub fn shape(&self) -> String {
        self.parts
            .iter()
            .map(|p| match p {
                PathPart::Literal(text) => text.as_str(),
                PathPart::Param(_) => "{}",
            })
            .collect()
    }
}

impl fmt::Display for PathTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

#[derive(Debug, Clone)]
pub struct OperationIr {
    pub id: QualifiedId,
    /// The method, and its `_with_http_info` and `_with_pagination` forms: claimed together
    /// in the API's namespace of methods.
    pub method_name: String,
    pub with_http_info_name: String,
    pub with_pagination_name: Option<String>,
    pub http_method: HttpMethod,
    pub path: PathTemplate,
    /// The spec's `operationId`, as written (None when the spec gives none).
    pub operation_id: Option<String>,
    /// Where the operation is in the spec.
    pub at: Pointer,
    pub summary: Option<String>,
    pub doc: Option<String>,
    pub deprecated: bool,
    pub unstable: bool,
    pub params: Vec<ParamIr>,
    pub body: Option<BodyIr>,
    /// The decoded type of the success response; None when it has no body.
    pub success: Option<TypeRef>,
    pub errors: Vec<ErrorCase>,
    /// Every response, success and errors, as the spec keys it.
    pub responses: Vec<ResponseIr>,
    pub security: Security,
    /// Where the operation writes its own `security`; None: the spec's applies.
    pub security_at: Option<Pointer>,
    /// The operation's own servers (its `servers`, else its path item's); empty: the spec's.
    pub servers: Vec<Server>,
    /// Where those servers are written (the operation's or the path item's `servers`).
    pub servers_at: Option<Pointer>,
    pub pagination: Option<Pagination>,
    /// `x-pagination` as written, read once (what `pagination` was lowered from).
    pub pagination_spec: Option<PaginationSpec>,
    /// `GetUserOptionalParams` and `GetUserError`, claimed in the API module's namespace.
    pub optional_params_name: String,
    pub error_name: String,
}

impl OperationIr {
    /// The content of the success response (the first one: all share one body).
    pub fn success_content(&self) -> Option<&Content> {
        self.responses
            .iter()
            .find(|r| r.status.is_success())
            .and_then(|r| r.content.as_ref())
    }

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

/// How a parameter is serialized (its `style`, or the default of its location).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    Form,
    Simple,
    Label,
    Matrix,
}

impl ParamStyle {
    /// As the spec's `style` writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamStyle::Form => "form",
            ParamStyle::Simple => "simple",
            ParamStyle::Label => "label",
            ParamStyle::Matrix => "matrix",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
}

impl ParamLocation {
    /// As the spec's `in` writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
        }
    }
}

#[derive(Debug, Clone)]
pub struct ParamIr {
    pub wire: String,
    pub name: String,
    pub location: ParamLocation,
    pub ty: TypeRef,
    pub required: bool,
    /// Its `style`, with the default of its location (`form` in the query, else `simple`).
    pub style: ParamStyle,
    /// Its `explode`, with the default of its style (true for `form`). For arrays in the
    /// query: `name=a&name=b` (true) or `name=a,b` (false).
    pub explode: bool,
    /// The schema's `default`, which the server applies when the parameter is absent.
    pub default: Option<serde_json::Value>,
    pub doc: Option<String>,
    /// Where the parameter is (its `$ref` followed).
    pub at: Pointer,
    /// Its rank as declared: the operation's own parameters, then the path item's.
    pub declared: usize,
    /// Its schema as written (at `at/schema`).
    pub schema: SchemaUse,
}

#[derive(Debug, Clone)]
pub struct BodyIr {
    pub ty: TypeRef,
    pub required: bool,
    pub doc: Option<String>,
    /// Where the request body is (its `$ref` followed).
    pub at: Pointer,
    /// The media type chosen (JSON if offered, else the first), its kind and its schema.
    pub content: Content,
    /// The spec's example of the body, shown in the operation's doc example.
    pub example: Option<serde_json::Value>,
    /// For a `multipart/form-data` body: a part per property of its object type, in order
    /// (its additional properties follow, a part per entry).
    pub parts: Vec<FormPart>,
    /// A `multipart/form-data` body whose type is a map: a part per entry, named by its key.
    pub form_entries: bool,
}

/// The content of a body: which media type of the spec it is, how it travels, and where
/// its schema is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Content {
    /// As the spec writes it (`application/json; charset=utf-8`), sent as `Content-Type`.
    pub media_type: String,
    pub kind: BodyKind,
    pub schema_at: Pointer,
    /// The schema as written there.
    pub schema: SchemaUse,
}

/// How a body is encoded, decided once from its media type: its Rust type and how the
/// runtime sends or decodes it follow from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BodyKind {
    /// `application/json`, `application/*+json` or `text/json`: the schema's type, as JSON.
    Json,
    /// `application/x-www-form-urlencoded` (requests): the schema's object type, as
    /// `name=value` pairs.
    Form,
    /// `multipart/form-data` (requests): the schema's object type, a part per property
    /// (`BodyIr::parts`).
    Multipart,
    /// `text/plain` and the other `text/*` but `text/csv`: a `String`.
    Text,
    /// Anything else (`application/octet-stream`, zip, csv, yaml, and multipart or form
    /// responses): the bytes as they are, `Vec<u8>`.
    Binary,
}

/// One part of a `multipart/form-data` body: a property of its object type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormPart {
    /// The part's name: the property as the spec writes it.
    pub wire: String,
    /// The Rust field that holds it, and its `Option`s.
    pub field: String,
    pub presence: Presence,
    /// For a file (a `format: binary` property): its media type, from the media type's
    /// `encoding`, the property's `x-mimetype`, or `application/octet-stream`.
    pub file: Option<String>,
    /// An array of files (`Vec<Vec<u8>>`): a file part per item, all of that name.
    pub repeated: bool,
}

/// A response as the spec lists it (for `diff`): emit reads `success` and `errors`.
#[derive(Debug, Clone)]
pub struct ResponseIr {
    pub status: Status,
    /// Where the response is (its `$ref` followed).
    pub at: Pointer,
    pub description: Option<String>,
    pub content: Option<Content>,
}

#[derive(Debug, Clone)]
pub struct ErrorCase {
    pub status: Status,
    pub variant: String,
    pub ty: Option<TypeRef>,
    pub doc: Option<String>,
}

/// One step of a path into a response: the field and its `Option`s.
#[derive(Debug, Clone)]
pub struct Step {
    pub field: String,
    pub presence: Presence,
}

/// What the page parameter of `Pagination::PageNumber` holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageCount {
    /// The page's number, the first being `pageStart`.
    Pages { first: i64 },
    /// The offset of the page's first item (`pageOffsetParam`).
    Items,
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
        /// What `page_param` counts: pages from `pageStart` (0 by default), or items
        /// (`pageOffsetParam`: the offset of the page's first item).
        counts: PageCount,
        results: Vec<Step>,
        /// Where the response gives the total number of items, when it does: the walk stops
        /// once it has received that many.
        total: Option<Total>,
        item: TypeRef,
    },
    Cursor {
        /// Where the next request carries the cursor.
        target: CursorTarget,
        results: Vec<Step>,
        cursor: Vec<Step>,
        item: TypeRef,
    },
}

/// An operation's `x-pagination` as written: the keys the generator reads (a key of another
/// type than expected reads as absent).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaginationSpec {
    pub limit_param: Option<String>,
    pub limit_default: Option<i64>,
    pub page_param: Option<String>,
    pub page_start: Option<i64>,
    pub page_offset_param: Option<String>,
    pub cursor_param: Option<String>,
    pub cursor_path: Option<String>,
    pub results_path: Option<String>,
    pub total_path: Option<String>,
}

/// A component schema as written: its name, and a fingerprint of its whole content (two
/// components with the same fingerprint are the same schema under two names).
#[derive(Debug, Clone)]
pub struct ComponentSchema {
    pub name: String,
    /// Where it is, in the file that defines it.
    pub at: Pointer,
    /// Written in place, or a `$ref` to another component.
    pub schema: SchemaUse,
    pub fingerprint: u64,
}

/// The shape of a schema on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Object,
    Array,
    String,
    Integer,
    Number,
    Boolean,
    OneOf,
    AnyOf,
    /// A free-form value (no type).
    Any,
}

impl Shape {
    pub fn name(self) -> &'static str {
        match self {
            Shape::Object => "object",
            Shape::Array => "array",
            Shape::String => "string",
            Shape::Integer => "integer",
            Shape::Number => "number",
            Shape::Boolean => "boolean",
            Shape::OneOf => "oneOf",
            Shape::AnyOf => "anyOf",
            Shape::Any => "free-form",
        }
    }
}

/// A schema where the spec uses it: a `$ref` to a component, or written in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaUse {
    Ref {
        /// The component the `$ref` names (`User`).
        written: String,
        /// The component its chain of `$ref`s ends at (lowering followed it).
        target: String,
    },
    Inline(Box<WireSchema>),
}

impl SchemaUse {
    /// The component the `$ref` names, if it is one.
    pub fn reference(&self) -> Option<&str> {
        match self {
            SchemaUse::Ref { written, .. } => Some(written),
            SchemaUse::Inline(_) => None,
        }
    }

    /// Whether the two are written alike (wherever they are).
    pub fn written_alike(&self, other: &SchemaUse) -> bool {
        match (self, other) {
            (SchemaUse::Ref { written: a, .. }, SchemaUse::Ref { written: b, .. }) => a == b,
            (SchemaUse::Inline(a), SchemaUse::Inline(b)) => a.fingerprint == b.fingerprint,
            _ => false,
        }
    }
}

/// One schema node as the spec writes it, read by lowering: the wire facts `diff` compares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireSchema {
    /// Where the node is.
    pub at: Pointer,
    /// A hash of the node's whole content as written.
    pub fingerprint: u64,
    pub shape: Shape,
    pub format: Option<String>,
    /// The enum values as they travel (`null` left out), when it is an enum.
    pub enum_values: Option<Vec<String>>,
    /// Whether a use of this node is nullable: its own `nullable`, also when it stands for
    /// its sole `allOf` member (lowering does not take the member's).
    pub nullable: bool,
    pub description: Option<String>,
    pub discriminator: Option<Discriminator>,
    /// Its `allOf`, and what lowering made of it.
    pub all_of: AllOf,
    /// The properties, those of `allOf` members merged in as lowering merges them.
    pub properties: Vec<WireProperty>,
    pub items: Option<Box<SchemaUse>>,
    /// `additionalProperties` given as a schema.
    pub additional: Option<Box<SchemaUse>>,
    /// The `oneOf` or `anyOf` members (`shape` says which).
    pub members: Vec<SchemaUse>,
}

/// A schema node's `allOf`, as lowering typed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AllOf {
    /// `allOf: [X]` (with `nullable` or a description beside it, say): the node is typed as
    /// X, so a use of it is a use of X (with the node's own `nullable`).
    Sole(Box<SchemaUse>),
    /// The members as written (none, or several, their properties merged into the node's).
    Members(Vec<SchemaUse>),
}

impl WireSchema {
    /// The member the node stands for (`AllOf::Sole`).
    pub fn sole_all_of(&self) -> Option<&SchemaUse> {
        match &self.all_of {
            AllOf::Sole(member) => Some(member),
            AllOf::Members(_) => None,
        }
    }

    /// The `allOf` members as written.
    pub fn all_of_members(&self) -> &[SchemaUse] {
        match &self.all_of {
            AllOf::Sole(member) => std::slice::from_ref(member),
            AllOf::Members(members) => members,
        }
    }
}

/// A property of an object schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireProperty {
    pub name: String,
    /// Where it is written (in an `allOf` member, for a merged one).
    pub at: Pointer,
    pub schema: SchemaUse,
    /// Listed in `required`.
    pub required: bool,
    /// `readOnly` / `writeOnly`, on the property or the schema it references.
    pub read_only: bool,
    pub write_only: bool,
}

/// A oneOf's discriminator: the property and its explicit mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discriminator {
    pub property: String,
    pub mapping: std::collections::BTreeMap<String, String>,
}

/// The total number of items a paginated response announces: where it is, and its integer
/// type (`TypeRef::I32` or `TypeRef::I64`).
#[derive(Debug, Clone)]
pub struct Total {
    pub steps: Vec<Step>,
    pub ty: TypeRef,
}

/// Where a cursor pagination puts the cursor of the next page.
#[derive(Debug, Clone)]
pub enum CursorTarget {
    /// An optional parameter (its field in `XxxOptionalParams`).
    Param(String),
    /// A property inside the request body (`cursorParam: body.page.cursor`): the steps from
    /// the body to it, the last being the cursor. Every step that may be absent is a struct
    /// with no required property (created with `Default` when absent).
    Body(Vec<Step>),
}

//! The names that reach the generated crate beside type names: version modules, API structs,
//! their modules and features, methods (with their `_with_http_info` and `_with_pagination`
//! forms), the `XxxOptionalParams` and `XxxError` types, model file names, and the names of
//! the typed mocks (each version's accessor on `MockServer`, each API's stub struct and its
//! accessor). Each is claimed in a namespace (`NameSet`), in a deterministic order, so that
//! two spec names never become one Rust name.

use super::describe;
use crate::ir::{ApiIr, OperationIr, TypeDef, VersionIr};
use crate::naming::{self, NameSet};
use std::collections::{BTreeMap, BTreeSet};

/// The operations of one tag, and the files they come from.
#[derive(Default)]
pub(super) struct Group {
    pub operations: Vec<OperationIr>,
    pub sources: BTreeSet<String>,
}

/// The generated crate's features besides one per API: Cargo's `default` and the runtime's
/// (generator/runtime/Cargo.toml, copied into the crate; a test keeps the lists equal).
pub(crate) const CRATE_FEATURES: &[&str] =
    &["default", "rustls-tls", "native-tls", "tracing", "mock"];

/// The methods of the runtime's `MockServer` (generator/runtime/src/mock.rs, and the `start`
/// that the generated `spec_info.rs` adds; a test keeps the lists equal): each version adds
/// its accessor beside them.
pub(crate) const MOCK_SERVER_METHODS: &[&str] = &[
    "configuration",
    "inner",
    "operation",
    "received_requests",
    "start",
    "start_for",
    "uri",
    "verify",
];

/// The names each version takes in the crate: its module beside the runtime's `datadog`,
/// and its accessor among the methods of `MockServer`.
pub(super) struct VersionNames {
    modules: NameSet,
    mock_accessors: NameSet,
}

impl Default for VersionNames {
    fn default() -> Self {
        let mut modules = NameSet::default();
        modules.claim("datadog".into());
        let mut mock_accessors = NameSet::default();
        for taken in MOCK_SERVER_METHODS {
            mock_accessors.claim(taken.to_string());
        }
        Self {
            modules,
            mock_accessors,
        }
    }
}

impl VersionNames {
    /// Claimed in version order: folders `v1` and `V1` would both be `datadogV1` with a
    /// `v1()` accessor, so the second gets `datadogV1_2` and `v1_2()`; a folder `verify`
    /// gets `verify2()`, as `MockServer::verify` exists.
    pub fn claim(&mut self, version: &mut VersionIr) {
        let module = format!(
            "datadog{}",
            heck::ToUpperCamelCase::to_upper_camel_case(version.name.as_str())
        );
        version.module = self.modules.claim_separated(module, "_");
        version.mock_accessor = self.mock_accessors.claim(naming::field_name(&version.name));
    }
}

/// The Cargo feature of each tag, shared by every version (the `users` feature enables the
/// Users API of v1 and of v2).
#[derive(Default)]
pub(super) struct FeatureNames {
    by_tag: BTreeMap<String, String>,
    names: NameSet,
}

impl FeatureNames {
    fn feature(&mut self, tag: &str) -> String {
        if self.names.is_empty() {
            // Cargo's own feature, and the crate's own: a tag named `tracing` or `mock` must
            // not become them.
            for taken in CRATE_FEATURES {
                self.names.claim(taken.to_string());
            }
        }
        if let Some(feature) = self.by_tag.get(tag) {
            return feature.clone();
        }
        let wanted = match naming::feature_name(tag) {
            name if name == "default" => "default-api".to_string(),
            name => name,
        };
        let feature = self.names.claim(wanted);
        self.by_tag.insert(tag.to_string(), feature.clone());
        feature
    }

    /// Every API feature, sorted.
    pub fn all(&self) -> Vec<String> {
        let set: BTreeSet<&String> = self.by_tag.values().collect();
        set.into_iter().cloned().collect()
    }
}

/// A tag's description when it says more than the tag's name: not the name again, nor the
/// placeholder `Auto-generated tag <name>` of Datadog's spec.
fn tag_description(tag: &openapiv3::Tag) -> Option<String> {
    describe(&tag.description)
        .filter(|doc| *doc != tag.name && !doc.starts_with("Auto-generated tag"))
}

/// The APIs of one version, in tag order, each with its names claimed.
pub(super) fn apis(
    groups: BTreeMap<String, Group>,
    tags: &[openapiv3::Tag],
    features: &mut FeatureNames,
) -> Vec<ApiIr> {
    // The version's module holds `model`, `mock` and one `api_*` module per API.
    let mut modules = NameSet::default();
    modules.claim("model".into());
    modules.claim("mock".into());
    let mut structs = NameSet::default();
    let mut mocks = MockNames::default();
    groups
        .into_iter()
        .map(|(tag, group)| {
            let struct_name = structs.claim(format!("{}API", naming::type_name(&tag)));
            let module_name = naming::module_name(&tag);
            let mut api = ApiIr {
                module: modules.claim(naming::capped_stem(&format!("api_{module_name}"))),
                feature: features.feature(&tag),
                mock_struct: mocks.structs.claim(format!("{struct_name}Mock")),
                mock_accessor: mocks.accessors.claim(module_name),
                doc: tags
                    .iter()
                    .find(|t| t.name == tag)
                    .and_then(tag_description),
                operations: group.operations,
                sources: group.sources,
                struct_name,
                tag,
            };
            claim_operation_names(&mut api);
            api
        })
        .collect()
}

/// The names of a version's `mock` module: the stub struct of each API beside `Mocks` and the
/// module's imports (`datadog`, `model`), and each API's accessor on `Mocks`.
struct MockNames {
    structs: NameSet,
    accessors: NameSet,
}

impl Default for MockNames {
    fn default() -> Self {
        let mut structs = NameSet::default();
        for taken in ["Mocks", "datadog", "model"] {
            structs.claim(taken.into());
        }
        // `Mocks` is `Clone`: an accessor must not shadow `clone`.
        let mut accessors = NameSet::default();
        accessors.claim("clone".into());
        Self { structs, accessors }
    }
}

/// The methods of an API struct besides its operations': its constructors and
/// `with_options` (emit/apis.rs), and those of the traits it implements, which an inherent
/// method would shadow (`UsersAPI::default()`, `api.clone()`).
pub(super) const API_STRUCT_METHODS: &[&str] = &[
    "new",
    "with_config",
    "with_client_and_config",
    "with_options",
    "clone",
    "default",
];

/// Methods are claimed before their forms, so that an operation keeps the name of its
/// operationId: with `GetThing` and `GetThingWithHttpInfo` in one tag, the second keeps
/// `get_thing_with_http_info` and the first's form becomes `get_thing_with_http_info2`.
fn claim_operation_names(api: &mut ApiIr) {
    api.operations.sort_by(|a, b| {
        (&a.method_name, &a.id.name, a.path.as_str(), a.http_method).cmp(&(
            &b.method_name,
            &b.id.name,
            b.path.as_str(),
            b.http_method,
        ))
    });
    let mut methods = NameSet::default();
    for taken in API_STRUCT_METHODS {
        methods.claim(taken.to_string());
    }
    // The types of the API module: the struct, then each operation's.
    let mut types = NameSet::default();
    types.claim(api.struct_name.clone());
    for op in &mut api.operations {
        op.method_name = methods.claim(op.method_name.clone());
        op.optional_params_name = types.claim(op.optional_params_name.clone());
        op.error_name = types.claim(op.error_name.clone());
    }
    for op in &mut api.operations {
        op.with_http_info_name = methods.claim(format!("{}_with_http_info", op.method_name));
        if op.pagination.is_some() {
            op.with_pagination_name =
                Some(methods.claim(format!("{}_with_pagination", op.method_name)));
        }
    }
}

/// The file (and module) of each model in `model/`, claimed in type order: `AWSAccountID` and
/// `AwsAccountId` both want `model_aws_account_id`, and the second gets a number.
pub(super) fn claim_model_files(types: &mut [TypeDef]) {
    let mut files = NameSet::default();
    files.claim("mod".into());
    for def in types {
        let stem = format!(
            "model_{}",
            heck::ToSnakeCase::to_snake_case(def.name.as_str())
        );
        def.module = files.claim(naming::capped_stem(&stem));
    }
}

//! The `PerApi` layout (`ir::CrateLayout`): the `datadog-api-client` crate at the root
//! re-exports a crate per API feature (`apis/<feature>/`: its APIs, their stubs and the types
//! only that feature uses) and the core crate (`core/`: the runtime, the spec facts and the
//! types several features share). Its users see the paths of the `One` layout:
//! `datadogV2::api_users::UsersAPI`, `datadogV2::model::User`, `datadog::MockServer`.
//!
//! The generated code is the same in both layouts: an API crate's version module has a
//! `model` module that re-exports the core crate's types beside its own, and a `datadog`
//! that is the core crate's, so `crate::datadog` and `super::model::User` name the same
//! items. A type's features include those of every type using it, so the core crate never
//! needs an API crate's type and no API crate needs another's.

use super::crate_files::{
    cargo_toml, core_files, def_source, lib_rs, manifest_text, model_items, parse_manifest,
    render_all, string_array, table, RustFile, RUNTIME_MANIFEST,
};
use super::{apis, cfg_attr, ident, mocks, models, module_doc, render};
use crate::error::{GenError, Result};
use crate::ir::{ApiIr, Crate, Home, TypeDef, VersionIr};
use proc_macro2::{Ident, TokenStream};
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};
use toml_edit::{value, Array, DocumentMut, InlineTable, Item, Table};

/// The core crate's package and folder.
const CORE_PACKAGE: &str = "datadog-api-client-core";
const CORE_DIR: &str = "core";

/// An API crate's package (`datadog-api-client-api-users`): never the core's, whatever the
/// feature is called.
fn api_package(feature: &str) -> String {
    format!("datadog-api-client-api-{feature}")
}

/// A package's library name, as Rust code names it.
fn lib_ident(package: &str) -> Ident {
    ident(&package.replace('-', "_"))
}

/// An API crate's folder.
fn api_dir(feature: &str) -> String {
    format!("apis/{feature}")
}

/// What each crate holds of one version.
struct VersionPlan<'a> {
    version: &'a VersionIr,
    core_types: Vec<&'a TypeDef>,
    /// Per API feature: what its crate holds of this version.
    features: BTreeMap<&'a str, ApiCrate<'a>>,
}

/// What an API crate holds of one version: its APIs, and the types only they use.
#[derive(Default)]
struct ApiCrate<'a> {
    apis: Vec<&'a ApiIr>,
    types: Vec<&'a TypeDef>,
}

impl<'a> VersionPlan<'a> {
    fn new(version: &'a VersionIr) -> Self {
        let mut plan = VersionPlan {
            version,
            core_types: Vec::new(),
            features: BTreeMap::new(),
        };
        for api in &version.apis {
            plan.features
                .entry(&api.feature)
                .or_default()
                .apis
                .push(api);
        }
        for def in &version.types {
            match def.home() {
                Home::Core => plan.core_types.push(def),
                Home::Api(feature) => plan.features.entry(feature).or_default().types.push(def),
            }
        }
        plan
    }

    /// The `#[cfg]` under which the core crate's model module of the version has a type:
    /// none when a type is always there; `None` when no type ever is (so that no `pub use`
    /// of it is written, which would warn).
    fn core_types_cfg(&self) -> Option<TokenStream> {
        if self.core_types.is_empty() {
            return None;
        }
        if self.core_types.iter().any(|def| def.features.is_empty()) {
            return Some(quote! {});
        }
        let features: BTreeSet<String> = self
            .core_types
            .iter()
            .flat_map(|def| def.features.iter().cloned())
            .collect();
        Some(cfg_attr(&features))
    }

    /// Whether the core crate has types of the version that `feature` uses: an API crate
    /// enables its feature in the core crate, so these are there.
    fn core_has_types_of(&self, feature: &str) -> bool {
        self.core_types
            .iter()
            .any(|def| def.features.is_empty() || def.features.contains(feature))
    }
}

/// Every file of the layout but the license, README and examples.
pub fn workspace_files(
    ir: &Crate,
    sources: &[String],
    examples: &[(String, String)],
) -> Result<BTreeMap<String, String>> {
    let plans: Vec<VersionPlan> = ir.versions.iter().map(VersionPlan::new).collect();
    let api_crates = api_crate_versions(&plans);
    let mut files = BTreeMap::new();
    let (facade, core, apis) = manifests(ir, examples, api_crates.keys().copied().collect())?;
    files.insert("Cargo.toml".to_string(), facade);
    files.insert(format!("{CORE_DIR}/Cargo.toml"), core);
    files.extend(apis);
    files.insert(
        "src/lib.rs".to_string(),
        render(lib_rs(ir, false), sources, "src/lib.rs")?,
    );
    files.insert(
        "src/datadog.rs".to_string(),
        render(facade_datadog(), sources, "src/datadog.rs")?,
    );
    files.insert(
        format!("{CORE_DIR}/src/lib.rs"),
        render(core_lib(ir), sources, "core/src/lib.rs")?,
    );
    files.extend(core_files(ir, sources, &format!("{CORE_DIR}/src"))?);
    for (feature, versions) in &api_crates {
        let path = format!("{}/src/lib.rs", api_dir(feature));
        let lib = render(api_lib(feature, versions), sources, &path)?;
        files.insert(path, lib);
    }
    files.extend(render_all(rust_files(&plans))?);
    Ok(files)
}

/// The versions each API crate has.
fn api_crate_versions<'a>(plans: &[VersionPlan<'a>]) -> BTreeMap<&'a str, Vec<&'a str>> {
    let mut versions: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for plan in plans {
        for feature in plan.features.keys() {
            versions
                .entry(feature)
                .or_default()
                .push(&plan.version.module);
        }
    }
    versions
}

/// How to build a file's tokens, on the thread that formats it.
type Tokens<'a> = Box<dyn Fn() -> TokenStream + Sync + 'a>;

/// The Rust files of every version, in each crate.
fn rust_files<'a>(plans: &'a [VersionPlan<'a>]) -> Vec<RustFile<'a>> {
    let mut files = Vec::new();
    for plan in plans {
        let version = plan.version;
        let module = &version.module;
        let core = format!("{CORE_DIR}/src/{module}");
        let mut modules: Vec<(String, Tokens<'a>)> = vec![
            (
                format!("src/{module}/mod.rs"),
                Box::new(move || facade_version_mod(plan)),
            ),
            (
                format!("src/{module}/model/mod.rs"),
                Box::new(move || facade_model_mod(plan)),
            ),
            (
                format!("src/{module}/mock.rs"),
                Box::new(move || facade_mock(plan)),
            ),
            (
                format!("{core}/mod.rs"),
                Box::new(move || core_version_mod(version)),
            ),
            (
                format!("{core}/model/mod.rs"),
                Box::new(move || core_model_mod(plan)),
            ),
        ];
        model_files(&mut files, version, &core, &plan.core_types);
        for (feature, ApiCrate { apis, types }) in &plan.features {
            let dir = format!("{}/src/{module}", api_dir(feature));
            modules.push((
                format!("{dir}/mod.rs"),
                Box::new(move || api_version_mod(version, apis)),
            ));
            modules.push((
                format!("{dir}/model/mod.rs"),
                Box::new(move || api_model_mod(plan, feature, types)),
            ));
            modules.push((
                format!("{dir}/mock.rs"),
                Box::new(move || mocks::api_crate_mock_file(version, apis)),
            ));
            model_files(&mut files, version, &dir, types);
            for api in apis {
                files.push(RustFile {
                    path: format!("{dir}/{}.rs", api.module),
                    sources: api.sources.iter().cloned().collect(),
                    tokens: Box::new(move || apis::api_file(api, module)),
                });
            }
        }
        files.extend(modules.into_iter().map(|(path, tokens)| RustFile {
            path,
            sources: version.sources.clone(),
            tokens,
        }));
    }
    files
}

/// A file per type, in `{dir}/model/`.
fn model_files<'a>(
    files: &mut Vec<RustFile<'a>>,
    version: &'a VersionIr,
    dir: &str,
    types: &[&'a TypeDef],
) {
    for &def in types {
        files.push(RustFile {
            path: format!("{dir}/model/{}.rs", def.module),
            sources: vec![def_source(def)],
            tokens: Box::new(move || models::model_file(def, &version.types)),
        });
    }
}

/// The facade's `datadog` module: the core crate's runtime, and a `MockServer` of its own
/// (each version's `mock` module adds its accessor to it, which only this crate can do).
fn facade_datadog() -> TokenStream {
    let core = lib_ident(CORE_PACKAGE);
    let doc = module_doc(&format!(
        "The configuration and the runtime that every API shares: those of `{CORE_PACKAGE}`."
    ));
    quote! {
        #doc
        pub use #core::datadog::*;

        /// A mock server for this API's typed stubs (`server.v2().users().get_user()`): it
        /// dereferences to the runtime's
        /// [`MockServer`](datadog_api_client_core::datadog::MockServer).
        #[cfg(feature = "mock")]
        #[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
        #[derive(Debug)]
        pub struct MockServer(#core::datadog::MockServer);

        #[cfg(feature = "mock")]
        impl MockServer {
            /// Starts a mock server for this API on a free port of 127.0.0.1.
            pub async fn start() -> Self {
                Self(#core::datadog::MockServer::start().await)
            }
        }

        #[cfg(feature = "mock")]
        impl std::ops::Deref for MockServer {
            type Target = #core::datadog::MockServer;

            #[inline]
            fn deref(&self) -> &Self::Target {
                &self.0
            }
        }
    }
}

/// A version module of the facade: each API crate's module re-exported behind its feature.
fn facade_version_mod(plan: &VersionPlan) -> TokenStream {
    let version = plan.version;
    let doc = module_doc(&format!("Version {} of the API.", version.name));
    let module = ident(&version.module);
    let apis = version.apis.iter().map(|api| {
        let feature = &api.feature;
        let lib = lib_ident(&api_package(feature));
        let api_module = ident(&api.module);
        quote! {
            #[cfg(feature = #feature)]
            #[cfg_attr(docsrs, doc(cfg(feature = #feature)))]
            pub use #lib::#module::#api_module;
        }
    });
    quote! {
        #doc
        #(#apis)*
        #[cfg(feature = "mock")]
        #[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
        pub mod mock;
        pub mod model;
    }
}

/// `pub use` of the same module of each API crate of a version that has something in it
/// (`has`), behind its feature.
fn api_crate_reexports(
    plan: &VersionPlan,
    module: &TokenStream,
    has: impl Fn(&ApiCrate) -> bool,
) -> TokenStream {
    let version = ident(&plan.version.module);
    let with_items = plan.features.iter().filter(|(_, items)| has(items));
    let reexports = with_items.map(|(feature, _)| {
        let lib = lib_ident(&api_package(feature));
        quote! {
            #[cfg(feature = #feature)]
            pub use #lib::#version::#module::*;
        }
    });
    quote! { #(#reexports)* }
}

/// The facade's model module of a version: the core crate's types and each API crate's.
fn facade_model_mod(plan: &VersionPlan) -> TokenStream {
    let doc = module_doc(&format!(
        "The types of version {} of the API.",
        plan.version.name
    ));
    let core = lib_ident(CORE_PACKAGE);
    let version = ident(&plan.version.module);
    let core_types = plan.core_types_cfg().map(|cfg| {
        quote! { #cfg pub use #core::#version::model::*; }
    });
    // Only API crates with types of their own: one that re-exports the core's types only
    // would give nothing new (an unused import).
    let reexports = api_crate_reexports(plan, &quote! { model }, |c| !c.types.is_empty());
    quote! {
        #doc
        #core_types
        #reexports
    }
}

/// The facade's mock module of a version: the accessors, and each API crate's stubs.
fn facade_mock(plan: &VersionPlan) -> TokenStream {
    let core = lib_ident(CORE_PACKAGE);
    let reexports = api_crate_reexports(plan, &quote! { mock }, |c| !c.apis.is_empty());
    mocks::facade_mock_file(plan.version, &quote! { #core }, reexports)
}

/// The core crate's root: the runtime, the spec facts, and every version's shared types.
fn core_lib(ir: &Crate) -> TokenStream {
    let doc = module_doc(
        "The runtime of `datadog-api-client` and the types that several of its APIs share. \
         `datadog-api-client` re-exports them: depend on that crate.",
    );
    let versions = ir.versions.iter().map(|v| {
        let module = ident(&v.module);
        quote! { #[allow(non_snake_case)] pub mod #module; }
    });
    quote! {
        #doc
        #![cfg_attr(docsrs, feature(doc_cfg))]
        pub mod datadog;
        mod spec_info;
        #(#versions)*
    }
}

fn core_version_mod(version: &VersionIr) -> TokenStream {
    let doc = module_doc(&format!(
        "The types of version {} that several APIs share.",
        version.name
    ));
    quote! {
        #doc
        pub mod model;
    }
}

fn core_model_mod(plan: &VersionPlan) -> TokenStream {
    let doc = module_doc(&format!(
        "The types of version {} that several APIs share, one file each.",
        plan.version.name
    ));
    let items = model_items(plan.core_types.iter().copied(), true);
    quote! {
        #doc
        #items
    }
}

/// An API crate's root: the core crate's runtime as `datadog`, and its versions.
fn api_lib(feature: &str, versions: &[&str]) -> TokenStream {
    let doc = module_doc(&format!(
        "The `{feature}` API of `datadog-api-client` and the types only it uses. \
         `datadog-api-client` re-exports them with its `{feature}` feature: depend on that \
         crate."
    ));
    let core = lib_ident(CORE_PACKAGE);
    let versions = versions.iter().map(|v| {
        let module = ident(v);
        quote! { #[allow(non_snake_case)] pub mod #module; }
    });
    quote! {
        #doc
        pub use #core::datadog;
        #(#versions)*
    }
}

fn api_version_mod(version: &VersionIr, apis: &[&ApiIr]) -> TokenStream {
    let doc = module_doc(&format!("Version {} of the API.", version.name));
    let apis = apis.iter().map(|api| {
        let module = ident(&api.module);
        quote! { pub mod #module; }
    });
    quote! {
        #doc
        #(#apis)*
        #[cfg(feature = "mock")]
        pub mod mock;
        pub mod model;
    }
}

/// An API crate's model module: the core crate's types of the version (when it uses some),
/// and its own.
fn api_model_mod(plan: &VersionPlan, feature: &str, types: &[&TypeDef]) -> TokenStream {
    let doc = module_doc(&format!(
        "The types of version {} of this API: its own, one file each, and those it shares.",
        plan.version.name
    ));
    let core = lib_ident(CORE_PACKAGE);
    let module = ident(&plan.version.module);
    let shared = plan
        .core_has_types_of(feature)
        .then(|| quote! { pub use #core::#module::model::*; });
    let items = model_items(types.iter().copied(), false);
    quote! {
        #doc
        #shared
        #items
    }
}

/// The template's path, for the errors of a manifest without one of its tables.
const TEMPLATE: &str = "generator/runtime/generated-crate.toml";

/// The manifests: the facade's, the core crate's, and each API crate's (one per feature of
/// `features`) by path. Each is the one-crate layout's manifest, changed.
fn manifests(
    ir: &Crate,
    examples: &[(String, String)],
    features: BTreeSet<&str>,
) -> Result<(String, String, BTreeMap<String, String>)> {
    let one = cargo_toml(ir, examples)?;
    let package = Package::of(&one)?;
    let mut apis = BTreeMap::new();
    for feature in &features {
        apis.insert(
            format!("{}/Cargo.toml", api_dir(feature)),
            manifest_text(&api_manifest(one.clone(), &package, feature)?),
        );
    }
    let core = manifest_text(&core_manifest(one.clone())?);
    let facade = manifest_text(&facade_manifest(one, &package, &features)?);
    Ok((facade, core, apis))
}

/// The facade's package name and the version every crate of the layout shares.
struct Package {
    name: String,
    version: String,
}

impl Package {
    fn of(manifest: &DocumentMut) -> Result<Self> {
        let field = |key: &str| {
            manifest["package"][key]
                .as_str()
                .map(String::from)
                .ok_or_else(|| {
                    GenError::new(TEMPLATE, format!("internal error: no [package] {key}"))
                })
        };
        Ok(Package {
            name: field("name")?,
            version: field("version")?,
        })
    }
}

/// The core crate's: the one crate's with another name, without examples or dev-dependencies.
fn core_manifest(mut manifest: DocumentMut) -> Result<DocumentMut> {
    rename_package(
        &mut manifest,
        CORE_PACKAGE,
        "The runtime and shared types of datadog-api-client, which re-exports them.",
    )?;
    manifest.remove("example");
    manifest.remove("dev-dependencies");
    Ok(manifest)
}

/// An API crate's: the core crate with its feature, the one crate's other mandatory
/// dependencies, a `mock` feature, and the facade as a dev-dependency.
fn api_manifest(
    mut manifest: DocumentMut,
    package: &Package,
    feature: &str,
) -> Result<DocumentMut> {
    rename_package(
        &mut manifest,
        &api_package(feature),
        &format!("The {feature} API of datadog-api-client, which re-exports it."),
    )?;
    manifest.remove("example");
    // Its doctests (each operation's example) use `datadog_api_client`, which depends on this
    // crate: a dev-dependency, as cargo allows. Without a version, so that `cargo publish`
    // drops it instead of asking for a facade not yet published.
    let mut facade = path_dependency("../..", &package.version, Needed::Always);
    if let Some(dep) = facade.as_inline_table_mut() {
        dep.remove("version");
    }
    add_feature(&mut facade, feature);
    table(&mut manifest, "dev-dependencies", TEMPLATE)?.insert(&package.name, facade);
    let mut features = Table::new();
    features.insert(
        "mock",
        value(string_array([format!("{CORE_PACKAGE}/mock")].iter())),
    );
    manifest["features"] = Item::Table(features);
    let deps = table(&mut manifest, "dependencies", TEMPLATE)?;
    deps.retain(|_, dep| dep.get("optional").and_then(Item::as_bool) != Some(true));
    let mut core = path_dependency("../../core", &package.version, Needed::Always);
    add_feature(&mut core, feature);
    deps.insert(CORE_PACKAGE, core);
    deps.sort_values();
    Ok(manifest)
}

/// The facade's: the core crate and each API crate as dependencies; each API feature enables
/// its crate and the core crate's same feature, and each runtime feature the core crate's
/// (`mock` also each API crate's stubs).
fn facade_manifest(
    mut manifest: DocumentMut,
    package: &Package,
    features: &BTreeSet<&str>,
) -> Result<DocumentMut> {
    let runtime = parse_manifest(RUNTIME_MANIFEST, "generator/runtime/Cargo.toml")?;
    let runtime_features: BTreeSet<String> = runtime
        .get("features")
        .and_then(Item::as_table)
        .map(|t| t.iter().map(|(k, _)| k.to_string()).collect())
        .unwrap_or_default();
    let deps = table(&mut manifest, "dependencies", TEMPLATE)?;
    deps.insert(
        CORE_PACKAGE,
        path_dependency(CORE_DIR, &package.version, Needed::Always),
    );
    for feature in features {
        let dep = path_dependency(&api_dir(feature), &package.version, Needed::ByFeature);
        deps.insert(&api_package(feature), dep);
    }
    deps.sort_values();
    for (key, item) in table(&mut manifest, "features", TEMPLATE)?.iter_mut() {
        let (key, Some(array)) = (key.get(), item.as_array_mut()) else {
            continue;
        };
        if features.contains(key) {
            array.push(format!("dep:{}", api_package(key)));
            array.push(format!("{CORE_PACKAGE}/{key}"));
        } else if runtime_features.contains(key) && key != "default" {
            array.push(format!("{CORE_PACKAGE}/{key}"));
            if key == "mock" {
                array.extend(features.iter().map(|f| format!("{}?/mock", api_package(f))));
            }
        }
    }
    Ok(manifest)
}

/// Renames a manifest's package and library, with a description of its own.
fn rename_package(manifest: &mut DocumentMut, name: &str, description: &str) -> Result<()> {
    let package = table(manifest, "package", TEMPLATE)?;
    package.insert("name", value(name));
    package.insert("description", value(description));
    package.remove("readme");
    let lib = table(manifest, "lib", TEMPLATE)?;
    lib.insert("name", value(name.replace('-', "_")));
    Ok(())
}

/// Whether a crate of the layout is always a dependency, or only with a feature.
#[derive(Clone, Copy)]
enum Needed {
    Always,
    ByFeature,
}

/// Adds a feature to a dependency written as an inline table.
fn add_feature(dep: &mut Item, feature: &str) {
    if let Some(dep) = dep.as_inline_table_mut() {
        dep.insert("features", Array::from_iter([feature]).into());
    }
}

/// `{ path = "...", version = "...", default-features = false }`, or `optional = true` instead
/// when `ByFeature` (the facade enables its defaults: none).
fn path_dependency(path: &str, version: &str, needed: Needed) -> Item {
    let mut dep = InlineTable::new();
    dep.insert("path", path.into());
    dep.insert("version", version.into());
    match needed {
        Needed::Always => dep.insert("default-features", false.into()),
        Needed::ByFeature => dep.insert("optional", true.into()),
    };
    value(dep)
}

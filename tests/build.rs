//! Writes `$OUT_DIR/operation_cases.rs`, the table of the spec-driven end-to-end tests
//! (`tests/e2e_operations.rs`): one module per operation of `spec/`, with the three tests that
//! call its generated method. The Rust names come from the generator's IR of `spec/` (the same
//! names `generated/` has, which the compiler checks); the values, the expected request and the
//! examples are read from the spec at run time. An operation added to the spec is tested with
//! no edit to any test file.

use std::path::Path;

use generator::ir::OperationIr;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

fn main() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    println!("cargo:rerun-if-changed={}", spec.display());
    println!("cargo:rerun-if-changed=build.rs");
    let set = generator::load::load(&spec).unwrap_or_else(|e| panic!("spec/: {e}"));
    let ir = generator::lower::lower(&set).unwrap_or_else(|e| panic!("spec/: {e}"));
    let mut modules = Vec::new();
    let mut names = Vec::new();
    for version in &ir.versions {
        for api in &version.apis {
            let api_path = {
                let krate = format_ident!("{}", version.module);
                let module = format_ident!("{}", api.module);
                quote! { datadog_api_client::#krate::#module }
            };
            for op in &api.operations {
                names.push(op.id.to_string());
                modules.push(operation_module(
                    &version.name,
                    &api_path,
                    &api.struct_name,
                    op,
                ));
            }
        }
    }
    let table = quote! {
        /// Every operation the table tests, as `version.operationId`.
        const TABLE_OPERATIONS: &[&str] = &[#(#names),*];
        #(#modules)*
    };
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).to_path_buf();
    std::fs::write(out.join("operation_cases.rs"), format(table))
        .expect("write operation_cases.rs");
    std::fs::write(
        out.join("model_round_trips.rs"),
        format(model_round_trips(&ir)),
    )
    .expect("write model_round_trips.rs");
}

/// Formatted as rustfmt would: readable in a failure, and what clippy expects.
fn format(tokens: TokenStream) -> String {
    let file = syn::parse2(tokens).expect("the table is Rust");
    prettyplease::unparse(&file)
}

/// `model_round_trip(version, schema, value)` for spec_checks.rs: decodes `value` into the
/// model generated for the component schema `schema` of `version` and encodes it back (`None`
/// when no model is generated for that schema).
fn model_round_trips(ir: &generator::ir::Crate) -> TokenStream {
    let mut arms = Vec::new();
    for version in &ir.versions {
        let krate = format_ident!("{}", version.module);
        let name = &version.name;
        for ty in &version.types {
            let Some(schema) = component_schema(&ty.source.to_string()) else {
                continue;
            };
            let model = format_ident!("{}", ty.name);
            let label = format!("{}::{}", version.module, ty.name);
            arms.push(quote! {
                (#name, #schema) => Some(round_trip_as::<datadog_api_client::#krate::model::#model>(value, #label)),
            });
        }
    }
    quote! {
        fn model_round_trip(version: &str, schema: &str, value: &Value) -> Option<Result<Value, String>> {
            match (version, schema) {
                #(#arms)*
                _ => None,
            }
        }
    }
}

/// The name of the component schema at `source` (`spec/v2/users.yaml#/components/schemas/User`),
/// or `None` for an inline schema.
fn component_schema(source: &str) -> Option<String> {
    let (_, fragment) = source.split_once('#')?;
    let name = fragment.strip_prefix("/components/schemas/")?;
    (!name.contains('/')).then(|| name.replace("~1", "/").replace("~0", "~"))
}

/// The call of the operation's generated method, with each argument decoded from the test's
/// values (`args.param("wire")`, `args.body()`): the types come from the method's signature.
fn call(api_path: &TokenStream, api_struct: &str, op: &OperationIr) -> TokenStream {
    let api = format_ident!("{}", api_struct);
    let method = format_ident!("{}", op.method_name);
    let mut arguments: Vec<TokenStream> = op
        .required_params()
        .map(|p| {
            let wire = &p.wire;
            quote! { args.param(#wire) }
        })
        .collect();
    if op.body.as_ref().is_some_and(|b| b.required) {
        arguments.push(quote! { args.body() });
    }
    if op.has_optional() {
        let params = format_ident!("{}", op.optional_params_name);
        let mut setters = Vec::new();
        for p in op.optional_params() {
            let setter = format_ident!("{}", p.name);
            let wire = &p.wire;
            setters.push(
                quote! { if let Some(v) = args.optional(#wire) { params = params.#setter(v); } },
            );
        }
        if op.body.as_ref().is_some_and(|b| !b.required) {
            setters.push(
                quote! { if let Some(v) = args.optional_body() { params = params.body(v); } },
            );
        }
        arguments.push(quote! {{
            let mut params = #api_path::#params::default();
            #(#setters)*
            params
        }});
    }
    quote! { #api_path::#api::with_config(cfg).#method(#(#arguments),*).await }
}

fn operation_module(
    version: &str,
    api_path: &TokenStream,
    api_struct: &str,
    op: &OperationIr,
) -> TokenStream {
    let module = format_ident!("{}_{}", version, op.method_name);
    // The operationId alone: `Case::new` takes the version apart.
    let id = &op.id.name;
    let call = call(api_path, api_struct, op);
    let error = format_ident!("{}", op.error_name);
    let variants: Vec<TokenStream> = op
        .errors
        .iter()
        .filter_map(|case| {
            // An exact 4xx code; a range or `default` has no one status to answer with.
            let status = match case.status {
                generator::ir::Status::Code(code) if (400..500).contains(&code) => code,
                _ => return None,
            };
            case.ty.as_ref()?;
            let variant = format_ident!("{}", case.variant);
            Some(quote! { (#status, #api_path::#error::#variant as fn(_) -> _) })
        })
        .collect();
    quote! {
        #[allow(unused_variables, unused_mut, non_snake_case)]
        mod #module {
            use super::*;

            fn case() -> Case {
                Case::new(#version, #id)
            }

            #[tokio::test]
            async fn success() {
                check_success(&case(), &|cfg: Configuration, args: Args| async move { #call }).await;
            }

            #[tokio::test]
            async fn documented_errors() {
                check_errors(
                    &case(),
                    &[#(#variants),*],
                    &|cfg: Configuration, args: Args| async move { #call },
                )
                .await;
            }

            #[tokio::test]
            async fn undocumented_errors() {
                check_untyped_errors(&case(), &|cfg: Configuration, args: Args| async move { #call }).await;
            }
        }
    }
}

//! The typed mocks of one version (its `mock` module, behind the `mock` feature): an accessor
//! per API and one method per operation that fixes the operation's body, success and error
//! types, plus the status and body of each documented error. The runtime's `mock` module does
//! the matching and answering.

use super::{ident, module_doc, type_tokens};
use crate::ir::{ApiIr, OperationIr, Status, TypeRef, VersionIr};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The version's `mock` module, in the `One` layout: the version's accessor and each API's
/// stubs, behind its feature.
pub fn mock_file(version: &VersionIr) -> TokenStream {
    let accessors = version_accessors(version, &quote! { datadog::MockServer });
    let apis = version.apis.iter().map(|api| {
        let feature = &api.feature;
        api_mocks(api, &quote! { #[cfg(feature = #feature)] })
    });
    quote! {
        #accessors
        #(#apis)*
    }
}

/// The `mock` module of a version in an API crate (`PerApi` layout): the stubs of its APIs,
/// which the `datadog-api-client` crate's `mock` module re-exports and gives accessors to.
pub fn api_crate_mock_file(version: &VersionIr, apis: &[&ApiIr]) -> TokenStream {
    let doc = module_doc(&format!(
        "The stubs of this crate's APIs of version {}, given by `datadog_api_client`'s mocks.",
        version.name
    ));
    let apis = apis.iter().map(|api| api_mocks(api, &quote! {}));
    quote! {
        #doc
        #[allow(unused_imports)]
        use crate::datadog;
        #[allow(unused_imports)]
        use super::model;
        #(#apis)*
    }
}

/// The `mock` module of a version in the `datadog-api-client` crate of the `PerApi` layout:
/// the accessors, and the stubs of each API crate re-exported (`reexports`: each API crate's
/// `mock` module of this version, behind its feature).
pub fn facade_mock_file(
    version: &VersionIr,
    core: &TokenStream,
    reexports: TokenStream,
) -> TokenStream {
    let accessors = version_accessors(version, &quote! { #core::datadog::MockServer });
    quote! {
        #accessors
        #reexports
    }
}

/// The module's doc and imports, `MockServer::v2()`, and `Mocks` with an accessor per API;
/// `server` is the type the stubs hold.
fn version_accessors(version: &VersionIr, server: &TokenStream) -> TokenStream {
    let doc = module_doc(&format!(
        "Typed mocks of the APIs of version {name}, for the tests of code that calls them: \
         `MockServer::start().await.{accessor}()` gives each API's stubs (enabled by the \
         `mock` feature).",
        name = version.name,
        accessor = version.mock_accessor,
    ));
    let accessor = ident(&version.mock_accessor);
    let accessor_doc = format!(" The stubs of the APIs of version {}.", version.name);
    let api_accessors = version.apis.iter().map(api_accessor);
    quote! {
        #doc
        #[allow(unused_imports)]
        use crate::datadog;
        #[allow(unused_imports)]
        use super::model;

        impl datadog::MockServer {
            #[doc = #accessor_doc]
            pub fn #accessor(&self) -> Mocks<'_> {
                Mocks(self)
            }
        }

        #[doc = #accessor_doc]
        #[derive(Debug, Clone, Copy)]
        pub struct Mocks<'a>(&'a #server);

        impl<'a> Mocks<'a> {
            #(#api_accessors)*
        }
    }
}

/// `Mocks::users()`, giving the API's stubs (`UsersAPIMock`).
fn api_accessor(api: &ApiIr) -> TokenStream {
    let name = ident(&api.mock_accessor);
    let feature = &api.feature;
    let mock = ident(&api.mock_struct);
    let doc = format!(" The stubs of the {} API.", api.tag);
    quote! {
        #[doc = #doc]
        #[cfg(feature = #feature)]
        pub fn #name(&self) -> #mock<'a> {
            #mock(self.0)
        }
    }
}

/// The stubs of one API, and the mock responses of its operations' errors, each item after
/// `cfg`. The server is a public field so that the accessor can be in another crate.
fn api_mocks(api: &ApiIr, cfg: &TokenStream) -> TokenStream {
    let mock = ident(&api.mock_struct);
    let module = ident(&api.module);
    let doc = format!(
        " The stubs of the operations of [`super::{}::{}`].",
        api.module, api.struct_name
    );
    let methods = api.operations.iter().map(|op| stub_method(op, &module));
    let errors = api.operations.iter().map(|op| mock_error(op, &module));
    quote! {
        #[doc = #doc]
        #cfg
        #[derive(Debug, Clone, Copy)]
        pub struct #mock<'a>(#[doc(hidden)] pub &'a datadog::MockServer);

        #cfg
        impl<'a> #mock<'a> {
            #(#methods)*
        }

        #(#cfg #errors)*
    }
}

/// One operation's stub: `list_users()`, typed by its body, success and error.
fn stub_method(op: &OperationIr, module: &proc_macro2::Ident) -> TokenStream {
    let method = ident(&op.method_name);
    let error = ident(&op.error_name);
    let models = quote! { model:: };
    let body = op
        .body
        .as_ref()
        .map(|b| type_tokens(&b.ty, &models))
        .unwrap_or_else(|| quote! { () });
    let success = op
        .success
        .as_ref()
        .map(|ty| type_tokens(ty, &models))
        .unwrap_or_else(|| quote! { () });
    let has_body = op.success.is_some();
    let id = op.id.to_string();
    let http_method = ident(op.http_method.as_str());
    let path = super::path_parts(&op.path);
    let status = Literal::u16_unsuffixed(success_status(op));
    let answers = match op.success.as_ref().and_then(TypeRef::named) {
        Some(name) => format!("a `model::{name}`"),
        None => "its status".to_string(),
    };
    let doc = format!(
        " Stubs `{} {}` (`{id}`): answers {answers}, or a `{}`.",
        op.http_method.as_str(),
        op.path.as_str(),
        op.error_name,
    );
    quote! {
        #[doc = #doc]
        #[inline]
        pub fn #method(&self) -> datadog::MockOperation<'a, #body, #success, super::#module::#error> {
            self.0.operation(#id, reqwest::Method::#http_method, #path, #status, #has_body)
        }
    }
}

/// The status a stub's success answers: the first success the spec documents (a `2XX` range
/// answers 200), or 200.
fn success_status(op: &OperationIr) -> u16 {
    op.responses
        .iter()
        .filter(|r| r.status.is_success())
        .find_map(|r| r.status.codes())
        .map(|codes| *codes.start())
        .unwrap_or(200)
}

/// `impl MockError for XxxError`: each documented error's status and body.
fn mock_error(op: &OperationIr, module: &proc_macro2::Ident) -> TokenStream {
    let error = ident(&op.error_name);
    let arms = op.errors.iter().map(|e| {
        let variant = ident(&e.variant);
        let status = Literal::u16_unsuffixed(match e.status {
            Status::Code(code) => code,
            Status::Range(class) => class * 100,
            Status::Default => 500,
        });
        match &e.ty {
            Some(_) => {
                quote! { Self::#variant(body) => (#status, Some(body)), }
            }
            None => quote! { Self::#variant => (#status, None), },
        }
    });
    // An operation without documented errors has an empty enum: only `*self` matches it.
    let scrutinee = if op.errors.is_empty() {
        quote! { *self }
    } else {
        quote! { self }
    };
    quote! {
        impl datadog::MockError for super::#module::#error {
            #[inline]
            fn mock_response(&self) -> (u16, Option<&dyn datadog::MockBody>) {
                match #scrutinee {
                    #(#arms)*
                }
            }
        }
    }
}

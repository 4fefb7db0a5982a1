//! APIs: one struct per tag with one async method per operation (plus `_with_http_info` and,
//! for paginated operations, `_with_pagination`), its `XxxOptionalParams` builder and its typed
//! `XxxError`. Each method only declares what differs; the runtime sends, retries and decodes.

use super::{doc_attrs, doc_examples, ident, module_doc, type_tokens};
use crate::ir::{ApiIr, BodyIr, BodyKind, ErrorCase, OperationIr, ParamLocation, Status, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub fn api_file(api: &ApiIr, version_module: &str) -> TokenStream {
    let module = format_ident!("{}", version_module);
    let doc = module_doc(&api_summary(api));
    let name = ident(&api.struct_name);
    let struct_doc = format!(" The {} API: one method per operation.", api.tag);
    let items = api.operations.iter().map(operation_items);
    let methods = api.operations.iter().map(|op| {
        let example = doc_examples::operation_example(op, api, version_module);
        operation_methods(op, example)
    });
    quote! {
        #doc
        #[allow(unused_imports)]
        use crate::datadog;
        #[allow(unused_imports)]
        use crate::#module::model;

        #(#items)*

        #[doc = #struct_doc]
        #[derive(Debug, Clone)]
        pub struct #name {
            client: datadog::Client,
        }

        impl Default for #name {
            #[inline]
            fn default() -> Self {
                Self::new()
            }
        }

        impl #name {
            /// Uses `datadog::Configuration::new()`: keys and site from the environment.
            #[inline]
            pub fn new() -> Self {
                Self::with_config(datadog::Configuration::new())
            }

            /// Uses the given configuration (keys, site or host, retries, unstable operations...).
            #[inline]
            pub fn with_config(config: datadog::Configuration) -> Self {
                Self { client: datadog::Client::new(config) }
            }

            /// Builds the HTTP client from the caller's `reqwest::ClientBuilder` (its proxy, TLS
            /// and other settings apply), with its redirect policy replaced by one that never
            /// leaves the configured origin, so the API keys cannot reach another server.
            #[inline]
            pub fn with_client_and_config(config: datadog::Configuration, client: reqwest::ClientBuilder) -> Self {
                Self { client: datadog::Client::with_http_client(config, client) }
            }

            /// A view of this API whose calls use `options` (timeout, retries, extra headers,
            /// unstable operations) over the configuration's: `api.with_options(options).get_x(...)`.
            /// It shares this API's client (connections, limits, keys, hooks), so it is cheap.
            #[inline]
            pub fn with_options(&self, options: datadog::CallOptions) -> Self {
                Self { client: self.client.with_options(options) }
            }

            #(#methods)*
        }
    }
}

/// The module's doc: a sentence that says what it holds, then the tag's description (when
/// lowering kept it: it says more than the tag's name).
fn api_summary(api: &ApiIr) -> String {
    let mut summary = format!(
        "The {} API: `{}`, with one method per operation, and the optional parameters and \
         error type of each. Enabled by the `{}` feature.",
        api.tag, api.struct_name, api.feature
    );
    if let Some(description) = &api.doc {
        summary.push_str("\n\n");
        summary.push_str(description);
    }
    summary
}

pub(super) fn model_type(ty: &TypeRef) -> TokenStream {
    type_tokens(ty, &quote! { model:: })
}

/// The OptionalParams struct and the error enum of one operation.
fn operation_items(op: &OperationIr) -> TokenStream {
    let optional = optional_params(op);
    let error = error_enum(op);
    quote! {
        #optional
        #error
    }
}

/// The `XxxOptionalParams` builder, when the operation has optional inputs.
fn optional_params(op: &OperationIr) -> TokenStream {
    if op.has_optional() {
        let name = ident(&op.optional_params_name);
        let doc = format!(" The optional parameters of `{}`.", op.method_name);
        let mut fields = Vec::new();
        let mut setters = Vec::new();
        for param in op.optional_params() {
            let field = ident(&param.name);
            let ty = model_type(&param.ty);
            let param_doc = doc_attrs(param.doc.as_deref());
            fields.push(quote! { #param_doc pub #field: Option<#ty>, });
            let setter_doc = format!(" Sets `{}`.", param.wire);
            setters.push(quote! {
                #[doc = #setter_doc]
                #[inline]
                pub fn #field(mut self, value: #ty) -> Self {
                    self.#field = Some(value);
                    self
                }
            });
        }
        if let Some(body) = op.body.as_ref().filter(|b| !b.required) {
            let ty = model_type(&body.ty);
            let body_doc = doc_attrs(body.doc.as_deref());
            fields.push(quote! { #body_doc pub body: Option<#ty>, });
            setters.push(quote! {
                /// Sets the request body.
                #[inline]
                pub fn body(mut self, value: #ty) -> Self {
                    self.body = Some(value);
                    self
                }
            });
        }
        quote! {
            #[doc = #doc]
            #[non_exhaustive]
            #[derive(Clone, Default, Debug)]
            pub struct #name {
                #(#fields)*
            }
            impl #name {
                #(#setters)*
            }
        }
    } else {
        quote! {}
    }
}

/// The `XxxError` enum of the documented error responses, and how a response selects one.
fn error_enum(op: &OperationIr) -> TokenStream {
    let error = ident(&op.error_name);
    let error_doc = format!(" The documented error responses of `{}`.", op.method_name);
    let variants = op.errors.iter().map(|e| {
        let variant = ident(&e.variant);
        let doc = doc_attrs(e.doc.as_deref());
        match &e.ty {
            Some(ty) => {
                let ty = model_type(ty);
                quote! { #doc #variant(#ty), }
            }
            None => quote! { #doc #variant, },
        }
    });
    // The value of an error case: its body decoded, or the bare variant.
    let decoded = |e: &ErrorCase| {
        let variant = ident(&e.variant);
        match &e.ty {
            Some(_) => quote! { Some(serde_json::from_slice(body).map(Self::#variant)) },
            None => quote! { Some(Ok(Self::#variant)) },
        }
    };
    // Exact codes first, then ranges (`4XX`): a code listed on its own wins over its range.
    let mut cases: Vec<&ErrorCase> = op.errors.iter().collect();
    cases.sort_by_key(|e| matches!(e.status, Status::Range(_)));
    let arms: Vec<TokenStream> = cases
        .into_iter()
        .filter_map(|e| {
            let codes = e.status.codes()?;
            let first = proc_macro2::Literal::u16_unsuffixed(*codes.start());
            let pattern = if codes.start() == codes.end() {
                quote! { #first }
            } else {
                let last = proc_macro2::Literal::u16_unsuffixed(*codes.end());
                quote! { #first..=#last }
            };
            let value = decoded(e);
            Some(quote! { #pattern => #value, })
        })
        .collect();
    // What any other status gives: the `default` response, or nothing.
    let otherwise = match op.errors.iter().find(|e| e.status == Status::Default) {
        Some(e) => decoded(e),
        None => quote! { None },
    };
    let unused_body = if op.errors.iter().all(|e| e.ty.is_none()) {
        quote! { let _ = body; }
    } else {
        quote! {}
    };
    let match_expr = if arms.is_empty() {
        quote! { let _ = status; #unused_body #otherwise }
    } else {
        quote! {
            #unused_body
            match status {
                #(#arms)*
                _ => #otherwise,
            }
        }
    };
    quote! {
        #[doc = #error_doc]
        #[non_exhaustive]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #error {
            #(#variants)*
        }

        impl datadog::OperationError for #error {
            #[inline]
            fn from_response(status: u16, body: &[u8]) -> Option<Result<Self, serde_json::Error>> {
                #match_expr
            }
        }
    }
}

/// The required arguments of an operation's methods (parameters, then the body), by name and
/// type.
pub(super) fn required_arguments(op: &OperationIr) -> Vec<(TokenStream, TokenStream)> {
    let params = op
        .required_params()
        .map(|param| (ident(&param.name), &param.ty));
    let body = op
        .body
        .iter()
        .filter(|b| b.required)
        .map(|body| (ident("body"), &body.ty));
    params
        .chain(body)
        .map(|(name, ty)| (quote! { #name }, model_type(ty)))
        .collect()
}

/// The arguments of an operation's methods, as declarations and as a call forwarding them.
fn arguments(op: &OperationIr) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut declared = Vec::new();
    let mut forwarded = Vec::new();
    for (name, ty) in required_arguments(op) {
        declared.push(quote! { #name: #ty });
        forwarded.push(name);
    }
    if op.has_optional() {
        let params = ident(&op.optional_params_name);
        declared.push(quote! { params: #params });
        forwarded.push(quote! { params });
    }
    (declared, forwarded)
}

/// An operation's methods; `example` is the `# Example` section of its doc.
fn operation_methods(op: &OperationIr, example: TokenStream) -> TokenStream {
    let method = ident(&op.method_name);
    let with_info = ident(&op.with_http_info_name);
    let error = ident(&op.error_name);
    let (declared, forwarded) = arguments(op);
    let success = match &op.success {
        Some(ty) => model_type(ty),
        None => quote! { () },
    };
    let mut doc_text = op.summary.clone().unwrap_or_default();
    if let Some(description) = &op.doc {
        if !doc_text.is_empty() {
            doc_text.push_str("\n\n");
        }
        doc_text.push_str(description);
    }
    let operation_name = op.id.to_string();
    if op.unstable {
        doc_text.push_str(&format!(
            "\n\nUnstable: enable it first with `configuration.set_unstable_operation_enabled(\"{operation_name}\", true)`."
        ));
    }
    let doc = doc_attrs(Some(&doc_text));
    // A deprecated operation warns its callers, but not our own methods that forward to it.
    let deprecated = if op.deprecated {
        quote! { #[deprecated] #[allow(deprecated)] }
    } else {
        quote! {}
    };
    let info_doc = format!(
        " Like [`Self::{}`], with the response's status and headers.",
        op.method_name
    );

    let request = request(op);
    let execute = match (&op.success, op.success_content().map(|c| c.kind)) {
        (None, _) => quote! { execute_empty },
        (Some(_), Some(BodyKind::Text)) => quote! { execute_text },
        (Some(_), Some(BodyKind::Binary)) => quote! { execute_bytes },
        (Some(_), _) => quote! { execute },
    };
    let pagination = op
        .pagination
        .as_ref()
        .zip(op.with_pagination_name.as_deref())
        .map(|(p, name)| super::pagination::pagination_method(op, p, name, &doc_text))
        .map(|method| quote! { #deprecated #method })
        .unwrap_or_default();
    // Plain `#[inline]` functions returning the runtime's `datadog::Call` future: no coroutine
    // per operation, and no code generated for the operations a user does not call.
    quote! {
        #doc
        #example
        #deprecated
        #[inline]
        pub fn #method(&self, #(#declared),*) -> datadog::Call<#success, #error> {
            self.#with_info(#(#forwarded),*).entity()
        }

        #[doc = #info_doc]
        #deprecated
        #[inline]
        pub fn #with_info(&self, #(#declared),*) -> datadog::Call<#success, #error, datadog::WithHttpInfo> {
            #request
            self.client.#execute(request)
        }

        #pagination
    }
}

/// The statements that build an operation's `datadog::Request` (in `request`).
fn request(op: &OperationIr) -> TokenStream {
    let operation_name = op.id.to_string();
    let http_method = ident(op.http_method.as_str());
    let path = super::path_parts(&op.path);
    let unstable = if op.unstable {
        quote! { .unstable() }
    } else {
        quote! {}
    };
    let params = op.params.iter().map(|p| {
        let wire = &p.wire;
        let name = ident(&p.name);
        let value = if p.required {
            quote! { &#name }
        } else {
            quote! { &params.#name }
        };
        match p.location {
            ParamLocation::Path => quote! { .path_param(#wire, #value) },
            ParamLocation::Header => quote! { .header(#wire, #value) },
            ParamLocation::Query => match &p.ty {
                TypeRef::Vec(_) => {
                    let explode = p.explode;
                    quote! { .query_array(#wire, #value, #explode) }
                }
                _ => quote! { .query(#wire, #value) },
            },
        }
    });
    let security = op.security.alternatives.iter().map(|alternative| {
        let schemes = alternative.scheme_names();
        quote! { &[#(#schemes),*] }
    });
    // A success that is not JSON is asked for by its media type.
    let accept = match op.success_content() {
        Some(content) if op.success.is_some() && content.kind != BodyKind::Json => {
            let media_type = &content.media_type;
            quote! { .accept(#media_type) }
        }
        _ => quote! {},
    };
    let body = op.body.as_ref().map(request_body).unwrap_or_default();
    quote! {
        let request = datadog::Request::new(reqwest::Method::#http_method, #operation_name, #path)
            #unstable
            #(#params)*
            #accept
            .security(&[#(#security),*]);
        #body
    }
}

/// The statement that puts the body on `request`: `body` (an argument) when it is required,
/// else `params.body` when set.
fn request_body(body: &BodyIr) -> TokenStream {
    let media_type = &body.content.media_type;
    // What sets the body, given `body`: by value for raw bytes, else the argument by
    // reference, or the reference into `params`.
    let reference = if body.required {
        quote! { &body }
    } else {
        quote! { body }
    };
    let set = match body.content.kind {
        BodyKind::Json => quote! { request.json_body(#reference) },
        BodyKind::Form => quote! { request.form_body(#reference) },
        BodyKind::Text | BodyKind::Binary => quote! { request.raw_body(#media_type, body) },
        BodyKind::Multipart => {
            let parts = body.parts.iter().map(|part| {
                let wire = &part.wire;
                let field = ident(&part.field);
                match &part.file {
                    Some(file_type) if part.repeated => {
                        let files = match part.presence.options() {
                            0 => quote! { body.#field.iter() },
                            1 => quote! { body.#field.iter().flatten() },
                            _ => quote! { body.#field.iter().flatten().flatten() },
                        };
                        quote! { .multipart_files(#wire, #file_type, #files.map(Vec::as_slice)) }
                    }
                    Some(file_type) => {
                        let data = match part.presence.options() {
                            0 => quote! { Some(body.#field.as_slice()) },
                            1 => quote! { body.#field.as_deref() },
                            _ => quote! { body.#field.as_ref().and_then(|file| file.as_deref()) },
                        };
                        quote! { .multipart_file(#wire, #file_type, #data) }
                    }
                    None => quote! { .multipart_text(#wire, &body.#field) },
                }
            });
            // A map's entries, or a struct's properties the spec does not declare.
            let entries = if body.form_entries {
                reference.clone()
            } else {
                quote! { &body.additional_properties }
            };
            quote! { request.multipart() #(#parts)* .multipart_entries(#entries) }
        }
    };
    let by_value = matches!(body.content.kind, BodyKind::Text | BodyKind::Binary);
    match (body.required, by_value) {
        (true, _) => quote! { let request = #set; },
        (false, true) => quote! {
            let request = match params.body {
                Some(body) => #set,
                None => request,
            };
        },
        (false, false) => quote! {
            let request = match &params.body {
                Some(body) => #set,
                None => request,
            };
        },
    }
}

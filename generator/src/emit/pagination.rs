//! The `_with_pagination` method of a paginated operation: a `Stream` of the items of every
//! page, which the runtime's `paginate_by_page_number` or `paginate_by_cursor` drives with
//! three closures written here: one that sets the page or cursor of the next request, one
//! that calls the operation, and one that takes the items (and the total or the next cursor)
//! out of a response.

use super::apis::{model_type, required_arguments};
use super::{doc_attrs, ident, type_tokens};
use crate::ir::{BodyIr, CursorTarget, OperationIr, PageCount, Pagination, Step, Total, TypeRef};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// The `_with_pagination` method `name` of `op`; `doc_text` is the operation's doc.
pub(super) fn pagination_method(
    op: &OperationIr,
    pagination: &Pagination,
    name: &str,
    doc_text: &str,
) -> TokenStream {
    let stream = StreamMethod::new(op, pagination, name, doc_text);
    match pagination {
        Pagination::PageNumber {
            size_param,
            page_param,
            page_ty,
            default_size,
            counts,
            results,
            total,
            ..
        } => {
            let size = PageSize::new(size_param, *default_size);
            let set_page = set_page(&stream.params_ty, page_param, page_ty, counts);
            let extract = stream.extract(results, total_of_page(total.as_ref()));
            page_number_method(op, &stream, size, set_page, extract)
        }
        Pagination::Cursor {
            target,
            results,
            cursor,
            ..
        } => {
            let next = borrow_path(cursor);
            let extract = stream.extract(results, quote! { #next.cloned() });
            match target {
                CursorTarget::Body(steps) => body_cursor_method(op, &stream, steps, extract),
                CursorTarget::Param(param) => param_cursor_method(op, &stream, param, extract),
            }
        }
    }
}

/// What every kind of `_with_pagination` method names: itself, its doc, the operation's
/// method, error and optional parameters, and the types of a response and of an item.
struct StreamMethod {
    name: Ident,
    doc: TokenStream,
    method: Ident,
    error: Ident,
    params_ty: Ident,
    success: TokenStream,
    item: TokenStream,
}

impl StreamMethod {
    fn new(op: &OperationIr, pagination: &Pagination, name: &str, doc_text: &str) -> Self {
        let (Pagination::PageNumber { item, .. } | Pagination::Cursor { item, .. }) = pagination;
        StreamMethod {
            name: ident(name),
            doc: pagination_doc(pagination, doc_text),
            method: ident(&op.method_name),
            error: ident(&op.error_name),
            params_ty: ident(&op.optional_params_name),
            success: model_type(
                op.success
                    .as_ref()
                    .expect("paginated operations have a body"),
            ),
            item: model_type(item),
        }
    }

    /// The method, taking `arguments`, whose `body` returns the stream of items (or of the
    /// operation's error).
    fn method(&self, arguments: &[TokenStream], body: TokenStream) -> TokenStream {
        let StreamMethod {
            name,
            doc,
            error,
            item,
            ..
        } = self;
        quote! {
            #doc
            #[inline]
            pub fn #name(&self, #(#arguments),*) -> impl futures_util::Stream<Item = Result<#item, datadog::Error<#error>>> + '_ {
                #body
            }
        }
    }

    /// The closure that calls the operation for one page, with the optional parameters of
    /// that page after copies of the other arguments.
    fn call_with_params(&self, forwarded: &[TokenStream]) -> TokenStream {
        let (method, params_ty) = (&self.method, &self.params_ty);
        quote! { move |params: #params_ty| self.#method(#(#forwarded,)* params) }
    }

    /// The closure that takes a response's items, and `next` (the total, or the next cursor).
    fn extract(&self, results: &[Step], next: TokenStream) -> TokenStream {
        let success = &self.success;
        let items = borrow_path(results);
        quote! { |response: #success| (#items.cloned().unwrap_or_default(), #next) }
    }
}

/// The required arguments, declared, and copied into the call of each page.
fn copied_arguments(op: &OperationIr) -> (Vec<TokenStream>, Vec<TokenStream>) {
    required_arguments(op)
        .into_iter()
        .map(|(name, ty)| (quote! { #name: #ty }, quote! { #name.clone() }))
        .unzip()
}

/// A stream of numbered pages (or offsets): `paginate_by_page_number`.
fn page_number_method(
    op: &OperationIr,
    stream: &StreamMethod,
    size: PageSize,
    set_page: TokenStream,
    extract: TokenStream,
) -> TokenStream {
    let PageSize { statement, binding } = size;
    let params_ty = &stream.params_ty;
    let (mut declared, forwarded) = copied_arguments(op);
    declared.push(quote! { #binding: #params_ty });
    let call = stream.call_with_params(&forwarded);
    stream.method(
        &declared,
        quote! {
            #statement
            datadog::paginate_by_page_number(params, page_size, #set_page, #call, #extract,)
        },
    )
}

/// How a page-number method reads its page size: the statement that binds `page_size`, and
/// the binding of its `params` argument (`mut` when the spec's default size is set in it).
struct PageSize {
    statement: TokenStream,
    binding: TokenStream,
}

impl PageSize {
    fn new(size_param: &str, default_size: Option<i64>) -> Self {
        let size = ident(size_param);
        match default_size {
            Some(default) => {
                let default = proc_macro2::Literal::i64_unsuffixed(default);
                PageSize {
                    statement: quote! { let page_size = *params.#size.get_or_insert(#default) as usize; },
                    binding: quote! { mut params },
                }
            }
            None => PageSize {
                statement: quote! { let page_size = params.#size.map(|size| size as usize).unwrap_or(0); },
                binding: quote! { params },
            },
        }
    }
}

/// The closure that sets the page parameter of the next request from the runtime's page
/// number (counted from 0): shifted to the spec's first page, or times the page size for an
/// offset (the only one that needs `page_size` inside the closure).
fn set_page(
    params_ty: &Ident,
    page_param: &str,
    page_ty: &TypeRef,
    counts: &PageCount,
) -> TokenStream {
    let page = ident(page_param);
    let page_ty = type_tokens(page_ty, &quote! {});
    let (capture, value) = match counts {
        PageCount::Pages { first: 0 } => (quote! {}, quote! { page }),
        PageCount::Pages { first } => {
            let first =
                proc_macro2::Literal::usize_unsuffixed(usize::try_from(*first).unwrap_or(0));
            (quote! {}, quote! { (page + #first) })
        }
        PageCount::Items => (quote! { move }, quote! { (page * page_size) }),
    };
    quote! {
        #capture |params: &mut #params_ty, page: usize| params.#page = Some(#value as #page_ty)
    }
}

/// The total number of items a response gives, as an `Option<i64>`.
fn total_of_page(total: Option<&Total>) -> TokenStream {
    let Some(total) = total else {
        return quote! { None };
    };
    let path = borrow_path(&total.steps);
    match total.ty {
        TypeRef::I64 => quote! { #path.copied() },
        _ => quote! { #path.copied().map(i64::from) },
    }
}

/// A stream whose cursor goes into an optional parameter: `paginate_by_cursor` over the
/// optional parameters.
fn param_cursor_method(
    op: &OperationIr,
    stream: &StreamMethod,
    cursor_param: &str,
    extract: TokenStream,
) -> TokenStream {
    let params_ty = &stream.params_ty;
    let cursor_field = ident(cursor_param);
    let (mut declared, forwarded) = copied_arguments(op);
    declared.push(quote! { params: #params_ty });
    let call = stream.call_with_params(&forwarded);
    stream.method(
        &declared,
        quote! {
            datadog::paginate_by_cursor(
                params,
                |params: &mut #params_ty, cursor: String| params.#cursor_field = Some(cursor),
                #call,
                #extract,
            )
        },
    )
}

/// A `_with_pagination` method whose cursor goes into the request body. The stream's state
/// is what carries the body: the body argument (with the optional parameters, if any), or
/// the optional parameters holding it. Before each later page, the cursor is set in it,
/// creating each absent object on the way (they derive `Default`).
fn body_cursor_method(
    op: &OperationIr,
    stream: &StreamMethod,
    steps: &[Step],
    extract: TokenStream,
) -> TokenStream {
    let Some(body) = &op.body else {
        return quote! {};
    };
    let method = &stream.method;
    let state = CursorState::new(op, body, &stream.params_ty);
    let CursorState {
        init,
        ty,
        pattern,
        body_of_state,
        ..
    } = &state;
    let (declared, call_args) = state.arguments(op);
    let set_cursor = set_cursor(steps);
    stream.method(
        &declared,
        quote! {
            datadog::paginate_by_cursor(
                #init,
                |state: &mut #ty, cursor: String| {
                    let target = #body_of_state;
                    #set_cursor
                },
                move |#pattern: #ty| self.#method(#(#call_args),*),
                #extract,
            )
        },
    )
}

/// The state of a body-cursor stream: its first value, its type, how the call takes it
/// apart, and where the body is in it.
struct CursorState {
    init: TokenStream,
    ty: TokenStream,
    pattern: TokenStream,
    body_of_state: TokenStream,
    /// The body's type when it is an argument of its own (else it is in the optional
    /// parameters).
    body_argument: Option<TokenStream>,
    /// The operation takes optional parameters.
    has_params: bool,
}

impl CursorState {
    fn new(op: &OperationIr, body: &BodyIr, params_ty: &Ident) -> Self {
        let body_ty = model_type(&body.ty);
        let has_params = op.has_optional();
        let (init, ty, pattern, body_of_state) = match (body.required, has_params) {
            (true, true) => (
                quote! { (body, params) },
                quote! { (#body_ty, #params_ty) },
                quote! { (body, params) },
                quote! { &mut state.0 },
            ),
            (true, false) => (
                quote! { body },
                quote! { #body_ty },
                quote! { body },
                quote! { state },
            ),
            (false, _) => (
                quote! { params },
                quote! { #params_ty },
                quote! { params },
                quote! { state.body.get_or_insert_with(Default::default) },
            ),
        };
        CursorState {
            init,
            ty,
            pattern,
            body_of_state,
            body_argument: body.required.then_some(body_ty),
            has_params,
        }
    }

    /// The method's arguments, declared, and as the call of each page passes them: the
    /// required parameters (copied), then the body and the optional parameters (moved out of
    /// the state).
    fn arguments(&self, op: &OperationIr) -> (Vec<TokenStream>, Vec<TokenStream>) {
        let (mut declared, mut call_args): (Vec<TokenStream>, Vec<TokenStream>) = op
            .required_params()
            .map(|param| {
                let (name, ty) = (ident(&param.name), model_type(&param.ty));
                (quote! { #name: #ty }, quote! { #name.clone() })
            })
            .unzip();
        if let Some(body_ty) = &self.body_argument {
            declared.push(quote! { body: #body_ty });
            call_args.push(quote! { body });
        }
        if self.has_params {
            let params_ty = ident(&op.optional_params_name);
            declared.push(quote! { params: #params_ty });
            call_args.push(quote! { params });
        }
        (declared, call_args)
    }
}

/// The statements that set the cursor at `steps` inside `target` (the body), creating each
/// absent object on the way.
fn set_cursor(steps: &[Step]) -> TokenStream {
    let (last, walk) = steps
        .split_last()
        .expect("lowering gives at least one step");
    let walk = walk.iter().map(|step| {
        let field = ident(&step.field);
        match step.presence.options() {
            0 => quote! { let target = &mut target.#field; },
            1 => quote! { let target = target.#field.get_or_insert_with(Default::default); },
            _ => quote! {
                let target = target.#field.get_or_insert_with(Default::default).get_or_insert_with(Default::default);
            },
        }
    });
    let cursor_field = ident(&last.field);
    let value = match last.presence.options() {
        0 => quote! { cursor },
        1 => quote! { Some(cursor) },
        _ => quote! { Some(Some(cursor)) },
    };
    quote! {
        #(#walk)*
        target.#cursor_field = #value;
    }
}

/// `response.a.b` as a chain over references ending in `Option<&T>` (a boxed field derefs
/// through field access).
fn borrow_path(steps: &[Step]) -> TokenStream {
    let mut expr = quote! { Some(&response) };
    for step in steps {
        let field = ident(&step.field);
        expr = match step.presence.options() {
            0 => quote! { #expr.map(|v| &v.#field) },
            1 => quote! { #expr.and_then(|v| v.#field.as_ref()) },
            _ => quote! { #expr.and_then(|v| v.#field.as_ref()).and_then(|v| v.as_ref()) },
        };
    }
    expr
}

/// The doc of a `_with_pagination` method: the operation's, and how the stream ends.
fn pagination_doc(pagination: &Pagination, doc_text: &str) -> TokenStream {
    let mut doc = format!(
        "{doc_text}\n\nReturns the items of every page as a stream; the next page is requested only when the stream is polled past the items already received."
    );
    if matches!(
        pagination,
        Pagination::PageNumber {
            default_size: None,
            counts: PageCount::Pages { first: 0 },
            ..
        }
    ) {
        doc.push_str(" Pages are counted from 0. The stream ends at the first page shorter than the page size (the first page's length when no page size is set), or empty. A page that repeats an earlier one (the server ignores the page number) ends it with `datadog::Error::Pagination`.");
    }
    doc_attrs(Some(&doc))
}

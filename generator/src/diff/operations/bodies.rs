//! The request body and the responses of an operation: added, removed, required, status
//! codes, and their JSON schemas, walked with the direction they travel in.

use super::Pair;
use crate::diff::classify;
use crate::diff::rust::{method, render, Slot, SlotPair};
use crate::diff::schema::{Scope, Walker};
use crate::diff::Change;
use crate::error::Pointer;
use crate::ir::{ApiIr, BodyIr, Content, OperationIr, SchemaUse, Status};

/// The schema of a body's JSON content (the media type lowering chose: the one rule of what
/// is JSON), as lowering recorded it, and where it is.
fn json_schema(content: Option<&Content>) -> Option<(&SchemaUse, Pointer)> {
    let content = content?;
    Some((&content.schema, content.schema_at.clone()))
}

/// One response of one side.
struct ResponseRef<'v> {
    status: Status,
    description: Option<&'v str>,
    at: Pointer,
    content: Option<&'v Content>,
}

impl<'v> Pair<'_, 'v> {
    /// The request body as lowering read it (its `$ref` followed), and where it is.
    fn body(op: &super::OpRef<'v>) -> Option<(&'v BodyIr, Pointer)> {
        let body = op.ir.1.body.as_ref()?;
        Some((body, body.at.clone()))
    }

    fn body_holder(
        ir: Option<(&'v ApiIr, &'v OperationIr)>,
    ) -> Option<(String, &'v crate::ir::BodyIr)> {
        let (api, op) = ir?;
        let body = op.body.as_ref()?;
        let holder = if body.required {
            format!("argument `body` of `{}`", method(api, op))
        } else {
            format!("`{}::body`", op.optional_params_name)
        };
        Some((holder, body))
    }

    pub(super) fn request_body(&self, w: &mut Walker) {
        let ob = Self::body(self.o);
        let nb = Self::body(self.n);
        let required = |b: &BodyIr| b.required;
        match (ob, nb) {
            (None, None) => {}
            (None, Some((b, at))) => {
                let note = Self::body_holder(self.n_ir).and_then(|(_, body)| {
                    if body.required {
                        Some(format!(
                            "`{}` takes a new argument `body: {}`",
                            self.n_method(),
                            render(&body.ty)
                        ))
                    } else {
                        self.new_params_argument()
                    }
                });
                let what = if required(b) { ", required" } else { "" };
                w.push(
                    Change::new(
                        "request-body-added",
                        at,
                        format!("request body added{what}"),
                    )
                    .wire(classify::request_body_added(required(b)))
                    .rust(note),
                );
            }
            (Some((_, at)), None) => {
                let note =
                    Self::body_holder(self.o_ir).map(|(holder, _)| format!("{holder} removed"));
                w.push(Change::new("request-body-removed", at, "request body removed").rust(note));
            }
            (Some((ob, oat)), Some((nb, nat))) => {
                let old_holder = Self::body_holder(self.o_ir);
                let new_holder = Self::body_holder(self.n_ir);
                if required(ob) != required(nb) {
                    let note = match (&old_holder, &new_holder) {
                        (Some((a, x)), Some((b, y))) if x.required != y.required => {
                            Some(format!("`body` moves from {a} to {b}"))
                        }
                        _ => None,
                    };
                    let (kind, what) = if required(nb) {
                        ("request-body-became-required", "became required")
                    } else {
                        ("request-body-became-optional", "became optional")
                    };
                    w.push(
                        Change::new(kind, &nat, format!("the request body {what}"))
                            .wire(required(nb))
                            .rust(note),
                    );
                }
                w.description(
                    "the request body",
                    (ob.doc.as_deref(), &oat),
                    (nb.doc.as_deref(), &nat),
                );
                let content = |ir: Option<(&'v ApiIr, &'v OperationIr)>| {
                    ir.and_then(|(_, op)| op.body.as_ref()).map(|b| &b.content)
                };
                if let (Some((os, _)), Some((ns, _))) = (
                    json_schema(content(self.o_ir)),
                    json_schema(content(self.n_ir)),
                ) {
                    let slots = SlotPair::new(
                        old_holder.map(|(h, b)| Slot::plain(&b.ty, h)),
                        new_holder.map(|(h, b)| Slot::plain(&b.ty, h)),
                    );
                    w.compare(&Scope::Request, "", os, ns, &slots);
                }
            }
        }
    }

    /// The responses of an operation as lowering read them (`default` first, as the
    /// changelog has always listed it).
    fn response_list(op: &super::OpRef<'v>) -> Vec<ResponseRef<'v>> {
        let mut list: Vec<ResponseRef> = op
            .ir
            .1
            .responses
            .iter()
            .map(|r| ResponseRef {
                status: r.status,
                description: r.description.as_deref(),
                at: r.at.clone(),
                content: r.content.as_ref(),
            })
            .collect();
        list.sort_by_key(|r| r.status != Status::Default);
        list
    }

    /// The Rust slot of a response body: the return type, or an error variant.
    fn response_slot(ir: Option<(&'v ApiIr, &'v OperationIr)>, status: Status) -> Option<Slot> {
        let (api, op) = ir?;
        if status.is_success() {
            return op
                .success
                .as_ref()
                .map(|ty| Slot::plain(ty, format!("the return type of `{}`", method(api, op))));
        }
        let case = op.errors.iter().find(|e| e.status == status)?;
        case.ty
            .as_ref()
            .map(|ty| Slot::plain(ty, format!("variant `{}::{}`", op.error_name, case.variant)))
    }

    fn error_variant(ir: Option<(&'v ApiIr, &'v OperationIr)>, status: Status) -> Option<String> {
        let (_, op) = ir?;
        let case = op.errors.iter().find(|e| e.status == status)?;
        Some(format!("{}::{}", op.error_name, case.variant))
    }

    /// The Rust note for a body added to (`added`) or removed from a response.
    fn body_note(&self, status: Status, added: bool) -> Option<String> {
        let (slot, method) = if added {
            (Self::response_slot(self.n_ir, status), self.n_method())
        } else {
            (Self::response_slot(self.o_ir, status), self.o_method())
        };
        let slot = slot?;
        Some(match (status.is_success(), added) {
            (true, true) => format!("`{method}` returns `{}` instead of `()`", slot.shown),
            (true, false) => format!("`{method}` returns `()` instead of `{}`", slot.shown),
            (false, true) => format!("{} now holds a `{}`", slot.what, slot.shown),
            (false, false) => format!("{} no longer holds a value", slot.what),
        })
    }

    fn responses_compare(
        &self,
        w: &mut Walker,
        o: &ResponseRef<'v>,
        n: &ResponseRef<'v>,
        same_status: bool,
    ) {
        let status = n.status;
        let subject = format!("the `{status}` response");
        if same_status {
            w.description(&subject, (o.description, &o.at), (n.description, &n.at));
        }
        match (json_schema(o.content), json_schema(n.content)) {
            (None, Some((_, at))) => w.push(
                Change::new(
                    "response-body-added",
                    at,
                    format!("body added to {subject}"),
                )
                .rust(self.body_note(status, true)),
            ),
            (Some((_, at)), None) => w.push(
                Change::new(
                    "response-body-removed",
                    at,
                    format!("body removed from {subject}"),
                )
                .wire(classify::response_body_removed(status))
                .rust(self.body_note(status, false)),
            ),
            (Some((os, _)), Some((ns, _))) => {
                let slots = SlotPair::new(
                    Self::response_slot(self.o_ir, status),
                    Self::response_slot(self.n_ir, status),
                );
                w.compare(&Scope::Response(status), "", os, ns, &slots);
            }
            (None, None) => {}
        }
    }

    pub(super) fn responses(&self, w: &mut Walker) {
        let olds = Self::response_list(self.o);
        let news = Self::response_list(self.n);
        for o in &olds {
            if !news.iter().any(|n| n.status == o.status) {
                let note = if o.status.is_success() {
                    None
                } else {
                    Self::error_variant(self.o_ir, o.status)
                        .map(|v| format!("variant `{v}` removed"))
                };
                w.push(
                    Change::new(
                        "response-status-removed",
                        &o.at,
                        format!("`{}` response removed", o.status),
                    )
                    .wire(classify::response_status_removed(o.status))
                    .rust(note),
                );
            }
        }
        for n in &news {
            if !olds.iter().any(|o| o.status == n.status) {
                w.push(Change::new(
                    "response-status-added",
                    &n.at,
                    format!("`{}` response added", n.status),
                ));
            }
        }
        for o in &olds {
            if let Some(n) = news.iter().find(|n| n.status == o.status) {
                self.responses_compare(w, o, n, true);
            }
        }
        // The success status changed (200 -> 201): compare the success bodies all the same.
        let success = |list: &'_ [ResponseRef<'v>]| list.iter().position(|r| r.status.is_success());
        let shared_success = olds
            .iter()
            .any(|o| o.status.is_success() && news.iter().any(|n| n.status == o.status));
        if let (false, Some(i), Some(j)) = (shared_success, success(&olds), success(&news)) {
            self.responses_compare(w, &olds[i], &news[j], false);
        }
    }
}

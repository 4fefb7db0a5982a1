//! The request body and the responses of an operation: added, removed, required, status
//! codes, and their JSON schemas, walked with the direction they travel in.

use super::Pair;
use crate::diff::classify;
use crate::diff::rust::{method, render, Slot, SlotPair};
use crate::diff::schema::{Scope, Walker};
use crate::diff::side::Side;
use crate::diff::Change;
use crate::error::Pointer;
use crate::ir::{ApiIr, OperationIr};
use serde_json::Value;

/// A JSON request or response body's schema.
fn json_schema<'v>(value: &'v Value, at: &Pointer) -> Option<(&'v Value, Pointer)> {
    let content = value.get("content")?.as_object()?;
    let (media, entry) = content
        .iter()
        .find(|(k, _)| k.as_str() == "application/json" || k.ends_with("+json"))?;
    Some((
        entry.get("schema")?,
        at.join("content").join(media).join("schema"),
    ))
}

impl<'v> Pair<'_, 'v> {
    fn body(side: &'v Side<'v>, op: &super::OpRef<'v>) -> Option<(&'v Value, Pointer)> {
        let value = op.value.get("requestBody")?;
        let (value, at) = side.resolve(value, op.at.join("requestBody"));
        Some((value, at))
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
        let ob = Self::body(self.old, self.o);
        let nb = Self::body(self.new, self.n);
        let required = |b: &Value| b.get("required").and_then(Value::as_bool).unwrap_or(false);
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
                w.description("the request body", ob, &oat, nb, &nat);
                if let (Some(os), Some(ns)) = (json_schema(ob, &oat), json_schema(nb, &nat)) {
                    let slots = SlotPair::new(
                        old_holder.map(|(h, b)| Slot::plain(&b.ty, h)),
                        new_holder.map(|(h, b)| Slot::plain(&b.ty, h)),
                    );
                    w.compare(&Scope::Request, "", os, ns, &slots);
                }
            }
        }
    }

    fn response_list(
        side: &'v Side<'v>,
        op: &super::OpRef<'v>,
    ) -> Vec<(String, &'v Value, Pointer)> {
        op.value
            .get("responses")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(status, r)| {
                let (value, at) = side.resolve(r, op.at.join("responses").join(status));
                (status.clone(), value, at)
            })
            .collect()
    }

    /// The Rust slot of a response body: the return type, or an error variant.
    fn response_slot(ir: Option<(&'v ApiIr, &'v OperationIr)>, status: &str) -> Option<Slot> {
        let (api, op) = ir?;
        if classify::is_success(status) {
            return op
                .success
                .as_ref()
                .map(|ty| Slot::plain(ty, format!("the return type of `{}`", method(api, op))));
        }
        let case = op.errors.iter().find(|e| e.status.to_string() == status)?;
        case.ty
            .as_ref()
            .map(|ty| Slot::plain(ty, format!("variant `{}::{}`", op.error_name, case.variant)))
    }

    fn error_variant(ir: Option<(&'v ApiIr, &'v OperationIr)>, status: &str) -> Option<String> {
        let (_, op) = ir?;
        let case = op.errors.iter().find(|e| e.status.to_string() == status)?;
        Some(format!("{}::{}", op.error_name, case.variant))
    }

    fn responses_compare(
        &self,
        w: &mut Walker,
        status: &str,
        (ov, oat): (&'v Value, &Pointer),
        (nv, nat): (&'v Value, &Pointer),
        same_status: bool,
    ) {
        let subject = format!("the `{status}` response");
        if same_status {
            w.description(&subject, ov, oat, nv, nat);
        }
        let old_slot = Self::response_slot(self.o_ir, status);
        let new_slot = Self::response_slot(self.n_ir, status);
        match (json_schema(ov, oat), json_schema(nv, nat)) {
            (None, Some((_, at))) => {
                let note = if classify::is_success(status) {
                    new_slot.as_ref().map(|s| {
                        format!(
                            "`{}` returns `{}` instead of `()`",
                            self.n_method(),
                            s.shown
                        )
                    })
                } else {
                    new_slot
                        .as_ref()
                        .map(|s| format!("{} now holds a `{}`", s.what, s.shown))
                };
                w.push(
                    Change::new(
                        "response-body-added",
                        at,
                        format!("body added to {subject}"),
                    )
                    .rust(note),
                );
            }
            (Some((_, at)), None) => {
                let note = if classify::is_success(status) {
                    old_slot.as_ref().map(|s| {
                        format!(
                            "`{}` returns `()` instead of `{}`",
                            self.o_method(),
                            s.shown
                        )
                    })
                } else {
                    old_slot
                        .as_ref()
                        .map(|s| format!("{} no longer holds a value", s.what))
                };
                w.push(
                    Change::new(
                        "response-body-removed",
                        at,
                        format!("body removed from {subject}"),
                    )
                    .wire(classify::response_body_removed(status))
                    .rust(note),
                );
            }
            (Some(os), Some(ns)) => {
                w.compare(
                    &Scope::Response(status.to_string()),
                    "",
                    os,
                    ns,
                    &SlotPair::new(old_slot, new_slot),
                );
            }
            (None, None) => {}
        }
    }

    pub(super) fn responses(&self, w: &mut Walker) {
        let olds = Self::response_list(self.old, self.o);
        let news = Self::response_list(self.new, self.n);
        for (status, _, at) in &olds {
            if !news.iter().any(|(s, _, _)| s == status) {
                let note = if classify::is_success(status) {
                    None
                } else {
                    Self::error_variant(self.o_ir, status).map(|v| format!("variant `{v}` removed"))
                };
                w.push(
                    Change::new(
                        "response-status-removed",
                        at,
                        format!("`{status}` response removed"),
                    )
                    .wire(classify::response_status_removed(status))
                    .rust(note),
                );
            }
        }
        for (status, _, at) in &news {
            if !olds.iter().any(|(s, _, _)| s == status) {
                w.push(Change::new(
                    "response-status-added",
                    at,
                    format!("`{status}` response added"),
                ));
            }
        }
        for (status, ov, oat) in &olds {
            if let Some((_, nv, nat)) = news.iter().find(|(s, _, _)| s == status) {
                self.responses_compare(w, status, (ov, oat), (nv, nat), true);
            }
        }
        // The success status changed (200 -> 201): compare the success bodies all the same.
        let success = |list: &[(String, &'v Value, Pointer)]| {
            list.iter()
                .find(|(s, _, _)| classify::is_success(s))
                .cloned()
        };
        let shared_success = olds
            .iter()
            .any(|(s, _, _)| classify::is_success(s) && news.iter().any(|(t, _, _)| t == s));
        if let (false, Some((_, ov, oat)), Some((status, nv, nat))) =
            (shared_success, success(&olds), success(&news))
        {
            self.responses_compare(w, &status, (ov, &oat), (nv, &nat), false);
        }
    }
}

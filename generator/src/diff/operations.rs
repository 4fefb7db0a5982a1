//! Operations: paired by path and method (path parameter names aside), then by operationId;
//! for each pair, the path, method, operationId, tag, flags, security (and its OAuth2
//! scopes), servers, parameters, request body, responses and pagination are compared, all as
//! lowering read them (the IR).

mod bodies;
mod parameters;
mod security;
mod servers;

use super::classify;
use super::rust::{method, render};
use super::schema::Walker;
use super::side::Side;
use super::{Change, OperationStatus, Order, Section, TextChange};
use crate::error::Pointer;
use crate::ir::{ApiIr, HttpMethod, OperationIr, PathTemplate};
use std::collections::BTreeMap;

/// One operation of one side, as lowering read it (the IR).
pub(crate) struct OpRef<'v> {
    pub path: String,
    pub template: &'v PathTemplate,
    pub method: HttpMethod,
    pub at: Pointer,
    /// The spec's operationId ("" when it has none).
    pub id: String,
    pub tag: String,
    pub ir: (&'v ApiIr, &'v OperationIr),
}

impl OpRef<'_> {
    /// `POST /api/v2/users`.
    pub fn display(&self) -> String {
        format!("{} {}", self.method.as_str(), self.path)
    }

    fn deprecated(&self) -> bool {
        self.ir.1.deprecated
    }

    fn op(&self) -> &OperationIr {
        self.ir.1
    }

    fn sort_key(&self) -> String {
        format!("{}\u{0}{}", self.path, self.method as usize)
    }

    /// The context every change of this operation carries.
    pub fn context(&self, version: &str, status: OperationStatus, mut change: Change) -> Change {
        change.version = version.to_string();
        change.api = Some(self.tag.clone());
        change.operation = Some(self.display());
        change.operation_id = Some(self.id.clone());
        change.qualified_id = Some(self.op().id.clone());
        change.order = Order {
            section: Section::Api,
            api: self.tag.clone(),
            status,
            operation: self.sort_key(),
            ..Order::default()
        };
        change
    }
}

/// The operations of a side, in path and method order.
pub(crate) fn list<'v>(side: &'v Side) -> Vec<OpRef<'v>> {
    let mut ops: Vec<OpRef> = side
        .ir
        .ir
        .apis
        .iter()
        .flat_map(|api| api.operations.iter().map(move |op| (api, op)))
        .map(|(api, op)| OpRef {
            path: op.path.to_string(),
            template: &op.path,
            method: op.http_method,
            at: op.at.clone(),
            id: op.operation_id.clone().unwrap_or_default(),
            tag: api.tag.clone(),
            ir: (api, op),
        })
        .collect();
    ops.sort_by(|a, b| (&a.path, a.method).cmp(&(&b.path, b.method)));
    ops
}

/// The operations of one side only: all added, or all removed.
pub(crate) fn alone(side: &Side, added: bool) -> Vec<Change> {
    list(side)
        .iter()
        .map(|op| {
            if added {
                op_added(side, op)
            } else {
                op_removed(side, op)
            }
        })
        .collect()
}

fn op_added(side: &Side, op: &OpRef) -> Change {
    let summary = op
        .op()
        .summary
        .as_ref()
        .map(|s| format!(": {s}"))
        .unwrap_or_default();
    let change = Change::new(
        "operation-added",
        &op.at,
        format!("operation `{}` (`{}`) added{summary}", op.display(), op.id),
    );
    op.context(side.name(), OperationStatus::Added, change)
}

fn op_removed(side: &Side, op: &OpRef) -> Change {
    let note = Some(format!("method `{}` removed", method(op.ir.0, op.ir.1)));
    let deprecated = if op.deprecated() {
        " (it was deprecated)"
    } else {
        ""
    };
    let change = Change::new(
        "operation-removed",
        &op.at,
        format!(
            "operation `{}` (`{}`) removed{deprecated}",
            op.display(),
            op.id
        ),
    )
    .wire(classify::operation_removed(op.deprecated()))
    .rust(note);
    op.context(side.name(), OperationStatus::Removed, change)
}

/// Compares the operations of two versions.
pub(crate) fn compare(
    old: &Side,
    new: &Side,
    schema_renames: &BTreeMap<String, String>,
    type_renames: &BTreeMap<String, String>,
) -> Vec<Change> {
    let olds = list(old);
    let news = list(new);
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut new_used = vec![false; news.len()];
    let mut old_used = vec![false; olds.len()];
    let mut pair_by = |same: &dyn Fn(&OpRef, &OpRef) -> bool, old_used: &mut Vec<bool>| {
        for (i, o) in olds.iter().enumerate() {
            if old_used[i] {
                continue;
            }
            if let Some(j) = (0..news.len()).find(|&j| !new_used[j] && same(o, &news[j])) {
                old_used[i] = true;
                new_used[j] = true;
                pairs.push((i, j));
            }
        }
    };
    pair_by(
        &|o, n| o.method == n.method && o.template.shape() == n.template.shape(),
        &mut old_used,
    );
    pair_by(&|o, n| !o.id.is_empty() && o.id == n.id, &mut old_used);

    let mut changes = Vec::new();
    for (i, o) in olds.iter().enumerate() {
        if !old_used[i] {
            changes.push(op_removed(old, o));
        }
    }
    for (j, n) in news.iter().enumerate() {
        if !new_used[j] {
            changes.push(op_added(new, n));
        }
    }
    for (i, j) in pairs {
        let mut walker = Walker::new(old, new, schema_renames, type_renames);
        Pair::new(&olds[i], &news[j], old, new).compare(&mut walker);
        changes.extend(
            walker
                .out
                .into_iter()
                .map(|c| news[j].context(new.name(), OperationStatus::Changed, c)),
        );
    }
    changes
}

/// One operation on both sides, with its IR when lowering produced one.
struct Pair<'p, 'v> {
    o: &'p OpRef<'v>,
    n: &'p OpRef<'v>,
    old: &'v Side<'v>,
    new: &'v Side<'v>,
    o_ir: Option<(&'v ApiIr, &'v OperationIr)>,
    n_ir: Option<(&'v ApiIr, &'v OperationIr)>,
}

/// `UsersAPI::list_users_with_pagination`, for a paginated operation.
fn pagination_method(ir: Option<(&ApiIr, &OperationIr)>) -> Option<String> {
    let (api, op) = ir?;
    let name = op.with_pagination_name.as_deref()?;
    Some(format!("{}::{name}", api.struct_name))
}

impl<'p, 'v> Pair<'p, 'v> {
    fn new(o: &'p OpRef<'v>, n: &'p OpRef<'v>, old: &'v Side<'v>, new: &'v Side<'v>) -> Self {
        Pair {
            o,
            n,
            old,
            new,
            o_ir: Some(o.ir),
            n_ir: Some(n.ir),
        }
    }

    fn o_method(&self) -> String {
        self.o_ir.map(|(a, o)| method(a, o)).unwrap_or_default()
    }

    fn n_method(&self) -> String {
        self.n_ir.map(|(a, o)| method(a, o)).unwrap_or_default()
    }

    /// The Rust note for an optional input added to an operation that took no optional
    /// parameters: its methods gain a `params` argument.
    fn new_params_argument(&self) -> Option<String> {
        match (self.o_ir, self.n_ir) {
            (Some((_, old)), Some((_, new))) if !old.has_optional() => Some(format!(
                "`{}` takes a new argument `params: {}`",
                self.n_method(),
                new.optional_params_name
            )),
            _ => None,
        }
    }

    fn compare(&self, w: &mut Walker) {
        self.identity(w);
        self.flags(w);
        self.servers(w);
        self.parameters(w);
        self.request_body(w);
        self.responses(w);
        self.pagination(w);
    }

    fn identity(&self, w: &mut Walker) {
        let (o, n) = (self.o, self.n);
        if o.path != n.path && o.template.shape() != n.template.shape() {
            w.push(
                Change::new(
                    "operation-path-changed",
                    &n.at,
                    format!("path changed from `{}` to `{}`", o.path, n.path),
                )
                .wire(true),
            );
        }
        if o.method != n.method {
            w.push(
                Change::new(
                    "operation-method-changed",
                    &n.at,
                    format!(
                        "method changed from `{}` to `{}`",
                        o.method.as_str(),
                        n.method.as_str()
                    ),
                )
                .wire(true),
            );
        }
        if o.id != n.id {
            let note = match (self.o_ir, self.n_ir) {
                (Some((_, a)), Some((_, b))) if a.method_name != b.method_name => {
                    let mut note = format!(
                        "method `{}` renamed to `{}`",
                        self.o_method(),
                        b.method_name
                    );
                    if a.has_optional() && b.has_optional() {
                        note.push_str(&format!(
                            ", `{}` to `{}`",
                            a.optional_params_name, b.optional_params_name
                        ));
                    }
                    note.push_str(&format!(", `{}` to `{}`", a.error_name, b.error_name));
                    Some(note)
                }
                _ => None,
            };
            w.push(
                Change::new(
                    "operation-id-changed",
                    n.at.join("operationId"),
                    format!("operationId changed from `{}` to `{}`", o.id, n.id),
                )
                .rust(note),
            );
        }
        if o.tag != n.tag {
            let note = match (self.o_ir, self.n_ir) {
                (Some((a, _)), Some((b, op))) if a.struct_name != b.struct_name => Some(format!(
                    "`{}` moves to `{}::{}` (module `{}`, feature `{}`)",
                    self.o_method(),
                    b.struct_name,
                    op.method_name,
                    b.module,
                    b.feature
                )),
                _ => None,
            };
            w.push(
                Change::new(
                    "operation-tag-changed",
                    n.at.join("tags"),
                    format!("tag changed from `{}` to `{}`", o.tag, n.tag),
                )
                .rust(note),
            );
        }
    }

    fn flags(&self, w: &mut Walker) {
        let (o, n) = (self.o, self.n);
        for (key, a, b) in [
            ("summary", &o.op().summary, &n.op().summary),
            ("description", &o.op().doc, &n.op().doc),
        ] {
            if let Some(what) = TextChange::between(a, b) {
                let at = if b.is_some() {
                    n.at.join(key)
                } else {
                    o.at.join(key)
                };
                let mut change = Change::new(
                    "description-changed",
                    at,
                    format!("{key} of the operation {}", what.as_str()),
                );
                change.text = Some(what);
                w.push(change);
            }
        }
        match (o.deprecated(), n.deprecated()) {
            (false, true) => w.push(Change::new(
                "operation-deprecated",
                n.at.join("deprecated"),
                "operation deprecated",
            )),
            (true, false) => w.push(Change::new(
                "operation-reactivated",
                o.at.join("deprecated"),
                "operation no longer deprecated",
            )),
            _ => {}
        }
        match (o.op().unstable, n.op().unstable) {
            (false, true) => {
                let note = self.n_ir.map(|(_, op)| {
                    format!(
                        "the crate refuses calls to `{}` until `set_unstable_operation_enabled(\"{}\", true)`",
                        self.n_method(),
                        op.id
                    )
                });
                w.push(
                    Change::new(
                        "operation-became-unstable",
                        n.at.join("x-unstable"),
                        "operation became unstable (`x-unstable`)",
                    )
                    .rust(note),
                );
            }
            (true, false) => w.push(Change::new(
                "operation-became-stable",
                o.at.join("x-unstable"),
                "operation no longer unstable (`x-unstable` removed)",
            )),
            _ => {}
        }
        self.security(w);
    }

    fn pagination(&self, w: &mut Walker) {
        let (a, b) = (&self.o.op().pagination_spec, &self.n.op().pagination_spec);
        let paginated = |ir: Option<(&'v ApiIr, &'v OperationIr)>| {
            ir.and_then(|(_, op)| op.pagination.as_ref())
        };
        let item = |p: &crate::ir::Pagination| match p {
            crate::ir::Pagination::PageNumber { item, .. }
            | crate::ir::Pagination::Cursor { item, .. } => item.clone(),
        };
        match (a, b) {
            (None, Some(_)) => w.push(Change::new(
                "pagination-added",
                self.n.at.join("x-pagination"),
                format!(
                    "pagination added (`{}`)",
                    self.n_ir
                        .and_then(|(_, op)| op.with_pagination_name.as_deref())
                        .unwrap_or("")
                ),
            )),
            (Some(_), None) => {
                let note =
                    pagination_method(self.o_ir).map(|method| format!("method `{method}` removed"));
                w.push(
                    Change::new(
                        "pagination-removed",
                        self.o.at.join("x-pagination"),
                        "pagination removed (`x-pagination`)",
                    )
                    .rust(note),
                );
            }
            (Some(x), Some(y)) if x != y => {
                let note = match (paginated(self.o_ir), paginated(self.n_ir)) {
                    (Some(p), Some(q)) => {
                        let (before, after) = (item(p), item(q));
                        (self.old.ir.normal(&before, w.type_renames)
                            != self.new.ir.normal(&after, &BTreeMap::new()))
                        .then(|| {
                            format!(
                                "`{}` now yields `{}` instead of `{}`",
                                pagination_method(self.n_ir).unwrap_or_default(),
                                render(&after),
                                render(&before)
                            )
                        })
                    }
                    _ => None,
                };
                w.push(
                    Change::new(
                        "pagination-changed",
                        self.n.at.join("x-pagination"),
                        "pagination (`x-pagination`) changed",
                    )
                    .rust(note),
                );
            }
            _ => {}
        }
    }
}

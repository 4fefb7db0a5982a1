//! The parameters of an operation: matched by location and name (a removed and an added one in
//! the same place, alike, are a rename), then compared: required, serialization, description
//! and schema.

use super::{OpRef, Pair};
use crate::diff::classify;
use crate::diff::rust::{method, render, Slot, SlotPair};
use crate::diff::schema::{Scope, Walker};
use crate::diff::Change;
use crate::error::Pointer;
use crate::ir::{ApiIr, OperationIr, ParamIr, ParamLocation};

/// One parameter of one side, as lowering read it (the path item's merged in, its `$ref`
/// followed).
struct ParamRef<'v> {
    name: String,
    location: ParamLocation,
    at: Pointer,
    ir: &'v ParamIr,
}

impl ParamRef<'_> {
    fn required(&self) -> bool {
        self.ir.required
    }

    /// The serialization: (style, explode), with the defaults lowering applied.
    fn style(&self) -> (&'static str, bool) {
        (self.ir.style.as_str(), self.ir.explode)
    }

    fn describe(&self) -> String {
        format!("{} parameter `{}`", self.location.as_str(), self.name)
    }
}

/// The parameters of an operation, in declaration order (its own, then the path item's).
fn params<'v>(op: &OpRef<'v>) -> Vec<ParamRef<'v>> {
    let mut params: Vec<&ParamIr> = op.ir.1.params.iter().collect();
    params.sort_by_key(|p| p.declared);
    params
        .into_iter()
        .map(|p| ParamRef {
            name: p.wire.clone(),
            location: p.location,
            at: p.at.clone(),
            ir: p,
        })
        .collect()
}

impl<'v> Pair<'_, 'v> {
    /// Where a parameter goes in Rust: an argument, or a field of the optional parameters.
    fn holder(ir: Option<(&'v ApiIr, &'v OperationIr)>, p: &ParamIr) -> String {
        match ir {
            Some((api, op)) if p.required => {
                format!("argument `{}` of `{}`", p.name, method(api, op))
            }
            Some((_, op)) => format!("`{}::{}`", op.optional_params_name, p.name),
            None => format!("`{}`", p.name),
        }
    }

    /// Pairs the parameters of both sides: by name and location, then a removed and an
    /// added one in the same place, alike, as a rename. Returns the pairs (old, new,
    /// renamed), the old ones left unpaired, and which new ones are paired.
    #[allow(clippy::type_complexity)]
    fn pair_params(
        &self,
        olds: &[ParamRef<'v>],
        news: &[ParamRef<'v>],
    ) -> (Vec<(usize, usize, bool)>, Vec<usize>, Vec<bool>) {
        let mut pairs = Vec::new();
        let mut new_used = vec![false; news.len()];
        let mut removed = Vec::new();
        for (i, p) in olds.iter().enumerate() {
            match (0..news.len())
                .find(|&j| !new_used[j] && news[j].name == p.name && news[j].location == p.location)
            {
                Some(j) => {
                    new_used[j] = true;
                    pairs.push((i, j, false));
                }
                None => removed.push(i),
            }
        }
        // A removed and an added parameter in the same place, alike: a rename.
        removed.retain(|&i| {
            let p = &olds[i];
            let found = (0..news.len()).find(|&j| {
                let q = &news[j];
                !new_used[j]
                    && q.location == p.location
                    && if p.location == ParamLocation::Path {
                        let position = self.o.template.position(&p.name);
                        position.is_some() && position == self.n.template.position(&q.name)
                    } else {
                        q.ir.schema.written_alike(&p.ir.schema) && q.required() == p.required()
                    }
            });
            match found {
                Some(j) => {
                    new_used[j] = true;
                    pairs.push((i, j, true));
                    false
                }
                None => true,
            }
        });
        (pairs, removed, new_used)
    }

    pub(super) fn parameters(&self, w: &mut Walker) {
        let olds = params(self.o);
        let news = params(self.n);
        let (pairs, removed, new_used) = self.pair_params(&olds, &news);
        for i in removed {
            let p = &olds[i];
            let note = Some(p.ir).map(|ip| {
                let mut note = format!("{} removed", Self::holder(self.o_ir, ip));
                if !ip.required && self.n_ir.is_some_and(|(_, op)| !op.has_optional()) {
                    note.push_str(&format!(
                        " and `{}` no longer takes `params`",
                        self.n_method()
                    ));
                }
                note
            });
            w.push(
                Change::new(
                    "parameter-removed",
                    &p.at,
                    format!("{} removed", p.describe()),
                )
                .wire(false)
                .rust(note),
            );
        }
        for (j, q) in news.iter().enumerate() {
            if new_used[j] {
                continue;
            }
            let required = q.required();
            let note = Some(q.ir).and_then(|iq| {
                if iq.required {
                    Some(format!(
                        "`{}` takes a new argument `{}: {}`",
                        self.n_method(),
                        iq.name,
                        render(&iq.ty)
                    ))
                } else {
                    self.new_params_argument()
                }
            });
            let what = if required { ", required" } else { "" };
            w.push(
                Change::new(
                    "parameter-added",
                    &q.at,
                    format!("{} added{what}", q.describe()),
                )
                .wire(classify::parameter_added(required))
                .rust(note),
            );
        }
        for (i, j, renamed) in pairs {
            self.parameter(w, &olds[i], &news[j], renamed);
        }
    }

    /// A parameter on both sides: its name, whether it is required, its serialization, its
    /// description and its schema.
    fn parameter(&self, w: &mut Walker, p: &ParamRef<'v>, q: &ParamRef<'v>, renamed: bool) {
        if renamed {
            self.renamed(w, p, q);
        }
        if p.required() != q.required() {
            self.required_changed(w, p, q);
        }
        let (a, b) = (p.style(), q.style());
        if a != b {
            let show =
                |(style, explode): &(&str, bool)| format!("`style: {style}, explode: {explode}`");
            w.push(
                Change::new(
                    "parameter-style-changed",
                    &q.at,
                    format!(
                        "serialization of {} changed from {} to {}",
                        q.describe(),
                        show(&a),
                        show(&b)
                    ),
                )
                .wire(true),
            );
        }
        w.description(
            &q.describe(),
            (p.ir.doc.as_deref(), &p.at),
            (q.ir.doc.as_deref(), &q.at),
        );
        let slots = SlotPair::new(
            Some(Slot::plain(&p.ir.ty, Self::holder(self.o_ir, p.ir))),
            Some(Slot::plain(&q.ir.ty, Self::holder(self.n_ir, q.ir))),
        );
        let scope = Scope::Parameter {
            location: q.location,
            name: q.name.clone(),
        };
        w.compare(&scope, &q.name, &p.ir.schema, &q.ir.schema, &slots);
    }

    fn renamed(&self, w: &mut Walker, p: &ParamRef<'v>, q: &ParamRef<'v>) {
        let (a, b) = (p.ir, q.ir);
        let note = match self.n_ir {
            Some((_, op)) if (!a.required || !b.required) && a.name != b.name => Some(format!(
                "`{}::{}` renamed to `{}`",
                op.optional_params_name, a.name, b.name
            )),
            _ => None,
        };
        w.push(
            Change::new(
                "parameter-renamed",
                &q.at,
                format!(
                    "{} parameter `{}` renamed to `{}`",
                    q.location.as_str(),
                    p.name,
                    q.name
                ),
            )
            .wire(classify::parameter_renamed(q.location))
            .rust(note),
        );
    }

    fn required_changed(&self, w: &mut Walker, p: &ParamRef<'v>, q: &ParamRef<'v>) {
        let (a, b) = (p.ir, q.ir);
        let note = Some(format!(
            "`{}` moves from {} to {}",
            b.name,
            Self::holder(self.o_ir, a),
            Self::holder(self.n_ir, b)
        ));
        let (kind, what) = if q.required() {
            ("parameter-became-required", "became required")
        } else {
            ("parameter-became-optional", "became optional")
        };
        w.push(
            Change::new(kind, &q.at, format!("{} {what}", q.describe()))
                .wire(q.required())
                .rust(note),
        );
    }
}

//! The security of an operation, as lowering resolved it (its own or the spec's): the
//! alternatives (which schemes are sent together) and, for an alternative found on both
//! sides, the OAuth2 scopes each of its schemes needs.

use super::{OpRef, Pair};
use crate::diff::classify;
use crate::diff::schema::Walker;
use crate::diff::Change;
use crate::error::Pointer;
use crate::ir::SecurityAlternative;

/// The security alternatives of an operation, each with its schemes sorted.
fn alternatives(op: &OpRef) -> Vec<Vec<String>> {
    op.op()
        .security
        .alternatives
        .iter()
        .map(|alternative| {
            let mut schemes = alternative.scheme_names();
            schemes.sort();
            schemes
        })
        .collect()
}

fn show(alternatives: &[Vec<String>]) -> String {
    if alternatives.is_empty() {
        return "none".into();
    }
    alternatives
        .iter()
        .map(|a| {
            if a.is_empty() {
                "anonymous".to_string()
            } else {
                a.iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(" + ")
            }
        })
        .collect::<Vec<_>>()
        .join(" or ")
}

/// Where an operation's security is written: its own `security`, else the operation (the
/// spec's applies to it).
fn written_at(op: &OpRef) -> Pointer {
    op.op().security_at.clone().unwrap_or_else(|| op.at.clone())
}

/// Where the scopes of a scheme of the `index`-th alternative are written.
fn scopes_at(op: &OpRef, index: usize, scheme: &str) -> Pointer {
    match &op.op().security_at {
        Some(at) => at.join(index.to_string()).join(scheme),
        None => op.at.clone(),
    }
}

/// The scopes an alternative needs of a scheme.
fn scopes<'a>(alternative: &'a SecurityAlternative, scheme: &str) -> &'a [String] {
    alternative
        .schemes
        .iter()
        .find(|s| s.scheme == scheme)
        .map_or(&[], |s| s.scopes.as_slice())
}

impl Pair<'_, '_> {
    pub(super) fn security(&self, w: &mut Walker) {
        let (o, n) = (self.o, self.n);
        let (a, b) = (alternatives(o), alternatives(n));
        if a != b {
            w.push(
                Change::new(
                    "security-changed",
                    written_at(n),
                    format!("security changed from {} to {}", show(&a), show(&b)),
                )
                .wire(classify::security_changed(&a, &b)),
            );
        }
        // The scopes of each alternative whose schemes are the same on both sides.
        let mut new_used = vec![false; b.len()];
        for (i, schemes) in a.iter().enumerate() {
            let Some(j) = (0..b.len()).find(|&j| !new_used[j] && &b[j] == schemes) else {
                continue;
            };
            new_used[j] = true;
            let old = &o.op().security.alternatives[i];
            let new = &n.op().security.alternatives[j];
            for scheme in schemes {
                self.scopes(w, scheme, (old, i), (new, j));
            }
        }
    }

    /// The scopes of one scheme of an alternative on both sides: one more to grant breaks a
    /// client whose token was granted the old ones.
    fn scopes(
        &self,
        w: &mut Walker,
        scheme: &str,
        (old, i): (&SecurityAlternative, usize),
        (new, j): (&SecurityAlternative, usize),
    ) {
        let (before, after) = (scopes(old, scheme), scopes(new, scheme));
        for scope in after.iter().filter(|s| !before.contains(s)) {
            w.push(
                Change::new(
                    "security-scope-added",
                    scopes_at(self.n, j, scheme),
                    format!("`{scheme}` now needs the scope `{scope}`"),
                )
                .wire(true),
            );
        }
        for scope in before.iter().filter(|s| !after.contains(s)) {
            w.push(Change::new(
                "security-scope-removed",
                scopes_at(self.o, i, scheme),
                format!("`{scheme}` no longer needs the scope `{scope}`"),
            ));
        }
    }
}

//! The servers of an operation: its own (its `servers`, else its path item's), else the
//! version's. Compared when either side has servers of its own (the version's servers are
//! compared once, for the whole version), with the rules of the version's.

use super::{OpRef, Pair};
use crate::diff::schema::Walker;
use crate::diff::servers::{self, Selector, ServerList};
use crate::diff::side::Side;

/// The servers an operation is sent to.
fn effective<'v>(side: &Side<'v>, op: &OpRef<'v>) -> ServerList<'v> {
    let ir = op.ir.1;
    match &ir.servers_at {
        Some(at) => ServerList {
            servers: &ir.servers,
            at: at.clone(),
            selector: Selector::Operation(ir.id.to_string()),
        },
        None => servers::version_servers(side),
    }
}

impl Pair<'_, '_> {
    pub(super) fn servers(&self, w: &mut Walker) {
        if self.o.op().servers_at.is_none() && self.n.op().servers_at.is_none() {
            return;
        }
        let mut changes = Vec::new();
        servers::compare(
            &effective(self.old, self.o),
            &effective(self.new, self.n),
            &mut changes,
        );
        for change in changes {
            w.push(change);
        }
    }
}

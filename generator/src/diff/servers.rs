//! What the whole version shares: its servers (and their variables) and its security
//! schemes, as lowering read them (the IR the generated crate is built from).

use super::side::Side;
use super::Change;
use crate::error::Pointer;
use crate::ir::{Server, ServerVariable};

/// The version's servers on both sides.
pub(crate) fn servers(old: &Side, new: &Side, out: &mut Vec<Change>) {
    compare(&version_servers(old), &version_servers(new), out);
}

/// The servers of a version, where its first file writes them.
pub(crate) fn version_servers<'a>(side: &Side<'a>) -> ServerList<'a> {
    let ir: &'a crate::ir::VersionIr = side.ir.ir;
    ServerList {
        servers: &ir.servers,
        at: Pointer::root(side.first_file()).join("servers"),
        selector: Selector::Global,
    }
}

/// A list of servers, where it is written and how the crate selects one of it.
pub(crate) struct ServerList<'a> {
    pub servers: &'a [Server],
    pub at: Pointer,
    pub selector: Selector,
}

/// How a server is selected by its index in the generated crate.
pub(crate) enum Selector {
    /// `set_server_index`: the version's servers.
    Global,
    /// `set_operation_server_index("v2.SubmitLog", ...)`: an operation's own servers.
    Operation(String),
}

impl Selector {
    fn call(&self, index: usize) -> String {
        match self {
            Selector::Global => format!("set_server_index({index})"),
            Selector::Operation(id) => format!("set_operation_server_index(\"{id}\", {index})"),
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Selector::Global => "set_server_index",
            Selector::Operation(_) => "set_operation_server_index",
        }
    }
}

/// Two lists of servers: paired by URL, else a changed URL at the same index.
pub(crate) fn compare(old: &ServerList, new: &ServerList, out: &mut Vec<Change>) {
    let (os, ns) = (old.servers, new.servers);
    let at = |list: &ServerList, i: usize| list.at.join(i.to_string());
    let url = |s: &Server| s.url.clone();
    let mut new_used = vec![false; ns.len()];
    let mut removed = Vec::new();
    for (i, s) in os.iter().enumerate() {
        match (0..ns.len()).find(|&j| !new_used[j] && url(&ns[j]) == url(s)) {
            Some(j) => {
                new_used[j] = true;
                server(s, &ns[j], at(old, i), at(new, j), out);
            }
            None => removed.push(i),
        }
    }
    for i in removed {
        if i < ns.len() && !new_used[i] {
            new_used[i] = true;
            out.push(
                Change::new(
                    "server-url-changed",
                    at(new, i),
                    format!(
                        "server URL changed from `{}` to `{}`",
                        url(&os[i]),
                        url(&ns[i])
                    ),
                )
                .wire(true),
            );
            continue;
        }
        out.push(
            Change::new(
                "server-removed",
                at(old, i),
                format!("server `{}` removed", url(&os[i])),
            )
            .wire(true)
            .rust(Some(format!(
                "`{}` now selects another server or fails",
                old.selector.call(i)
            ))),
        );
    }
    for (j, s) in ns.iter().enumerate() {
        if new_used[j] {
            continue;
        }
        let note = (j < os.len()).then(|| {
            format!(
                "the servers after it move: `{}` selects a different server",
                new.selector.name()
            )
        });
        out.push(
            Change::new(
                "server-added",
                at(new, j),
                format!("server `{}` added", url(s)),
            )
            .rust(note),
        );
    }
}

/// One server on both sides (same URL): description and variables.
fn server(a: &Server, b: &Server, a_at: Pointer, b_at: Pointer, out: &mut Vec<Change>) {
    let url = &b.url;
    if a.description != b.description {
        out.push(Change::new(
            "description-changed",
            b_at.join("description"),
            format!("description of server `{url}` changed"),
        ));
    }
    let (ov, nv) = (&a.variables, &b.variables);
    let find = |vars: &'_ [ServerVariable], name: &str| -> Option<usize> {
        vars.iter().position(|v| v.name == name)
    };
    for x in ov {
        let name = &x.name;
        let x_at = a_at.join("variables").join(name);
        let Some(y) = find(nv, name).map(|j| &nv[j]) else {
            out.push(
                Change::new(
                    "server-variable-removed",
                    x_at,
                    format!("variable `{name}` of server `{url}` removed"),
                )
                .wire(true),
            );
            continue;
        };
        let y_at = b_at.join("variables").join(name);
        variable(name, (x, x_at), (y, y_at), out);
    }
    for name in nv.iter().map(|v| &v.name) {
        if find(ov, name).is_none() {
            out.push(Change::new(
                "server-variable-added",
                b_at.join("variables").join(name),
                format!("variable `{name}` of server `{url}` added"),
            ));
        }
    }
}

/// A server variable on both sides: its values, default and description.
fn variable(
    name: &str,
    (x, x_at): (&ServerVariable, Pointer),
    (y, y_at): (&ServerVariable, Pointer),
    out: &mut Vec<Change>,
) {
    let (xv, yv) = (&x.enum_values, &y.enum_values);
    for (k, value) in xv.iter().enumerate() {
        if !yv.contains(value) && !yv.is_empty() {
            out.push(
                Change::new(
                    "server-variable-enum-value-removed",
                    x_at.join("enum").join(k.to_string()),
                    format!("value `{value}` of server variable `{name}` removed"),
                )
                .wire(true)
                .rust(Some(format!(
                    "the crate now refuses `{value}` for the server variable `{name}`"
                ))),
            );
        }
    }
    for (k, value) in yv.iter().enumerate() {
        if !xv.contains(value) {
            out.push(Change::new(
                "server-variable-enum-value-added",
                y_at.join("enum").join(k.to_string()),
                format!("value `{value}` of server variable `{name}` added"),
            ));
        }
    }
    if x.default != y.default {
        out.push(Change::new(
            "server-variable-default-changed",
            y_at.join("default"),
            format!(
                "default of server variable `{name}` changed from `{}` to `{}`",
                x.default, y.default
            ),
        ));
    }
    if x.description != y.description {
        out.push(Change::new(
            "description-changed",
            y_at.join("description"),
            format!("description of server variable `{name}` changed"),
        ));
    }
}

pub(crate) fn security_schemes(old: &Side, new: &Side, out: &mut Vec<Change>) {
    let (os, ns) = (&old.ir.ir.security_schemes, &new.ir.ir.security_schemes);
    for a in os {
        let name = &a.name;
        let Some(b) = ns.iter().find(|b| b.name == a.name) else {
            out.push(Change::new(
                "security-scheme-removed",
                &a.at,
                format!("security scheme `{name}` removed"),
            ));
            continue;
        };
        if a.kind != b.kind {
            out.push(
                Change::new(
                    "security-scheme-changed",
                    &b.at,
                    format!(
                        "security scheme `{name}` changed from {} to {}",
                        a.kind.describe(),
                        b.kind.describe()
                    ),
                )
                .wire(true),
            );
        }
        if a.description != b.description {
            out.push(Change::new(
                "description-changed",
                b.at.join("description"),
                format!("description of security scheme `{name}` changed"),
            ));
        }
    }
    for b in ns {
        if !os.iter().any(|a| a.name == b.name) {
            out.push(Change::new(
                "security-scheme-added",
                &b.at,
                format!("security scheme `{}` added", b.name),
            ));
        }
    }
}

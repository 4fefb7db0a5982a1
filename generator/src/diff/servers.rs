//! What the whole version shares: its servers (and their variables) and its security schemes.

use super::array_items;
use super::side::Side;
use super::Change;
use crate::error::Pointer;
use serde_json::Value;

fn text<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    value.get(key).and_then(Value::as_str)
}

pub(crate) fn servers(old: &Side, new: &Side, out: &mut Vec<Change>) {
    let list = |side: &Side| {
        side.doc
            .get("servers")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let (os, ns) = (list(old), list(new));
    let at = |side: &Side, i: usize| {
        Pointer::root(side.first_file())
            .join("servers")
            .join(i.to_string())
    };
    let url = |s: &Value| text(s, "url").unwrap_or_default().to_string();
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
                "`set_server_index({i})` now selects another server or fails"
            ))),
        );
    }
    for (j, s) in ns.iter().enumerate() {
        if new_used[j] {
            continue;
        }
        let note = (j < os.len()).then(|| {
            "the servers after it move: `set_server_index` selects a different server".to_string()
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
fn server(a: &Value, b: &Value, a_at: Pointer, b_at: Pointer, out: &mut Vec<Change>) {
    let url = text(b, "url").unwrap_or_default();
    if text(a, "description") != text(b, "description") {
        out.push(Change::new(
            "description-changed",
            b_at.join("description"),
            format!("description of server `{url}` changed"),
        ));
    }
    let vars = |s: &Value| {
        s.get("variables")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };
    let (ov, nv) = (vars(a), vars(b));
    for (name, x) in &ov {
        let x_at = a_at.join("variables").join(name);
        let Some(y) = nv.get(name) else {
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
    for name in nv.keys() {
        if !ov.contains_key(name) {
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
    (x, x_at): (&Value, Pointer),
    (y, y_at): (&Value, Pointer),
    out: &mut Vec<Change>,
) {
    let values = |v: &Value| -> Vec<String> {
        array_items(v, "enum")
            .filter_map(|e| e.as_str().map(String::from))
            .collect()
    };
    let (xv, yv) = (values(x), values(y));
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
    if text(x, "default") != text(y, "default") {
        out.push(Change::new(
            "server-variable-default-changed",
            y_at.join("default"),
            format!(
                "default of server variable `{name}` changed from `{}` to `{}`",
                text(x, "default").unwrap_or_default(),
                text(y, "default").unwrap_or_default()
            ),
        ));
    }
    if text(x, "description") != text(y, "description") {
        out.push(Change::new(
            "description-changed",
            y_at.join("description"),
            format!("description of server variable `{name}` changed"),
        ));
    }
}

pub(crate) fn security_schemes(old: &Side, new: &Side, out: &mut Vec<Change>) {
    let (os, ns) = (
        old.component_names("securitySchemes"),
        new.component_names("securitySchemes"),
    );
    for name in &os {
        let a = old
            .component("securitySchemes", name)
            .cloned()
            .unwrap_or_default();
        let Some(b) = new.component("securitySchemes", name).cloned() else {
            out.push(Change::new(
                "security-scheme-removed",
                old.component_pointer("securitySchemes", name),
                format!("security scheme `{name}` removed"),
            ));
            continue;
        };
        let at = new.component_pointer("securitySchemes", name);
        let without_description = |v: &Value| {
            let mut v = v.clone();
            if let Some(m) = v.as_object_mut() {
                m.remove("description");
            }
            v
        };
        if without_description(&a) != without_description(&b) {
            let header = |v: &Value| {
                format!(
                    "{} `{}`",
                    text(v, "in").unwrap_or("?"),
                    text(v, "name").unwrap_or("?")
                )
            };
            out.push(
                Change::new(
                    "security-scheme-changed",
                    &at,
                    format!(
                        "security scheme `{name}` changed from {} to {}",
                        header(&a),
                        header(&b)
                    ),
                )
                .wire(true),
            );
        }
        if text(&a, "description") != text(&b, "description") {
            out.push(Change::new(
                "description-changed",
                at.join("description"),
                format!("description of security scheme `{name}` changed"),
            ));
        }
    }
    for name in &ns {
        if !os.contains(name) {
            out.push(Change::new(
                "security-scheme-added",
                new.component_pointer("securitySchemes", name),
                format!("security scheme `{name}` added"),
            ));
        }
    }
}

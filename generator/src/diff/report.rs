//! The report: Markdown for a pull request comment, or JSON for tools.

use super::{Change, OperationStatus, Section};

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn badge(change: &Change) -> &'static str {
    match (change.breaking_wire, change.breaking_rust) {
        (true, true) => "💥 **wire + Rust** ",
        (true, false) => "💥 **wire** ",
        (false, true) => "💥 **Rust** ",
        (false, false) => "",
    }
}

fn line(change: &Change) -> String {
    format!("{}{}", badge(change), change.message)
}

/// The summary line: counts of breaking and non-breaking changes.
pub(crate) fn summary(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "No API changes.".into();
    }
    let breaking = changes.iter().filter(|c| c.breaking).count();
    let wire = changes.iter().filter(|c| c.breaking_wire).count();
    let rust = changes.iter().filter(|c| c.breaking_rust).count();
    let others = plural(
        changes.len() - breaking,
        "non-breaking change",
        "non-breaking changes",
    );
    if breaking == 0 {
        return format!("**No breaking change**, {others}.");
    }
    format!(
        "**{}** ({wire} on the wire, {rust} for Rust callers), {others}.",
        plural(breaking, "breaking change", "breaking changes")
    )
}

pub(crate) fn markdown(changes: &[Change]) -> String {
    let mut out = String::from("## API changes\n\n");
    out.push_str(&summary(changes));
    out.push('\n');
    if changes.iter().any(|c| c.breaking) {
        out.push_str(
            "\n💥 **wire**: breaks clients built from the old spec (or the requests they send). \
             💥 **Rust**: breaks code written against the crate generated from the old spec.\n",
        );
    }
    let mut i = 0;
    while i < changes.len() {
        let first = &changes[i];
        let end = i + changes[i..]
            .iter()
            .position(|c| {
                c.order.version != first.order.version
                    || c.order.section != first.order.section
                    || c.order.api != first.order.api
            })
            .unwrap_or(changes.len() - i);
        let group = &changes[i..end];
        let title = match first.order.section {
            Section::Api => format!(
                "{} ({})",
                first.api.as_deref().unwrap_or("default"),
                first.version
            ),
            Section::Models => format!("Models ({})", first.version),
            Section::Servers => format!("Servers and security ({})", first.version),
        };
        out.push_str(&format!("\n### {title}\n"));
        if first.order.section == Section::Api {
            operations(&mut out, group);
        } else {
            out.push('\n');
            for change in group {
                out.push_str(&format!("- {}\n", line(change)));
            }
        }
        i = end;
    }
    out
}

fn operations(out: &mut String, group: &[Change]) {
    for (status, heading) in [
        (OperationStatus::Added, "Added operations"),
        (OperationStatus::Removed, "Removed operations"),
        (OperationStatus::Changed, "Changed operations"),
    ] {
        let these: Vec<&Change> = group.iter().filter(|c| c.order.status == status).collect();
        if these.is_empty() {
            continue;
        }
        out.push_str(&format!("\n**{heading}**\n\n"));
        if status != OperationStatus::Changed {
            for change in these {
                out.push_str(&format!("- {}\n", line(change)));
            }
            continue;
        }
        let mut current: Option<&str> = None;
        for change in these {
            if current != Some(change.order.operation.as_str()) {
                current = Some(change.order.operation.as_str());
                out.push_str(&format!(
                    "- `{}` (`{}`)\n",
                    change.operation.as_deref().unwrap_or_default(),
                    change.operation_id.as_deref().unwrap_or_default()
                ));
            }
            out.push_str(&format!("  - {}\n", line(change)));
        }
    }
}

pub(crate) fn json(changes: &[Change]) -> String {
    let mut text = serde_json::to_string_pretty(changes).unwrap_or_else(|_| "[]".into());
    text.push('\n');
    text
}

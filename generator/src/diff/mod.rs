//! `cargo run -- diff`: an API changelog between two specs that flags breaking changes.
//!
//! Both sides are lowered (`lower::lower`) and only their IRs are compared: the wire facts
//! lowering records (schemas as written, media types, statuses, parameters, servers,
//! security, pointers) say what changed on the wire, the generated names and types what
//! changed for Rust callers of the generated crate. Every change is classified twice (see
//! `classify` for the rules and the oasdiff checks they follow):
//!
//! - `breaking_wire`: a client built from OLD breaks against a server that follows NEW (for
//!   request bodies and parameters: the requests that client sends are refused).
//! - `breaking_rust`: code written against the crate generated from OLD no longer compiles, or
//!   the crate itself now refuses a call it used to make (an operation became unstable, a
//!   server or a server variable value was removed).
//!
//! Modules, one job each: `side` (one spec version: its IR),
//! `rust` (what the crate exposes for a spec position), `classify` (the wire rules), `schema`
//! (schemas, walked in parallel), `operations` (operations paired and compared; its
//! `parameters` and `bodies` submodules), `version` (a version: component schemas, renamed
//! types, unused schemas), `servers` (servers and security schemes), `report` (Markdown and
//! JSON), `git` (the spec at a revision), `cli` (the `diff` subcommand).

mod classify;
pub mod cli;
mod git;
mod operations;
mod report;
mod rust;
mod schema;
mod servers;
mod side;
mod version;

pub use cli::{run, Format, Options, Source};

use crate::error::{Pointer, Result};
use crate::ir::{Crate, QualifiedId};
use crate::load::SpecSet;
use serde::Serialize;
use std::borrow::Borrow;
use std::path::Path;

/// One change between the two specs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What changed: `request-property-added`, `operation-removed`... (see the README).
    pub kind: String,
    /// Breaking on the wire or for Rust callers.
    pub breaking: bool,
    pub breaking_wire: bool,
    pub breaking_rust: bool,
    /// `file#/json/pointer` into the NEW spec, or the OLD one for removals.
    #[serde(serialize_with = "shown")]
    pub location: Pointer,
    /// One line for a human; for a change breaking Rust callers it ends with `Rust: ...`.
    pub message: String,
    /// The version folder: `v2`.
    pub version: String,
    /// The API (the operation's tag), for operation changes.
    pub api: Option<String>,
    /// `POST /api/v2/users`, for operation changes.
    pub operation: Option<String>,
    pub operation_id: Option<String>,
    /// The operation's qualified id (`v2.CreateUser`), for operation changes.
    #[serde(skip)]
    pub(crate) qualified_id: Option<QualifiedId>,
    /// For the description or summary of an operation, body, parameter or schema: added,
    /// removed or changed (what `version` needs to report one in a component once).
    #[serde(skip)]
    pub(crate) text: Option<TextChange>,
    #[serde(skip)]
    pub(crate) order: Order,
}

/// What happened to a text (a description, a summary).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextChange {
    Added,
    Removed,
    Changed,
}

impl TextChange {
    /// Between two optional texts; None when they are equal.
    pub fn between<T: PartialEq>(old: &Option<T>, new: &Option<T>) -> Option<Self> {
        Some(match (old, new) {
            _ if old == new => return None,
            (None, _) => TextChange::Added,
            (_, None) => TextChange::Removed,
            _ => TextChange::Changed,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TextChange::Added => "added",
            TextChange::Removed => "removed",
            TextChange::Changed => "changed",
        }
    }
}

fn shown<S: serde::Serializer>(at: &Pointer, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(at)
}

/// Where a change goes in the report.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Order {
    pub version: usize,
    pub section: Section,
    pub api: String,
    pub status: OperationStatus,
    pub operation: String,
    /// Breaking changes first.
    pub rank: u8,
    pub seq: usize,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Section {
    #[default]
    Api,
    Models,
    Servers,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum OperationStatus {
    Added,
    Removed,
    #[default]
    Changed,
}

impl Change {
    /// A change; breaking nowhere until `wire` or `rust` says otherwise.
    pub(crate) fn new(
        kind: impl Into<String>,
        location: impl Borrow<Pointer>,
        message: impl Into<String>,
    ) -> Self {
        Change {
            kind: kind.into(),
            breaking: false,
            breaking_wire: false,
            breaking_rust: false,
            location: location.borrow().clone(),
            message: message.into(),
            version: String::new(),
            api: None,
            operation: None,
            operation_id: None,
            qualified_id: None,
            text: None,
            order: Order::default(),
        }
    }

    /// `description-changed`: the description of `subject` (at `location`), `what` happened
    /// to it. Never breaking.
    pub(crate) fn description(location: &Pointer, subject: &str, what: TextChange) -> Self {
        let message = format!("description of {subject} {}", what.as_str());
        let mut change = Change::new("description-changed", location, message);
        change.text = Some(what);
        change
    }

    pub(crate) fn wire(mut self, breaking: bool) -> Self {
        self.breaking_wire = breaking;
        self.breaking = self.breaking_wire || self.breaking_rust;
        self
    }

    /// Marks the change as breaking for Rust callers when there is a note saying why.
    pub(crate) fn rust(mut self, note: Option<String>) -> Self {
        if let Some(note) = note {
            self.set_rust(note);
        }
        self
    }

    pub(crate) fn set_rust(&mut self, note: String) {
        if !self.breaking_rust {
            self.breaking_rust = true;
            self.breaking = true;
            self.message = format!("{}; Rust: {note}", self.message);
        }
    }
}

/// The changes between two specs, in report order.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub changes: Vec<Change>,
}

impl Report {
    pub fn breaking(&self) -> usize {
        self.changes.iter().filter(|c| c.breaking).count()
    }

    pub fn has_breaking(&self) -> bool {
        self.breaking() > 0
    }

    /// Markdown fit for a pull request comment.
    pub fn markdown(&self) -> String {
        report::markdown(&self.changes)
    }

    /// A JSON array of changes (`[]` when the specs are identical).
    pub fn json(&self) -> String {
        report::json(&self.changes)
    }
}

/// Compares two loaded spec sets: each is lowered, then only the IRs are compared.
pub fn diff(old: &SpecSet, new: &SpecSet) -> Result<Report> {
    // The changelog compares whole specs: an operation left out would read as removed.
    let old_ir = crate::lower::lower(old)?.strict()?;
    let new_ir = crate::lower::lower(new)?.strict()?;
    Ok(compare(&old_ir, &new_ir))
}

/// The changes between the IRs of two specs (nothing else of them is at hand here).
fn compare(old: &Crate, new: &Crate) -> Report {
    let (old, new) = (&old.versions, &new.versions);
    let mut changes = Vec::new();
    for (rank, pair) in version::pairs(old, new).into_iter().enumerate() {
        let mut found = match pair {
            version::Pair::Both(o, n) => {
                version::compare(&side::Side::new(&old[o]), &side::Side::new(&new[n]))
            }
            version::Pair::OldOnly(o) => version::alone(&side::Side::new(&old[o]), false),
            version::Pair::NewOnly(n) => version::alone(&side::Side::new(&new[n]), true),
        };
        for change in &mut found {
            change.order.version = rank;
        }
        changes.extend(found);
    }
    for (seq, change) in changes.iter_mut().enumerate() {
        change.order.seq = seq;
        change.order.rank = u8::from(!change.breaking);
    }
    changes.sort_by(|a, b| a.order.cmp(&b.order));
    Report { changes }
}

/// Loads and compares two specs (files or folders).
pub fn diff_paths(old: &Path, new: &Path) -> Result<Report> {
    let old = crate::load::load(old)?;
    let new = crate::load::load(new)?;
    diff(&old, &new)
}

//! Where generation spends its time, phase by phase, for `cargo run -- --timings`.
//!
//! Each phase's time is exclusive: a phase run inside another (validation inside loading,
//! formatting inside emission) pauses the outer one. Phases run on several threads (emission
//! and formatting) add up the time of each thread, so they measure work, not wall time.
//! The counters are global to the process and never reset: the CLI reads them once.

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// A step of the pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Reading the files and parsing their YAML (twice: as a tree, and as openapiv3's model).
    Load,
    /// Checking each file against the OpenAPI 3.0 JSON Schema.
    Validate,
    /// Building the IR.
    Lower,
    /// Building each file's tokens.
    Emit,
    /// Parsing tokens as a file (syn) and printing it (prettyplease).
    Format,
    /// Writing the files (or comparing them, with `--check`).
    Write,
}

impl Phase {
    pub const ALL: [Phase; 6] = [
        Phase::Load,
        Phase::Validate,
        Phase::Lower,
        Phase::Emit,
        Phase::Format,
        Phase::Write,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Phase::Load => "load",
            Phase::Validate => "validate",
            Phase::Lower => "lower",
            Phase::Emit => "emit",
            Phase::Format => "format",
            Phase::Write => "write",
        }
    }
}

static NANOS: [AtomicU64; 6] = [const { AtomicU64::new(0) }; 6];

thread_local! {
    /// The phase running on this thread, and since when it is counted.
    static CURRENT: Cell<Option<(Phase, Instant)>> = const { Cell::new(None) };
}

fn credit(phase: Phase, since: Instant) {
    let nanos = u64::try_from(since.elapsed().as_nanos()).unwrap_or(u64::MAX);
    NANOS[phase as usize].fetch_add(nanos, Ordering::Relaxed);
}

/// Runs `work` as `phase`, pausing the phase that was running on this thread.
pub fn time<T>(phase: Phase, work: impl FnOnce() -> T) -> T {
    let outer = CURRENT.with(|current| current.replace(Some((phase, Instant::now()))));
    if let Some((outer_phase, since)) = outer {
        credit(outer_phase, since);
    }
    let result = work();
    let restored = outer.map(|(outer_phase, _)| (outer_phase, Instant::now()));
    if let Some((_, since)) = CURRENT.with(|current| current.replace(restored)) {
        credit(phase, since);
    }
    result
}

/// Runs `work` without counting it in the phase running on this thread: a thread that waits
/// for workers which time themselves.
pub fn untimed<T>(work: impl FnOnce() -> T) -> T {
    let outer = CURRENT.with(Cell::take);
    if let Some((outer_phase, since)) = outer {
        credit(outer_phase, since);
    }
    let result = work();
    CURRENT.with(|current| current.set(outer.map(|(p, _)| (p, Instant::now()))));
    result
}

/// The time spent in `phase` so far, on every thread.
pub fn spent(phase: Phase) -> Duration {
    Duration::from_nanos(NANOS[phase as usize].load(Ordering::Relaxed))
}

//! The tests live in `tests/`: spec checks, generator snapshots and errors, the diff command,
//! the runtime, end-to-end tests over HTTP, and the documented examples. This library is empty.

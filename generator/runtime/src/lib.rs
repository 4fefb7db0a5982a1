//! The runtime every generated API shares: configuration, sending and retrying requests,
//! errors and pagination, and the helpers of the generated models.
//!
//! It is a crate of its own (tested on its own) and is copied into the generated crate as its
//! `datadog` module. It names nothing generated: the generated crate passes the facts of its
//! spec as an [`ApiSpec`].

mod client;
mod configuration;
mod error;
mod hooks;
mod model_support;
mod options;
mod pagination;
mod spec;
#[cfg(feature = "tracing")]
mod trace;
mod transport;

pub use client::*;
pub use configuration::*;
pub use error::*;
pub use hooks::*;
pub use model_support::*;
pub use options::*;
pub use pagination::*;
pub use spec::*;

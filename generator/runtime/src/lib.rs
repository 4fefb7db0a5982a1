//! The runtime every generated API shares: configuration, sending and retrying requests,
//! errors and pagination, and the helpers of the generated models.
//!
//! It is a crate of its own (tested on its own) and is copied into the generated crate as its
//! `datadog` module. It names nothing generated: the generated crate passes the facts of its
//! spec as an [`ApiSpec`].

mod auth;
mod client;
mod configuration;
mod error;
mod model_support;
mod pagination;
mod spec;
mod transport;

pub use auth::*;
pub use client::*;
pub use configuration::*;
pub use error::*;
pub use model_support::*;
pub use pagination::*;
pub use spec::*;

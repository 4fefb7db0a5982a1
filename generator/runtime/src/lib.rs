//! The runtime every generated API shares: configuration, sending and retrying requests,
//! errors and pagination, the helpers of the generated models, and (with the `mock` feature)
//! the typed mock server for the tests of code that calls the API.
//!
//! It is a crate of its own (tested on its own) and is copied into the generated crate as its
//! `datadog` module. It names nothing generated: the generated crate passes the facts of its
//! spec as an [`ApiSpec`].

mod client;
mod configuration;
mod error;
#[cfg(feature = "mock")]
mod mock;
mod model_support;
mod pagination;
mod spec;
mod transport;

pub use client::*;
pub use configuration::*;
pub use error::*;
#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub use mock::*;
pub use model_support::*;
pub use pagination::*;
pub use spec::*;

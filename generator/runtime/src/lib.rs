//! The runtime every generated API shares: configuration, sending and retrying requests,
//! errors and pagination, the helpers of the generated models, and (with the `mock` feature)
//! the typed mock server for the tests of code that calls the API.
//!
//! It is a crate of its own (tested on its own) and is copied into the generated crate as its
//! `datadog` module. It names nothing generated: the generated crate passes the facts of its
//! spec as an [`ApiSpec`].
//!
//! Beyond the [`Configuration`], a caller extends or adjusts calls in three ways:
//!
//! - a [`Hook`] ([`Configuration::add_hook`]) is called before each attempt is sent, after
//!   each response and when an attempt fails; it sees the operation, method, path template and
//!   attempt number, can add headers or refuse the call ([`Error::Hook`]), and never reads a key;
//! - [`CallOptions`] (`api.with_options(options)`, [`Client::with_options`]) set the timeouts,
//!   the retries, extra headers and the unstable opt-in of the calls made through one view,
//!   without a new client;
//! - with the crate's `tracing` feature, each call is a `datadog.call` span and each attempt a
//!   `datadog.attempt` span in it (operation, method, path template, status, attempt, retry
//!   wait, kind of error), never with keys, tokens, URLs, parameter values or bodies.
//!
//! TLS is rustls with the `rustls-tls` feature (the default), or the platform's library with
//! `native-tls`; built with neither, calls to an `https` base URL return
//! [`ConfigError::TlsUnavailable`].

mod auth;
mod body;
mod call;
mod client;
mod configuration;
mod error;
mod hooks;
#[cfg(feature = "mock")]
mod mock;
mod model_support;
mod options;
mod pagination;
mod spec;
#[cfg(feature = "tracing")]
mod trace;
mod transport;

pub use auth::*;
pub use call::{Call, CallShape, Entity, WithHttpInfo};
pub use client::*;
pub use configuration::*;
pub use error::*;
pub use hooks::*;
#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub use mock::*;
pub use model_support::*;
pub use options::*;
pub use pagination::*;
pub use spec::*;

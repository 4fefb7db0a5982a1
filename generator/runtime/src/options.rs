//! Per-call options: settings that override the [`Configuration`]'s for the calls made through
//! one scoped view of an API (`api.with_options(options)`), without building a new client.

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::Configuration;

/// Settings for the calls made through `api.with_options(options)` (or
/// [`Client::with_options`](super::Client::with_options)): each one set here replaces the
/// configuration's, the others keep it. The view shares the API's client (its connections,
/// limits, keys and hooks): making one costs an allocation, not a new client.
///
/// ```ignore
/// // Not compiled here (the path differs in the generated crate); the README's example, which
/// // tests/tests/e2e_extensions.rs compiles and runs, does the same.
/// use datadog_api_client::datadog::CallOptions;
/// let options = CallOptions::new()
///     .timeout(Some(Duration::from_secs(5)))
///     .retry(false, 0)
///     .header("X-Request-Id", "b7e1c2");
/// let user = users_api.with_options(options).get_user(user_id).await?;
/// ```
///
/// The `Debug` output shows header names, never their values.
#[derive(Clone, Default)]
pub struct CallOptions {
    timeout: Option<Option<Duration>>,
    total_timeout: Option<Option<Duration>>,
    retry: Option<(bool, u32)>,
    backoff: Option<(Duration, Duration)>,
    headers: HeaderMap,
    allow_unstable: bool,
    /// The first header that could not be set (name, reason), reported by every call.
    invalid_header: Option<(String, String)>,
}

/// The settings one call runs with: the configuration's, with the call's options applied.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CallSettings {
    pub(crate) retry_enabled: bool,
    pub(crate) max_retries: u32,
    pub(crate) backoff_base: Duration,
    pub(crate) backoff_max: Duration,
    pub(crate) timeout: Option<Duration>,
    pub(crate) total_timeout: Option<Duration>,
}

impl CallOptions {
    /// No overrides: calls run with the configuration's settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// The timeout of each attempt (`None` for none), as
    /// [`Configuration::set_timeout`].
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The timeout of the whole call, retries included (`None` for none), as
    /// [`Configuration::set_total_timeout`].
    pub fn total_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.total_timeout = Some(timeout);
        self
    }

    /// Whether to retry after 429 and 5xx responses, and how many times, as
    /// [`Configuration::set_retry`].
    pub fn retry(mut self, enable: bool, max_retries: u32) -> Self {
        self.retry = Some((enable, max_retries));
        self
    }

    /// The backoff between retries, as [`Configuration::set_retry_backoff`].
    pub fn retry_backoff(mut self, base: Duration, max: Duration) -> Self {
        self.backoff = Some((base, max));
        self
    }

    /// Adds a header to every request, replacing one of the same name that the call would
    /// send (an API key's header included: the value is then sent as that key, and is
    /// redacted as keys are). The value must be visible ASCII, space or tab: otherwise every
    /// call returns [`Error::InvalidHeader`](super::Error::InvalidHeader), sending nothing.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let parsed = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| "not a valid header name".to_string())
            .and_then(|header_name| Ok((header_name, visible_ascii(value)?)));
        match parsed {
            Ok((header_name, header_value)) => {
                self.headers.insert(header_name, header_value);
            }
            Err(reason) => {
                self.invalid_header
                    .get_or_insert_with(|| (name.to_string(), reason));
            }
        }
        self
    }

    /// Allows the calls to unstable operations, whether or not the configuration enables them
    /// ([`Configuration::set_unstable_operation_enabled`]).
    pub fn allow_unstable(mut self, allow: bool) -> Self {
        self.allow_unstable = allow;
        self
    }

    /// Whether these options allow calls to unstable operations.
    pub fn unstable_allowed(&self) -> bool {
        self.allow_unstable
    }

    /// The extra headers, or the first one that could not be set (name, reason).
    pub(crate) fn headers(&self) -> Result<&HeaderMap, (String, String)> {
        match &self.invalid_header {
            Some(invalid) => Err(invalid.clone()),
            None => Ok(&self.headers),
        }
    }
}

impl CallSettings {
    /// The settings of a call with `config` and, if any, `options`.
    pub(crate) fn resolve(config: &Configuration, options: Option<&CallOptions>) -> Self {
        let (retry_enabled, max_retries, backoff_base, backoff_max) = config.retry_settings();
        let mut settings = CallSettings {
            retry_enabled,
            max_retries,
            backoff_base,
            backoff_max,
            timeout: config.timeout(),
            total_timeout: config.total_timeout(),
        };
        let Some(options) = options else {
            return settings;
        };
        if let Some((enabled, max)) = options.retry {
            (settings.retry_enabled, settings.max_retries) = (enabled, max);
        }
        if let Some((base, max)) = options.backoff {
            (settings.backoff_base, settings.backoff_max) = (base, max);
        }
        settings.timeout = options.timeout.unwrap_or(settings.timeout);
        settings.total_timeout = options.total_timeout.unwrap_or(settings.total_timeout);
        settings
    }
}

/// A header value of visible ASCII, space or tab (so no CR or LF can split the request).
pub(crate) fn visible_ascii(value: &str) -> Result<HeaderValue, String> {
    if let Some(position) = value
        .bytes()
        .position(|byte| !(byte == b'\t' || (b' '..=b'~').contains(&byte)))
    {
        return Err(format!(
            "the value contains a control or non-ASCII character at byte {position}"
        ));
    }
    HeaderValue::from_str(value).map_err(|error| error.to_string())
}

impl fmt::Debug for CallOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.keys().map(HeaderName::as_str).collect();
        f.debug_struct("CallOptions")
            .field("timeout", &self.timeout)
            .field("total_timeout", &self.total_timeout)
            .field("retry", &self.retry)
            .field("retry_backoff", &self.backoff)
            .field("headers", &names)
            .field("allow_unstable", &self.allow_unstable)
            .finish()
    }
}

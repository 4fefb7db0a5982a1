//! Client configuration: where requests go (server templates, the regional site, the `DD_HOST`
//! base-URL override, the servers of single operations), which credentials they carry (see
//! `auth`), which unstable operations are enabled, and how the HTTP client behaves (retries,
//! timeout, proxy, user agent).
//!
//! [`Configuration::new`] reads `DD_API_KEY`, `DD_APP_KEY`, `DD_SITE`, `DD_HOST` and the
//! variable each security scheme names (`x-env-name`, such as `DD_BEARER_TOKEN`) from the
//! environment. It never panics: a value it cannot use (an unknown site, a malformed host) is
//! kept, and every call made with that configuration returns it as
//! [`Error::Configuration`](super::Error::Configuration) without sending anything.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::{ApiSpec, Credential, Hook, ServerTemplate, ServerVariable};

/// The security scheme that `DD_API_KEY` and [`Configuration::set_api_key`] configure.
const API_KEY_SCHEME: &str = "apiKeyAuth";
/// The security scheme that `DD_APP_KEY` and [`Configuration::set_app_key`] configure.
const APP_KEY_SCHEME: &str = "appKeyAuth";
/// The server variable that `DD_SITE` and [`Configuration::set_site`] set.
const SITE_VARIABLE: &str = "site";

/// Retries made by default after a response with status 429 or 5xx.
const DEFAULT_MAX_RETRIES: u32 = 3;
/// Default first backoff interval; the interval doubles with each retry.
const DEFAULT_BACKOFF_BASE: Duration = Duration::from_secs(2);
/// Default longest wait before a retry.
const DEFAULT_BACKOFF_MAX: Duration = Duration::from_secs(60);
/// Default timeout of one attempt: connecting, sending, and reading the whole response.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Default timeout of a whole call: every attempt and the waits between them.
pub const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(180);
/// Default largest response body read (32 MiB).
pub const DEFAULT_MAX_RESPONSE_SIZE: usize = 32 * 1024 * 1024;
/// Default most connections a client opens to its host at once.
pub const DEFAULT_MAX_CONNECTIONS_PER_HOST: usize = 32;

/// A key for an API-key security scheme. The header value is `key`, or `"{prefix} {key}"`
/// when `prefix` is not empty.
///
/// Its `Debug` output never shows the key.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct APIKey {
    /// The secret key.
    pub key: String,
    /// A prefix written before the key, separated by a space; usually empty.
    pub prefix: String,
}

impl fmt::Debug for APIKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("APIKey")
            .field("key", &"<redacted>")
            .field("prefix", &self.prefix)
            .finish()
    }
}

/// A configuration that cannot be used to send requests.
///
/// Returned by the setters that validate their input, and by every call made with a
/// configuration that holds such a value (see [`Configuration::base_url`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// The site (`DD_SITE` or [`Configuration::set_site`]) is not one of the known sites.
    UnknownSite {
        /// The site as given.
        site: String,
        /// The known sites.
        allowed: &'static [&'static str],
    },
    /// A server variable has a value outside its enumeration.
    InvalidServerVariable {
        /// The variable's name.
        name: String,
        /// The value configured.
        value: String,
        /// The allowed values.
        allowed: &'static [&'static str],
    },
    /// [`Configuration::set_server_index`] selected a server that does not exist.
    ServerIndexOutOfRange {
        /// The index configured.
        index: usize,
        /// How many servers there are.
        count: usize,
    },
    /// The server index of an operation with servers of its own
    /// ([`Configuration::set_operation_server_index`], else the global one) selects a server
    /// it does not have.
    OperationServerIndexOutOfRange {
        /// The operation, as `"v2.SubmitLog"`.
        operation: &'static str,
        /// The index used.
        index: usize,
        /// How many servers the operation has.
        count: usize,
    },
    /// The base-URL override (`DD_HOST` or [`Configuration::set_host`]) is not a usable URL.
    InvalidHost {
        /// The host as given.
        host: String,
        /// Why it cannot be used.
        reason: String,
    },
    /// The server template, once its variables are substituted, is not a usable URL.
    InvalidBaseUrl {
        /// The URL after substitution.
        url: String,
        /// Why it cannot be used.
        reason: String,
    },
    /// The base URL is `http://` for a host that is not loopback: the keys would travel in
    /// cleartext. Allowed only with [`Configuration::set_allow_insecure_http`].
    InsecureHttp {
        /// The base URL (any password redacted).
        url: String,
    },
    /// The base URL is `https`, and the crate was built without TLS: enable its `rustls-tls`
    /// (default) or `native-tls` feature.
    TlsUnavailable {
        /// The base URL (any password redacted).
        url: String,
    },
    /// The HTTP client could not be built from the configuration (for example a malformed proxy
    /// URL).
    HttpClient {
        /// Why it could not be built.
        reason: String,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::UnknownSite { site, allowed } => write!(
                f,
                "unknown Datadog site {site:?}; expected one of: {}",
                allowed.join(", ")
            ),
            ConfigError::InvalidServerVariable {
                name,
                value,
                allowed,
            } => write!(
                f,
                "invalid value {value:?} for server variable {name:?}; expected one of: {}",
                allowed.join(", ")
            ),
            ConfigError::ServerIndexOutOfRange { index, count } => write!(
                f,
                "server index {index} is out of range: there are {count} servers"
            ),
            ConfigError::OperationServerIndexOutOfRange {
                operation,
                index,
                count,
            } => write!(
                f,
                "server index {index} is out of range for {operation}: it has {count} servers \
                 (set its own with `configuration.set_operation_server_index`)"
            ),
            ConfigError::InvalidHost { host, reason } => {
                write!(f, "invalid host {host:?} (DD_HOST): {reason}")
            }
            ConfigError::InvalidBaseUrl { url, reason } => {
                write!(f, "invalid server URL {url:?}: {reason}")
            }
            ConfigError::InsecureHttp { url } => write!(
                f,
                "the base URL {url:?} is plain http to a host that is not loopback, so the API \
                 keys would be sent in cleartext; use https, or allow it with \
                 `configuration.set_allow_insecure_http(true)`"
            ),
            ConfigError::TlsUnavailable { url } => write!(
                f,
                "the base URL {url:?} is https, and this build has no TLS: enable the \
                 `rustls-tls` or the `native-tls` feature of the client crate"
            ),
            ConfigError::HttpClient { reason } => {
                write!(f, "the HTTP client could not be built: {reason}")
            }
        }
    }
}

impl std::error::Error for ConfigError {}

/// Everything a [`Client`](super::Client) needs to know to send requests.
///
/// The generated crate's `Configuration::new()` (and `Configuration::default()`) is
/// [`Configuration::from_env`] with the spec's facts. The `Debug` output never shows key
/// values or URL passwords.
#[derive(Clone)]
#[non_exhaustive]
pub struct Configuration {
    /// The facts of the API: servers, unstable operations, security schemes.
    spec: &'static ApiSpec,
    server_index: usize,
    server_variables: BTreeMap<String, String>,
    /// The base-URL override, or the error it was rejected with (kept for every call).
    host: Option<Result<String, ConfigError>>,
    /// The servers chosen for single operations (by their `version.OperationId`).
    operation_server_index: BTreeMap<&'static str, usize>,
    operation_server_variables: BTreeMap<&'static str, BTreeMap<String, String>>,
    /// The credential of each security scheme, by its name (see `auth`).
    pub(super) credentials: BTreeMap<String, Credential>,
    /// The enabled unstable operations, as spelled in the spec's unstable operations.
    unstable_enabled: Vec<&'static str>,
    enable_retry: bool,
    max_retries: u32,
    backoff_base: Duration,
    backoff_max: Duration,
    timeout: Option<Duration>,
    total_timeout: Option<Duration>,
    max_response_size: usize,
    max_connections_per_host: usize,
    allow_insecure_http: bool,
    proxy_url: Option<String>,
    user_agent: String,
    /// Called around each attempt, in this order.
    hooks: Vec<Arc<dyn Hook>>,
}

impl Configuration {
    /// Creates a configuration for the API described by `spec`, from the environment:
    ///
    /// - `DD_API_KEY` and `DD_APP_KEY`: the keys of the `apiKeyAuth` and `appKeyAuth` schemes;
    /// - `DD_SITE`: the regional site, as in [`set_site`](Self::set_site);
    /// - `DD_HOST`: a full base-URL override, as in [`set_host`](Self::set_host).
    ///
    /// Empty variables are ignored. The defaults: retries on (3 retries); each attempt times
    /// out after [`DEFAULT_TIMEOUT`] (60 s) and the whole call after
    /// [`DEFAULT_TOTAL_TIMEOUT`] (180 s); bodies up to [`DEFAULT_MAX_RESPONSE_SIZE`] (32 MiB);
    /// at most [`DEFAULT_MAX_CONNECTIONS_PER_HOST`] (32) connections at once; plain `http`
    /// only to loopback hosts; the user agent
    /// `datadog-api-client-rust/{version} (rust; {os}; {arch})`.
    ///
    /// Never panics: an unknown site or a malformed host is kept, and every call made with
    /// this configuration returns it as a configuration error without sending anything.
    pub fn from_env(spec: &'static ApiSpec) -> Self {
        Self::from_lookup(spec, |name| std::env::var(name).ok())
    }

    /// Builds a configuration from an environment lookup function.
    fn from_lookup(spec: &'static ApiSpec, lookup: impl Fn(&str) -> Option<String>) -> Self {
        let get = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        let mut config = Self::without_environment(spec);
        if let Some(key) = get("DD_API_KEY") {
            config.set_api_key(key);
        }
        if let Some(key) = get("DD_APP_KEY") {
            config.set_app_key(key);
        }
        if let Some(site) = get("DD_SITE") {
            // An unknown site is kept as given: `base_url` reports it on every call.
            let site = normalize_site(spec, &site).unwrap_or_else(|| site.trim().to_string());
            config
                .server_variables
                .insert(SITE_VARIABLE.to_string(), site);
        }
        if let Some(host) = get("DD_HOST") {
            config.host = Some(parse_host(&host));
        }
        config.read_scheme_variables(get);
        config
    }

    /// A configuration with the defaults and nothing from the environment.
    fn without_environment(spec: &'static ApiSpec) -> Self {
        Configuration {
            spec,
            server_index: 0,
            server_variables: BTreeMap::new(),
            host: None,
            operation_server_index: BTreeMap::new(),
            operation_server_variables: BTreeMap::new(),
            credentials: BTreeMap::new(),
            unstable_enabled: Vec::new(),
            enable_retry: true,
            max_retries: DEFAULT_MAX_RETRIES,
            backoff_base: DEFAULT_BACKOFF_BASE,
            backoff_max: DEFAULT_BACKOFF_MAX,
            timeout: Some(DEFAULT_TIMEOUT),
            total_timeout: Some(DEFAULT_TOTAL_TIMEOUT),
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            max_connections_per_host: DEFAULT_MAX_CONNECTIONS_PER_HOST,
            allow_insecure_http: false,
            proxy_url: None,
            user_agent: default_user_agent(),
            hooks: Vec::new(),
        }
    }

    /// The facts of the API this configuration is for.
    pub fn spec(&self) -> &'static ApiSpec {
        self.spec
    }

    /// Sets the API key (the `apiKeyAuth` scheme, sent as `DD-API-KEY`).
    pub fn set_api_key(&mut self, key: impl Into<String>) {
        self.set_auth_key(
            API_KEY_SCHEME,
            APIKey {
                key: key.into(),
                prefix: String::new(),
            },
        );
    }

    /// Sets the application key (the `appKeyAuth` scheme, sent as `DD-APPLICATION-KEY`).
    pub fn set_app_key(&mut self, key: impl Into<String>) {
        self.set_auth_key(
            APP_KEY_SCHEME,
            APIKey {
                key: key.into(),
                prefix: String::new(),
            },
        );
    }

    /// Sets the key of the security scheme named `scheme_name` (for example `"apiKeyAuth"`).
    /// A scheme of the API whose key is not set sends the key of the scheme it is an alias of
    /// (`x-auth-id-alias`): the API key set here is also sent as the `api_key` query parameter
    /// where an operation asks for that.
    pub fn set_auth_key(&mut self, scheme_name: &str, key: APIKey) {
        self.credentials
            .insert(scheme_name.to_string(), Credential::ApiKey(key));
    }

    /// The key configured for the security scheme named `scheme_name`, if any.
    pub fn auth_key(&self, scheme_name: &str) -> Option<&APIKey> {
        match self.credentials.get(scheme_name) {
            Some(Credential::ApiKey(key)) => Some(key),
            _ => None,
        }
    }

    /// Selects the regional site, for example `"datadoghq.eu"` or `"us3.datadoghq.com"`.
    ///
    /// The address of the site's web app, as copied from a browser (`"app.datadoghq.eu"`,
    /// `"https://us3.datadoghq.com/"`), is accepted too. An unknown site is rejected and
    /// leaves the configuration unchanged. The site is used by the servers whose URL has a
    /// `{site}` variable (the default one); a host override ([`set_host`](Self::set_host))
    /// takes precedence over it.
    pub fn set_site(&mut self, site: &str) -> Result<(), ConfigError> {
        match normalize_site(self.spec, site) {
            Some(site) => {
                self.server_variables
                    .insert(SITE_VARIABLE.to_string(), site);
                Ok(())
            }
            None => Err(ConfigError::UnknownSite {
                site: site.to_string(),
                allowed: self.spec.variable_values(SITE_VARIABLE),
            }),
        }
    }

    /// The configured site, if one was set (otherwise the server's default is used).
    pub fn site(&self) -> Option<&str> {
        self.server_variables.get(SITE_VARIABLE).map(String::as_str)
    }

    /// Sends every request to `host`, a full base URL such as `http://127.0.0.1:8080` or
    /// `https://api.datadoghq.eu` (the `DD_HOST` convention of the Datadog Terraform provider):
    /// a request goes to that URL followed by the operation's path.
    ///
    /// The URL must use `http` or `https` and have a host; it may have a path prefix, but no
    /// query or fragment. An invalid URL is rejected and leaves the configuration unchanged.
    /// An empty string removes the override.
    pub fn set_host(&mut self, host: &str) -> Result<(), ConfigError> {
        if host.trim().is_empty() {
            self.host = None;
            return Ok(());
        }
        let parsed = parse_host(host)?;
        self.host = Some(Ok(parsed));
        Ok(())
    }

    /// The host override, if one is set and valid.
    pub fn host(&self) -> Option<&str> {
        match &self.host {
            Some(Ok(host)) => Some(host),
            _ => None,
        }
    }

    /// Selects the server template by its index in the OpenAPI document's `servers` list.
    /// An index out of range is reported by every call.
    pub fn set_server_index(&mut self, index: usize) {
        self.server_index = index;
    }

    /// The selected server's index.
    pub fn server_index(&self) -> usize {
        self.server_index
    }

    /// Sets a server variable, for example `("subdomain", "api")`. A value outside the
    /// variable's enumeration is reported by every call that uses it.
    pub fn set_server_variable(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.server_variables.insert(name.into(), value.into());
    }

    /// The configured server variables (the defaults apply to the others).
    pub fn server_variables(&self) -> &BTreeMap<String, String> {
        &self.server_variables
    }

    /// Enables or disables an unstable operation, named as in the API reference
    /// (`"v2.QueryAccounts"`) or in snake case (`"v2.query_accounts"`).
    ///
    /// Returns `false`, changing nothing, when the operation is not an unstable operation.
    pub fn set_unstable_operation_enabled(&mut self, operation: &str, enabled: bool) -> bool {
        let Some(canonical) = self.spec.find_unstable_operation(operation) else {
            return false;
        };
        self.unstable_enabled.retain(|op| *op != canonical);
        if enabled {
            self.unstable_enabled.push(canonical);
        }
        true
    }

    /// Whether the unstable operation is enabled (either spelling, as in
    /// [`set_unstable_operation_enabled`](Self::set_unstable_operation_enabled)). `false` for
    /// an operation that is not an unstable operation.
    pub fn is_unstable_operation_enabled(&self, operation: &str) -> bool {
        self.spec
            .find_unstable_operation(operation)
            .is_some_and(|canonical| self.unstable_enabled.contains(&canonical))
    }

    /// Enables or disables retries after responses with status 429 or 5xx, and sets how many
    /// retries follow the first attempt.
    pub fn set_retry(&mut self, enable: bool, max_retries: u32) {
        self.enable_retry = enable;
        self.max_retries = max_retries;
    }

    /// Whether retries are enabled.
    pub fn retry_enabled(&self) -> bool {
        self.enable_retry
    }

    /// How many retries may follow the first attempt.
    pub fn max_retries(&self) -> u32 {
        self.max_retries
    }

    /// Sets the exponential backoff used when a response does not say how long to wait:
    /// retry `n` (from 0) waits a random time up to `min(base * 2^n, max)`. `max` also bounds
    /// the wait a response asks for (`Retry-After`, `X-RateLimit-Reset`): when the response
    /// asks for more, it is returned instead of being retried.
    pub fn set_retry_backoff(&mut self, base: Duration, max: Duration) {
        self.backoff_base = base;
        self.backoff_max = max;
    }

    /// The backoff's base interval and longest wait.
    pub fn retry_backoff(&self) -> (Duration, Duration) {
        (self.backoff_base, self.backoff_max)
    }

    /// Sets the timeout of each attempt (waiting for a connection, sending and reading the
    /// whole response); `None` for none. The default is [`DEFAULT_TIMEOUT`] (60 s). An attempt
    /// that runs out is [`Error::AttemptTimeout`](super::Error::AttemptTimeout), not retried.
    pub fn set_timeout(&mut self, timeout: Option<Duration>) {
        self.timeout = timeout;
    }

    /// The timeout of each attempt.
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// Sets the timeout of a whole call: every attempt and the waits before retries; `None`
    /// for none. The default is [`DEFAULT_TOTAL_TIMEOUT`] (180 s). A retry whose wait would
    /// end past it is not made (the last response is returned); a call still running at the
    /// end is [`Error::CallTimeout`](super::Error::CallTimeout).
    pub fn set_total_timeout(&mut self, timeout: Option<Duration>) {
        self.total_timeout = timeout;
    }

    /// The timeout of a whole call.
    pub fn total_timeout(&self) -> Option<Duration> {
        self.total_timeout
    }

    /// Sets the largest response body read, in bytes. The default is
    /// [`DEFAULT_MAX_RESPONSE_SIZE`] (32 MiB). A larger body (announced or streamed) stops
    /// the call at once with [`Error::ResponseTooLarge`](super::Error::ResponseTooLarge).
    pub fn set_max_response_size(&mut self, bytes: usize) {
        self.max_response_size = bytes;
    }

    /// The largest response body read, in bytes.
    pub fn max_response_size(&self) -> usize {
        self.max_response_size
    }

    /// Sets how many connections a client opens to its host at once (at least 1); further
    /// calls wait for one to be free, within their timeouts. The default is
    /// [`DEFAULT_MAX_CONNECTIONS_PER_HOST`] (32). Clones of a client (and the API structs
    /// made from one) share the limit; each `with_config` makes a new client.
    pub fn set_max_connections_per_host(&mut self, connections: usize) {
        self.max_connections_per_host = connections.max(1);
    }

    /// How many connections a client opens to its host at once.
    pub fn max_connections_per_host(&self) -> usize {
        self.max_connections_per_host
    }

    /// Allows a plain `http://` base URL for a host that is not loopback (the keys then travel
    /// in cleartext). Off by default: such a base URL is
    /// [`ConfigError::InsecureHttp`] on every call. `http` to `localhost`, `127.0.0.0/8` or
    /// `[::1]` is always allowed.
    pub fn set_allow_insecure_http(&mut self, allow: bool) {
        self.allow_insecure_http = allow;
    }

    /// Whether a plain `http://` base URL for a host that is not loopback is allowed.
    pub fn allow_insecure_http(&self) -> bool {
        self.allow_insecure_http
    }

    /// Sends every request through this proxy (`http://`, `https://` or `socks5://` URL);
    /// `None` to use the system's proxy settings. A malformed URL is reported by every call.
    /// Used by [`Client::new`](super::Client::new), not by a client given its own HTTP client.
    pub fn set_proxy_url(&mut self, proxy_url: Option<String>) {
        self.proxy_url = proxy_url;
    }

    /// The proxy URL, if one is set.
    pub fn proxy_url(&self) -> Option<&str> {
        self.proxy_url.as_deref()
    }

    /// Sets the `User-Agent` header sent with every request.
    pub fn set_user_agent(&mut self, user_agent: String) {
        self.user_agent = user_agent;
    }

    /// The `User-Agent` header sent with every request.
    pub fn user_agent(&self) -> &str {
        &self.user_agent
    }

    /// Adds a [`Hook`], called around each attempt of every call made with this configuration
    /// (after the hooks added before it). Clones of the configuration share it.
    pub fn add_hook(&mut self, hook: impl Hook + 'static) {
        self.hooks.push(Arc::new(hook));
    }

    /// The hooks, in the order they are called.
    pub fn hooks(&self) -> &[Arc<dyn Hook>] {
        &self.hooks
    }

    /// The base URL requests are sent to, without a trailing slash: the host override if one
    /// is set, else the selected server template with its variables substituted (configured
    /// values, else defaults) and checked against their enumerations.
    ///
    /// A plain `http` URL to a host that is not loopback is refused unless allowed
    /// ([`set_allow_insecure_http`](Self::set_allow_insecure_http)).
    pub fn base_url(&self) -> Result<String, ConfigError> {
        let url = match &self.host {
            Some(Ok(host)) => host.clone(),
            Some(Err(error)) => return Err(error.clone()),
            None => self.server_url(self.spec.servers)?,
        };
        self.refuse_cleartext(url)
    }

    /// `url`, unless it is plain `http` to a host that is not loopback and that is not allowed.
    fn refuse_cleartext(&self, url: String) -> Result<String, ConfigError> {
        if !self.allow_insecure_http && is_cleartext_to_remote(&url) {
            return Err(ConfigError::InsecureHttp {
                url: redact_userinfo(&url),
            });
        }
        Ok(url)
    }

    /// The base URL of the operation `operation` (`"v2.SubmitLog"`): the host override if
    /// one is set; else, for an operation with servers of its own, its selected server (its
    /// own index, else the global one) with its variables (its own values, else the global
    /// values its enumerations allow, else its defaults); else the selected server of its
    /// version (the spec's servers, or its version's when they differ), as
    /// [`base_url`](Self::base_url) does.
    ///
    /// A global value outside an operation's enumeration is not used for it: `DD_SITE=datadoghq.eu`
    /// sends logs to `http-intake.logs.datadoghq.eu`, and leaves an operation whose `site`
    /// lists other hosts on its default.
    pub fn operation_base_url(&self, operation: &str) -> Result<String, ConfigError> {
        let (canonical, own_servers) = match self.spec.servers_of(operation) {
            Some(entry) if self.host.is_none() => (entry.operation, entry.servers),
            _ if self.host.is_none() => {
                let url = self.server_url(self.spec.version_servers_of(operation))?;
                return self.refuse_cleartext(url);
            }
            _ => return self.base_url(),
        };
        let index = self
            .operation_server_index
            .get(canonical)
            .copied()
            .unwrap_or(self.server_index);
        let server = own_servers
            .get(index)
            .ok_or(ConfigError::OperationServerIndexOutOfRange {
                operation: canonical,
                index,
                count: own_servers.len(),
            })?;
        let own = self.operation_server_variables.get(canonical);
        let url = substitute(server, |variable| {
            own.and_then(|values| values.get(variable.name))
                .or_else(|| {
                    self.server_variables
                        .get(variable.name)
                        .filter(|value| variable.allows(value))
                })
                .map(String::as_str)
        })?;
        self.refuse_cleartext(url)
    }

    /// Selects the server of an operation that has servers of its own, by its index in the
    /// operation's `servers` (the global index applies otherwise). The operation is named as
    /// in [`set_unstable_operation_enabled`](Self::set_unstable_operation_enabled). Returns
    /// `false`, changing nothing, when the operation has no servers of its own.
    pub fn set_operation_server_index(&mut self, operation: &str, index: usize) -> bool {
        let Some((canonical, _)) = self.find_operation_servers(operation) else {
            return false;
        };
        self.operation_server_index.insert(canonical, index);
        true
    }

    /// Sets a server variable for one operation that has servers of its own, for example
    /// `("v2.CreateOnCallPage", "site", "beige.oncall.datadoghq.eu")`; it takes precedence
    /// over [`set_server_variable`](Self::set_server_variable). Returns `false`, changing
    /// nothing, when the operation has no servers of its own.
    pub fn set_operation_server_variable(
        &mut self,
        operation: &str,
        name: impl Into<String>,
        value: impl Into<String>,
    ) -> bool {
        let Some((canonical, _)) = self.find_operation_servers(operation) else {
            return false;
        };
        self.operation_server_variables
            .entry(canonical)
            .or_default()
            .insert(name.into(), value.into());
        true
    }

    /// The operation's canonical name and servers, when it has servers of its own: named
    /// exactly (as requests name it, found by binary search) or in another spelling.
    fn find_operation_servers(
        &self,
        operation: &str,
    ) -> Option<(&'static str, &'static [ServerTemplate])> {
        self.spec
            .servers_of(operation)
            .or_else(|| {
                self.spec
                    .operation_servers
                    .iter()
                    .find(|entry| same_operation(entry.operation, operation))
            })
            .map(|entry| (entry.operation, entry.servers))
    }

    /// The selected server of `servers` (the spec's, or a version's), its URL with its
    /// variables substituted and checked.
    fn server_url(&self, servers: &[ServerTemplate]) -> Result<String, ConfigError> {
        let server = servers
            .get(self.server_index)
            .ok_or(ConfigError::ServerIndexOutOfRange {
                index: self.server_index,
                count: servers.len(),
            })?;
        substitute(server, |variable| {
            self.server_variables.get(variable.name).map(String::as_str)
        })
    }

    /// The retry settings, for the client: (enabled, max retries, backoff base, backoff max).
    pub(super) fn retry_settings(&self) -> (bool, u32, Duration, Duration) {
        (
            self.enable_retry,
            self.max_retries,
            self.backoff_base,
            self.backoff_max,
        )
    }
}

/// Whether two spellings name the same operation (`v2.SubmitLog`, `v2.submit_log`): ASCII case
/// and underscores are ignored.
pub(crate) fn same_operation(a: &str, b: &str) -> bool {
    let normalized = |name: &str| -> Vec<u8> {
        name.bytes()
            .filter(|byte| *byte != b'_')
            .map(|byte| byte.to_ascii_lowercase())
            .collect()
    };
    normalized(a) == normalized(b)
}

impl ServerVariable {
    /// Whether `value` is one of the variable's values (any value, without an enumeration).
    fn allows(&self, value: &str) -> bool {
        self.enum_values.is_empty() || self.enum_values.contains(&value)
    }
}

/// The URL of `server`, each variable replaced by the value `value_of` gives (else its
/// default) after checking it against the variable's enumeration.
fn substitute<'v>(
    server: &ServerTemplate,
    value_of: impl Fn(&ServerVariable) -> Option<&'v str>,
) -> Result<String, ConfigError> {
    let mut url = server.url.to_string();
    for variable in server.variables {
        let value = value_of(variable).unwrap_or(variable.default);
        if !variable.allows(value) {
            return Err(if variable.name == SITE_VARIABLE {
                ConfigError::UnknownSite {
                    site: value.to_string(),
                    allowed: variable.enum_values,
                }
            } else {
                ConfigError::InvalidServerVariable {
                    name: variable.name.to_string(),
                    value: value.to_string(),
                    allowed: variable.enum_values,
                }
            });
        }
        url = url.replace(&format!("{{{}}}", variable.name), value);
    }
    check_base_url(&url).map_err(|reason| ConfigError::InvalidBaseUrl {
        url: redact_userinfo(&url),
        reason,
    })
}

impl fmt::Debug for Configuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let host = self.host.as_ref().map(|host| match host {
            Ok(host) => redact_userinfo(host),
            Err(error) => format!("<invalid: {error}>"),
        });
        f.debug_struct("Configuration")
            .field("server_index", &self.server_index)
            .field("server_variables", &self.server_variables)
            .field("host", &host)
            .field("operation_server_index", &self.operation_server_index)
            .field(
                "operation_server_variables",
                &self.operation_server_variables,
            )
            // Credential's Debug redacts the secrets.
            .field("credentials", &self.credentials)
            .field("unstable_operations_enabled", &self.unstable_enabled)
            .field("enable_retry", &self.enable_retry)
            .field("max_retries", &self.max_retries)
            .field("backoff_base", &self.backoff_base)
            .field("backoff_max", &self.backoff_max)
            .field("timeout", &self.timeout)
            .field("total_timeout", &self.total_timeout)
            .field("max_response_size", &self.max_response_size)
            .field("max_connections_per_host", &self.max_connections_per_host)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("proxy_url", &self.proxy_url.as_deref().map(redact_userinfo))
            .field("user_agent", &self.user_agent)
            .field("hooks", &self.hooks.len())
            .finish()
    }
}

/// `datadog-api-client-rust/{version} (rust; {os}; {arch})`.
fn default_user_agent() -> String {
    format!(
        "datadog-api-client-rust/{} (rust; {}; {})",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS,
        std::env::consts::ARCH
    )
}

/// Maps a site as a user may write it to a known site value: `datadoghq.eu`, `DATADOGHQ.EU`,
/// `app.datadoghq.eu`, `https://app.datadoghq.eu/`. `None` when it is not a known site.
fn normalize_site(spec: &ApiSpec, site: &str) -> Option<String> {
    let allowed = spec.variable_values(SITE_VARIABLE);
    let mut site = site.trim().to_ascii_lowercase();
    for scheme in ["https://", "http://"] {
        if let Some(rest) = site.strip_prefix(scheme) {
            site = rest.to_string();
        }
    }
    let site = site.trim_end_matches('/');
    let known = |candidate: &str| allowed.iter().find(|value| **value == candidate).copied();
    known(site)
        .or_else(|| site.strip_prefix("app.").and_then(known))
        .or_else(|| site.strip_prefix("api.").and_then(known))
        .map(str::to_string)
        .or_else(|| allowed.is_empty().then(|| site.to_string()))
}

/// Validates a base-URL override and returns it without a trailing slash.
fn parse_host(host: &str) -> Result<String, ConfigError> {
    let trimmed = host.trim();
    check_base_url(trimmed).map_err(|reason| ConfigError::InvalidHost {
        host: redact_userinfo(trimmed),
        reason,
    })
}

/// Checks that `url` is an absolute `http` or `https` URL with a host and no query or
/// fragment; returns it without a trailing slash.
fn check_base_url(url: &str) -> Result<String, String> {
    if !url.contains("://") {
        return Err(
            "a full URL with its scheme is needed, such as http://127.0.0.1:8080".to_string(),
        );
    }
    let parsed = reqwest::Url::parse(url).map_err(|error| error.to_string())?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!(
            "the scheme must be http or https, not {:?}",
            parsed.scheme()
        ));
    }
    if !matches!(parsed.host_str(), Some(host) if !host.is_empty()) {
        return Err("the URL has no host".to_string());
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err("the URL must not have a query or a fragment".to_string());
    }
    Ok(url.trim_end_matches('/').to_string())
}

/// Whether `url` is plain `http` to a host that is not loopback.
fn is_cleartext_to_remote(url: &str) -> bool {
    let Ok(parsed) = reqwest::Url::parse(url) else {
        return false;
    };
    if parsed.scheme() != "http" {
        return false;
    }
    let Some(host) = parsed.host_str() else {
        return true;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    match host.parse::<std::net::IpAddr>() {
        Ok(ip) => !ip.is_loopback(),
        Err(_) => {
            let name = host.trim_end_matches('.').to_ascii_lowercase();
            !(name == "localhost" || name.ends_with(".localhost"))
        }
    }
}

/// Replaces the user information of a URL (`user:password@`) with `<redacted>@`.
pub(crate) fn redact_userinfo(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_string();
    };
    let authority_start = scheme_end + 3;
    let authority_end = url[authority_start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| authority_start + i);
    match url[authority_start..authority_end].rfind('@') {
        Some(at) => format!(
            "{}<redacted>{}",
            &url[..authority_start],
            &url[authority_start + at..]
        ),
        None => url.to_string(),
    }
}

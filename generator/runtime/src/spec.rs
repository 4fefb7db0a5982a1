//! The facts of an OpenAPI document the runtime needs, given to it by the generated crate as
//! one [`ApiSpec`] value: the servers (the spec's and those of single operations), the
//! unstable operations and the security schemes. The runtime never names a generated item.

/// What the runtime knows of the API it calls. The generated crate holds one as a `static`
/// and passes it to [`Configuration::from_env`](super::Configuration::from_env).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiSpec {
    /// The servers, in order: [`Configuration::set_server_index`](super::Configuration::set_server_index)
    /// selects one.
    pub servers: &'static [ServerTemplate],
    /// The operations that declare servers of their own (OpenAPI `servers` on the operation or
    /// its path item), sorted by operation.
    pub operation_servers: &'static [OperationServers],
    /// The versions whose servers differ from [`servers`](Self::servers) (the first
    /// version's): their operations use these instead, selected by the same index and
    /// variables.
    pub version_servers: &'static [VersionServers],
    /// Every unstable operation, as `version.OperationId` (`"v2.QueryAccounts"`).
    pub unstable_operations: &'static [&'static str],
    /// Every security scheme the operations may use.
    pub security_schemes: &'static [SecurityScheme],
}

impl ApiSpec {
    /// Finds an unstable operation by either spelling (`v2.QueryAccounts`,
    /// `v2.query_accounts`): the comparison ignores ASCII case and underscores.
    pub(crate) fn find_unstable_operation(&self, operation: &str) -> Option<&'static str> {
        self.unstable_operations
            .iter()
            .copied()
            .find(|candidate| super::configuration::same_operation(candidate, operation))
    }

    /// The security scheme named `name`.
    pub(crate) fn security_scheme(&self, name: &str) -> Option<&'static SecurityScheme> {
        self.security_schemes
            .iter()
            .find(|scheme| scheme.name == name)
    }

    /// The servers of `operation` (`"v2.SubmitLog"`, spelled exactly), when it declares its
    /// own.
    pub(crate) fn servers_of(&self, operation: &str) -> Option<&'static OperationServers> {
        let entries = self.operation_servers;
        entries
            .binary_search_by(|entry| entry.operation.cmp(operation))
            .ok()
            .map(|found| &entries[found])
    }

    /// The servers of the operations of `operation`'s version (`"v2"` of `"v2.ListUsers"`):
    /// its version's own, else [`servers`](Self::servers).
    pub(crate) fn version_servers_of(&self, operation: &str) -> &'static [ServerTemplate] {
        let version = operation.split('.').next().unwrap_or_default();
        self.version_servers
            .iter()
            .find(|entry| entry.version == version)
            .map_or(self.servers, |entry| entry.servers)
    }

    /// The allowed values of the variable `name` (of the first server that has one).
    pub(crate) fn variable_values(&self, name: &str) -> &'static [&'static str] {
        self.servers
            .iter()
            .flat_map(|server| server.variables.iter())
            .find(|variable| variable.name == name)
            .map(|variable| variable.enum_values)
            .unwrap_or(&[])
    }
}

/// A server the API is served from, as declared in the OpenAPI document: a URL template whose
/// `{name}` placeholders are replaced by [`ServerVariable`] values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerTemplate {
    /// The URL template, for example `https://{subdomain}.{site}`.
    pub url: &'static str,
    /// The server's description from the OpenAPI document (may be empty).
    pub description: &'static str,
    /// The variables used in [`url`](Self::url).
    pub variables: &'static [ServerVariable],
}

/// A variable of a [`ServerTemplate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerVariable {
    /// The placeholder's name, without braces.
    pub name: &'static str,
    /// The variable's description from the OpenAPI document (may be empty).
    pub description: &'static str,
    /// The value used when none is configured.
    pub default: &'static str,
    /// The allowed values; empty when any value is allowed.
    pub enum_values: &'static [&'static str],
}

/// The servers of one operation, which it uses instead of [`ApiSpec::servers`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationServers {
    /// The operation, as `version.OperationId` (`"v2.SubmitLog"`).
    pub operation: &'static str,
    /// Its servers, in order, with their variables.
    pub servers: &'static [ServerTemplate],
}

/// The servers of one version of the API, which its operations use instead of
/// [`ApiSpec::servers`] (another version's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VersionServers {
    /// The version, as operations are prefixed with it (`"v2"`).
    pub version: &'static str,
    /// Its servers, in order, with their variables.
    pub servers: &'static [ServerTemplate],
}

/// A security scheme: how the credential configured under its name is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The scheme's name in the OpenAPI document, for example `apiKeyAuth`.
    pub name: &'static str,
    /// What the credential is and where it goes.
    pub kind: SchemeKind,
    /// The environment variable [`Configuration::from_env`](super::Configuration::from_env)
    /// reads the credential from (the scheme's `x-env-name`); empty for none.
    pub env_var: &'static str,
    /// The scheme whose credential this one sends when it has none of its own (the scheme's
    /// `x-auth-id-alias`: `apiKeyAuthQuery` sends the key of `apiKeyAuth`); empty for none.
    pub alias_of: &'static str,
}

/// The kinds of OpenAPI 3.0 security schemes the runtime sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemeKind {
    /// An API key ([`APIKey`](super::APIKey)) in this request header.
    ApiKeyHeader(&'static str),
    /// An API key in this query parameter (redacted wherever the URL is shown).
    ApiKeyQuery(&'static str),
    /// An API key in this cookie.
    ApiKeyCookie(&'static str),
    /// An HTTP bearer token: `Authorization: Bearer <token>`.
    Bearer,
    /// HTTP basic authentication: `Authorization: Basic <base64(user:password)>`.
    Basic,
    /// An OAuth2 access token (or an OpenID Connect one), sent as a bearer token.
    OAuth2,
}

impl SchemeKind {
    /// The request header that carries the credential (`None` for a query parameter).
    pub fn header(&self) -> Option<&'static str> {
        match self {
            SchemeKind::ApiKeyHeader(name) => Some(name),
            SchemeKind::ApiKeyCookie(_) => Some("Cookie"),
            SchemeKind::Bearer | SchemeKind::Basic | SchemeKind::OAuth2 => Some("Authorization"),
            SchemeKind::ApiKeyQuery(_) => None,
        }
    }
}

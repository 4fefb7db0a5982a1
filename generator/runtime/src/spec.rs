//! The facts of an OpenAPI document the runtime needs, given to it by the generated crate as
//! one [`ApiSpec`] value: the servers, the unstable operations and the API-key security
//! schemes. The runtime never names a generated item.

/// What the runtime knows of the API it calls. The generated crate holds one as a `static`
/// and passes it to [`Configuration::from_env`](super::Configuration::from_env).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiSpec {
    /// The servers, in order: [`Configuration::set_server_index`](super::Configuration::set_server_index)
    /// selects one.
    pub servers: &'static [ServerTemplate],
    /// Every unstable operation, as `version.OperationId` (`"v2.QueryAccounts"`).
    pub unstable_operations: &'static [&'static str],
    /// Every API-key security scheme.
    pub security_schemes: &'static [SecurityScheme],
}

impl ApiSpec {
    /// Finds an unstable operation by either spelling (`v2.QueryAccounts`,
    /// `v2.query_accounts`): the comparison ignores ASCII case and underscores.
    pub(crate) fn find_unstable_operation(&self, operation: &str) -> Option<&'static str> {
        let normalized = |name: &str| -> Vec<u8> {
            name.bytes()
                .filter(|byte| *byte != b'_')
                .map(|byte| byte.to_ascii_lowercase())
                .collect()
        };
        let wanted = normalized(operation);
        self.unstable_operations
            .iter()
            .copied()
            .find(|candidate| normalized(candidate) == wanted)
    }

    /// The security scheme named `name`.
    pub(crate) fn security_scheme(&self, name: &str) -> Option<&'static SecurityScheme> {
        self.security_schemes
            .iter()
            .find(|scheme| scheme.name == name)
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

/// An API-key security scheme: the header that carries the key configured under the scheme's
/// name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The scheme's name in the OpenAPI document, for example `apiKeyAuth`.
    pub name: &'static str,
    /// The request header that carries the key, for example `DD-API-KEY`.
    pub header: &'static str,
}

//! Credentials: what a [`Configuration`] holds for each security scheme (API keys, bearer and
//! OAuth2 access tokens, basic credentials), and how the security requirement of a request
//! picks them and sends them (headers, query parameters, cookies).

use std::fmt;

use base64::Engine;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, COOKIE};

use super::client::{encode_query, header_value, BuildError};
use super::{APIKey, Configuration, SchemeKind, SecurityScheme};

/// The credential of one security scheme. Its `Debug` output never shows the secret.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Credential {
    /// An API key, for a scheme of type `apiKey` (header, query parameter or cookie).
    ApiKey(APIKey),
    /// An access token: an HTTP bearer token, or an OAuth2 or OpenID Connect access token.
    Token(String),
    /// A user name and password, for HTTP basic authentication.
    Basic {
        /// The user name.
        username: String,
        /// The password.
        password: String,
    },
}

impl Credential {
    /// Whether it holds something to send (an empty key or token counts as unset).
    fn is_set(&self) -> bool {
        match self {
            Credential::ApiKey(key) => !key.key.is_empty(),
            Credential::Token(token) => !token.is_empty(),
            Credential::Basic { username, .. } => !username.is_empty(),
        }
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::ApiKey(key) => f.debug_tuple("ApiKey").field(key).finish(),
            Credential::Token(_) => f.write_str("Token(<redacted>)"),
            Credential::Basic { username, .. } => f
                .debug_struct("Basic")
                .field("username", username)
                .field("password", &"<redacted>")
                .finish(),
        }
    }
}

impl Configuration {
    /// Sets the token of every HTTP bearer scheme of the API (`bearerAuth`; read from
    /// `DD_BEARER_TOKEN` by [`from_env`](Self::from_env)), sent as
    /// `Authorization: Bearer <token>` to the operations that accept it.
    pub fn set_bearer_token(&mut self, token: impl Into<String>) {
        self.set_token_of_kind(|kind| kind == SchemeKind::Bearer, token.into());
    }

    /// Sets the OAuth2 access token of every OAuth2 or OpenID Connect scheme of the API
    /// (`AuthZ`), sent as `Authorization: Bearer <token>` to the operations that accept it.
    /// Getting the token (the authorization flow) is the application's job.
    pub fn set_oauth2_access_token(&mut self, token: impl Into<String>) {
        self.set_token_of_kind(|kind| kind == SchemeKind::OAuth2, token.into());
    }

    /// Sets the access token of the bearer, OAuth2 or OpenID Connect scheme named
    /// `scheme_name`.
    pub fn set_access_token(&mut self, scheme_name: &str, token: impl Into<String>) {
        self.credentials
            .insert(scheme_name.to_string(), Credential::Token(token.into()));
    }

    /// Sets the user name and password of the HTTP basic scheme named `scheme_name`.
    pub fn set_basic_auth(
        &mut self,
        scheme_name: &str,
        username: impl Into<String>,
        password: impl Into<String>,
    ) {
        let credential = Credential::Basic {
            username: username.into(),
            password: password.into(),
        };
        self.credentials.insert(scheme_name.to_string(), credential);
    }

    /// The credential configured for the security scheme named `scheme_name`, if any.
    pub fn credential(&self, scheme_name: &str) -> Option<&Credential> {
        self.credentials.get(scheme_name)
    }

    fn set_token_of_kind(&mut self, wanted: impl Fn(SchemeKind) -> bool, token: String) {
        for scheme in self.spec().security_schemes {
            if wanted(scheme.kind) {
                self.set_access_token(scheme.name, token.clone());
            }
        }
    }

    /// Reads the credential of each scheme that names an environment variable
    /// (`x-env-name`), unless one is already set (an alias of `DD_API_KEY` keeps its key).
    pub(super) fn read_scheme_variables(&mut self, get: impl Fn(&str) -> Option<String>) {
        for scheme in self.spec().security_schemes {
            if scheme.env_var.is_empty() || self.credentials.contains_key(scheme.name) {
                continue;
            }
            if !scheme.alias_of.is_empty() {
                continue;
            }
            let Some(value) = get(scheme.env_var) else {
                continue;
            };
            let credential = match scheme.kind {
                SchemeKind::ApiKeyHeader(_)
                | SchemeKind::ApiKeyQuery(_)
                | SchemeKind::ApiKeyCookie(_) => Credential::ApiKey(APIKey {
                    key: value,
                    prefix: String::new(),
                }),
                SchemeKind::Bearer | SchemeKind::OAuth2 => Credential::Token(value),
                // A user and a password do not fit one variable.
                SchemeKind::Basic => continue,
            };
            self.credentials.insert(scheme.name.to_string(), credential);
        }
    }

    /// The credential `scheme` sends: its own, else that of the scheme it is an alias of.
    fn credential_for(&self, scheme: &SecurityScheme) -> Option<&Credential> {
        let own = self.credentials.get(scheme.name).filter(|c| c.is_set());
        own.or_else(|| {
            (!scheme.alias_of.is_empty())
                .then(|| self.credentials.get(scheme.alias_of))
                .flatten()
                .filter(|c| c.is_set())
        })
    }
}

/// Adds the credentials the request's security requirement picks (`alternatives`: any one
/// suffices, each a set of schemes that must all be sent) to its headers and query
/// (percent-encoded `name=value` pairs). The first alternative whose credentials are
/// all configured is sent; when none is complete, every configured credential among them is
/// sent (so the server can say what is missing). No alternatives: nothing is sent.
///
/// Returns the names of the query parameters that carry a secret, to redact from URLs.
pub(crate) fn add_credentials(
    config: &Configuration,
    alternatives: &[Vec<&'static str>],
    headers: &mut HeaderMap,
    query: &mut Vec<String>,
) -> Result<Vec<&'static str>, BuildError> {
    let mut secret_params = Vec::new();
    let mut cookies = Vec::new();
    for scheme in chosen_schemes(config, alternatives) {
        let Some(credential) = config.credential_for(scheme) else {
            continue;
        };
        match (scheme.kind, credential) {
            (SchemeKind::ApiKeyHeader(name), Credential::ApiKey(key)) => {
                let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                    BuildError::InvalidHeader {
                        name: name.to_string(),
                        reason: "not a valid header name".to_string(),
                    }
                })?;
                headers.insert(header, secret_header(name, &key_text(key))?);
            }
            (SchemeKind::ApiKeyQuery(name), Credential::ApiKey(key)) => {
                query.push(format!(
                    "{}={}",
                    encode_query(name),
                    encode_query(&key_text(key))
                ));
                secret_params.push(name);
            }
            (SchemeKind::ApiKeyCookie(name), Credential::ApiKey(key)) => {
                let text = key_text(key);
                if text.contains([';', ',', ' ', '"', '\\']) {
                    return Err(BuildError::InvalidHeader {
                        name: "Cookie".to_string(),
                        reason: format!(
                            "the key of cookie {name} contains `;`, `,`, a space, `\"` or `\\`"
                        ),
                    });
                }
                cookies.push(format!("{name}={text}"));
            }
            (SchemeKind::Bearer | SchemeKind::OAuth2, Credential::Token(token)) => {
                let value = secret_header("Authorization", &format!("Bearer {token}"))?;
                headers.insert(AUTHORIZATION, value);
            }
            (SchemeKind::Basic, Credential::Basic { username, password }) => {
                let encoded = base64::engine::general_purpose::STANDARD
                    .encode(format!("{username}:{password}"));
                let value = secret_header("Authorization", &format!("Basic {encoded}"))?;
                headers.insert(AUTHORIZATION, value);
            }
            // A credential of another kind (a token set for an API-key scheme) is not sent.
            _ => {}
        }
    }
    if !cookies.is_empty() {
        headers.append(COOKIE, secret_header("Cookie", &cookies.join("; "))?);
    }
    Ok(secret_params)
}

/// The schemes whose credentials are sent (see [`add_credentials`]).
fn chosen_schemes(
    config: &Configuration,
    alternatives: &[Vec<&'static str>],
) -> Vec<&'static SecurityScheme> {
    let spec = config.spec();
    let is_set = |name: &str| {
        spec.security_scheme(name)
            .is_some_and(|scheme| config.credential_for(scheme).is_some())
    };
    let names: Vec<&'static str> = match alternatives
        .iter()
        .find(|alternative| !alternative.is_empty() && alternative.iter().all(|s| is_set(s)))
    {
        Some(complete) => complete.clone(),
        None => {
            let mut chosen = Vec::new();
            for name in alternatives.iter().flatten() {
                if is_set(name) && !chosen.contains(name) {
                    chosen.push(*name);
                }
            }
            chosen
        }
    };
    names
        .into_iter()
        .filter_map(|name| spec.security_scheme(name))
        .collect()
}

/// `key`, or `"{prefix} {key}"`.
fn key_text(key: &APIKey) -> String {
    if key.prefix.is_empty() {
        key.key.clone()
    } else {
        format!("{} {}", key.prefix, key.key)
    }
}

/// A header value marked sensitive (kept out of `reqwest`'s `Debug`), refused without
/// quoting it when it has CR, LF or a character that is not visible ASCII.
fn secret_header(name: &str, text: &str) -> Result<HeaderValue, BuildError> {
    let mut value = header_value(name, text)?;
    value.set_sensitive(true);
    Ok(value)
}

/// Replaces the values of the query parameters `names` in `url` with `<redacted>`.
pub(crate) fn redact_query(url: &mut reqwest::Url, names: &[&str]) {
    if names.is_empty() || url.query().is_none() {
        return;
    }
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(name, value)| {
            let value = if names.contains(&name.as_ref()) {
                "<redacted>".to_string()
            } else {
                value.into_owned()
            };
            (name.into_owned(), value)
        })
        .collect();
    url.query_pairs_mut().clear().extend_pairs(pairs);
}

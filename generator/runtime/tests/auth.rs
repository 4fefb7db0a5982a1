//! Credentials over real HTTP (wiremock on 127.0.0.1): API keys in headers, in the query
//! (redacted wherever the URL is shown) and in cookies, bearer tokens, OAuth2 access tokens and
//! basic credentials, chosen by each request's security requirement; the variables the schemes
//! name (`x-env-name`) and their aliases (`x-auth-id-alias`).
//!
//! Every test builds its configuration under ENV_LOCK, so the one that sets DD_BEARER_TOKEN is
//! not seen by the others.

use std::sync::{Mutex, MutexGuard};

use datadog::{
    ApiSpec, Client, Configuration, Credential, Error, Request, SchemeKind, SecurityScheme,
    ServerTemplate,
};
use reqwest::Method;
use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request as Received, ResponseTemplate};

/// Every kind of scheme, named as the Datadog specs name them (plus a basic and a cookie one).
static SPEC: ApiSpec = ApiSpec {
    servers: &[ServerTemplate {
        url: "https://api.example.com",
        description: "",
        variables: &[],
    }],
    operation_servers: &[],
    version_servers: &[],
    unstable_operations: &[],
    security_schemes: &[
        scheme("apiKeyAuth", SchemeKind::ApiKeyHeader("DD-API-KEY"), "", ""),
        scheme(
            "appKeyAuth",
            SchemeKind::ApiKeyHeader("DD-APPLICATION-KEY"),
            "",
            "",
        ),
        scheme(
            "apiKeyAuthQuery",
            SchemeKind::ApiKeyQuery("api_key"),
            "DD_API_KEY",
            "apiKeyAuth",
        ),
        scheme(
            "appKeyAuthQuery",
            SchemeKind::ApiKeyQuery("application_key"),
            "DD_APP_KEY",
            "appKeyAuth",
        ),
        scheme("bearerAuth", SchemeKind::Bearer, "DD_BEARER_TOKEN", ""),
        scheme("AuthZ", SchemeKind::OAuth2, "", ""),
        scheme("basicAuth", SchemeKind::Basic, "", ""),
        scheme("sessionCookie", SchemeKind::ApiKeyCookie("session"), "", ""),
    ],
};

const fn scheme(
    name: &'static str,
    kind: SchemeKind,
    env_var: &'static str,
    alias_of: &'static str,
) -> SecurityScheme {
    SecurityScheme {
        name,
        kind,
        env_var,
        alias_of,
    }
}

static ENV_LOCK: Mutex<()> = Mutex::new(());

fn env_lock() -> MutexGuard<'static, ()> {
    ENV_LOCK
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A configuration with no credential from the environment, sending to `server`.
fn config_for(server: &MockServer) -> Configuration {
    let mut config = {
        let _guard = env_lock();
        for name in ["DD_API_KEY", "DD_APP_KEY", "DD_BEARER_TOKEN", "DD_HOST"] {
            std::env::remove_var(name);
        }
        Configuration::from_env(&SPEC)
    };
    config.set_host(&server.uri()).unwrap();
    config.set_retry(false, 0);
    config
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    server
}

/// Sends one request with these alternatives and returns it as the server received it.
async fn send(
    server: &MockServer,
    config: &Configuration,
    alternatives: &[&[&'static str]],
) -> Received {
    let request = Request::new(Method::GET, "v1.Op", "/op").security(alternatives);
    Client::new(config.clone())
        .execute::<Value, Value>(request)
        .await
        .unwrap();
    server.received_requests().await.unwrap().pop().unwrap()
}

fn header<'a>(request: &'a Received, name: &str) -> Option<&'a str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

fn query(request: &Received) -> &str {
    request.url.query().unwrap_or_default()
}

const KEYS: &[&str] = &["apiKeyAuth", "appKeyAuth"];
const KEYS_IN_QUERY: &[&str] = &["apiKeyAuthQuery", "appKeyAuthQuery"];

#[tokio::test]
async fn api_keys_in_headers() {
    let server = server().await;
    let mut config = config_for(&server);
    config.set_api_key("the-api-key");
    config.set_app_key("the-app-key");
    let sent = send(&server, &config, &[KEYS]).await;
    assert_eq!(header(&sent, "dd-api-key"), Some("the-api-key"));
    assert_eq!(header(&sent, "dd-application-key"), Some("the-app-key"));
    assert_eq!(query(&sent), "");
    assert_eq!(header(&sent, "authorization"), None);
}

#[tokio::test]
async fn api_keys_in_the_query_use_the_keys_they_alias() {
    let server = server().await;
    let mut config = config_for(&server);
    config.set_api_key("the-api-key");
    config.set_app_key("k&y=1");
    let request = Request::new(Method::GET, "v1.Op", "/op")
        .query("filter", "x")
        .security(&[KEYS_IN_QUERY]);
    Client::new(config.clone())
        .execute::<Value, Value>(request)
        .await
        .unwrap();
    let sent = server.received_requests().await.unwrap().pop().unwrap();
    assert_eq!(
        query(&sent),
        "filter=x&api_key=the-api-key&application_key=k%26y%3D1"
    );
    assert_eq!(header(&sent, "dd-api-key"), None);
    // A key of its own wins over the alias.
    config.set_auth_key(
        "apiKeyAuthQuery",
        datadog::APIKey {
            key: "own".into(),
            prefix: String::new(),
        },
    );
    let sent = send(&server, &config, &[&["apiKeyAuthQuery"]]).await;
    assert_eq!(query(&sent), "api_key=own");
}

#[tokio::test]
async fn a_query_key_is_redacted_from_errors_and_debug() {
    // A port nothing listens on: the connection error names the URL.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let mut config = {
        let _guard = env_lock();
        Configuration::from_env(&SPEC)
    };
    config.set_host(&format!("http://{address}")).unwrap();
    config.set_retry(false, 0);
    config.set_api_key("secret-query-key");
    let request = Request::new(Method::GET, "v1.Op", "/op")
        .query("page", &2)
        .security(&[&["apiKeyAuthQuery"]]);
    let client = Client::new(config.clone());
    let error = client.execute::<Value, Value>(request).await.unwrap_err();
    assert!(matches!(error, Error::Reqwest(_)), "{error:?}");
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(!shown.contains("secret-query-key"), "{shown}");
        assert!(shown.contains("api_key=%3Credacted%3E"), "{shown}");
        assert!(shown.contains("page=2"), "{shown}");
    }
    for shown in [format!("{config:?}"), format!("{client:?}")] {
        assert!(!shown.contains("secret-query-key"), "{shown}");
    }
}

#[tokio::test]
async fn bearer_token() {
    let server = server().await;
    let mut config = config_for(&server);
    config.set_bearer_token("the-token");
    let sent = send(&server, &config, &[&["bearerAuth"]]).await;
    assert_eq!(header(&sent, "authorization"), Some("Bearer the-token"));
    assert!(!format!("{config:?}").contains("the-token"));
    assert!(matches!(
        config.credential("bearerAuth"),
        Some(Credential::Token(token)) if token == "the-token"
    ));
}

#[tokio::test]
async fn oauth2_access_token_when_the_keys_are_not_set() {
    let server = server().await;
    let mut config = config_for(&server);
    config.set_oauth2_access_token("access-token");
    // As the Datadog specs declare most operations: keys, or OAuth2.
    let alternatives: &[&[&str]] = &[KEYS, &["AuthZ"]];
    let sent = send(&server, &config, alternatives).await;
    assert_eq!(header(&sent, "authorization"), Some("Bearer access-token"));
    assert_eq!(header(&sent, "dd-api-key"), None);
    // With both keys set, the first alternative is sent, and only it.
    config.set_api_key("k1");
    config.set_app_key("k2");
    let sent = send(&server, &config, alternatives).await;
    assert_eq!(header(&sent, "dd-api-key"), Some("k1"));
    assert_eq!(header(&sent, "authorization"), None);
    // An operation that accepts only OAuth2 gets the token.
    let sent = send(&server, &config, &[&["AuthZ"]]).await;
    assert_eq!(header(&sent, "authorization"), Some("Bearer access-token"));
    assert_eq!(header(&sent, "dd-api-key"), None);
}

#[tokio::test]
async fn basic_credentials_and_cookie_keys() {
    let server = server().await;
    let mut config = config_for(&server);
    config.set_basic_auth("basicAuth", "jane", "pa:ss");
    let sent = send(&server, &config, &[&["basicAuth"]]).await;
    // base64("jane:pa:ss")
    assert_eq!(
        header(&sent, "authorization"),
        Some("Basic amFuZTpwYTpzcw==")
    );
    assert!(!format!("{config:?}").contains("pa:ss"));

    config.set_auth_key(
        "sessionCookie",
        datadog::APIKey {
            key: "abc123".into(),
            prefix: String::new(),
        },
    );
    let sent = send(&server, &config, &[&["sessionCookie"]]).await;
    assert_eq!(header(&sent, "cookie"), Some("session=abc123"));
    // A key that would add a cookie of its own is refused, and nothing is sent.
    config.set_auth_key(
        "sessionCookie",
        datadog::APIKey {
            key: "abc; admin=1".into(),
            prefix: String::new(),
        },
    );
    let before = server.received_requests().await.unwrap().len();
    let request = Request::new(Method::GET, "v1.Op", "/op").security(&[&["sessionCookie"]]);
    let error = Client::new(config)
        .execute::<Value, Value>(request)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidHeader { .. }), "{error:?}");
    assert!(!error.to_string().contains("admin=1"), "{error}");
    assert_eq!(server.received_requests().await.unwrap().len(), before);
}

#[tokio::test]
async fn no_security_sends_no_credential() {
    let server = server().await;
    let mut config = config_for(&server);
    config.set_api_key("k1");
    config.set_app_key("k2");
    config.set_bearer_token("t");
    config.set_oauth2_access_token("t");
    // `security: []`, or an operation with none declared.
    let sent = send(&server, &config, &[]).await;
    for name in [
        "dd-api-key",
        "dd-application-key",
        "authorization",
        "cookie",
    ] {
        assert_eq!(header(&sent, name), None, "{name}");
    }
    assert_eq!(query(&sent), "");
}

#[test]
fn scheme_variables_are_read_from_the_environment() {
    let config = {
        let _guard = env_lock();
        std::env::set_var("DD_BEARER_TOKEN", "env-token");
        std::env::set_var("DD_API_KEY", "env-key");
        let config = Configuration::from_env(&SPEC);
        std::env::remove_var("DD_BEARER_TOKEN");
        std::env::remove_var("DD_API_KEY");
        config
    };
    assert!(matches!(
        config.credential("bearerAuth"),
        Some(Credential::Token(token)) if token == "env-token"
    ));
    assert_eq!(config.auth_key("apiKeyAuth").unwrap().key, "env-key");
    // The query scheme has no key of its own: it sends its alias's.
    assert!(config.auth_key("apiKeyAuthQuery").is_none());
}

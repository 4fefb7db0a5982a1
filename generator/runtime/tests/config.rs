//! Configuration: environment variables (DD_API_KEY, DD_APP_KEY, DD_SITE, DD_HOST), sites,
//! host override, servers, unstable operations, Debug redaction.
//!
//! Tests that touch the environment hold ENV_LOCK so they do not see each other's variables.

mod support;

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use datadog::{APIKey, Client, ConfigError, Configuration, Error, PathPart, Request, Response};
use reqwest::Method;
use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

static ENV_LOCK: Mutex<()> = Mutex::new(());

const VARIABLES: [&str; 4] = ["DD_API_KEY", "DD_APP_KEY", "DD_SITE", "DD_HOST"];

/// Holds the environment lock with the given DD_* variables set (the others removed).
fn with_env(vars: &[(&str, &str)]) -> MutexGuard<'static, ()> {
    let guard = ENV_LOCK
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    for name in VARIABLES {
        std::env::remove_var(name);
    }
    for (name, value) in vars {
        std::env::set_var(name, value);
    }
    guard
}

/// A configuration built with no DD_* variable set.
fn clean_config() -> Configuration {
    let _guard = with_env(&[]);
    support::new_config()
}

async fn call(config: Configuration) -> Result<Response<Value>, Error<Value>> {
    let request = Request::new(
        Method::GET,
        "v2.GetUser",
        &[
            PathPart::Literal("/api/v2/users/"),
            PathPart::Param("user_id"),
        ],
    )
    .path_param("user_id", "abc")
    .security(&[&["apiKeyAuth", "appKeyAuth"]]);
    Client::new(config).execute(request).await
}

#[test]
fn new_reads_keys_and_site_from_environment() {
    let config = {
        let _guard = with_env(&[
            ("DD_API_KEY", "api-key-value"),
            ("DD_APP_KEY", "app-key-value"),
            ("DD_SITE", "datadoghq.eu"),
        ]);
        support::new_config()
    };
    assert_eq!(config.auth_key("apiKeyAuth").unwrap().key, "api-key-value");
    assert_eq!(config.auth_key("appKeyAuth").unwrap().key, "app-key-value");
    assert_eq!(config.site(), Some("datadoghq.eu"));
    assert_eq!(config.base_url().unwrap(), "https://api.datadoghq.eu");
    assert_eq!(config.host(), None);
}

#[test]
fn defaults() {
    let config = clean_config();
    assert_eq!(config.base_url().unwrap(), "https://api.datadoghq.com");
    assert!(config.auth_key("apiKeyAuth").is_none());
    assert!(config.retry_enabled());
    assert_eq!(config.max_retries(), 3);
    assert_eq!(config.timeout(), Some(Duration::from_secs(60)));
    assert_eq!(config.server_index(), 0);
    // The generated crate's version, then the platform.
    let user_agent = config.user_agent();
    assert!(
        user_agent.starts_with("datadog-api-client-rust/0."),
        "{user_agent}"
    );
    let platform = format!(
        " (rust; {}; {})",
        std::env::consts::OS,
        std::env::consts::ARCH
    );
    assert!(user_agent.ends_with(&platform), "{user_agent}");
}

#[test]
fn empty_environment_variables_are_ignored() {
    let config = {
        let _guard = with_env(&[("DD_API_KEY", ""), ("DD_SITE", ""), ("DD_HOST", " ")]);
        support::new_config()
    };
    assert!(config.auth_key("apiKeyAuth").is_none());
    assert_eq!(config.base_url().unwrap(), "https://api.datadoghq.com");
}

#[test]
fn every_known_site() {
    for site in [
        "datadoghq.com",
        "us3.datadoghq.com",
        "us5.datadoghq.com",
        "ap1.datadoghq.com",
        "ap2.datadoghq.com",
        "datadoghq.eu",
        "ddog-gov.com",
        "us2.ddog-gov.com",
    ] {
        let mut config = clean_config();
        config.set_site(site).unwrap();
        assert_eq!(config.base_url().unwrap(), format!("https://api.{site}"));
    }
}

#[test]
fn pasted_site_forms_are_accepted() {
    for (given, expected) in [
        ("app.datadoghq.com", "datadoghq.com"),
        ("https://app.datadoghq.eu/", "datadoghq.eu"),
        ("US3.DATADOGHQ.COM", "us3.datadoghq.com"),
        (" us5.datadoghq.com\n", "us5.datadoghq.com"),
        ("api.ap1.datadoghq.com", "ap1.datadoghq.com"),
    ] {
        let mut config = clean_config();
        config.set_site(given).unwrap();
        assert_eq!(config.site(), Some(expected), "{given}");
        let from_env = {
            let _guard = with_env(&[("DD_SITE", given)]);
            support::new_config()
        };
        assert_eq!(from_env.site(), Some(expected), "{given}");
    }
}

#[test]
fn set_site_rejects_unknown_site_and_changes_nothing() {
    let mut config = clean_config();
    config.set_site("datadoghq.eu").unwrap();
    let error = config.set_site("datadoghq.moon").unwrap_err();
    assert!(matches!(&error, ConfigError::UnknownSite { site, .. } if site == "datadoghq.moon"));
    assert!(error.to_string().contains("datadoghq.moon"));
    assert!(error.to_string().contains("us3.datadoghq.com"));
    assert_eq!(config.site(), Some("datadoghq.eu"));
    // "app." alone is no site.
    assert!(config.set_site("app.example.com").is_err());
}

#[tokio::test]
async fn unknown_site_from_environment_is_returned_by_every_call() {
    let config = {
        let _guard = with_env(&[("DD_SITE", "datadoghq.moon"), ("DD_API_KEY", "k")]);
        support::new_config()
    };
    for _ in 0..2 {
        match call(config.clone()).await {
            Err(Error::Configuration(ConfigError::UnknownSite { site, .. })) => {
                assert_eq!(site, "datadoghq.moon")
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    // A valid site repairs the configuration.
    let mut config = config;
    config.set_site("datadoghq.eu").unwrap();
    assert_eq!(config.base_url().unwrap(), "https://api.datadoghq.eu");
}

#[tokio::test]
async fn dd_host_override_sends_to_that_base_url() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/abc"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": true})))
        .expect(1)
        .mount(&server)
        .await;
    let config = {
        let _guard = with_env(&[("DD_HOST", &server.uri()), ("DD_SITE", "datadoghq.eu")]);
        support::new_config()
    };
    assert_eq!(config.host(), Some(server.uri().as_str()));
    assert_eq!(config.base_url().unwrap(), server.uri());
    let response = call(config).await.unwrap();
    assert_eq!(response.entity, serde_json::json!({"ok": true}));
}

#[tokio::test]
async fn dd_host_with_path_prefix_and_trailing_slash() {
    let server = MockServer::start().await;
    Mock::given(path("/proxy/api/v2/users/abc"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let host = format!("{}/proxy/", server.uri());
    let config = {
        let _guard = with_env(&[("DD_HOST", &host)]);
        support::new_config()
    };
    call(config).await.unwrap();
}

#[tokio::test]
async fn malformed_dd_host_is_returned_by_every_call() {
    for host in [
        "not a url",
        "127.0.0.1:8080",
        "ftp://example.com",
        "http://",
        "https://example.com/?q=1",
        "https://example.com/#x",
    ] {
        let config = {
            let _guard = with_env(&[("DD_HOST", host), ("DD_API_KEY", "k")]);
            support::new_config()
        };
        assert_eq!(config.host(), None);
        assert!(
            matches!(config.base_url(), Err(ConfigError::InvalidHost { .. })),
            "{host}"
        );
        for _ in 0..2 {
            match call(config.clone()).await {
                Err(Error::Configuration(ConfigError::InvalidHost {
                    host: given,
                    reason,
                })) => {
                    assert_eq!(given, host.trim());
                    assert!(!reason.is_empty());
                }
                other => panic!("{host}: unexpected {other:?}"),
            }
        }
    }
}

#[test]
fn set_host_validates_and_empty_removes_override() {
    let mut config = clean_config();
    config.set_host("http://127.0.0.1:8080").unwrap();
    assert_eq!(config.base_url().unwrap(), "http://127.0.0.1:8080");
    let error = config.set_host("127.0.0.1:9").unwrap_err();
    assert!(matches!(error, ConfigError::InvalidHost { .. }));
    assert!(
        error.to_string().contains("http://"),
        "says a scheme is needed: {error}"
    );
    assert_eq!(config.base_url().unwrap(), "http://127.0.0.1:8080");
    config.set_host("https://api.datadoghq.eu/").unwrap();
    assert_eq!(config.base_url().unwrap(), "https://api.datadoghq.eu");
    config.set_host("").unwrap();
    assert_eq!(config.host(), None);
    assert_eq!(config.base_url().unwrap(), "https://api.datadoghq.com");
}

#[test]
fn set_host_repairs_a_malformed_dd_host() {
    let mut config = {
        let _guard = with_env(&[("DD_HOST", "nope")]);
        support::new_config()
    };
    assert!(config.base_url().is_err());
    config.set_host("http://localhost:1234").unwrap();
    assert_eq!(config.base_url().unwrap(), "http://localhost:1234");
}

#[test]
fn servers_and_variables() {
    let mut config = clean_config();
    config.set_server_variable("subdomain", "api2");
    assert_eq!(config.base_url().unwrap(), "https://api2.datadoghq.com");
    config.set_server_index(1);
    assert_eq!(config.base_url().unwrap(), "https://api.datadoghq.com");
    config.set_server_variable("name", "127.0.0.1:8125");
    config.set_server_variable("protocol", "http");
    assert_eq!(config.base_url().unwrap(), "http://127.0.0.1:8125");
    config.set_server_variable("protocol", "gopher");
    assert!(matches!(
        config.base_url(),
        Err(ConfigError::InvalidBaseUrl { .. })
    ));
    config.set_server_index(7);
    assert_eq!(
        config.base_url(),
        Err(ConfigError::ServerIndexOutOfRange { index: 7, count: 2 })
    );
    config.set_server_index(0);
    config.set_server_variable("site", "bogus.example");
    assert!(matches!(
        config.base_url(),
        Err(ConfigError::UnknownSite { .. })
    ));
}

#[test]
fn unstable_operations_both_spellings() {
    let mut config = clean_config();
    assert!(!config.is_unstable_operation_enabled("v2.QueryAccounts"));
    assert!(config.set_unstable_operation_enabled("v2.QueryAccounts", true));
    assert!(config.is_unstable_operation_enabled("v2.QueryAccounts"));
    assert!(config.is_unstable_operation_enabled("v2.query_accounts"));
    assert!(config.set_unstable_operation_enabled("v2.query_accounts", false));
    assert!(!config.is_unstable_operation_enabled("v2.QueryAccounts"));
    assert!(config.set_unstable_operation_enabled("v2.get_account_facet_info", true));
    assert!(config.is_unstable_operation_enabled("v2.GetAccountFacetInfo"));
    // Not unstable: refused, nothing changes.
    assert!(!config.set_unstable_operation_enabled("v2.GetUser", true));
    assert!(!config.is_unstable_operation_enabled("v2.GetUser"));
    assert!(!config.set_unstable_operation_enabled("v1.QueryAccounts", true));
    assert!(!config.is_unstable_operation_enabled("v1.QueryAccounts"));
}

#[test]
fn setters() {
    let mut config = clean_config();
    config.set_retry(false, 7);
    assert!(!config.retry_enabled());
    assert_eq!(config.max_retries(), 7);
    config.set_retry_backoff(Duration::from_millis(5), Duration::from_secs(1));
    assert_eq!(
        config.retry_backoff(),
        (Duration::from_millis(5), Duration::from_secs(1))
    );
    config.set_timeout(Some(Duration::from_secs(3)));
    assert_eq!(config.timeout(), Some(Duration::from_secs(3)));
    config.set_proxy_url(Some("http://proxy:3128".into()));
    assert_eq!(config.proxy_url(), Some("http://proxy:3128"));
    config.set_user_agent("me/1.0".into());
    assert_eq!(config.user_agent(), "me/1.0");
    config.set_auth_key(
        "apiKeyAuth",
        APIKey {
            key: "k".into(),
            prefix: "Bearer".into(),
        },
    );
    assert_eq!(config.auth_key("apiKeyAuth").unwrap().prefix, "Bearer");
}

#[test]
fn debug_never_shows_keys() {
    let mut config = {
        let _guard = with_env(&[
            ("DD_API_KEY", "secret-api-key-123"),
            ("DD_APP_KEY", "secret-app-key-456"),
        ]);
        support::new_config()
    };
    config.set_auth_key(
        "other",
        APIKey {
            key: "secret-other-789".into(),
            prefix: String::new(),
        },
    );
    config.set_proxy_url(Some("http://user:proxy-password@proxy:3128".into()));
    let client = Client::new(config.clone());
    for text in [
        format!("{config:?}"),
        format!("{config:#?}"),
        format!("{client:?}"),
        format!("{:?}", config.auth_key("apiKeyAuth").unwrap()),
    ] {
        for secret in [
            "secret-api-key-123",
            "secret-app-key-456",
            "secret-other-789",
            "proxy-password",
        ] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        assert!(text.contains("<redacted>"), "{text}");
    }
    assert!(format!("{config:?}").contains("apiKeyAuth"));
}

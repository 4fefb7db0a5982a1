//! What the runtime's tests share: an [`ApiSpec`] like the one the generated crate passes (the
//! Datadog servers and sites, two unstable operations, the two key schemes).
#![allow(dead_code)]

use datadog::{ApiSpec, Configuration, SchemeKind, SecurityScheme, ServerTemplate, ServerVariable};

/// The facts of a spec shaped like Datadog's.
pub static SPEC: ApiSpec = ApiSpec {
    servers: &[
        ServerTemplate {
            url: "https://{subdomain}.{site}",
            description: "",
            variables: &[
                ServerVariable {
                    name: "site",
                    description: "The regional site for Datadog customers.",
                    default: "datadoghq.com",
                    enum_values: &[
                        "datadoghq.com",
                        "us3.datadoghq.com",
                        "us5.datadoghq.com",
                        "ap1.datadoghq.com",
                        "ap2.datadoghq.com",
                        "datadoghq.eu",
                        "ddog-gov.com",
                        "us2.ddog-gov.com",
                    ],
                },
                ServerVariable {
                    name: "subdomain",
                    description: "The subdomain where the API is deployed.",
                    default: "api",
                    enum_values: &[],
                },
            ],
        },
        ServerTemplate {
            url: "{protocol}://{name}",
            description: "",
            variables: &[
                ServerVariable {
                    name: "name",
                    description: "Full site DNS name.",
                    default: "api.datadoghq.com",
                    enum_values: &[],
                },
                ServerVariable {
                    name: "protocol",
                    description: "The protocol for accessing the API.",
                    default: "https",
                    enum_values: &[],
                },
            ],
        },
    ],
    unstable_operations: &[
        "v2.GetAccountFacetInfo",
        "v2.QueryAccounts",
        "v2.QueryUsers",
    ],
    operation_servers: &[],
    version_servers: &[],
    security_schemes: &[
        SecurityScheme {
            name: "apiKeyAuth",
            kind: SchemeKind::ApiKeyHeader("DD-API-KEY"),
            env_var: "DD_API_KEY",
            alias_of: "",
        },
        SecurityScheme {
            name: "appKeyAuth",
            kind: SchemeKind::ApiKeyHeader("DD-APPLICATION-KEY"),
            env_var: "DD_APP_KEY",
            alias_of: "",
        },
    ],
};

/// `Configuration::new()` of a generated crate with [`SPEC`]: read from the environment.
pub fn new_config() -> Configuration {
    Configuration::from_env(&SPEC)
}

/// A configuration that sends to `uri` (a local test server) with both keys set to
/// `the-api-key` and `the-app-key`, and retries after 1 ms.
pub fn keyed_config(uri: &str) -> Configuration {
    let mut config = Configuration::from_env(&SPEC);
    config.set_host(uri).unwrap();
    config.set_api_key("the-api-key");
    config.set_app_key("the-app-key");
    config.set_retry_backoff(
        std::time::Duration::from_millis(1),
        std::time::Duration::from_secs(5),
    );
    config
}

/// `GET /api/v2/users/{user_id}` with both keys: a typical operation call.
pub fn get_user_request(user_id: &str) -> datadog::Request {
    datadog::Request::new(
        reqwest::Method::GET,
        "v2.GetUser",
        &[
            datadog::PathPart::Literal("/api/v2/users/"),
            datadog::PathPart::Param("user_id"),
        ],
    )
    .path_param("user_id", user_id)
    .security(&[&["apiKeyAuth", "appKeyAuth"]])
}

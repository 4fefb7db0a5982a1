//! Operations with servers of their own (OpenAPI `servers` on an operation or its path item):
//! where their requests go over real HTTP, with the global server variables, index and host
//! override, and their own.

use datadog::{
    ApiSpec, Client, ConfigError, Configuration, OperationServers, Request, ServerTemplate,
    ServerVariable, VersionServers,
};
use reqwest::Method;
use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server variable without description.
const fn variable(
    name: &'static str,
    default: &'static str,
    enum_values: &'static [&'static str],
) -> ServerVariable {
    ServerVariable {
        name,
        description: "",
        default,
        enum_values,
    }
}

/// A server template without description.
const fn server_at(url: &'static str, variables: &'static [ServerVariable]) -> ServerTemplate {
    ServerTemplate {
        url,
        description: "",
        variables,
    }
}

const PORT: ServerVariable = variable("port", "1", &[]);

/// Shaped like the Datadog specs: the global servers, and logs intake on its own subdomain
/// (a path prefix here, so that both reach one local server).
static SPEC: ApiSpec = ApiSpec {
    servers: &[
        server_at(
            "http://127.0.0.1:{port}/{subdomain}/{site}",
            &[
                PORT,
                variable(
                    "site",
                    "datadoghq.com",
                    &["datadoghq.com", "datadoghq.eu", "us3.datadoghq.com"],
                ),
                variable("subdomain", "api", &[]),
            ],
        ),
        server_at("http://127.0.0.1:{port}/custom", &[PORT]),
    ],
    operation_servers: &[
        OperationServers {
            operation: "v2.CreateOnCallPage",
            servers: &[server_at(
                "http://127.0.0.1:{port}/{site}",
                &[
                    PORT,
                    variable("site", "navy.oncall", &["navy.oncall", "beige.oncall"]),
                ],
            )],
        },
        OperationServers {
            operation: "v2.SubmitLog",
            servers: &[
                server_at(
                    "http://127.0.0.1:{port}/{subdomain}/{site}",
                    &[
                        PORT,
                        variable("site", "datadoghq.com", &["datadoghq.com", "datadoghq.eu"]),
                        variable("subdomain", "http-intake.logs", &[]),
                    ],
                ),
                server_at("http://127.0.0.1:{port}/logs-custom", &[PORT]),
            ],
        },
    ],
    // A version whose servers differ from the first version's (one server, fewer sites).
    version_servers: &[VersionServers {
        version: "v3",
        servers: &[server_at(
            "http://127.0.0.1:{port}/v3-api/{site}",
            &[
                PORT,
                variable(
                    "site",
                    "datadoghq.com",
                    &["datadoghq.com", "us3.datadoghq.com"],
                ),
            ],
        )],
    }],
    unstable_operations: &[],
    security_schemes: &[],
};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    server
}

/// A configuration whose `port` variable is the server's.
fn config_for(server: &MockServer) -> Configuration {
    let mut config = Configuration::from_env(&SPEC);
    let port = server.address().port().to_string();
    config.set_server_variable("port", port);
    config
}

/// Calls `operation` and returns the path the server received.
async fn path_of(server: &MockServer, config: &Configuration, operation: &'static str) -> String {
    let request = Request::new(Method::POST, operation, "/api/v2/x");
    Client::new(config.clone())
        .execute::<Value, Value>(request)
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    requests.last().unwrap().url.path().to_string()
}

#[tokio::test]
async fn an_operation_with_its_own_servers_goes_to_them() {
    let server = server().await;
    let config = config_for(&server);
    assert_eq!(
        path_of(&server, &config, "v2.SubmitLog").await,
        "/http-intake.logs/datadoghq.com/api/v2/x"
    );
    assert_eq!(
        path_of(&server, &config, "v2.ListThings").await,
        "/api/datadoghq.com/api/v2/x"
    );
}

#[tokio::test]
async fn the_global_site_applies_where_the_operation_allows_it() {
    let server = server().await;
    let mut config = config_for(&server);
    config.set_site("datadoghq.eu").unwrap();
    assert_eq!(
        path_of(&server, &config, "v2.SubmitLog").await,
        "/http-intake.logs/datadoghq.eu/api/v2/x"
    );
    // On-Call lists other hosts as its sites: the global one is not used for it.
    assert_eq!(
        path_of(&server, &config, "v2.CreateOnCallPage").await,
        "/navy.oncall/api/v2/x"
    );
    // Its own value is, and is checked against its enumeration.
    assert!(config.set_operation_server_variable("v2.CreateOnCallPage", "site", "beige.oncall"));
    assert_eq!(
        path_of(&server, &config, "v2.CreateOnCallPage").await,
        "/beige.oncall/api/v2/x"
    );
    config.set_operation_server_variable("v2.create_on_call_page", "site", "elsewhere");
    assert!(matches!(
        config.operation_base_url("v2.CreateOnCallPage"),
        Err(ConfigError::UnknownSite { site, .. }) if site == "elsewhere"
    ));
    // The other operations keep the global site.
    assert_eq!(
        config.operation_base_url("v2.SubmitLog").unwrap(),
        format!(
            "http://127.0.0.1:{}/http-intake.logs/datadoghq.eu",
            server.address().port()
        )
    );
}

#[tokio::test]
async fn server_index_global_then_per_operation() {
    let server = server().await;
    let mut config = config_for(&server);
    config.set_server_index(1);
    assert_eq!(
        path_of(&server, &config, "v2.SubmitLog").await,
        "/logs-custom/api/v2/x"
    );
    assert_eq!(
        path_of(&server, &config, "v2.ListThings").await,
        "/custom/api/v2/x"
    );
    // CreateOnCallPage has one server: the global index 1 is out of its range.
    let error = config
        .operation_base_url("v2.CreateOnCallPage")
        .unwrap_err();
    assert!(
        matches!(
            error,
            ConfigError::OperationServerIndexOutOfRange {
                operation: "v2.CreateOnCallPage",
                index: 1,
                count: 1
            }
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("set_operation_server_index"));
    assert!(config.set_operation_server_index("v2.CreateOnCallPage", 0));
    assert_eq!(
        path_of(&server, &config, "v2.CreateOnCallPage").await,
        "/navy.oncall/api/v2/x"
    );
    // A per-operation variable wins over the global one.
    config.set_operation_server_index("v2.SubmitLog", 0);
    config.set_server_variable("subdomain", "global-sub");
    assert_eq!(
        path_of(&server, &config, "v2.SubmitLog").await,
        "/global-sub/datadoghq.com/api/v2/x"
    );
    config.set_operation_server_variable("v2.SubmitLog", "subdomain", "own-sub");
    assert_eq!(
        path_of(&server, &config, "v2.SubmitLog").await,
        "/own-sub/datadoghq.com/api/v2/x"
    );
    // An operation without servers of its own has no per-operation settings.
    assert!(!config.set_operation_server_index("v2.ListThings", 0));
    assert!(!config.set_operation_server_variable("v2.ListThings", "site", "x"));
}

#[tokio::test]
async fn the_host_override_applies_to_every_operation() {
    let server = server().await;
    let mut config = Configuration::from_env(&SPEC);
    config
        .set_host(&format!("{}/override", server.uri()))
        .unwrap();
    for operation in ["v2.SubmitLog", "v2.CreateOnCallPage", "v2.ListThings"] {
        assert_eq!(
            path_of(&server, &config, operation).await,
            "/override/api/v2/x"
        );
    }
}

#[tokio::test]
async fn the_operations_of_a_version_go_to_its_own_servers() {
    let server = server().await;
    let mut config = config_for(&server);
    assert_eq!(
        path_of(&server, &config, "v3.ListThings").await,
        "/v3-api/datadoghq.com/api/v2/x"
    );
    assert_eq!(
        path_of(&server, &config, "v2.ListThings").await,
        "/api/datadoghq.com/api/v2/x"
    );
    // The global site and index apply, checked against the version's own servers.
    config.set_site("us3.datadoghq.com").unwrap();
    assert_eq!(
        path_of(&server, &config, "v3.ListThings").await,
        "/v3-api/us3.datadoghq.com/api/v2/x"
    );
    config.set_site("datadoghq.eu").unwrap();
    assert!(matches!(
        config.operation_base_url("v3.ListThings"),
        Err(ConfigError::UnknownSite { site, .. }) if site == "datadoghq.eu"
    ));
    config.set_server_index(1);
    assert!(matches!(
        config.operation_base_url("v3.ListThings"),
        Err(ConfigError::ServerIndexOutOfRange { index: 1, count: 1 })
    ));
    // A host override still takes every version.
    config.set_host(&server.uri()).unwrap();
    assert_eq!(
        path_of(&server, &config, "v3.ListThings").await,
        "/api/v2/x"
    );
}

//! End-to-end tests of every operation of the generated client against a wiremock server,
//! driven by the spec: adding an operation to `spec/` (with its examples) adds its tests here
//! with no edit to this file.
//!
//! `tests/build.rs` writes the table: for each operation of `spec/` a module
//! `<version>_<method>` whose three tests call the operation's generated method (the names come
//! from the generator's IR, and the compiler checks them against `generated/`). The values of
//! the call and everything expected are read from the spec at run time ([`support::sample_call`]:
//! every parameter, required or optional, gets a value from its schema; strings carry
//! characters that must be percent-encoded):
//!
//! - `success`: the call sends exactly the request it must (method, percent-encoded path, query
//!   with the wire names, keys, `Accept`, `Content-Type`, `User-Agent`, the spec's request
//!   example as body, built by decoding that example into the typed model), the mock answers
//!   with the spec's documented 2xx example, and the decoded value re-encodes to that example
//!   (date-times compared by instant). Unstable operations are first checked to send nothing
//!   until enabled.
//! - `documented_errors`: each documented 4xx status, answered with its example body, gives
//!   `Error::ResponseError` with the status, the raw body and the typed `StatusNNN` variant.
//! - `undocumented_errors`: an undocumented status (418, text body) and a documented status
//!   with a body that is not JSON give `ResponseError` with no typed entity, status and body
//!   kept.
//!
//! A failure names the operation (`v2.ListUsers`) and what differed.
//!
//! Then, on a fixed sample of operations named in this file (they must name generated items):
//! the default (empty) query of operations with optional parameters, and unknown fields, enum
//! values and `oneOf` kinds surviving a decode/encode round trip.

mod support;

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::future::Future;

use datadog_api_client::datadog::{self, Configuration};
use datadog_api_client::datadogV1::api_users as v1_users;
use datadog_api_client::datadogV2::api_rum_audience_management as rum;
use datadog_api_client::datadogV2::api_seats as seats;
use datadog_api_client::datadogV2::api_teams as teams;
use datadog_api_client::datadogV2::api_users as v2_users;
use datadog_api_client::datadogV2::model as v2_model;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use support::{
    assert_json_eq, config_for, describe_received, sample_call, spec_operation, ExpectedRequest,
    SampleCall, SpecOperation,
};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// One operation under test: its spec, the values its call is given and the request that call
/// must produce, all derived from the spec ([`support::sample_call`]).
struct Case {
    version: &'static str,
    operation_id: &'static str,
    spec: SpecOperation,
    sample: SampleCall,
    args: Args,
}

impl Case {
    fn new(version: &'static str, operation_id: &'static str) -> Self {
        let spec = spec_operation(version, operation_id);
        let sample = sample_call(&spec);
        let args = Args {
            operation: format!("{version}.{operation_id}"),
            params: sample.values.clone(),
            body: spec.request_example.clone(),
        };
        Case {
            version,
            operation_id,
            spec,
            sample,
            args,
        }
    }

    fn spec(&self) -> SpecOperation {
        self.spec.clone()
    }

    fn args(&self) -> Args {
        self.args.clone()
    }

    fn name(&self) -> String {
        format!("{}.{}", self.version, self.operation_id)
    }

    fn expected_request(&self, spec: &SpecOperation) -> ExpectedRequest {
        if spec.has_request_body {
            assert!(
                spec.request_example.is_some(),
                "{}: the spec has a request body but no example",
                self.name()
            );
        }
        let query: Vec<(&str, &str)> = self
            .sample
            .query
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect();
        ExpectedRequest::new(&spec.method, &self.sample.path)
            .query(&query)
            .body(spec.request_example.clone())
    }

    /// The configuration the call gets: pointed at `server`, retries off (so that a 429 is
    /// returned at once), the operation enabled if it is unstable.
    fn config(&self, server: &MockServer, spec: &SpecOperation) -> Configuration {
        let mut config = config_for(server);
        config.set_retry(false, 0);
        let known = config.set_unstable_operation_enabled(&self.name(), true);
        assert_eq!(
            known,
            spec.unstable,
            "{}: set_unstable_operation_enabled returned {known}, but the spec says x-unstable is {}",
            self.name(),
            spec.unstable
        );
        config
    }
}

/// Decodes a request example into the operation's typed body, checking that every field and
/// enum value of the example is known to the model.
fn typed<T: DeserializeOwned + Debug>(example: Option<Value>) -> T {
    let example = example.expect("the spec has no request example for this operation");
    let value: T = serde_json::from_value(example.clone()).unwrap_or_else(|error| {
        panic!(
            "the request example does not decode as {}: {error}\n{example}",
            std::any::type_name::<T>()
        )
    });
    assert_fully_typed(&value, "request example");
    value
}

/// The values one call is given, by parameter wire name, and the request example: each
/// argument of the generated method is decoded from them into the type the method declares.
#[derive(Debug, Clone)]
struct Args {
    operation: String,
    params: BTreeMap<String, Value>,
    body: Option<Value>,
}

impl Args {
    /// A required parameter.
    fn param<T: DeserializeOwned>(&self, wire: &str) -> T {
        self.optional(wire).unwrap_or_else(|| {
            panic!(
                "{}: no value for the required parameter {wire}",
                self.operation
            )
        })
    }

    /// An optional parameter (all get a value; `None` only if the spec has no such parameter).
    fn optional<T: DeserializeOwned>(&self, wire: &str) -> Option<T> {
        let value = self.params.get(wire)?;
        Some(
            serde_json::from_value(value.clone()).unwrap_or_else(|error| {
                panic!(
                    "{}: the test value {value} of parameter {wire} does not decode as {}: {error}",
                    self.operation,
                    std::any::type_name::<T>()
                )
            }),
        )
    }

    /// The typed request body, from the spec's example.
    fn body<T: DeserializeOwned + Debug>(&self) -> T {
        typed(self.body.clone())
    }

    /// The body of an operation whose body is optional (none in today's spec).
    #[allow(dead_code)]
    fn optional_body<T: DeserializeOwned + Debug>(&self) -> Option<T> {
        self.body.as_ref().map(|_| self.body())
    }
}

/// Fails if the value kept anything as unknown: a property the model does not declare, an
/// enum value or a `oneOf` kind it does not know (seen in the `Debug` output).
#[track_caller]
fn assert_fully_typed<T: Debug>(value: &T, context: &str) {
    let debug = format!("{value:?}");
    for marker in [
        "additional_properties: {\"",
        "UnknownValue(",
        "UnparsedObject(",
    ] {
        assert!(
            !debug.contains(marker),
            "{context}: the {} holds something the model does not know ({marker}...): {debug}",
            std::any::type_name::<T>()
        );
    }
}

/// The response body of a documented status: its example, or the generic error body.
fn error_body(spec: &SpecOperation, status: u16) -> String {
    let example = spec.responses[&status]
        .example
        .clone()
        .unwrap_or_else(|| json!({"errors": ["Bad Request"]}));
    serde_json::to_string(&example).unwrap()
}

/// The 2xx case: the exact request, the documented example decoded and re-encoded.
async fn check_success<T, E, F, Fut>(case: &Case, call: &F)
where
    F: Fn(Configuration, Args) -> Fut,
    Fut: Future<Output = Result<T, datadog::Error<E>>>,
    T: Serialize + Debug,
    E: Debug,
{
    let spec = case.spec();
    let name = case.name();
    let (status, response) = spec.success();
    let server = MockServer::start().await;
    let expected = case.expected_request(&spec);
    let mut template = ResponseTemplate::new(status);
    if let Some(example) = &response.example {
        template = template.set_body_raw(serde_json::to_vec(example).unwrap(), "application/json");
    } else {
        assert!(
            !response.has_content,
            "{name}: a {status} body without example"
        );
    }
    Mock::given(expected.clone())
        .respond_with(template)
        .expect(1)
        .named(format!("{name} {status}"))
        .mount(&server)
        .await;

    if spec.unstable {
        // Not enabled: nothing is sent.
        let mut config = config_for(&server);
        config.set_retry(false, 0);
        match call(config, case.args()).await {
            Err(datadog::Error::UnstableOperationDisabledError(message)) => assert!(
                message.contains(&name),
                "{name}: the message does not name the operation: {message}"
            ),
            other => panic!("{name} is unstable and disabled, but the call gave {other:?}"),
        }
        assert!(
            server.received_requests().await.unwrap().is_empty(),
            "{name}: a disabled unstable operation sent a request"
        );
    }

    let config = case.config(&server, &spec);
    let result = call(config, case.args()).await;
    let value = match result {
        Ok(value) => value,
        Err(error) => panic!(
            "{name}: the call failed: {error:?}\n{}",
            describe_received(&server, &expected).await
        ),
    };
    let encoded = serde_json::to_value(&value).unwrap();
    match &response.example {
        Some(example) => {
            assert_json_eq(
                example,
                &encoded,
                &format!("{name}: the decoded {status} response"),
            );
            assert_fully_typed(&value, &format!("{name}: the {status} response example"));
        }
        None => assert_eq!(
            encoded,
            Value::Null,
            "{name}: a response without body gave {value:?}"
        ),
    }
    server.verify().await;
}

/// A documented status and the `StatusNNN` variant that holds its decoded body.
type StatusVariant<M, E> = (u16, fn(M) -> E);

/// The documented 4xx statuses: `ResponseError` with the typed `StatusNNN` variant.
async fn check_errors<T, E, F, Fut, M>(case: &Case, variants: &[StatusVariant<M, E>], call: &F)
where
    F: Fn(Configuration, Args) -> Fut,
    Fut: Future<Output = Result<T, datadog::Error<E>>>,
    T: Debug,
    E: Debug + PartialEq,
    M: DeserializeOwned + Serialize,
{
    let spec = case.spec();
    let name = case.name();
    let documented: Vec<u16> = spec.client_errors().keys().copied().collect();
    let tested: Vec<u16> = variants.iter().map(|(status, _)| *status).collect();
    assert_eq!(
        tested, documented,
        "{name}: the tested error statuses are not the documented ones"
    );
    for (status, variant) in variants {
        let status = *status;
        let body = error_body(&spec, status);
        let server = MockServer::start().await;
        let expected = case.expected_request(&spec);
        Mock::given(expected.clone())
            .respond_with(
                ResponseTemplate::new(status).set_body_raw(body.clone(), "application/json"),
            )
            .expect(1)
            .named(format!("{name} {status}"))
            .mount(&server)
            .await;
        let result = call(case.config(&server, &spec), case.args()).await;
        match result {
            Err(datadog::Error::ResponseError(content)) => {
                let received = describe_received(&server, &expected).await;
                assert_eq!(
                    content.status.as_u16(),
                    status,
                    "{name}: status\n{received}"
                );
                assert_eq!(content.content, body, "{name} {status}: raw body");
                let decoded: M = serde_json::from_str(&body).unwrap();
                assert_json_eq(
                    &serde_json::from_str(&body).unwrap(),
                    &serde_json::to_value(&decoded).unwrap(),
                    &format!("{name} {status}: the error body"),
                );
                assert_eq!(
                    content.entity,
                    Some(variant(decoded)),
                    "{name} {status}: typed error"
                );
            }
            other => panic!(
                "{name} {status}: expected a ResponseError, got {other:?}\n{}",
                describe_received(&server, &expected).await
            ),
        }
        server.verify().await;
    }
}

/// An undocumented status with a text body, and a documented one with a body that is not
/// JSON: `ResponseError` without typed entity, status and body kept.
async fn check_untyped_errors<T, E, F, Fut>(case: &Case, call: &F)
where
    F: Fn(Configuration, Args) -> Fut,
    Fut: Future<Output = Result<T, datadog::Error<E>>>,
    T: Debug,
    E: Debug,
{
    let spec = case.spec();
    let name = case.name();
    let documented = spec.client_errors().keys().next().copied();
    let mut cases = vec![(418u16, "I'm a teapot".to_string(), "text/plain")];
    if let Some(status) = documented {
        cases.push((
            status,
            "<html>upstream error</html>".to_string(),
            "text/html",
        ));
    }
    for (status, body, mime) in cases {
        let server = MockServer::start().await;
        let expected = case.expected_request(&spec);
        Mock::given(expected.clone())
            .respond_with(ResponseTemplate::new(status).set_body_raw(body.clone(), mime))
            .expect(1)
            .mount(&server)
            .await;
        match call(case.config(&server, &spec), case.args()).await {
            Err(datadog::Error::ResponseError(content)) => {
                let received = describe_received(&server, &expected).await;
                assert_eq!(
                    content.status.as_u16(),
                    status,
                    "{name}: status\n{received}"
                );
                assert_eq!(content.content, body, "{name} {status}: raw body");
                assert!(
                    content.entity.is_none(),
                    "{name} {status}: typed entity {:?} for a body that is not the schema",
                    content.entity
                );
            }
            other => panic!(
                "{name} {status}: expected a ResponseError, got {other:?}\n{}",
                describe_received(&server, &expected).await
            ),
        }
        server.verify().await;
    }
}

/// The spec-driven table (written by `tests/build.rs` from the generator's IR of `spec/`): for
/// every operation a module `<version>_<method>` with `success`, `documented_errors` and
/// `undocumented_errors`, each calling the operation's generated method with the values of
/// [`Case::new`].
mod table {
    use super::*;
    include!(concat!(env!("OUT_DIR"), "/operation_cases.rs"));

    #[test]
    fn the_table_covers_every_operation_of_the_spec() {
        let mut tested: Vec<String> = TABLE_OPERATIONS.iter().map(|s| s.to_string()).collect();
        tested.sort();
        let in_spec = support::spec_operation_names();
        assert!(!in_spec.is_empty(), "no operation found in spec/");
        assert_eq!(tested, in_spec, "the table is not the spec's operations");
    }
}

// ---------------------------------------------------------------------------------------------
// Default parameters: an operation called with no optional parameter sends no query (but
// its required query parameters).

/// Mounts the operation's success example for `expected`, runs `call`, checks it succeeded
/// and that the server got exactly that request.
async fn check_request_only<T, E, Fut>(
    version: &str,
    operation_id: &str,
    raw_path: &str,
    query: &[(&str, &str)],
    call: impl FnOnce(Configuration) -> Fut,
) where
    Fut: Future<Output = Result<T, datadog::Error<E>>>,
    E: Debug,
{
    let spec = spec_operation(version, operation_id);
    let (status, response) = spec.success();
    let server = MockServer::start().await;
    let expected = ExpectedRequest::new(&spec.method, raw_path).query(query);
    let example = response.example.expect("a success example");
    Mock::given(expected.clone())
        .respond_with(ResponseTemplate::new(status).set_body_json(example))
        .expect(1)
        .mount(&server)
        .await;
    if let Err(error) = call(config_for(&server)).await {
        panic!(
            "{version}.{operation_id}: {error:?}\n{}",
            describe_received(&server, &expected).await
        );
    }
    server.verify().await;
}

#[tokio::test]
async fn v2_list_users_without_parameters_sends_no_query() {
    check_request_only(
        "v2",
        "ListUsers",
        "/api/v2/users",
        &[],
        |config| async move {
            v2_users::UsersAPI::with_config(config)
                .list_users(v2_users::ListUsersOptionalParams::default())
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn v2_list_teams_without_parameters_sends_no_query() {
    check_request_only(
        "v2",
        "ListTeams",
        "/api/v2/team",
        &[],
        |config| async move {
            teams::TeamsAPI::with_config(config)
                .list_teams(teams::ListTeamsOptionalParams::default())
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn v2_list_teams_with_one_include_sends_it_alone() {
    check_request_only(
        "v2",
        "ListTeams",
        "/api/v2/team",
        &[("include", "team_links"), ("filter[me]", "false")],
        |config| async move {
            teams::TeamsAPI::with_config(config)
                .list_teams(
                    teams::ListTeamsOptionalParams::default()
                        .include(vec![v2_model::ListTeamsInclude::TEAM_LINKS])
                        .filter_me(false),
                )
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn v2_get_team_memberships_without_parameters_sends_no_query() {
    check_request_only(
        "v2",
        "GetTeamMemberships",
        "/api/v2/team/t1/memberships",
        &[],
        |config| async move {
            teams::TeamsAPI::with_config(config)
                .get_team_memberships(
                    "t1".to_string(),
                    teams::GetTeamMembershipsOptionalParams::default(),
                )
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn v2_get_seats_users_without_parameters_sends_only_product_code() {
    check_request_only(
        "v2",
        "GetSeatsUsers",
        "/api/v2/seats/users",
        &[("product_code", "on call")],
        |config| async move {
            seats::SeatsAPI::with_config(config)
                .get_seats_users(
                    "on call".to_string(),
                    seats::GetSeatsUsersOptionalParams::default(),
                )
                .await
        },
    )
    .await;
}

// ---------------------------------------------------------------------------------------------
// Forward compatibility: what the spec does not know survives a decode/encode round trip.

/// Serves `body` for the request `expected`, runs `call`, and checks the decoded value
/// re-encodes to `body`; returns the value.
async fn round_trip<T, E, Fut>(
    expected: ExpectedRequest,
    body: &Value,
    call: impl FnOnce(Configuration) -> Fut,
) -> T
where
    Fut: Future<Output = Result<T, datadog::Error<E>>>,
    T: Serialize,
    E: Debug,
{
    let server = MockServer::start().await;
    Mock::given(expected.clone())
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;
    let value = match call(config_for(&server)).await {
        Ok(value) => value,
        Err(error) => panic!(
            "the response with unknown content did not decode: {error:?}\n{}",
            describe_received(&server, &expected).await
        ),
    };
    assert_json_eq(body, &serde_json::to_value(&value).unwrap(), "round trip");
    server.verify().await;
    value
}

/// The v2 GetUser example with additions the spec does not describe.
fn get_user_with_unknowns() -> Value {
    let mut body = spec_operation("v2", "GetUser").success().1.example.unwrap();
    body["data"]["attributes"]["new_field"] = json!({"x": 1});
    body["data"]["type"] = json!("users_v3");
    body["data"]["relationships"]["org"]["data"]["type"] = json!("orgs_v2");
    body["data"]["relationships"]["roles"]["data"][0]["extra"] = json!([1, "two", null]);
    body["data"]["relationships"]["new_relationship"] = json!({"data": []});
    body["included"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "x1", "type": "unknown_kind", "attributes": {"a": [1, 2], "b": null}}));
    body["included"][0]["attributes"]["shiny"] = json!(true);
    body["meta"] = json!({"page": {"total": 1.5}});
    body
}

#[tokio::test]
async fn v2_get_user_keeps_unknown_fields_enum_values_and_included_kinds() {
    let body = get_user_with_unknowns();
    let response = round_trip(
        ExpectedRequest::new("GET", "/api/v2/users/u1"),
        &body,
        |config| async move {
            v2_users::UsersAPI::with_config(config)
                .get_user("u1".to_string())
                .await
        },
    )
    .await;
    // The unknown parts are where they belong in the typed value.
    let user = response.data.as_ref().expect("data");
    assert_eq!(
        user.type_,
        Some(v2_model::UsersType::UnknownValue("users_v3".to_string()))
    );
    let attributes = user.attributes.as_ref().expect("attributes");
    assert_eq!(
        attributes.additional_properties.get("new_field"),
        Some(&json!({"x": 1}))
    );
    assert_eq!(attributes.name.as_deref(), Some("string"));
    assert_eq!(
        response.additional_properties.get("meta"),
        Some(&json!({"page": {"total": 1.5}}))
    );
    let included = response.included.as_ref().expect("included");
    assert_eq!(included.len(), 2);
    assert!(
        matches!(
            &included[0],
            v2_model::UserResponseIncludedItem::Organization(_)
        ),
        "the orgs item decodes as an Organization: {:?}",
        included[0]
    );
    match &included[1] {
        v2_model::UserResponseIncludedItem::UnparsedObject(value) => {
            assert_eq!(value, &body["included"][1])
        }
        other => panic!("an unknown included kind decoded as {other:?}"),
    }
}

#[tokio::test]
async fn v2_list_teams_keeps_unknown_included_kinds_and_enum_values() {
    let mut body = spec_operation("v2", "ListTeams")
        .success()
        .1
        .example
        .unwrap();
    body["data"][0]["type"] = json!("team_v2");
    body["data"][0]["attributes"]["avatar"] = json!("🚀");
    body["included"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "h1", "type": "team_handles", "attributes": {"x": {"y": [true]}}}));
    body["links"] = json!({"next": "/api/v2/team?page[number]=1"});
    let response = round_trip(
        ExpectedRequest::new("GET", "/api/v2/team"),
        &body,
        |config| async move {
            teams::TeamsAPI::with_config(config)
                .list_teams(teams::ListTeamsOptionalParams::default())
                .await
        },
    )
    .await;
    let data = response.data.as_ref().expect("data");
    assert_eq!(
        data[0].type_,
        v2_model::TeamType::UnknownValue("team_v2".to_string())
    );
    let included = response.included.as_ref().expect("included");
    assert!(
        matches!(included[0], v2_model::TeamIncluded::User(_)),
        "{:?}",
        included[0]
    );
}

/// `TeamIncluded` is a `oneOf` (User, TeamLink, UserTeamPermission) without discriminator:
/// each item must decode as the variant its `type` names, and an item of an unknown kind as
/// `UnparsedObject` (as the type's documentation says), not as the first variant whose
/// fields are all optional.
#[tokio::test]
async fn v2_list_teams_decodes_each_included_kind_as_its_variant() {
    let mut body = spec_operation("v2", "ListTeams")
        .success()
        .1
        .example
        .unwrap();
    let included = body["included"].as_array_mut().unwrap();
    included.push(json!({
        "id": "f9bb8444-af7f-11ec-ac2c-da7ad0900001",
        "type": "team_links",
        "attributes": {
            "label": "Runbook",
            "position": 0,
            "team_id": "aeadc05e-98a8-11ec-ac2c-da7ad0900001",
            "url": "https://example.com/runbook"
        }
    }));
    included.push(json!({
        "id": "UserTeamPermissions-aeadc05e-98a8-11ec-ac2c-da7ad0900001-416595",
        "type": "user_team_permissions",
        "attributes": {"permissions": {"manage_membership": true, "edit": false}}
    }));
    included.push(json!({"id": "h1", "type": "team_handles", "attributes": {"x": {"y": [true]}}}));
    let response = round_trip(
        ExpectedRequest::new("GET", "/api/v2/team"),
        &body,
        |config| async move {
            teams::TeamsAPI::with_config(config)
                .list_teams(teams::ListTeamsOptionalParams::default())
                .await
        },
    )
    .await;
    let included = response.included.as_ref().expect("included");
    let kinds: Vec<&str> = included
        .iter()
        .map(|item| match item {
            v2_model::TeamIncluded::User(_) => "User",
            v2_model::TeamIncluded::TeamLink(_) => "TeamLink",
            v2_model::TeamIncluded::UserTeamPermission(_) => "UserTeamPermission",
            v2_model::TeamIncluded::UnparsedObject(_) => "UnparsedObject",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        ["User", "TeamLink", "UserTeamPermission", "UnparsedObject"],
        "the included items of types users, team_links, user_team_permissions, team_handles \
         decoded as {included:?}"
    );
}

#[tokio::test]
async fn v1_get_user_keeps_unknown_access_role() {
    let body = json!({
        "user": {
            "access_role": "superuser",
            "disabled": false,
            "email": "test@datadoghq.com",
            "handle": "test@datadoghq.com",
            "name": "test user",
            "verified": true,
            "org_id": 42
        },
        "request_id": "r-1"
    });
    let response = round_trip(
        ExpectedRequest::new("GET", "/api/v1/user/h"),
        &body,
        |config| async move {
            v1_users::UsersAPI::with_config(config)
                .get_user("h".to_string())
                .await
        },
    )
    .await;
    let user = response.user.as_ref().expect("user");
    assert_eq!(
        user.access_role,
        Some(Some(
            datadog_api_client::datadogV1::model::AccessRole::UnknownValue("superuser".to_string())
        ))
    );
    assert_eq!(user.additional_properties.get("org_id"), Some(&json!(42)));
}

#[tokio::test]
async fn v1_get_user_keeps_null_access_role() {
    let body = json!({"user": {"access_role": null, "handle": "h"}});
    let response = round_trip(
        ExpectedRequest::new("GET", "/api/v1/user/h"),
        &body,
        |config| async move {
            v1_users::UsersAPI::with_config(config)
                .get_user("h".to_string())
                .await
        },
    )
    .await;
    assert_eq!(response.user.expect("user").access_role, Some(None));
}

#[tokio::test]
async fn v2_list_connections_keeps_unknown_fields_at_every_level() {
    let mut body = spec_operation("v2", "ListConnections")
        .success()
        .1
        .example
        .unwrap();
    body["data"]["attributes"]["connections"][0]["join"]["case_sensitive"] = json!(false);
    body["data"]["attributes"]["connections"][0]["fields"][0]["unit"] = json!("USD");
    body["data"]["type"] = json!("list_connections_response_v2");
    body["data"]["attributes"]["next"] = json!(null);
    let server_path = "/api/v2/product-analytics/users/mapping/connections";
    round_trip(
        ExpectedRequest::new("GET", server_path),
        &body,
        |mut config| async move {
            assert!(config.set_unstable_operation_enabled("v2.ListConnections", true));
            rum::RumAudienceManagementAPI::with_config(config)
                .list_connections("users".to_string())
                .await
        },
    )
    .await;
}

// ---------------------------------------------------------------------------------------------
// More of the same, on single operations.

/// A documented error body with properties the schema does not declare still decodes as the
/// typed variant, and keeps them.
#[tokio::test]
async fn v2_get_user_error_body_with_extra_properties_is_typed() {
    let server = MockServer::start().await;
    let expected = ExpectedRequest::new("GET", "/api/v2/users/u1");
    let body = r#"{"errors":["User not found"],"code":"E404","details":{"id":"u1"}}"#;
    Mock::given(expected.clone())
        .respond_with(ResponseTemplate::new(404).set_body_raw(body, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let result = v2_users::UsersAPI::with_config(config_for(&server))
        .get_user("u1".to_string())
        .await;
    let Err(datadog::Error::ResponseError(content)) = result else {
        panic!("expected a ResponseError, got {result:?}");
    };
    assert_eq!(content.status.as_u16(), 404);
    assert_eq!(content.content, body);
    let Some(v2_users::GetUserError::Status404(error)) = &content.entity else {
        panic!("expected Status404, got {:?}", content.entity);
    };
    assert_eq!(error.errors, vec!["User not found".to_string()]);
    assert_json_eq(
        &serde_json::from_str(body).unwrap(),
        &serde_json::to_value(error).unwrap(),
        "the typed error body",
    );
}

/// A documented error status whose JSON body lacks the schema's required `errors`: no typed
/// entity, status and body kept.
#[tokio::test]
async fn v1_get_user_error_body_without_required_field_is_untyped() {
    let server = MockServer::start().await;
    let expected = ExpectedRequest::new("GET", "/api/v1/user/h");
    let body = r#"{"message":"Forbidden"}"#;
    Mock::given(expected.clone())
        .respond_with(ResponseTemplate::new(403).set_body_raw(body, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let result = v1_users::UsersAPI::with_config(config_for(&server))
        .get_user("h".to_string())
        .await;
    let Err(datadog::Error::ResponseError(content)) = result else {
        panic!("expected a ResponseError, got {result:?}");
    };
    assert_eq!(content.status.as_u16(), 403);
    assert_eq!(content.content, body);
    assert_eq!(content.entity, None);
}

/// `_with_http_info` gives the documented 2xx status and the response headers with the
/// same decoded body.
#[tokio::test]
async fn v2_create_user_with_http_info_gives_status_and_headers() {
    let spec = spec_operation("v2", "CreateUser");
    let (status, response) = spec.success();
    assert_eq!(status, 201);
    let example = response.example.unwrap();
    let server = MockServer::start().await;
    let expected = ExpectedRequest::new("POST", "/api/v2/users").body(spec.request_example.clone());
    Mock::given(expected.clone())
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(&example)
                .insert_header("X-RateLimit-Remaining", "99"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let response = v2_users::UsersAPI::with_config(config_for(&server))
        .create_user_with_http_info(typed(spec.request_example.clone()))
        .await
        .unwrap_or_else(|error| panic!("{error:?}"));
    assert_eq!(response.status.as_u16(), 201);
    assert_eq!(
        response
            .headers
            .get("x-ratelimit-remaining")
            .map(|value| value.to_str().unwrap()),
        Some("99")
    );
    assert_json_eq(
        &example,
        &serde_json::to_value(&response.entity).unwrap(),
        "the decoded body",
    );
    server.verify().await;
}

/// `_with_http_info` of an operation without response body gives `()` and the 204.
#[tokio::test]
async fn v2_delete_team_with_http_info_gives_204() {
    let server = MockServer::start().await;
    let expected = ExpectedRequest::new("DELETE", "/api/v2/team/t1");
    Mock::given(expected.clone())
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let response = teams::TeamsAPI::with_config(config_for(&server))
        .delete_team_with_http_info("t1".to_string())
        .await
        .unwrap_or_else(|error| panic!("{error:?}"));
    assert_eq!(response.status.as_u16(), 204);
    server.verify().await;
}

/// The nullable `role` of a team membership: an explicit null is sent, and received back.
#[tokio::test]
async fn v2_update_team_membership_sends_and_receives_a_null_role() {
    let request = json!({"data": {"attributes": {"role": null}, "type": "team_memberships"}});
    let reply = json!({"data": {
        "attributes": {"role": null},
        "id": "TeamMembership-1",
        "type": "team_memberships"
    }});
    let server = MockServer::start().await;
    let expected =
        ExpectedRequest::new("PATCH", "/api/v2/team/t1/memberships/u1").body(Some(request.clone()));
    Mock::given(expected.clone())
        .respond_with(ResponseTemplate::new(200).set_body_json(&reply))
        .expect(1)
        .mount(&server)
        .await;
    let result = teams::TeamsAPI::with_config(config_for(&server))
        .update_team_membership("t1".to_string(), "u1".to_string(), typed(Some(request)))
        .await;
    let response = match result {
        Ok(response) => response,
        Err(error) => panic!("{error:?}\n{}", describe_received(&server, &expected).await),
    };
    assert_json_eq(
        &reply,
        &serde_json::to_value(&response).unwrap(),
        "the reply",
    );
    server.verify().await;
}

// ---------------------------------------------------------------------------------------------
// The helpers themselves: the JSON comparison must not hide differences.

#[test]
fn json_comparison_compares_instants_and_values() {
    use support::{json_eq, parse_rfc3339};
    assert!(json_eq(
        &json!({"t": "2019-09-19T10:00:00.000Z"}),
        &json!({"t": "2019-09-19T10:00:00Z"})
    ));
    assert!(json_eq(
        &json!({"t": "2019-09-19T12:00:00+02:00"}),
        &json!({"t": "2019-09-19T10:00:00Z"})
    ));
    assert!(!json_eq(
        &json!({"t": "2019-09-19T10:00:00.001Z"}),
        &json!({"t": "2019-09-19T10:00:00Z"})
    ));
    assert!(!json_eq(&json!({"t": "string"}), &json!({"t": "strinG"})));
    assert!(!json_eq(&json!({"a": 1}), &json!({"a": 1, "b": null})));
    assert!(!json_eq(&json!({"a": null}), &json!({})));
    assert!(!json_eq(&json!([1, 2]), &json!([2, 1])));
    assert!(!json_eq(&json!(1), &json!("1")));
    assert!(json_eq(&json!(0), &json!(0.0)));
    assert!(!json_eq(&json!(0), &json!(0.5)));
    assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
    assert_eq!(
        parse_rfc3339("0001-01-01T00:00:00Z"),
        Some(-62_135_596_800_000_000_000)
    );
    assert_eq!(
        parse_rfc3339("2019-09-19T10:00:00.5Z"),
        Some(1_568_887_200_500_000_000)
    );
    assert_eq!(parse_rfc3339("2019-09-19"), None);
    assert_eq!(parse_rfc3339("string"), None);
}

/// The headers of a request the operation tests accept.
const GOOD_HEADERS: [(&str, &str); 5] = [
    ("DD-API-KEY", support::API_KEY),
    ("DD-APPLICATION-KEY", support::APP_KEY),
    ("Accept", "application/json"),
    ("Content-Type", "application/json"),
    (
        "User-Agent",
        "datadog-api-client-rust/0.1.0 (rust; linux; x86_64)",
    ),
];
/// The URL and body that [`expected_post`] describes, as a client sends them.
const GOOD_URL: &str = "http://localhost/api/v2/users/a%2Fb?page%5Bsize%5D=2&filter=x%20y";
const GOOD_BODY: &str = r#"{"n":[1],"t":"2019-09-19T10:00:00Z"}"#;

/// The request the matcher tests expect: a POST with a query, an escaped path segment and a
/// body holding a date-time (compared as a time, not as text).
fn expected_post() -> ExpectedRequest {
    ExpectedRequest::new("POST", "/api/v2/users/a%2Fb")
        .query(&[("page[size]", "2"), ("filter", "x y")])
        .body(Some(json!({"t": "2019-09-19T10:00:00.000Z", "n": [1]})))
}

/// A request as wiremock records it.
fn recorded(method: &str, url: &str, headers: &[(&str, &str)], body: &str) -> wiremock::Request {
    use wiremock::http::{HeaderMap, HeaderName, HeaderValue, Method, Url};
    let mut map = HeaderMap::new();
    for (name, value) in headers {
        map.append(
            HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    wiremock::Request {
        url: Url::parse(url).unwrap(),
        method: Method::from_bytes(method.as_bytes()).unwrap(),
        headers: map,
        body: body.as_bytes().to_vec(),
    }
}

/// [`GOOD_HEADERS`] with the header `name` removed, or replaced by `value`.
fn headers_with(name: &str, value: Option<&str>) -> Vec<(&'static str, String)> {
    let mut headers: Vec<(&str, String)> = GOOD_HEADERS
        .iter()
        .filter(|(n, _)| !n.eq_ignore_ascii_case(name))
        .map(|(n, v)| (*n, v.to_string()))
        .collect();
    if let Some(value) = value {
        let name = GOOD_HEADERS
            .iter()
            .map(|(n, _)| *n)
            .find(|n| n.eq_ignore_ascii_case(name))
            .expect("one of the good headers");
        headers.push((name, value.to_string()));
    }
    headers
}

#[test]
fn expected_request_accepts_the_request_it_describes() {
    let good = recorded("POST", GOOD_URL, &GOOD_HEADERS, GOOD_BODY);
    assert_eq!(expected_post().mismatches(&good), Vec::<String>::new());
}

/// A missing or different key, `Accept`, `Content-Type` or `User-Agent` is a mismatch.
#[test]
fn expected_request_rejects_a_missing_or_different_header() {
    let expected = expected_post();
    let header_cases = [
        ("DD-API-KEY", None),
        ("DD-API-KEY", Some("other")),
        ("DD-APPLICATION-KEY", None),
        ("Accept", None),
        ("Accept", Some("*/*")),
        ("Content-Type", None),
        ("Content-Type", Some("text/plain")),
        ("User-Agent", Some("reqwest/0.12")),
        ("User-Agent", None),
    ];
    for (name, value) in header_cases {
        let headers = headers_with(name, value);
        let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let request = recorded("POST", GOOD_URL, &headers, GOOD_BODY);
        assert!(
            !expected.mismatches(&request).is_empty(),
            "header {name}: {value:?} accepted"
        );
    }
}

/// Another method, path segment, query (a parameter missing, different, added or renamed)
/// or body (another time, an added null, another array, none) is a mismatch.
#[test]
fn expected_request_rejects_another_method_path_query_or_body() {
    let expected = expected_post();
    let other_requests = [
        ("PUT", GOOD_URL, GOOD_BODY),
        (
            "POST",
            "http://localhost/api/v2/users/a/b?page%5Bsize%5D=2&filter=x%20y",
            GOOD_BODY,
        ),
        (
            "POST",
            "http://localhost/api/v2/users/a%2Fb?page%5Bsize%5D=2",
            GOOD_BODY,
        ),
        (
            "POST",
            "http://localhost/api/v2/users/a%2Fb?page%5Bsize%5D=3&filter=x%20y",
            GOOD_BODY,
        ),
        (
            "POST",
            "http://localhost/api/v2/users/a%2Fb?page%5Bsize%5D=2&filter=x%20y&x=1",
            GOOD_BODY,
        ),
        (
            "POST",
            "http://localhost/api/v2/users/a%2Fb?page=2&filter=x%20y",
            GOOD_BODY,
        ),
        ("POST", GOOD_URL, r#"{"n":[1],"t":"2019-09-19T10:00:01Z"}"#),
        (
            "POST",
            GOOD_URL,
            r#"{"n":[1],"t":"2019-09-19T10:00:00Z","x":null}"#,
        ),
        ("POST", GOOD_URL, r#"{"n":[],"t":"2019-09-19T10:00:00Z"}"#),
        ("POST", GOOD_URL, ""),
    ];
    for (method, url, body) in other_requests {
        let request = recorded(method, url, &GOOD_HEADERS, body);
        assert!(
            !expected.mismatches(&request).is_empty(),
            "{method} {url} {body} accepted"
        );
    }
}

/// Without a body: none may be sent, nor a Content-Type.
#[test]
fn expected_request_without_a_body_rejects_a_body_or_a_content_type() {
    let bodiless = ExpectedRequest::new("GET", "/api/v1/user");
    let url = "http://localhost/api/v1/user";
    let headers: Vec<(&str, &str)> = GOOD_HEADERS
        .iter()
        .filter(|(n, _)| *n != "Content-Type")
        .copied()
        .collect();
    let get = recorded("GET", url, &headers, "");
    assert_eq!(bodiless.mismatches(&get), Vec::<String>::new());
    for (url, headers, body) in [
        (url, &headers[..], "{}"),
        (url, &GOOD_HEADERS[..], ""),
        ("http://localhost/api/v1/user?", &headers[..], ""),
    ] {
        let request = recorded("GET", url, headers, body);
        assert!(
            !bodiless.mismatches(&request).is_empty(),
            "{url} {headers:?} {body:?} accepted"
        );
    }
}

//! The typed mocks of the `mock` feature: what a stub matches (method, path and its
//! parameters, query, body), what it answers (typed successes and documented errors, as the
//! client decodes them), its call counts, and the keys of its configuration.

use datadog_api_client::datadog::{self, MockServer, MOCK_KEY};
use datadog_api_client::datadogV2::api_users::{GetUserError, ListUsersError, UsersAPI};
use datadog_api_client::datadogV2::model::{
    APIErrorResponse, User, UserCreateAttributes, UserCreateData, UserCreateRequest, UserResponse,
    UsersResponse, UsersType,
};

fn user_response(id: &str) -> UserResponse {
    UserResponse::new().data(User::new().id(id.into()))
}

fn create_request(email: &str) -> UserCreateRequest {
    UserCreateRequest::new(UserCreateData::new(
        UserCreateAttributes::new(email.into()),
        UsersType::USERS,
    ))
}

/// The status of a failed call (404 when no stub matched).
fn status_of<T, E: std::fmt::Debug>(result: Result<T, datadog::Error<E>>) -> u16 {
    match result {
        Err(datadog::Error::ResponseError(response)) => response.status.as_u16(),
        other => panic!("expected a response error, got {:?}", other.map(|_| ())),
    }
}

#[tokio::test]
async fn a_path_parameter_matches_its_value_as_the_client_encodes_it() {
    let server = MockServer::start().await;
    server
        .v2()
        .users()
        .get_user()
        .path_param("user_id", "a/b c")
        .respond_ok(user_response("a/b c"))
        .await;
    let api = UsersAPI::with_config(server.configuration());

    let user = api.get_user("a/b c".into()).await.unwrap();
    assert_eq!(user.data.and_then(|u| u.id).as_deref(), Some("a/b c"));
    assert_eq!(status_of(api.get_user("other".into()).await), 404);
}

#[tokio::test]
async fn query_and_body_matchers_select_the_stub() {
    let server = MockServer::start().await;
    let users = server.v2().users();
    users
        .create_user()
        .body(&create_request("ada@example.com"))
        .respond_ok(user_response("ada"))
        .await;
    users
        .list_users()
        .query("filter", "ada")
        .respond_ok(UsersResponse::new().data(vec![User::new().id("ada".into())]))
        .await;
    let api = UsersAPI::with_config(server.configuration());

    let created = api.create_user(create_request("ada@example.com")).await;
    assert_eq!(created.unwrap(), user_response("ada"));
    assert_eq!(
        status_of(api.create_user(create_request("bob@example.com")).await),
        404
    );
    let params = datadog_api_client::datadogV2::api_users::ListUsersOptionalParams::default();
    let found = api.list_users(params.clone().filter("ada".into())).await;
    assert_eq!(found.unwrap().data.map(|d| d.len()), Some(1));
    assert_eq!(status_of(api.list_users(params).await), 404);
}

#[tokio::test]
async fn a_documented_error_reaches_the_caller_typed() {
    let server = MockServer::start().await;
    let error = APIErrorResponse::new(vec!["Bad filter".into()]);
    server
        .v2()
        .users()
        .list_users()
        .respond_error(ListUsersError::Status400(error.clone()))
        .await;
    let api = UsersAPI::with_config(server.configuration());

    match api.list_users(Default::default()).await {
        Err(datadog::Error::ResponseError(response)) => {
            assert_eq!(response.status.as_u16(), 400);
            assert_eq!(response.entity, Some(ListUsersError::Status400(error)));
        }
        other => panic!("expected the 400 error, got {other:?}"),
    }
}

#[tokio::test]
async fn the_configuration_sends_the_mock_key_and_does_not_retry() {
    let server = MockServer::start().await;
    server
        .v2()
        .users()
        .get_user()
        .expect(1)
        .respond_error(GetUserError::Status429(APIErrorResponse::new(vec![])))
        .await;
    let api = UsersAPI::with_config(server.configuration());

    assert_eq!(status_of(api.get_user("u".into()).await), 429);
    let requests = server.received_requests().await;
    assert_eq!(requests.len(), 1, "one attempt, no retry");
    assert_eq!(requests[0].headers["DD-API-KEY"], MOCK_KEY);
    assert_eq!(requests[0].headers["DD-APPLICATION-KEY"], MOCK_KEY);
}

#[tokio::test]
async fn any_response_can_be_answered() {
    let server = MockServer::start().await;
    server
        .v2()
        .users()
        .get_user()
        .respond_with(datadog::wiremock::ResponseTemplate::new(503).set_body_string("down"))
        .await;
    let api = UsersAPI::with_config(server.configuration());

    assert_eq!(status_of(api.get_user("u".into()).await), 503);
}

#[tokio::test]
#[should_panic(expected = "v2.ListUsers")]
async fn an_unmet_call_count_fails_naming_the_operation() {
    let server = MockServer::start().await;
    server
        .v2()
        .users()
        .list_users()
        .expect(2)
        .respond_ok(UsersResponse::new())
        .await;
    let api = UsersAPI::with_config(server.configuration());
    api.list_users(Default::default()).await.unwrap();
    server.verify().await;
}

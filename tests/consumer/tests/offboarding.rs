//! The service's tests, over the typed mocks of the generated crate (the README shows this file).

use consumer::{active_emails, offboard, OffboardingError};
use datadog_api_client::datadog::MockServer;
use datadog_api_client::datadogV2::api_users::{DisableUserError, UsersAPI};
use datadog_api_client::datadogV2::model::{APIErrorResponse, User, UserAttributes, UsersResponse};

fn user(email: &str, disabled: bool) -> User {
    User::new().attributes(UserAttributes::new().email(email.into()).disabled(disabled))
}

#[tokio::test]
async fn lists_the_emails_of_active_users() {
    let server = MockServer::start().await;
    server
        .v2()
        .users()
        .list_users()
        .query("page[size]", &100)
        .expect(1)
        .respond_ok(UsersResponse::new().data(vec![
            user("ada@example.com", false),
            user("bob@example.com", true),
        ]))
        .await;
    let api = UsersAPI::with_config(server.configuration());

    assert_eq!(active_emails(&api).await.unwrap(), ["ada@example.com"]);
}

#[tokio::test]
async fn an_unknown_user_is_reported_with_the_api_message() {
    let server = MockServer::start().await;
    let mocks = server.v2().users();
    mocks
        .disable_user()
        .path_param("user_id", "gone")
        .expect(1)
        .respond_error(DisableUserError::Status404(APIErrorResponse::new(vec![
            "User not found".into(),
        ])))
        .await;
    mocks
        .disable_user()
        .path_param("user_id", "u-1")
        .expect(1)
        .respond_ok(())
        .await;
    let api = UsersAPI::with_config(server.configuration());

    assert_eq!(offboard(&api, "u-1").await, Ok(()));
    assert_eq!(
        offboard(&api, "gone").await,
        Err(OffboardingError::UnknownUser("User not found".into()))
    );
}

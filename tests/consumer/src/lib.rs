//! A service's own code over the Users API: what its tests check with the typed mocks.

use datadog_api_client::datadog;
use datadog_api_client::datadogV2::api_users::{
    DisableUserError, ListUsersOptionalParams, UsersAPI,
};

/// What went wrong, in the service's own terms.
#[derive(Debug, PartialEq, Eq)]
pub enum OffboardingError {
    /// The user does not exist (the API answered 404).
    UnknownUser(String),
    /// Any other failure, as text.
    Api(String),
}

/// The emails of the users whose account is active, from the first page of at most 100.
pub async fn active_emails(api: &UsersAPI) -> Result<Vec<String>, String> {
    let users = api
        .list_users(ListUsersOptionalParams::default().page_size(100))
        .await
        .map_err(|error| error.to_string())?;
    Ok(users
        .data
        .unwrap_or_default()
        .into_iter()
        .filter_map(|user| user.attributes)
        .filter(|attributes| attributes.disabled != Some(true))
        .filter_map(|attributes| attributes.email)
        .collect())
}

/// Disables a user; a user the API does not know is `UnknownUser`, with the API's message.
pub async fn offboard(api: &UsersAPI, user_id: &str) -> Result<(), OffboardingError> {
    match api.disable_user(user_id.to_string()).await {
        Ok(()) => Ok(()),
        Err(datadog::Error::ResponseError(response)) => match response.entity {
            Some(DisableUserError::Status404(body)) => {
                Err(OffboardingError::UnknownUser(body.errors.join("; ")))
            }
            _ => Err(OffboardingError::Api(format!("status {}", response.status))),
        },
        Err(other) => Err(OffboardingError::Api(other.to_string())),
    }
}

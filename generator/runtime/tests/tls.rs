//! The TLS features: with `rustls-tls` (the default) or `native-tls`, an `https` base URL is
//! sent; with neither, every call to one is refused before anything is sent, with an error that
//! names the features. CI runs this file in the three configurations.

mod support;

use datadog::{Client, ConfigError, Error};
use serde_json::Value;

#[tokio::test]
async fn https_is_sent_only_with_a_tls_feature() {
    // Nothing listens on this port (it was just freed): with TLS, the call fails connecting.
    let address = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let mut config = support::keyed_config(&format!("https://{address}"));
    config.set_retry(false, 0);
    let error = Client::new(config)
        .execute::<Value, Value>(support::get_user_request("abc"))
        .await
        .unwrap_err();
    if cfg!(any(feature = "rustls-tls", feature = "native-tls")) {
        assert!(
            matches!(&error, Error::Reqwest(error) if error.is_connect()),
            "{error:?}"
        );
    } else {
        assert!(
            matches!(
                &error,
                Error::Configuration(ConfigError::TlsUnavailable { .. })
            ),
            "{error:?}"
        );
        let message = error.to_string();
        assert!(
            message.contains("rustls-tls") && message.contains("native-tls"),
            "{message}"
        );
    }
}

//! The README's usage example, compiled and run against a local server, so that the example a
//! new user copies first is known to work.

mod readme {
    // The lines between the markers are the README's usage example, unchanged (a test checks).
    // README START
    use datadog_api_client::datadog;
    use datadog_api_client::datadogV2::api_users::{ListUsersOptionalParams, UsersAPI};
    use futures_util::{pin_mut, StreamExt};

    #[tokio::main]
    async fn main() {
        // Reads DD_API_KEY, DD_APP_KEY and DD_SITE (or DD_HOST, a full base URL) from the environment.
        let configuration = datadog::Configuration::new();
        let api = UsersAPI::with_config(configuration);

        // One page, with the typed error of this operation on failure.
        match api
            .list_users(ListUsersOptionalParams::default().page_size(50))
            .await
        {
            Ok(users) => println!("{:#?}", users.data),
            Err(datadog::Error::ResponseError(response)) => {
                eprintln!("{}: {:?}", response.status, response.entity)
            }
            Err(other) => eprintln!("{other}"),
        }

        // Every user, page after page, fetched as the stream is consumed.
        let users = api.list_users_with_pagination(ListUsersOptionalParams::default());
        pin_mut!(users);
        while let Some(user) = users.next().await {
            println!("{:?}", user.map(|u| u.id));
        }
    }
    // README END

    pub fn run() {
        main()
    }
}

mod support;

use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn user(id: &str) -> serde_json::Value {
    json!({"type": "users", "id": id, "attributes": {"email": format!("{id}@example.com")}})
}

#[test]
fn readme_example_is_the_one_tested_here() {
    support::assert_readme_block(
        include_str!("readme.rs"),
        "README",
        "list_users_with_pagination",
    );
}

#[test]
fn readme_example_runs_against_a_server() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/api/v2/users"))
            .and(query_param("page[size]", "50"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(json!({"data": [user("a"), user("b")]})),
            )
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/api/v2/users"))
            .and(query_param("page[number]", "0"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": [user("a")]})))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/api/v2/users"))
            .and(query_param("page[number]", "1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
            .expect(1)
            .mount(&server)
            .await;
        server
    });
    // This test binary has one test that reads the environment: no race.
    std::env::set_var("DD_HOST", server.uri());
    std::env::set_var("DD_API_KEY", "readme-api-key");
    std::env::set_var("DD_APP_KEY", "readme-app-key");
    readme::run();
    runtime.block_on(server.verify());
}

/// The environment variables each example reads besides the configuration's
/// (`std::env::var("NAME")`).
fn example_variables() -> std::collections::BTreeMap<String, Vec<String>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/examples");
    let mut found = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let source = std::fs::read_to_string(&path).unwrap();
        let mut names: Vec<String> = source
            .split("env::var(\"")
            .skip(1)
            .filter_map(|piece| piece.split('"').next().map(String::from))
            .collect();
        names.sort();
        names.dedup();
        if !names.is_empty() {
            let stem = path.file_stem().unwrap().to_string_lossy().to_string();
            found.insert(stem, names);
        }
    }
    found
}

/// The README says which variables each example needs, so that the command it gives runs.
#[test]
fn readme_lists_the_variables_each_example_reads() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let mut listed = std::collections::BTreeMap::new();
    for line in readme.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if let [_, example, variables, _] = cells.as_slice() {
            if example.contains('_') && variables.contains('`') {
                let mut names: Vec<String> = variables
                    .split('`')
                    .skip(1)
                    .step_by(2)
                    .map(String::from)
                    .collect();
                names.sort();
                listed.insert(example.to_string(), names);
            }
        }
    }
    assert_eq!(
        listed,
        example_variables(),
        "README.md's table of the variables the examples read is not what they read"
    );
    let command = readme
        .lines()
        .skip_while(|line| !line.contains("DD_API_KEY=... DD_APP_KEY=..."))
        .take(2)
        .collect::<String>();
    let example = command.split("--example ").nth(1).expect("a --example");
    for variable in example_variables()
        .get(example.trim())
        .into_iter()
        .flatten()
    {
        assert!(
            command.contains(&format!("{variable}=")),
            "README.md's command runs {example} without {variable}"
        );
    }
}

/// The README shows the consumer crate's test of its own code with the typed mocks, as it is.
#[test]
fn readme_shows_the_consumer_test() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let test = include_str!("../consumer/tests/offboarding.rs");
    assert!(
        readme.contains(&format!("```rust\n{test}```\n")),
        "README.md must show tests/consumer/tests/offboarding.rs unchanged, in a ```rust block"
    );
}

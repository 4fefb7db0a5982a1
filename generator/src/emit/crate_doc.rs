//! The crate root's documentation (lib.rs): configuration, features, errors, retries,
//! pagination and mocks, with doctests. The examples that call an operation name one the spec
//! has (chosen from the IR), so that they compile for any spec; a section whose kind of
//! operation the spec lacks says so in words.

use super::doc_examples::CRATE;
use crate::ir::{ApiIr, Crate, OperationIr, TypeDef, TypeKind, TypeRef, VersionIr};
use proc_macro2::TokenStream;
use quote::quote;

/// Inner `#![doc]` lines of lib.rs.
pub fn crate_doc(ir: &Crate) -> TokenStream {
    let text = [
        intro(ir),
        configuration(ir),
        ERRORS.to_string(),
        pagination(ir),
        mocks(ir),
    ]
    .join("\n");
    let lines = text.lines().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    });
    quote! { #( #![doc = #lines] )* }
}

/// An operation of the spec and where it is.
struct Chosen<'a> {
    version: &'a VersionIr,
    api: &'a ApiIr,
    op: &'a OperationIr,
}

impl Chosen<'_> {
    fn module(&self) -> String {
        format!("{CRATE}::{}::{}", self.version.module, self.api.module)
    }

    /// The call's arguments: none, or the default optional parameters.
    fn arguments(&self) -> String {
        if self.op.has_optional() {
            format!("{}::default()", self.op.optional_params_name)
        } else {
            String::new()
        }
    }

    fn imports(&self) -> String {
        if self.op.has_optional() {
            format!(
                "use {}::{{{}, {}}};",
                self.module(),
                self.api.struct_name,
                self.op.optional_params_name
            )
        } else {
            format!("use {}::{};", self.module(), self.api.struct_name)
        }
    }

    /// `#[cfg(...)]` text for the features the example needs.
    fn cfg(&self, extra: &[&str]) -> String {
        let mut features = vec![format!("feature = \"{}\"", self.api.feature)];
        features.extend(extra.iter().map(|f| format!("feature = \"{f}\"")));
        format!("all({})", features.join(", "))
    }
}

/// The first operation, in the crate's order, that `accept`s and needs no argument.
fn choose<'a>(
    ir: &'a Crate,
    accept: impl Fn(&VersionIr, &OperationIr) -> bool,
) -> Option<Chosen<'a>> {
    ir.versions.iter().find_map(|version| {
        version.apis.iter().find_map(|api| {
            api.operations
                .iter()
                .filter(|op| !op.unstable && !op.deprecated)
                .filter(|op| op.required_params().next().is_none())
                .filter(|op| op.body.as_ref().is_none_or(|b| !b.required))
                .find(|op| accept(version, op))
                .map(|op| Chosen { version, api, op })
        })
    })
}

fn intro(ir: &Crate) -> String {
    let apis: Vec<String> = ir
        .versions
        .iter()
        .flat_map(|v| v.apis.iter().map(move |api| (v, api)))
        .map(|(v, api)| {
            format!(
                "- `{}`: [`{}::{}::{}`]",
                api.feature, v.module, api.module, api.struct_name
            )
        })
        .collect();
    format!(
        "A client for the Datadog API ({count} operations), generated from an OpenAPI \
         description.\n\n\
         [`datadog`] holds the configuration and the runtime every API shares. Each version \
         module holds one `api_*` module per API (a struct with one async method per \
         operation) and the `model` module of its types.\n\n\
         # Features\n\n\
         Each API is a Cargo feature, all on by default: turn the default off and pick the \
         APIs you call, so that only they are compiled.\n\n{apis}\n\n\
         `mock` (off by default) adds typed mocks for your tests (see Mocks below); it \
         compiles `wiremock`, so enable it in `[dev-dependencies]` only.\n",
        count = ir.operation_count(),
        apis = apis.join("\n"),
    )
}

fn configuration(ir: &Crate) -> String {
    format!("{CONFIGURATION} {}\n", unstable(ir))
}

/// How to enable an unstable operation: one of the spec's, or a word that it has none.
fn unstable(ir: &Crate) -> String {
    let first = ir
        .versions
        .iter()
        .flat_map(|v| &v.apis)
        .flat_map(|api| &api.operations)
        .find(|op| op.unstable);
    match first {
        Some(op) => format!(
            "Unstable operations must be enabled\n\
             first: `configuration.set_unstable_operation_enabled(\"{}\", true)`.",
            op.id
        ),
        None => "No operation of this spec is unstable (one would have to be enabled\n\
                 first, with `configuration.set_unstable_operation_enabled`)."
            .to_string(),
    }
}

const CONFIGURATION: &str = "# Configuration

[`datadog::Configuration::new`] reads `DD_API_KEY`, `DD_APP_KEY` and `DD_SITE` (or `DD_HOST`, a
full base URL) from the environment; its setters change the rest. An API struct takes it with
`with_config` (or `new()` for the environment alone).

```
use datadog_api_client::datadog;
use std::time::Duration;

let mut configuration = datadog::Configuration::new();
configuration.set_site(\"datadoghq.eu\")?;
configuration.set_timeout(Some(Duration::from_secs(10))); // each attempt
configuration.set_total_timeout(Some(Duration::from_secs(60))); // the whole call
configuration.set_retry(true, 5);
assert_eq!(configuration.max_retries(), 5);
# Ok::<(), datadog::ConfigError>(())
```

Keys are sent only to the configured origin and never over plain `http` off loopback, and
they are redacted from every `Debug` output and error.";

const ERRORS: &str = "# Errors and retries

Each operation returns `Result<T, datadog::Error<XxxError>>`, where `XxxError` holds the
operation's documented error responses, decoded. [`datadog::Error::ResponseError`] carries the
status, the headers, the raw body and that typed `entity`; the other variants say why no
usable response came (timeouts, a configuration or parameter problem, a body too large, a
transport error).

```
use datadog_api_client::datadog;

fn describe<E: std::fmt::Debug>(error: &datadog::Error<E>) -> String {
    match error {
        datadog::Error::ResponseError(response) => {
            format!(\"{}: {:?}\", response.status, response.entity)
        }
        datadog::Error::AttemptTimeout { .. } | datadog::Error::CallTimeout { .. } => {
            \"timed out\".to_string()
        }
        other => other.to_string(),
    }
}
```

Calls that get a 429 or a 5xx are retried (3 times by default, with exponential backoff and
jitter, honouring `Retry-After` and `X-RateLimit-Reset`), within the total timeout:
[`datadog::Configuration::set_retry`] and [`datadog::Configuration::set_retry_backoff`].
";

fn pagination(ir: &Crate) -> String {
    let text = "# Pagination\n\n\
        An operation the spec marks as paginated has a `_with_pagination` form: a `Stream` of \
        the items of every page, each page fetched when the stream reaches it. It ends with \
        `datadog::Error::Pagination` when a server would make it loop.\n";
    let Some(chosen) = choose(ir, |_, op| op.with_pagination_name.is_some()) else {
        return format!("{text}\nThis spec has no paginated operation.\n");
    };
    let method = chosen
        .op
        .with_pagination_name
        .as_deref()
        .unwrap_or_default();
    format!(
        "{text}\n```no_run\n\
         # #[cfg({cfg})]\n\
         # async fn example() {{\n\
         {imports}\n\
         use futures_util::{{pin_mut, StreamExt}};\n\n\
         let api = {api}::new();\n\
         let items = api.{method}({arguments});\n\
         pin_mut!(items);\n\
         while let Some(item) = items.next().await {{\n    \
             println!(\"{{:?}}\", item);\n\
         }}\n\
         # }}\n\
         ```\n",
        cfg = chosen.cfg(&[]),
        imports = chosen.imports(),
        api = chosen.api.struct_name,
        arguments = chosen.arguments(),
    )
}

/// A struct whose `new()` takes no argument (no required field).
fn new_without_arguments<'a>(version: &'a VersionIr, ty: &TypeRef) -> Option<&'a TypeDef> {
    let TypeRef::Named(name) = ty else {
        return None;
    };
    version.types.iter().find(|def| {
        &def.name == name
            && matches!(&def.kind, TypeKind::Struct { fields }
                if fields.iter().all(|f| !f.presence.is_required()))
    })
}

fn mocks(ir: &Crate) -> String {
    let text = "# Mocks\n\n\
        With the `mock` feature, `datadog::MockServer` is a local HTTP server on which each \
        operation is stubbed with its own types (each version's `mock` module): a stub matches \
        the operation's method and path, and optionally its path parameters, query parameters \
        and body; it answers the typed success or one of the documented errors, and can expect \
        a number of calls. `server.configuration()` points a `Configuration` at it.\n";
    let chosen = choose(ir, |version, op| {
        op.success
            .as_ref()
            .is_some_and(|ty| new_without_arguments(version, ty).is_some())
    });
    let Some(chosen) = chosen else {
        return text.to_string();
    };
    let success = chosen
        .op
        .success
        .as_ref()
        .and_then(TypeRef::named)
        .unwrap_or_default();
    let accessor = &chosen.version.mock_accessor;
    let api_accessor = &chosen.api.mock_accessor;
    let cfg = chosen.cfg(&["mock"]);
    format!(
        "{text}\n```\n\
         # #[cfg({cfg})]\n\
         # #[tokio::main]\n\
         # async fn main() {{\n\
         use {CRATE}::datadog::MockServer;\n\
         use {CRATE}::{version}::model::{success};\n\
         {imports}\n\n\
         let server = MockServer::start().await;\n\
         server\n    \
             .{accessor}()\n    \
             .{api_accessor}()\n    \
             .{method}()\n    \
             .expect(1)\n    \
             .respond_ok({success}::new())\n    \
             .await;\n\n\
         let api = {api}::with_config(server.configuration());\n\
         let response = api.{method}({arguments}).await.unwrap();\n\
         assert_eq!(response, {success}::new());\n\
         # }}\n\
         # #[cfg(not({cfg}))]\n\
         # fn main() {{}}\n\
         ```\n",
        version = chosen.version.module,
        imports = chosen.imports(),
        method = chosen.op.method_name,
        api = chosen.api.struct_name,
        arguments = chosen.arguments(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ir(unstable: &str) -> Crate {
        let yaml = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /things:\n    get:\n      operationId: ListThings\n      tags: [Things]\n      responses:\n        '204':\n          description: OK\n    post:\n      operationId: CreateThing\n      tags: [Things]\n{unstable}      responses:\n        '204':\n          description: OK\n");
        crate::lower::lower_yaml(&yaml).unwrap()
    }

    /// The configuration section enables one of the spec's unstable operations, or says
    /// there is none.
    #[test]
    fn the_unstable_operation_shown_is_one_of_the_spec() {
        let text = configuration(&ir("      x-unstable: true\n"));
        assert!(
            text.contains("set_unstable_operation_enabled(\"v1.CreateThing\", true)"),
            "{text}"
        );
        let text = configuration(&ir(""));
        assert!(
            text.contains("No operation of this spec is unstable"),
            "{text}"
        );
        assert!(!text.contains("(\"v"), "{text}");
    }
}

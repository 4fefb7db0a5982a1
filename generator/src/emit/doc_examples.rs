//! The `# Example` of each operation's rustdoc: a `no_run` doctest that calls the method with
//! the spec's example of the request body, and placeholders for the other required
//! arguments. Written as doc lines directly (not through `docs::doc_lines`, which makes every
//! code block `text`).

use crate::ir::{ApiIr, OperationIr, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// The library name of the generated crate (`[lib] name` in generated-crate.toml).
pub const CRATE: &str = "datadog_api_client";

/// The `#[doc]` lines of an operation's example.
pub fn operation_example(op: &OperationIr, api: &ApiIr, version_module: &str) -> TokenStream {
    let lines = example_lines(op, api, version_module);
    quote! { #( #[doc = #lines] )* }
}

fn example_lines(op: &OperationIr, api: &ApiIr, version_module: &str) -> Vec<String> {
    let module = format!("{CRATE}::{version_module}::{}", api.module);
    let mut imports = vec![api.struct_name.clone()];
    let mut code = Vec::new();
    if op.unstable {
        code.push(format!(
            "let mut configuration = {CRATE}::datadog::Configuration::new();\n\
             configuration.set_unstable_operation_enabled(\"{}\", true);\n\
             let api = {}::with_config(configuration);",
            op.id, api.struct_name
        ));
    } else {
        code.push(format!("let api = {}::new();", api.struct_name));
    }
    let mut arguments: Vec<String> = op
        .required_params()
        .map(|param| placeholder(&param.ty, &param.wire))
        .collect();
    let body = op.body.as_ref().map(|body| match &body.example {
        Some(example) => {
            code.push(format!(
                "let body = serde_json::from_str({})?;",
                raw_string(&example.to_string())
            ));
            "body".to_string()
        }
        // An optional body without an example is left out.
        None if !body.required => String::new(),
        None => placeholder(&body.ty, "body"),
    });
    match (&op.body, body) {
        (Some(b), Some(body)) if b.required => arguments.push(body),
        (Some(_), Some(body)) if !body.is_empty() => {
            imports.push(op.optional_params_name.clone());
            arguments.push(format!(
                "{}::default().body({body})",
                op.optional_params_name
            ));
        }
        _ if op.has_optional() => {
            imports.push(op.optional_params_name.clone());
            arguments.push(format!("{}::default()", op.optional_params_name));
        }
        _ => {}
    }
    let call = format!("api.{}({}).await?", op.method_name, arguments.join(", "));
    code.push(if op.success.is_some() {
        format!("let response = {call};\nprintln!(\"{{response:?}}\");")
    } else {
        format!("{call};")
    });
    let imports = match imports.as_slice() {
        [one] => format!("use {module}::{one};"),
        many => format!("use {module}::{{{}}};", many.join(", ")),
    };
    let mut lines = vec![
        String::new(),
        " # Example".to_string(),
        String::new(),
        " ```no_run".to_string(),
        " # async fn example() -> Result<(), Box<dyn std::error::Error>> {".to_string(),
        format!(" {imports}"),
    ];
    lines.extend(code.join("\n").lines().map(|line| format!(" {line}")));
    lines.extend([
        " # Ok(())".to_string(),
        " # }".to_string(),
        " ```".to_string(),
    ]);
    lines
}

/// A value of a required argument the spec gives no example of: a string naming it,
/// the default of a type that has one, else `todo!()` naming the type.
fn placeholder(ty: &TypeRef, name: &str) -> String {
    match ty {
        TypeRef::String => format!("{:?}.to_string()", format!("<{name}>")),
        TypeRef::Named(type_name) => format!("todo!(\"{type_name}\")"),
        _ => "Default::default()".into(),
    }
}

/// `text` as a raw string literal, with enough `#` that no `"#...` inside ends it.
fn raw_string(text: &str) -> String {
    let mut hashes = "#".to_string();
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
}

#[cfg(test)]
mod tests {
    use super::raw_string;

    #[test]
    fn raw_strings_outlast_their_content() {
        assert_eq!(raw_string(r#"{"a":1}"#), r##"r#"{"a":1}"#"##);
        assert_eq!(raw_string(r##"{"a":"#"}"##), r###"r##"{"a":"#"}"##"###);
    }
}

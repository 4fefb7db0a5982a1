//! Embeds the runtime in the generator: every module that `runtime/src/lib.rs` declares (the
//! one list of the runtime's modules) becomes an entry of `$OUT_DIR/runtime_files.rs`, a
//! `&[(file name, contents)]` built with `include_str!`.

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let src = manifest.join("runtime/src");
    let lib = src.join("lib.rs");
    println!("cargo:rerun-if-changed={}", src.display());
    let text =
        std::fs::read_to_string(&lib).unwrap_or_else(|error| panic!("{}: {error}", lib.display()));
    let file = syn::parse_file(&text).unwrap_or_else(|error| panic!("{}: {error}", lib.display()));
    let mut names = vec!["lib.rs".to_string()];
    for item in &file.items {
        if let syn::Item::Mod(module) = item {
            if module.content.is_none() {
                names.push(format!("{}.rs", module.ident));
            }
        }
    }
    let paths = names
        .iter()
        .map(|name| src.join(name).display().to_string());
    let tokens = quote::quote! { &[ #( (#names, include_str!(#paths)) ),* ] };
    let out =
        PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo")).join("runtime_files.rs");
    std::fs::write(&out, tokens.to_string())
        .unwrap_or_else(|error| panic!("{}: {error}", out.display()));
}

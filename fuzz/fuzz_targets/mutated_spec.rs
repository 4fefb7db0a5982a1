//! The files of spec/, mutated node by node (see `generator_fuzz::mutated_spec`): generation
//! and `diff` against the original must give a result or an error, never panic or hang.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| generator_fuzz::mutated_spec(data));

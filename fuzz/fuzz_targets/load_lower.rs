//! Arbitrary bytes as a spec file: load, lower and emit must give files or an error, never
//! panic or hang.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| generator_fuzz::load_lower(data));

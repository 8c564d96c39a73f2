//! A Wyoming event as it arrives: a header line, then its data, read as the listener reads
//! them (refusals are fine; a panic is what the fuzzer looks for).
#![no_main]

use carevoice::server::wyoming::{merge_data, parse_header};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some(newline) = data.iter().position(|byte| *byte == b'\n') else { return };
    let Ok(header) = parse_header(&data[..newline]) else { return };
    let rest = &data[newline + 1..];
    let length = header.data_length().min(rest.len());
    let _ = merge_data(header, &rest[..length]);
});

//! Fuzzes the scenario loader and validator: bytes in, a compiled scenario or a located error
//! out, never a panic, a hang or an unbounded allocation.
fn main() {
    afl::fuzz!(|data: &[u8]| {
        let _ = casus::scenario::load_bytes(data, std::path::Path::new("fuzz.ron"));
    });
}

//! Fuzzes the sweep readers: sweep files, and the per-seed rows that `merge` reads back.
fn main() {
    afl::fuzz!(|data: &[u8]| {
        if let Ok(text) = std::str::from_utf8(data) {
            let _ = casus::sweep::grid::parse(text, std::path::Path::new("fuzz.ron"));
            for line in text.lines() {
                let cells: Vec<&str> = line.split(',').collect();
                for keys in [0usize, 1, 7, 28] {
                    let _ = casus::sweep::record::SeedRecord::parse(&cells, keys);
                }
            }
        }
    });
}

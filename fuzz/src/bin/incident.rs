//! Fuzzes the incident reader and the legal evaluator on whatever it accepts.
fn main() {
    let doctrines = casus::law::Doctrines::builtin();
    afl::fuzz!(|data: &[u8]| {
        if let Ok(text) = std::str::from_utf8(data)
            && let Ok(incident) =
                casus::law::incident::parse(text, std::path::Path::new("fuzz.ron"))
        {
            for d in &doctrines.0 {
                let _ = casus::law::assess(&incident.facts, d);
            }
        }
    });
}

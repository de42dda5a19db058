//! Fuzzes the doctrine-file reader (through `Doctrines::with_folder`, as `--doctrines` reads a
//! folder) and the legal evaluator under whatever doctrine it accepts.
fn main() {
    let dir = std::env::temp_dir().join(format!("casus-fuzz-doctrine-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let file = dir.join("fuzz.ron");
    let incident = casus::law::incident::parse(
        include_str!("../../../scenarios/incidents/estonia-2007.ron"),
        std::path::Path::new("estonia-2007.ron"),
    )
    .expect("a shipped incident");
    afl::fuzz!(|data: &[u8]| {
        if std::fs::write(&file, data).is_err() {
            return;
        }
        if let Ok(set) = casus::law::Doctrines::with_folder(&dir) {
            for d in &set.0 {
                let _ = casus::law::assess(&incident.facts, d);
            }
        }
    });
}

//! Fuzzes the parsers of command-line arguments: seed ranges (`--seeds`), shards (`--shard`,
//! with the scheduler's variables), and parameter paths (`--param`, a sweep file's `path`)
//! applied to a shipped scenario. The input is split at the first three newlines.
fn main() {
    let scenario = casus::scenario::load_str(
        include_str!("../../../scenarios/winter-grid.ron"),
        std::path::Path::new("winter-grid.ron"),
    )
    .expect("a shipped scenario");
    afl::fuzz!(|data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        let mut parts = text.splitn(4, '\n');
        let seeds = parts.next().unwrap_or("");
        let shard = parts.next().unwrap_or("");
        let env_value = parts.next().unwrap_or("");
        let path = parts.next().unwrap_or("");
        if let Ok(range) = seeds.parse::<casus::sweep::SeedRange>() {
            let _ = casus::sweep::chunks(range).take(3).count();
            let env = |k: &str| (k != "JOB_COMPLETION_INDEX").then(|| env_value.to_string());
            if let Ok(s) = casus::sweep::Shard::parse(shard, &env) {
                let block = s.block(range);
                assert!(block.start >= range.start && block.end <= range.end);
            }
        }
        let value = env_value.trim().parse::<f64>().unwrap_or(1.0);
        if let Ok(s) = casus::sweep::grid::set_parameter(
            &scenario,
            path,
            value,
            std::path::Path::new("fuzz.ron"),
        ) {
            let _ = casus::scenario::validate(&s, "", std::path::Path::new("fuzz.ron"));
        }
    });
}

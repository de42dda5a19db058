//! Charts and the report: content, not just existence.

use super::cli::casus;
use casus::report::charts;
use casus::report::run_data::RunData;
use std::path::{Path, PathBuf};

/// Runs a shipped scenario into a temporary folder.
fn run(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("run");
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(format!("{name}.ron"));
    let status = casus(&[
        "run",
        scenario.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
        "--quiet",
    ]);
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    (dir, out)
}

/// `(x, y, content)` of every `<text>` in an SVG.
fn svg_texts(svg: &str) -> Vec<(f64, f64, String)> {
    let mut out = Vec::new();
    for part in svg.split("<text ").skip(1) {
        let attr = |name: &str| {
            part.split_once(&format!(" {name}=\""))
                .or_else(|| part.strip_prefix(&format!("{name}=\"")).map(|r| ("", r)))
                .and_then(|(_, r)| r.split_once('"'))
                .and_then(|(v, _)| v.parse::<f64>().ok())
        };
        let content = part
            .split_once('>')
            .and_then(|(_, r)| r.split_once("</text>"))
            .map(|(c, _)| c.trim().to_string())
            .unwrap_or_default();
        if let (Some(x), Some(y)) = (attr("x"), attr("y")) {
            out.push((x, y, content));
        }
    }
    out
}

#[test]
fn the_escalation_chart_has_a_threshold_line_per_doctrine_and_markers_where_the_run_crossed() {
    let (_tmp, dir) = run("ally-energy");
    let svg = std::fs::read_to_string(dir.join("escalation.svg")).expect("svg");
    let data = RunData::load(&dir).expect("run data");
    let doctrines: Vec<String> = data.summary["doctrines"]
        .as_array()
        .expect("doctrines")
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(doctrines.len(), 7);
    let texts = svg_texts(&svg);
    for (i, id) in doctrines.iter().enumerate() {
        assert!(
            texts.iter().any(|t| t.2 == format!("armed attack — {id}")),
            "legend for {id}"
        );
        let color = charts::doctrine_color(i);
        let hex = format!("#{:02X}{:02X}{:02X}", color.0, color.1, color.2);
        assert!(
            svg.contains(&format!("stroke=\"{hex}\"")),
            "a line drawn in {id}'s colour {hex}"
        );
    }
    // The top chart's x axis: numeric labels on the first row of them.
    let mut numeric: Vec<(f64, f64, f64)> = texts
        .iter()
        .filter_map(|(x, y, c)| c.parse::<f64>().ok().map(|v| (*x, *y, v)))
        .collect();
    numeric.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.total_cmp(&b.0)));
    let axis_y = numeric
        .iter()
        .map(|n| n.1)
        .find(|y| numeric.iter().filter(|n| n.1 == *y).count() >= 4)
        .expect("an x axis");
    let axis: Vec<&(f64, f64, f64)> = numeric.iter().filter(|n| n.1 == axis_y).collect();
    let (a, b) = (axis[0], axis[axis.len() - 1]);
    let px = |hour: f64| a.0 + (hour - a.2) * (b.0 - a.0) / (b.2 - a.2);
    // The run's first armed-attack crossing for the ally, under the Tallinn doctrine.
    let crossing = data.summary["thresholds_crossed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            c["victim"] == "southland"
                && c["threshold"] == "armed_attack"
                && c["status"] == "met"
                && c["doctrine"] == "tallinn"
        })
        .expect("crossing");
    let expected = px(data.hour_of(crossing["tick"].as_u64().unwrap()));
    let circles: Vec<f64> = svg
        .split("<circle ")
        .skip(1)
        .filter(|c| c.contains("r=\"6\""))
        .filter_map(|c| {
            c.split_once("cx=\"")
                .and_then(|(_, r)| r.split_once('"'))
                .and_then(|(v, _)| v.parse().ok())
        })
        .collect();
    assert!(
        circles.iter().any(|&cx| (cx - expected).abs() <= 1.5),
        "a marker at x={expected:.1}: {circles:?}"
    );
    let (_, markers) = charts::draw_all(&data).expect("draws");
    assert!(
        markers
            .iter()
            .any(|m| m.threshold == "armed_attack" && m.doctrines.contains(&"tallinn".to_string()))
    );
}

/// (width, height, distinct colours, share of non-white pixels, dark pixels in the top band).
fn png_stats(path: &Path) -> (u32, u32, usize, f64, usize) {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(path).expect("png"),
    ));
    let mut reader = decoder.read_info().expect("png header");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("png frame");
    let (w, h) = (info.width, info.height);
    let px: Vec<&[u8]> = buf[..info.buffer_size()]
        .chunks(info.color_type.samples())
        .collect();
    let mut colours: Vec<[u8; 3]> = px.iter().map(|p| [p[0], p[1], p[2]]).collect();
    let non_white =
        colours.iter().filter(|c| **c != [255, 255, 255]).count() as f64 / colours.len() as f64;
    let dark_top = px[..(w as usize * 40)]
        .iter()
        .filter(|p| p[0] < 80 && p[1] < 80 && p[2] < 80)
        .count();
    colours.sort_unstable();
    colours.dedup();
    (w, h, colours.len(), non_white, dark_top)
}

#[test]
fn every_png_decodes_is_large_enough_and_shows_lines_and_text() {
    let (_tmp, dir) = run("winter-grid");
    for name in ["escalation", "service", "harm", "attribution", "doctrines"] {
        let (w, h, colours, non_white, dark_top) = png_stats(&dir.join(format!("{name}.png")));
        assert!(w >= 800 && h >= 500, "{name}: {w}x{h}");
        assert!(colours > 10, "{name}: {colours} colours");
        assert!(non_white > 0.01, "{name}: {non_white}");
        assert!(
            dark_top > 50,
            "{name}: the caption's text is drawn ({dark_top} dark pixels)"
        );
        assert!(dir.join(format!("{name}.svg")).is_file());
    }
}

#[test]
fn chart_rerenders_the_same_bytes_from_the_run_files() {
    let (_tmp, dir) = run("long-espionage");
    let before: Vec<Vec<u8>> = ["escalation.svg", "escalation.png", "report.html"]
        .iter()
        .map(|f| std::fs::read(dir.join(f)).expect("file"))
        .collect();
    for f in ["escalation.svg", "escalation.png", "report.html"] {
        std::fs::remove_file(dir.join(f)).expect("remove");
    }
    let out = casus(&["chart", dir.to_str().expect("utf-8")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after: Vec<Vec<u8>> = ["escalation.svg", "escalation.png", "report.html"]
        .iter()
        .map(|f| std::fs::read(dir.join(f)).expect("file"))
        .collect();
    assert_eq!(before, after);
    let missing = casus(&["chart", "/nonexistent/run"]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn the_report_is_one_self_contained_page_with_charts_timeline_and_trace() {
    let (_tmp, dir) = run("ally-energy");
    let html = std::fs::read_to_string(dir.join("report.html")).expect("report");
    for id in [
        "chart-escalation",
        "chart-service",
        "chart-harm",
        "chart-attribution",
        "chart-doctrines",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
    }
    assert!(html.contains("<h2>Timeline</h2>") && html.contains("<h2>Legal trace</h2>"));
    assert!(
        html.contains("UN Charter art. 51"),
        "citations in the trace"
    );
    assert!(html.contains("collective self defense"));
    assert!(!html.contains("<script"), "no scripts");
    assert!(
        !html.contains("<link") && !html.contains("src=\"http"),
        "no external assets"
    );
    let without_ns = html
        .replace("http://www.w3.org/2000/svg", "")
        .replace("http://www.w3.org/1999/xlink", "");
    assert!(
        !without_ns.contains("http://") && !without_ns.contains("https://"),
        "no network references"
    );
}

/// The browser's executable, if one is installed.
fn browser() -> Option<PathBuf> {
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

#[test]
#[ignore = "needs chromium (apt-get install chromium); .ci/run runs it"]
fn the_report_renders_in_headless_chromium() {
    let chromium = browser().expect("chromium is installed (apt-get install chromium)");
    let (tmp, dir) = run("winter-grid");
    let report = dir.join("report.html");
    let url = format!("file://{}", report.display());
    let profile = tmp.path().join("profile");
    let shot = tmp.path().join("shot.png");
    let base = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--enable-logging=stderr",
        "--v=0",
    ];
    let run_browser = |extra: &[String]| {
        std::process::Command::new(&chromium)
            .args(base)
            .arg(format!("--user-data-dir={}", profile.display()))
            .args(extra)
            .arg(&url)
            .output()
            .expect("chromium runs")
    };
    let shot_out = run_browser(&[
        format!("--screenshot={}", shot.display()),
        "--window-size=1280,2400".into(),
    ]);
    let (w, h, colours, non_white, _) = png_stats(&shot);
    assert!(w >= 1000 && h >= 1000, "{w}x{h}");
    assert!(
        colours > 20 && non_white > 0.02,
        "the screenshot is not blank: {colours} colours, {non_white}"
    );
    let dom = run_browser(&["--dump-dom".into()]);
    let dom_text = String::from_utf8_lossy(&dom.stdout);
    assert!(
        dom_text.contains("chart-escalation") && dom_text.contains("<svg"),
        "the chart is in the page"
    );
    assert!(
        dom_text.contains("Legal trace") && dom_text.contains("Source:"),
        "the trace is in the page"
    );
    for out in [&shot_out, &dom] {
        let log = String::from_utf8_lossy(&out.stderr);
        assert!(
            !log.contains("CONSOLE("),
            "no console messages from the page: {log}"
        );
    }
}

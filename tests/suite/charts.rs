//! Charts and the report: content, not just existence.

use super::cli::casus;
use super::support::browser;
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
    assert!(
        texts
            .iter()
            .any(|t| t.2.starts_with("armed attack threshold (") && t.2.contains("7 doctrines")),
        "a labelled armed-attack band"
    );
    assert!(
        texts.iter().any(|t| t.2 == "severity in southland"),
        "the severity line labelled at its end"
    );
    for (i, id) in doctrines.iter().enumerate() {
        assert!(
            texts.iter().any(|t| t.2 == *id),
            "{id} named on its own row of the status panel"
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

/// A `<text>` of an SVG as the box it covers: `(x0, y0, x1, y1, content, size_px)`. The width is
/// estimated from the number of characters (0.6 em each: DejaVu Sans averages less); the
/// anchor and baseline shift plotters writes place the box; rotated text (axis titles) turns
/// the box upright.
fn text_boxes(svg: &str) -> Vec<(f64, f64, f64, f64, String, f64)> {
    let mut out = Vec::new();
    for part in svg.split("<text ").skip(1) {
        let Some((attrs, rest)) = part.split_once('>') else {
            continue;
        };
        let attr = |name: &str| {
            attrs
                .split_once(&format!("{name}=\""))
                .and_then(|(before, r)| {
                    // A whole attribute name: preceded by a space or the start.
                    (before.is_empty() || before.ends_with(' ')).then_some(r)
                })
                .and_then(|r| r.split_once('"'))
                .map(|(v, _)| v.to_string())
        };
        let content = rest
            .split_once("</text>")
            .map(|(c, _)| c.trim().to_string())
            .unwrap_or_default();
        if content.is_empty() {
            continue;
        }
        let num = |n: &str| attr(n).and_then(|v| v.parse::<f64>().ok());
        let (Some(x), Some(y), Some(size)) = (num("x"), num("y"), num("font-size")) else {
            continue;
        };
        let chars = content
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .chars()
            .count() as f64;
        let (w, h) = (chars * 0.6 * size, size);
        let x0 = match attr("text-anchor").as_deref() {
            Some("middle") => x - w / 2.0,
            Some("end") => x - w,
            _ => x,
        };
        let y0 = match attr("dy").as_deref() {
            Some("0.76em") => y,
            Some("-0.5ex") => y - h,
            Some("0.5ex") => y - h / 2.0,
            _ => y - 0.8 * h,
        };
        if attr("transform").is_some_and(|t| t.contains("rotate")) {
            out.push((
                x - h / 2.0,
                y - w / 2.0,
                x + h / 2.0,
                y + w / 2.0,
                content,
                size,
            ));
        } else {
            out.push((x0, y0, x0 + w, y0 + h, content, size));
        }
    }
    out
}

/// Every text of `svg` is at least 14 px at a 1,400-px width, and no two text boxes overlap.
fn check_print_quality(name: &str, svg: &str) {
    let width: f64 = svg
        .split_once("width=\"")
        .and_then(|(_, r)| r.split_once('"'))
        .and_then(|(v, _)| v.parse().ok())
        .expect("the SVG's width");
    let boxes = text_boxes(svg);
    assert!(!boxes.is_empty(), "{name}: no text");
    for b in &boxes {
        let at_1400 = b.5 * 1400.0 / width;
        assert!(
            at_1400 >= 14.0 - 1e-9,
            "{name}: `{}` is {:.1} px at 1,400 px wide",
            b.4,
            at_1400
        );
    }
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            let overlap_x = a.0.max(b.0) < a.2.min(b.2) - 1.0;
            let overlap_y = a.1.max(b.1) < a.3.min(b.3) - 1.0;
            assert!(
                !(overlap_x && overlap_y),
                "{name}: `{}` at ({:.0}, {:.0}) overlaps `{}` at ({:.0}, {:.0})",
                a.4,
                a.0,
                a.1,
                b.4,
                b.0,
                b.1
            );
        }
    }
}

#[test]
fn every_chart_of_a_run_and_of_sweeps_has_print_sized_text_and_no_overlapping_labels() {
    let mut svgs: Vec<(String, String)> = Vec::new();
    let mut keep = Vec::new();
    for scenario in ["ally-energy", "winter-grid"] {
        let (tmp, dir) = run(scenario);
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "svg") {
                svgs.push((
                    format!("{scenario}/{}", p.file_name().unwrap().to_string_lossy()),
                    std::fs::read_to_string(&p).unwrap(),
                ));
            }
        }
        keep.push(tmp);
    }
    // A parameter sweep: its grid chart, and each point's sweep charts.
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("staff.ron");
    std::fs::write(
        &file,
        format!(
            "Sweep(name: \"staff\", description: \"t\", scenario: {:?}, seeds: (0, 6),\n parameters: [(path: \"actors[japan].defense.staff\", values: [220, 290])],\n state: \"japan\", threshold: \"self_defense\", ticks: Some(300))",
            concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/winter-grid.ron")
        ),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let r = casus(&[
        "sweep",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
        "--threads",
        "2",
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let mut dirs = vec![out.clone()];
    dirs.extend(
        std::fs::read_dir(out.join("points"))
            .unwrap()
            .flatten()
            .map(|e| e.path()),
    );
    for d in dirs {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "svg") {
                svgs.push((
                    p.display().to_string(),
                    std::fs::read_to_string(&p).unwrap(),
                ));
            }
        }
    }
    assert!(svgs.len() >= 2 * 5 + 1 + 2 * 2, "{}", svgs.len());
    for (name, svg) in &svgs {
        check_print_quality(name, svg);
    }
}

#[test]
fn the_overlap_check_sees_overlapping_and_small_text() {
    let svg = |a: &str, b: &str| {
        format!(
            "<svg width=\"1400\" height=\"100\"><text x=\"10\" y=\"10\" dy=\"0.76em\" font-size=\"14.5\">{a}</text><text x=\"{b}\" y=\"12\" dy=\"0.76em\" font-size=\"14.5\">second</text></svg>"
        )
    };
    check_print_quality("apart", &svg("first", "200"));
    let overlapping =
        std::panic::catch_unwind(|| check_print_quality("close", &svg("first", "40")));
    assert!(overlapping.is_err());
    let small = "<svg width=\"1400\" height=\"100\"><text x=\"10\" y=\"10\" font-size=\"10\">tiny</text></svg>";
    assert!(std::panic::catch_unwind(|| check_print_quality("small", small)).is_err());
}

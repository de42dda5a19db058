//! `casus play`: the game served in-process on a free port and driven over HTTP as a team's
//! script or the page would; the session's decision log replayed by `casus run --decisions`
//! gives the same files byte for byte; a fork continues into the same run; a side reads only
//! its own view; bad requests get a 4xx with a message. The headless-Chromium test opens the
//! page as one side, decides and advances through it, and checks that another side's page
//! shows nothing it has not detected.

use super::cli::casus;
use super::support::{browser, ok, same_files};
use casus::play::server::Server;
use casus::play::server_game::{Role, Setup};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};

const SCENARIO: &str = "scenarios/ally-energy.ron";

/// One HTTP request; the status and the JSON body (the raw text as a string when not JSON).
fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: &str,
) -> (u16, Value) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("write");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header");
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let rest = &raw[split + 4..];
    let status: u16 = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let body = if head.contains("transfer-encoding: chunked") {
        dechunk(rest)
    } else {
        rest.to_vec()
    };
    let body = String::from_utf8(body).expect("UTF-8");
    let value = serde_json::from_str(&body).unwrap_or(Value::String(body));
    (status, value)
}

/// The body of a chunked response.
fn dechunk(mut s: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = s.windows(2).position(|w| w == b"\r\n") {
        let size = String::from_utf8_lossy(&s[..eol]).trim().to_string();
        let n = usize::from_str_radix(&size, 16).expect("a chunk size");
        if n == 0 {
            break;
        }
        let data = &s[eol + 2..];
        out.extend_from_slice(&data[..n]);
        s = &data[n + 2..];
    }
    out
}

fn setup(sides: &[&str], out: &Path) -> Setup {
    Setup {
        scenario: PathBuf::from(SCENARIO),
        sides: sides.iter().map(|s| s.to_string()).collect(),
        seed: Some(11),
        ticks: None,
        out: Some(out.to_path_buf()),
        force: false,
        charts: false,
    }
}

fn tokens(server: &Server, sides: &[&str]) -> (String, Vec<String>) {
    let white = server.token(Role::White).expect("white token");
    let side_tokens = sides
        .iter()
        .map(|s| {
            let a = server.with_game(|g| g.plan().actor_index(s).expect("side"));
            server.token(Role::Side(a)).expect("side token")
        })
        .collect();
    (white, side_tokens)
}

/// Replays the session in `out` with the command it recorded, into `into`.
fn replay(out: &Path, into: &Path) {
    let summary: Value = serde_json::from_slice(
        &std::fs::read(out.join("run/summary.json")).expect("the game's summary"),
    )
    .expect("json");
    let command: Vec<String> = summary["command_line"]
        .as_array()
        .expect("command_line")
        .iter()
        .map(|v| v.as_str().expect("text").to_string())
        .collect();
    assert_eq!(command[..2], ["casus", "run"]);
    let mut args: Vec<&str> = command[1..].iter().map(String::as_str).collect();
    let into = into.to_str().expect("utf-8");
    args.extend(["--out", into, "--no-charts", "--quiet"]);
    ok(casus(&args));
}

#[test]
fn a_played_session_replays_byte_for_byte_and_a_fork_continues_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("game");
    // Southland decides; Japan is played but never decides (its policy stays off).
    let sides = ["southland", "japan"];
    let server = Server::start(&setup(&sides, &out), 0).expect("server");
    let addr = server.addr();
    let (white, t) = tokens(&server, &sides);
    let (south, japan) = (&t[0], &t[1]);
    let mut decided = 0;
    let mut forked: Option<(String, u32)> = None;
    for _ in 0..2000 {
        // The views are read at every stop, as the page does: reading changes nothing.
        let (st, v) = http(addr, "GET", "/api/view/southland", Some(south), "");
        assert_eq!(st, 200, "{v}");
        let (st, _) = http(addr, "GET", "/api/view/japan", Some(japan), "");
        assert_eq!(st, 200);
        let (st, w) = http(addr, "GET", "/api/white", Some(&white), "");
        assert_eq!(st, 200);
        if w["game"]["finished"] == json!(true) {
            break;
        }
        // Southland answers each situation it sees with retorsion, then countermeasures.
        let tick = v["tick"].as_u64().expect("tick");
        if let Some(s) = v["situations"].as_array().and_then(|s| s.first())
            && v["at_decision_point"] == json!(true)
            && decided < 2
        {
            let response = if decided == 0 {
                "retorsion"
            } else {
                "countermeasures"
            };
            let body = json!({"response": response, "against": s["against"],
                "rationale": format!("tick {tick}: answer the attack")})
            .to_string();
            let (st, r) = http(addr, "POST", "/api/decision", Some(south), &body);
            assert_eq!(st, 200, "{r}");
            decided += 1;
            if decided == 2 {
                // The white cell gives Southland an intelligence report: the replay gives it too.
                let body = json!({"inject": {"IntelligenceReport": {"state": "southland",
                    "campaign": "cold-harbour", "confidence": 0.9}}, "rationale": "allied report"})
                .to_string();
                let (st, r) = http(addr, "POST", "/api/inject", Some(&white), &body);
                assert_eq!(st, 200, "{r}");
                let bad = r#"{"inject": {"IntelligenceReport": {"state": "southlnd", "campaign": "cold-harbour", "confidence": 0.9}}}"#;
                let (st, r) = http(addr, "POST", "/api/inject", Some(&white), bad);
                assert_eq!(st, 400, "{r}");
                assert!(
                    r["error"]
                        .as_str()
                        .is_some_and(|e| e.contains("did you mean `southland`")),
                    "{r}"
                );
            }
            if decided == 1 {
                let (st, f) = http(
                    addr,
                    "POST",
                    "/api/fork",
                    Some(&white),
                    r#"{"rationale": "after the first decision"}"#,
                );
                assert_eq!(st, 200, "{f}");
                forked = Some((
                    f["checkpoint"].as_str().expect("path").to_string(),
                    tick as u32,
                ));
            }
        }
        let (st, r) = http(addr, "POST", "/api/advance", Some(south), "{}");
        assert_eq!(st, 200, "{r}");
        assert_eq!(r["advanced"], json!(false), "the game waits for Japan: {r}");
        assert_eq!(r["waiting_for"], json!(["japan"]));
        let (st, r) = http(addr, "POST", "/api/advance", Some(japan), "");
        assert_eq!(st, 200, "{r}");
        assert_eq!(r["advanced"], json!(true), "{r}");
    }
    assert!(
        server.with_game(|g| g.finished()),
        "the game reached its end"
    );
    assert_eq!(decided, 2, "Southland had decision points with a situation");
    // Once over, the game refuses to go on but still shows its views.
    let (st, r) = http(
        addr,
        "POST",
        "/api/advance",
        Some(&white),
        r#"{"rationale": "x"}"#,
    );
    assert_eq!(st, 409, "{r}");
    let (st, _) = http(addr, "GET", "/api/view/southland", Some(south), "");
    assert_eq!(st, 200);
    server.stop();

    let log = std::fs::read_to_string(out.join("decisions.ron")).expect("decisions.ron");
    assert!(log.contains("(actor: \"japan\", played: true)"), "{log}");
    assert!(log.contains("response: retorsion"), "{log}");
    assert!(log.contains("inject: IntelligenceReport("), "{log}");
    let events = std::fs::read_to_string(out.join("run/events.jsonl")).expect("events");
    assert!(events.contains("\"white_cell\""), "the inject was applied");
    let summary: Value =
        serde_json::from_slice(&std::fs::read(out.join("run/summary.json")).expect("summary"))
            .expect("json");
    let taken: Vec<&Value> = summary["responses"]
        .as_array()
        .expect("responses")
        .iter()
        .filter(|r| r["actor"] == "southland")
        .collect();
    assert_eq!(taken.len(), 2, "both decisions were taken: {taken:?}");
    assert!(taken.iter().all(|r| r["decided_by"] == "decisions_file"));
    // Japan, played without deciding, took nothing (its policy was off).
    assert!(
        summary["responses"]
            .as_array()
            .expect("responses")
            .iter()
            .all(|r| r["actor"] != "japan")
    );

    // The decision log replayed gives the game's files, byte for byte.
    let again = dir.path().join("replay");
    replay(&out, &again);
    same_files(&out.join("run"), &again);

    // The fork, continued with the session's decisions from its tick on, is the game again
    // (its summary names its own command).
    let (checkpoint, tick) = forked.expect("a fork was saved");
    let cont = dir.path().join("cont");
    let decisions = out.join("decisions.ron");
    ok(casus(&[
        "run",
        "--from",
        &checkpoint,
        "--decisions",
        decisions.to_str().expect("utf-8"),
        "--out",
        cont.to_str().expect("utf-8"),
        "-q",
        "--no-charts",
    ]));
    assert!(tick > 0);
    for f in casus::report::RUN_FILES {
        let x = std::fs::read(out.join("run").join(f)).expect("file a");
        let y = std::fs::read(cont.join(f)).expect("file b");
        if f == "summary.json" {
            let strip = |bytes: &[u8]| {
                let mut v: Value = serde_json::from_slice(bytes).expect("json");
                v.as_object_mut().expect("object").remove("command_line");
                v
            };
            assert_eq!(strip(&x), strip(&y), "{f} differs beyond the command");
        } else {
            assert!(
                x == y,
                "{f} differs between the game and its fork continued"
            );
        }
    }
}

#[test]
fn a_side_reads_only_its_own_view_and_bad_requests_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sides = ["southland", "japan"];
    let server = Server::start(&setup(&sides, &dir.path().join("g")), 0).expect("server");
    let addr = server.addr();
    let (white, t) = tokens(&server, &sides);
    let south = t[0].as_str();
    // (method, path, token, body, status, part of the message)
    type Case<'a> = (&'a str, &'a str, Option<&'a str>, &'a str, u16, &'a str);
    let cases: Vec<Case> = vec![
        ("GET", "/api/view/japan", Some(south), "", 403, "southland"),
        ("GET", "/api/white", Some(south), "", 403, "white cell"),
        ("GET", "/api/view/southland", None, "", 401, "no token"),
        (
            "GET",
            "/api/view/southland",
            Some("0123"),
            "",
            401,
            "unknown token",
        ),
        (
            "GET",
            "/api/view/atlantis",
            Some(&white),
            "",
            404,
            "no State `atlantis`",
        ),
        (
            "POST",
            "/api/decision",
            Some(south),
            "{not json",
            400,
            "not JSON",
        ),
        (
            "POST",
            "/api/decision",
            Some(south),
            "[1]",
            400,
            "JSON object",
        ),
        (
            "POST",
            "/api/decision",
            Some(south),
            r#"{"response": "nuke", "against": "redland"}"#,
            400,
            "unknown response `nuke`",
        ),
        (
            "POST",
            "/api/decision",
            Some(south),
            r#"{"response": "retorsion"}"#,
            400,
            "missing `against`",
        ),
        (
            "POST",
            "/api/decision",
            Some(south),
            r#"{"response": "retorsion", "against": "southland"}"#,
            400,
            "against itself",
        ),
        (
            "POST",
            "/api/decision",
            Some(south),
            r#"{"side": "japan", "response": "retorsion", "against": "redland"}"#,
            403,
            "cannot decide for japan",
        ),
        (
            "POST",
            "/api/decision",
            Some(south),
            r#"{"response": "intelligence_sharing", "against": "redland"}"#,
            400,
            "give `ally`",
        ),
        (
            "POST",
            "/api/decision",
            Some(south),
            r#"{"response": "retorsion", "against": "redland", "colour": 1}"#,
            400,
            "unknown field `colour`",
        ),
        (
            "POST",
            "/api/decision",
            Some(&white),
            r#"{"side": "southland", "response": "retorsion", "against": "redland"}"#,
            400,
            "needs a `rationale`",
        ),
        (
            "POST",
            "/api/decision",
            Some(&white),
            r#"{"side": "usa", "response": "retorsion", "against": "redland", "rationale": "r"}"#,
            400,
            "not played",
        ),
        (
            "POST",
            "/api/advance",
            Some(&white),
            "{}",
            400,
            "with a `rationale`",
        ),
        (
            "POST",
            "/api/advance",
            Some(south),
            r#"{"max_ticks": 0}"#,
            400,
            "max_ticks",
        ),
        (
            "GET",
            "/api/advance",
            Some(south),
            "",
            405,
            "does not take GET",
        ),
        (
            "GET",
            "/api/nothing",
            Some(south),
            "",
            404,
            "no API endpoint",
        ),
        (
            "POST",
            "/api/inject",
            Some(south),
            "{}",
            403,
            "only the white cell",
        ),
    ];
    for (method, path, token, body, status, message) in cases {
        let (st, v) = http(addr, method, path, token, body);
        assert_eq!(st, status, "{method} {path} {body}: {v}");
        let text = v["error"].as_str().unwrap_or_default();
        assert!(
            text.contains(message),
            "{method} {path} {body}: {text:?} lacks {message:?}"
        );
    }
    // The same decision twice at one tick is refused; the first stands.
    let d = r#"{"response": "retorsion", "against": "redland", "rationale": "r"}"#;
    assert_eq!(http(addr, "POST", "/api/decision", Some(south), d).0, 200);
    assert_eq!(http(addr, "POST", "/api/decision", Some(south), d).0, 409);
    // The white cell's session view sees all sides, a side's names its side.
    let (_, s) = http(addr, "GET", "/api/session", Some(south), "");
    assert_eq!(s["side"], "southland");
    let (_, w) = http(addr, "GET", "/api/white", Some(&white), "");
    assert!(w["sides"]["japan"].is_object() && w["sides"]["southland"].is_object());
    assert_eq!(w["decisions"][0]["rationale"], "r");
    // The page and its assets are served, the API documented in the 404.
    let (st, page) = http(addr, "GET", "/", None, "");
    assert_eq!(st, 200);
    assert!(page.as_str().is_some_and(|p| p.contains("/play.js")));
    server.stop();
}

#[test]
fn a_played_entry_in_a_decisions_file_is_checked() {
    let plan = casus::scenario::open(Path::new(SCENARIO)).expect("scenario");
    let path = Path::new("d.ron");
    let d =
        casus::scenario::decisions::parse(r#"[(actor: "japan", played: true)]"#, path, &plan, 10)
            .expect("valid");
    assert!(d.list.is_empty() && d.plays(plan.actor_index("japan").expect("japan")));
    for (text, message) in [
        (
            r#"[(actor: "japan", played: true, tick: 3)]"#,
            "a `played` entry has no `tick`",
        ),
        (
            r#"[(actor: "japan", played: false)]"#,
            "`played: false` says nothing",
        ),
        (
            r#"[(actor: "japan", response: retorsion, against: "redland")]"#,
            "missing field `tick`",
        ),
        (r#"[(actor: "japn", played: true)]"#, "unknown actor `japn`"),
    ] {
        let e = casus::scenario::decisions::parse(text, path, &plan, 10)
            .expect_err(text)
            .to_string();
        assert!(e.contains(message), "{text}: {e}");
    }
}

/// The page at `url` as headless Chromium leaves it once its scripts have run.
fn dom(chromium: &Path, profile: &Path, url: &str) -> String {
    let out = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=10000",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("chromium runs");
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(
        !log.contains("CONSOLE("),
        "no console messages from the page: {log}"
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
#[ignore = "needs chromium (apt-get install chromium); .ci/run runs it"]
fn a_side_plays_in_headless_chromium_and_the_other_sees_only_its_own_picture() {
    let chromium = browser().expect("chromium is installed (apt-get install chromium)");
    let dir = tempfile::tempdir().expect("tempdir");
    let profile = dir.path().join("profile");
    let sides = ["southland", "japan"];
    let server = Server::start(&setup(&sides, &dir.path().join("g")), 0).expect("server");
    let addr = server.addr();
    let (white, t) = tokens(&server, &sides);
    let (south, japan) = (&t[0], &t[1]);
    let page = |token: &str, extra: &str| format!("http://{addr}/?token={token}{extra}");
    // Southland opens its page: its view, no one else's.
    let d = dom(&chromium, &profile, &page(south, ""));
    assert!(
        d.contains("data-loaded=\"yes\"") && d.contains("Southland"),
        "{d}"
    );
    // Both sides press "Ready: advance" on their pages until Southland has detected the
    // campaign and names a suspect.
    let mut suspect = None;
    for _ in 0..200 {
        dom(&chromium, &profile, &page(south, "&act=advance"));
        let d = dom(&chromium, &profile, &page(japan, "&act=advance"));
        assert!(d.contains("Advanced from tick"), "{d}");
        let (_, v) = http(addr, "GET", "/api/view/southland", Some(south), "");
        if let Some(s) = v["situations"][0]["against"].as_str() {
            suspect = Some(s.to_string());
            break;
        }
    }
    let suspect = suspect.expect("Southland detected the campaign");
    // Southland decides through its page's form, with a rationale only it and the white cell
    // may read, and advances.
    let secret = "SECRETRATIONALE42";
    let d = dom(
        &chromium,
        &profile,
        &page(
            south,
            &format!(
                "&act=decide&side=southland&response=retorsion&against={suspect}&ally=&rationale={secret}"
            ),
        ),
    );
    assert!(d.contains("Decision entered"), "{d}");
    assert!(d.contains(secret), "Southland sees its own rationale");
    dom(&chromium, &profile, &page(south, "&act=advance"));
    let d = dom(&chromium, &profile, &page(japan, "&act=advance"));
    assert!(d.contains("Advanced from tick"), "{d}");
    // The decision was taken in the game.
    let (_, w) = http(addr, "GET", "/api/white", Some(&white), "");
    assert!(
        w["responses"]
            .as_array()
            .expect("responses")
            .iter()
            .any(|r| r["actor"] == "southland" && r["response"] == "retorsion"),
        "{}",
        w["responses"]
    );
    // Japan's page: its own view, and nothing it has not detected: not the campaign, not
    // Southland's rationale; while the white cell's page shows the campaign.
    let detected_by_japan: Vec<String> = w["sides"]["japan"]["picture"]["detections"]
        .as_array()
        .expect("detections")
        .iter()
        .map(|d| d["campaign"].as_str().unwrap_or_default().to_string())
        .collect();
    let d = dom(&chromium, &profile, &page(japan, ""));
    assert!(
        d.contains("data-loaded=\"yes\"") && d.contains("(japan)"),
        "{d}"
    );
    for c in w["campaigns"].as_array().expect("campaigns") {
        let id = c["id"].as_str().expect("id");
        if !detected_by_japan.iter().any(|x| x == id) {
            assert!(
                !d.contains(id),
                "Japan's page shows the undetected campaign {id}"
            );
        }
    }
    assert!(
        !d.contains(secret),
        "Japan's page shows Southland's rationale"
    );
    let dw = dom(&chromium, &profile, &page(&white, ""));
    assert!(
        dw.contains("cold-harbour") && dw.contains(secret),
        "the white cell sees all"
    );
    server.stop();
}

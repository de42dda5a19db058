//! `casus play`: a game served on 127.0.0.1 to a browser (the page is embedded in the binary)
//! and to scripts (the JSON API of `docs/play.md`), over `tiny_http`.
//!
//! Who is asking is told by a token: one per played side and one for the white cell, drawn
//! from the operating system's randomness when the game starts and printed then (the page's
//! address carries it: `/?token=...`). A request gives it as `Authorization: Bearer TOKEN` or
//! as the `token` query parameter. A side's token reads only its own view; the white cell's
//! reads everything.

use super::server_game::{Game, Refused, Role, Setup};
use crate::error::{Error, Result};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::hash::{BuildHasher, Hasher};
use std::io::Read;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

/// The page, its script and its style, embedded.
const INDEX_HTML: &str = include_str!("../../assets/play/index.html");
const PLAY_JS: &str = include_str!("../../assets/play/play.js");
const PLAY_CSS: &str = include_str!("../../assets/play/play.css");

/// Largest request body read, in bytes.
pub const MAX_BODY: u64 = 64 * 1024;

/// A running server: its address and the tokens of the game it serves.
pub struct Server {
    http: Arc<tiny_http::Server>,
    state: Arc<Shared>,
    thread: Option<std::thread::JoinHandle<()>>,
}

struct Shared {
    game: Mutex<Game>,
    tokens: BTreeMap<String, Role>,
}

/// A token of 128 bits from the operating system's randomness (`/dev/urandom`; where there is
/// none, the randomly keyed hasher of the standard library), as 32 hex digits. Tokens never
/// reach the simulation.
fn token() -> String {
    let mut bytes = [0u8; 16];
    let from_os = std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .is_ok();
    if !from_os {
        for (i, chunk) in bytes.chunks_mut(8).enumerate() {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_usize(i);
            chunk.copy_from_slice(&h.finish().to_le_bytes());
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Server {
    /// Starts the game of `setup` and serves it on 127.0.0.1:`port` (0: any free port) in a
    /// thread of its own.
    pub fn start(setup: &Setup, port: u16) -> Result<Server> {
        let game = Game::start(setup)?;
        Server::serve(game, port)
    }

    /// Serves `game` on 127.0.0.1:`port` in a thread of its own.
    pub fn serve(game: Game, port: u16) -> Result<Server> {
        let mut tokens = BTreeMap::new();
        tokens.insert(token(), Role::White);
        for &a in game.played() {
            tokens.insert(token(), Role::Side(a));
        }
        let http = tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| {
            Error::Usage(format!(
                "--port {port}: cannot listen on 127.0.0.1:{port}: {e}"
            ))
        })?;
        let http = Arc::new(http);
        let state = Arc::new(Shared {
            game: Mutex::new(game),
            tokens,
        });
        let (h, s) = (http.clone(), state.clone());
        let thread = std::thread::spawn(move || {
            for request in h.incoming_requests() {
                handle(&s, request);
            }
        });
        Ok(Server {
            http,
            state,
            thread: Some(thread),
        })
    }

    /// The address served.
    pub fn addr(&self) -> SocketAddr {
        self.http
            .server_addr()
            .to_ip()
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    /// The token of `role`.
    pub fn token(&self, role: Role) -> Option<String> {
        self.state
            .tokens
            .iter()
            .find(|(_, r)| **r == role)
            .map(|(t, _)| t.clone())
    }

    /// The page's address for each role, white cell first: (who, address).
    pub fn links(&self) -> Vec<(String, String)> {
        let game = self.state.game.lock().unwrap_or_else(|e| e.into_inner());
        let mut roles = vec![Role::White];
        roles.extend(game.played().iter().map(|&a| Role::Side(a)));
        roles
            .into_iter()
            .filter_map(|r| {
                self.token(r).map(|t| {
                    (
                        game.role_name(r),
                        format!("http://{}/?token={t}", self.addr()),
                    )
                })
            })
            .collect()
    }

    /// Runs `f` on the game (for tests and tools).
    pub fn with_game<T>(&self, f: impl FnOnce(&mut Game) -> T) -> T {
        let mut game = self.state.game.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut game)
    }

    /// Serves until the process ends.
    pub fn wait(mut self) {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }

    /// Stops serving.
    pub fn stop(mut self) {
        self.http.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A reply: status and JSON body, or an asset.
enum Reply {
    Json(u16, Value),
    Asset(&'static str, &'static str),
}

fn refused(r: Refused) -> Reply {
    Reply::Json(r.status, json!({"error": r.message}))
}

fn handle(state: &Shared, mut request: tiny_http::Request) {
    let reply = route(state, &mut request);
    let response = match reply {
        Reply::Json(status, body) => {
            let mut text = serde_json::to_string_pretty(&body).unwrap_or_default();
            text.push('\n');
            tiny_http::Response::from_string(text)
                .with_status_code(status)
                .with_header(header("Content-Type", "application/json; charset=utf-8"))
        }
        Reply::Asset(kind, body) => {
            tiny_http::Response::from_string(body).with_header(header("Content-Type", kind))
        }
    }
    .with_header(header("Cache-Control", "no-store"));
    // A client that went away is no concern of the game.
    let _ = request.respond(response);
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("a valid header is built from ASCII text")
}

/// The query parameters of `url`, percent-decoded.
fn query(url: &str) -> BTreeMap<String, String> {
    url.split_once('?')
        .map(|(_, q)| {
            q.split('&')
                .filter_map(|kv| kv.split_once('=').or(Some((kv, ""))))
                .map(|(k, v)| (decode(k), decode(v)))
                .collect()
        })
        .unwrap_or_default()
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let hex = |x: u8| (x as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            x => out.push(x),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn route(state: &Shared, request: &mut tiny_http::Request) -> Reply {
    let url = request.url().to_string();
    let path = url.split('?').next().unwrap_or("").to_string();
    let method = request.method().clone();
    use tiny_http::Method::{Get, Post};
    match (&method, path.as_str()) {
        (Get, "/") | (Get, "/index.html") => {
            return Reply::Asset("text/html; charset=utf-8", INDEX_HTML);
        }
        (Get, "/play.js") => return Reply::Asset("text/javascript; charset=utf-8", PLAY_JS),
        (Get, "/play.css") => return Reply::Asset("text/css; charset=utf-8", PLAY_CSS),
        _ => {}
    }
    if !path.starts_with("/api/") {
        return Reply::Json(404, json!({"error": format!("no page {path}")}));
    }
    let token = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Authorization"))
        .and_then(|h| {
            h.value
                .as_str()
                .strip_prefix("Bearer ")
                .map(|t| t.trim().to_string())
        })
        .or_else(|| query(&url).remove("token"));
    let Some(token) = token.filter(|t| !t.is_empty()) else {
        return Reply::Json(
            401,
            json!({"error": "no token: give the token printed when the game started, as `Authorization: Bearer TOKEN` or `?token=TOKEN`"}),
        );
    };
    let Some(&role) = state.tokens.get(&token) else {
        return Reply::Json(
            401,
            json!({"error": "unknown token: use one of the tokens printed when the game started"}),
        );
    };
    let body = if method == Post {
        let mut text = String::new();
        let read = request
            .as_reader()
            .take(MAX_BODY + 1)
            .read_to_string(&mut text);
        if read.is_err() {
            return Reply::Json(400, json!({"error": "the body is not UTF-8 text"}));
        }
        if text.len() as u64 > MAX_BODY {
            return Reply::Json(
                413,
                json!({"error": format!("the body is over {MAX_BODY} bytes")}),
            );
        }
        if text.trim().is_empty() {
            Value::Object(Default::default())
        } else {
            match serde_json::from_str::<Value>(&text) {
                Ok(v @ Value::Object(_)) => v,
                Ok(_) => {
                    return Reply::Json(400, json!({"error": "the body must be a JSON object"}));
                }
                Err(e) => {
                    return Reply::Json(
                        400,
                        json!({"error": format!("the body is not JSON: {e} (line {}, column {})", e.line(), e.column())}),
                    );
                }
            }
        }
    } else {
        Value::Null
    };
    let mut game = state.game.lock().unwrap_or_else(|e| e.into_inner());
    api(&mut game, role, &method, &path, &body)
}

/// A string field of the body: absent or null gives `None`; another type is refused.
fn field<'a>(body: &'a Value, name: &str) -> std::result::Result<Option<&'a str>, Refused> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(Refused::bad(format!(
            "`{name}` must be a string, not {other}"
        ))),
    }
}

fn required<'a>(body: &'a Value, name: &str, what: &str) -> std::result::Result<&'a str, Refused> {
    field(body, name)?.ok_or_else(|| Refused::bad(format!("missing `{name}`: {what}")))
}

fn known_fields(body: &Value, allowed: &[&str]) -> std::result::Result<(), Refused> {
    if let Value::Object(m) = body
        && let Some(k) = m.keys().find(|k| !allowed.contains(&k.as_str()))
    {
        return Err(Refused::bad(format!(
            "unknown field `{k}`; expected {}",
            allowed.join(", ")
        )));
    }
    Ok(())
}

fn api(game: &mut Game, role: Role, method: &tiny_http::Method, path: &str, body: &Value) -> Reply {
    use tiny_http::Method::{Get, Post};
    let result: std::result::Result<Value, Refused> = match (method, path) {
        (Get, "/api/session") => Ok(json!({
            "role": if role == Role::White { "white_cell" } else { "side" },
            "side": match role { Role::Side(a) => Some(game.plan().actors[a as usize].id.clone()), Role::White => None },
            "played": game.played().iter().map(|&a| game.plan().actors[a as usize].id.clone()).collect::<Vec<_>>(),
            "scenario": game.plan().name,
            "tick": game.tick(),
            "ticks": game.ticks(),
        })),
        (Get, p) if p.starts_with("/api/view/") => {
            let side = &p["/api/view/".len()..];
            match game.state(side) {
                Err(r) => Err(r),
                Ok(a) => match role {
                    Role::Side(me) if me != a => Err(Refused::forbidden(format!(
                        "this token is {}'s: it reads only /api/view/{}",
                        game.plan().actors[me as usize].id,
                        game.plan().actors[me as usize].id
                    ))),
                    _ => Ok(game.side_view(a)),
                },
            }
        }
        (Get, "/api/white") => match role {
            Role::White => Ok(game.white_view()),
            Role::Side(a) => Err(Refused::forbidden(format!(
                "the white cell's view needs the white cell's token; this token is {}'s",
                game.plan().actors[a as usize].id
            ))),
        },
        (Post, "/api/decision") => decision(game, role, body),
        (Post, "/api/advance") => advance(game, role, body),
        (Post, "/api/fork") => fork(game, role, body),
        (Post, "/api/inject") => match role {
            Role::White => game.inject(body),
            Role::Side(_) => Err(Refused::forbidden("only the white cell injects events")),
        },
        (
            _,
            "/api/session" | "/api/white" | "/api/decision" | "/api/advance" | "/api/fork"
            | "/api/inject",
        ) => Err(Refused {
            status: 405,
            message: format!("{path} does not take {method}"),
        }),
        (_, p) if p.starts_with("/api/view/") => Err(Refused {
            status: 405,
            message: format!("{path} takes GET"),
        }),
        _ => Err(Refused {
            status: 404,
            message: format!(
                "no API endpoint {path}; the endpoints are GET /api/session, GET /api/view/SIDE, GET /api/white, POST /api/decision, /api/advance, /api/inject, /api/fork"
            ),
        }),
    };
    match result {
        Ok(v) => Reply::Json(200, v),
        Err(r) => refused(r),
    }
}

/// `POST /api/decision`.
fn decision(game: &mut Game, role: Role, body: &Value) -> std::result::Result<Value, Refused> {
    known_fields(body, &["side", "response", "against", "ally", "rationale"])?;
    let side = match (field(body, "side")?, role) {
        (Some(s), _) => s.to_string(),
        (None, Role::Side(a)) => game.plan().actors[a as usize].id.clone(),
        (None, Role::White) => {
            return Err(Refused::bad(
                "missing `side`: the played side the white cell decides for",
            ));
        }
    };
    let response = required(body, "response", "e.g. \"retorsion\"")?;
    let against = required(body, "against", "the State the response is against")?;
    let ally = field(body, "ally")?;
    let rationale = field(body, "rationale")?.unwrap_or("");
    game.decide(role, &side, response, against, ally, rationale)
}

/// `POST /api/advance`.
fn advance(game: &mut Game, role: Role, body: &Value) -> std::result::Result<Value, Refused> {
    known_fields(body, &["max_ticks", "rationale"])?;
    let max = match body.get("max_ticks") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_u64()
                .filter(|n| (1..=u64::from(u32::MAX)).contains(n))
                .ok_or_else(|| {
                    Refused::bad(format!(
                        "`max_ticks` must be a whole number from 1, not {v}"
                    ))
                })? as u32,
        ),
    };
    let rationale = field(body, "rationale")?.unwrap_or("");
    game.advance(role, max, rationale)
}

/// `POST /api/fork`.
fn fork(game: &mut Game, role: Role, body: &Value) -> std::result::Result<Value, Refused> {
    known_fields(body, &["rationale"])?;
    let rationale = field(body, "rationale")?.unwrap_or("");
    game.fork(role, rationale)
}

/// `casus play`: starts the game, prints the page's address for each role, and serves until
/// the process ends.
pub fn play(setup: &Setup, port: u16) -> Result<()> {
    let server = Server::start(setup, port)?;
    let (out, replay) = server.with_game(|g| (g.out().to_path_buf(), g.replay_command()));
    println!("casus play: serving on http://{}", server.addr());
    for (who, link) in server.links() {
        println!("  {who:<12} {link}");
    }
    println!(
        "  the session is written to {} (decisions.ron, session.jsonl, run/ when the game ends)",
        out.display()
    );
    println!("  replay: {}", replay.join(" "));
    println!("  Ctrl-C ends the session");
    server.wait();
    Ok(())
}

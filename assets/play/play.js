// casus play: the page of one side or of the white cell. Everything it shows comes from the
// JSON API of the game (docs/play.md); its forms submit to the page itself (GET), which sends
// the action to the API once and then shows the view.
"use strict";

const params = new URLSearchParams(window.location.search);
const token = params.get("token") || "";

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") e.className = v; else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function status(s) {
  return el("span", { class: String(s) }, String(s).replace(/_/g, " "));
}

function fmt(x) {
  if (typeof x === "number") {
    if (Number.isInteger(x) || Math.abs(x) >= 1000) return x.toLocaleString("en", { maximumFractionDigits: 0 });
    return x.toFixed(3);
  }
  if (x === null || x === undefined) return "–";
  if (typeof x === "object") return JSON.stringify(x);
  return String(x);
}

function table(columns, rows) {
  if (!rows.length) return el("p", { class: "muted" }, "none");
  return el("table", {},
    el("thead", {}, el("tr", {}, columns.map(c => el("th", {}, c[0])))),
    el("tbody", {}, rows.map(r => el("tr", {}, columns.map(c => {
      const v = c[1](r);
      return el("td", {}, v instanceof Node ? v : fmt(v));
    })))));
}

function section(id, title, ...body) {
  return el("section", { id }, el("h2", {}, title), body);
}

async function api(method, path, body) {
  const r = await fetch(path, {
    method,
    headers: { "Authorization": "Bearer " + token, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const j = await r.json();
  if (!r.ok) throw new Error(j.error || ("HTTP " + r.status));
  return j;
}

function show(id, text) {
  const box = document.getElementById(id);
  box.textContent = text;
  box.hidden = !text;
}

function hidden(name, value) {
  return el("input", { type: "hidden", name, value });
}

function actionForm(act, label, extra) {
  return el("form", { method: "get", action: "/", class: "action-" + act },
    hidden("token", token), hidden("act", act), extra || [], el("button", { type: "submit" }, label));
}

// The action a submitted form carries, sent once; the address is then cleaned so that a
// reload does not repeat it.
async function perform() {
  const act = params.get("act");
  if (!act) return;
  window.history.replaceState(null, "", "/?token=" + encodeURIComponent(token));
  const text = k => { const v = params.get(k); return v === null || v === "" ? undefined : v; };
  try {
    let r;
    if (act === "decide") {
      r = await api("POST", "/api/decision", {
        side: text("side"), response: text("response"), against: text("against"),
        ally: text("ally"), rationale: text("rationale") || "",
      });
      show("notice", `Decision entered: ${r.side} ${r.response} against ${r.against} at tick ${r.tick}; it is taken when the game advances.`);
    } else if (act === "advance") {
      r = await api("POST", "/api/advance", { rationale: text("rationale") });
      show("notice", r.advanced
        ? `Advanced from tick ${r.from} to tick ${r.tick}` + (r.stopped_for.length ? `; decision point for ${r.stopped_for.join(", ")}` : "") + (r.finished ? "; the game is over" : "")
        : `Ready; waiting for ${r.waiting_for.join(", ")}`);
    } else if (act === "fork") {
      r = await api("POST", "/api/fork", { rationale: text("rationale") || "" });
      show("notice", `Checkpoint saved: ${r.checkpoint}`);
    } else if (act === "inject") {
      let inject;
      try { inject = JSON.parse(text("inject") || "null"); } catch (e) { throw new Error("the inject is not JSON: " + e.message); }
      r = await api("POST", "/api/inject", { inject, rationale: text("rationale") || "" });
      show("notice", "Inject entered: " + JSON.stringify(r.inject || r));
    }
  } catch (e) {
    show("error", e.message);
  }
}

function clock(g) {
  const c = document.getElementById("clock");
  c.replaceChildren(
    el("span", { id: "tick" }, `tick ${g.tick} of ${g.ticks}`),
    ` (hour ${fmt(g.tick * g.tick_hours)}) · seed ${g.seed} · played: ${g.played.join(", ")}`,
    g.finished ? el("strong", {}, " · the game is over") : "",
    g.waiting_for.length && !g.finished ? ` · waiting for ${g.waiting_for.join(", ")}` : "");
}

function controls(isWhite) {
  const c = document.getElementById("controls");
  const why = isWhite ? el("input", { name: "rationale", placeholder: "rationale (needed to advance for others)", size: 28 }) : null;
  c.replaceChildren(
    actionForm("advance", isWhite ? "Advance" : "Ready: advance", why),
    actionForm("fork", "Fork here (checkpoint)"));
}

function harmTable(h) {
  if (!h) return el("p", { class: "muted" }, "not assessed");
  const rows = Object.entries(h).filter(([, v]) => v !== null && !(typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0));
  return table([["measure", r => r[0].replace(/_/g, " ")], ["as assessed", r => r[1]]], rows);
}

function situationBlock(s) {
  const a = s.assessment;
  const thresholds = Object.entries(a.thresholds || {});
  return el("div", { class: "situation" },
    el("h3", {}, s.ally ? `As ally of ${s.ally}, against ${s.against}` : `Attack attributed to ${s.against}`),
    a.situation ? el("p", {}, "Situation: ", el("strong", {}, a.situation.replace(/_/g, " "))) : null,
    table([["threshold", r => r[0].replace(/_/g, " ")], ["status", r => status(r[1])]], thresholds),
    el("details", {}, el("summary", {}, `Reasoning tree (${a.findings.length} findings, doctrine ${a.doctrine})`),
      el("pre", { class: "tree" }, s.tree)));
}

function decideForm(v) {
  const against = v.states.filter(x => x !== v.side);
  const suspects = v.situations.map(s => s.against);
  const first = suspects.length ? suspects[0] : against[0];
  return el("form", { method: "get", action: "/", class: "decide", id: "decide" },
    hidden("token", token), hidden("act", "decide"), hidden("side", v.side),
    el("label", { for: "response" }, "Response"),
    el("select", { name: "response", id: "response" }, v.responses_known.map(r => el("option", { value: r }, r.replace(/_/g, " ")))),
    el("label", { for: "against" }, "Against"),
    el("select", { name: "against", id: "against" }, against.map(x => el("option", { value: x, selected: x === first }, x))),
    el("label", { for: "ally" }, "For ally"),
    el("select", { name: "ally", id: "ally" }, el("option", { value: "" }, "—"), against.map(x => el("option", { value: x }, x))),
    el("label", { for: "rationale" }, "Rationale"),
    el("textarea", { name: "rationale", id: "rationale" }),
    el("span"), el("button", { type: "submit" }, "Decide"));
}

function sideView(v) {
  const p = v.picture;
  const main = document.getElementById("main");
  document.getElementById("who").textContent = `— ${v.name} (${v.side}), doctrine ${v.doctrine}`;
  const options = v.situations.map(s => el("div", {},
    el("h3", {}, s.ally ? `As ally of ${s.ally}, against ${s.against}` : `Against ${s.against}`),
    table([["response", o => o.response.replace(/_/g, " ")], ["lawfulness", o => status(o.lawful ? "lawful" : o.status === "contested" ? "contested" : "unlawful")], ["status", o => o.status]], s.options)));
  main.replaceChildren(
    section("status", "This turn",
      v.at_decision_point ? el("p", {}, el("span", { class: "decision-point" }, "Decision point"), " your picture changed in the last tick run.") : el("p", { class: "muted" }, "No change in your picture in the last tick run."),
      v.played ? el("p", {}, v.ready ? "You are ready; the game advances when every played side is." : "Decide (or not), then press “Ready: advance”.") : el("p", { class: "muted" }, "This side follows its policy.")),
    section("picture", "Picture: what you have detected",
      table([["campaign", d => d.campaign], ["suspect", d => d.suspect], ["confidence", d => d.confidence], ["worst effect", d => d.worst_effect], ["targets hit", d => d.targets_hit], ["operations", d => d.operations], ["active", d => d.active ? "yes" : "no"]], p.detections),
      el("h3", {}, "Observed effects and harm"),
      el("p", {}, "Worst effect seen: ", fmt(p.worst_effect_seen), p.government_hit ? " · government systems hit" : "", p.harm_assessed !== null ? ` · harm assessed at tick ${p.harm_assessed}` : ""),
      harmTable(p.harm),
      el("h3", {}, "Your infrastructure"),
      table([["sector", s => s.sector], ["service", s => el("span", {}, el("span", { class: "bar", style: `width:${Math.round(s.service * 120)}px` }), " " + (s.service * 100).toFixed(0) + "%")]], p.own_service),
      el("h3", {}, "Allies' reports and requests"),
      table([["from", r => r.ally || r.from], ["about", r => r.suspect || r.against], ["tick", r => r.tick], ["asks", r => (r.scope || []).join(", ")]], p.ally_reports.concat(p.requests_received))),
    section("law", `The law under ${v.doctrine}`, v.situations.length ? v.situations.map(situationBlock) : el("p", { class: "muted" }, "Nothing detected that you attribute to anyone: no situation to assess.")),
    section("responses", "Responses open", options, v.played ? decideForm(v) : null),
    section("steps", "Domestic steps and decisions under way",
      table([["step", s => s.step.replace(/_/g, " ")], ["against", s => s.against], ["from", s => s.from], ["until", s => s.until], ["state", s => s.state_of_step.replace(/_/g, " ")]], v.domestic_steps),
      el("h3", {}, "Deliberations"),
      table([["against", d => d.against], ["ally", d => d.ally], ["stage", d => d.stage], ["until", d => d.until]], v.deliberations),
      el("h3", {}, "Responses decided, not yet in effect"),
      table([["response", d => d.response], ["against", d => d.against], ["takes effect", d => d.takes_effect]], v.acts_pending)),
    section("taken", "Your decisions and responses",
      table([["tick", d => d.tick], ["response", d => d.response], ["against", d => d.against], ["by", d => d.by], ["rationale", d => d.rationale], ["pending", d => d.pending ? "yes" : "no"]], v.decisions),
      el("h3", {}, "Responses taken, as judged"),
      table([["tick", r => r.tick], ["response", r => r.response], ["against", r => r.against], ["lawful", r => status(r.lawful)], ["takes effect", r => r.takes_effect]], v.responses_taken)));
}

function whiteView(w) {
  const main = document.getElementById("main");
  document.getElementById("who").textContent = "— white cell";
  const sides = Object.entries(w.sides);
  const played = w.game.played;
  main.replaceChildren(
    section("truth", "Ground truth: campaigns",
      table([["campaign", c => c.id], ["true author", c => c.true_author], ["false flag", c => c.false_flag], ["targets", c => c.targets], ["in effect phase", c => c.reached.effect], ["effects", c => c.effects], ["detected", c => c.detected], ["evicted", c => c.evicted]], w.campaigns),
      el("h3", {}, "Attribution: what each victim believes"),
      table([["campaign", a => a.campaign], ["victim", a => a.victim], ["suspect", a => a.suspect], ["true author", a => a.true_author], ["confidence", a => a.confidence]], w.attribution)),
    section("sides", "All sides",
      table([["side", s => s[0]], ["played", s => played.includes(s[0]) ? "yes" : "policy"], ["detections", s => s[1].picture.detections.length], ["situations", s => s[1].situations.map(x => x.against + ": " + Object.entries(x.assessment.thresholds).filter(t => t[1] === "met").map(t => t[0]).join(", ")).join("; ")], ["responses", s => s[1].responses_taken.map(r => r.response).join(", ")]], sides)),
    section("figures", "Figures at this tick",
      table([["measure", r => r[0]], ["value", r => r[1]]], Object.entries(w.timeseries).filter(r => !/service_/.test(r[0])).slice(0, 24))),
    section("decisions", "Decisions and overrides",
      table([["tick", d => d.tick], ["side", d => d.side], ["response", d => d.response], ["against", d => d.against], ["by", d => d.by], ["rationale", d => d.rationale]], w.decisions),
      played.length ? el("form", { method: "get", action: "/", class: "decide", id: "override" },
        hidden("token", token), hidden("act", "decide"),
        el("label", {}, "Side"), el("select", { name: "side" }, played.map(x => el("option", { value: x }, x))),
        el("label", {}, "Response"), el("select", { name: "response" }, (sides[0] ? sides[0][1].responses_known : []).map(r => el("option", { value: r }, r))),
        el("label", {}, "Against"), el("select", { name: "against" }, sides.map(s => el("option", { value: s[0] }, s[0]))),
        el("label", {}, "For ally"), el("select", { name: "ally" }, el("option", { value: "" }, "—"), sides.map(s => el("option", { value: s[0] }, s[0]))),
        el("label", {}, "Rationale"), el("textarea", { name: "rationale", required: true }),
        el("span"), el("button", { type: "submit" }, "Override: decide for this side")) : null),
    section("injects", "Injects",
      el("form", { method: "get", action: "/", class: "decide", id: "inject" },
        hidden("token", token), hidden("act", "inject"),
        el("label", {}, "Inject (JSON)"), el("textarea", { name: "inject", placeholder: "see docs/play.md" }),
        el("label", {}, "Rationale"), el("textarea", { name: "rationale" }),
        el("span"), el("button", { type: "submit" }, "Inject"))),
    section("log", "Session log",
      table([["tick", e => e.tick], ["by", e => e.by], ["action", e => e.action], ["rationale", e => e.rationale], ["details", e => JSON.stringify(Object.fromEntries(Object.entries(e).filter(([k]) => !["tick", "by", "action", "rationale"].includes(k))))]], w.log.slice().reverse())),
    section("events", "Latest events",
      table([["tick", e => e.tick], ["type", e => e.type], ["details", e => JSON.stringify(Object.fromEntries(Object.entries(e).filter(([k]) => k !== "tick" && k !== "type")))]], w.events.slice(-40).reverse())));
}

async function main() {
  if (!token) {
    document.getElementById("main").replaceChildren(el("section", {}, el("h2", {}, "No token"),
      el("p", {}, "Open the address casus play printed for your side: it ends in ?token=…")));
    return;
  }
  await perform();
  try {
    const s = await api("GET", "/api/session");
    if (s.role === "white_cell") {
      const w = await api("GET", "/api/white");
      clock(w.game); controls(true); whiteView(w);
    } else {
      const v = await api("GET", "/api/view/" + encodeURIComponent(s.side));
      clock(v.game); controls(false); sideView(v);
    }
    document.body.setAttribute("data-loaded", "yes");
  } catch (e) {
    show("error", e.message);
    document.getElementById("main").replaceChildren();
  }
}

main();

// fakebank page: plain JS, no dependencies. Every value from the server is written with textContent, never as HTML.
"use strict";

const $ = (sel) => document.querySelector(sel);
const state = { file: null, map: null, query: null, thumbUrls: [] };

const COLORS = { real: "#1f7a4d", fake: "#c0392b" };
const SHAPES = { gan: "square", diffusion: "triangle", autoregressive: "diamond", "face-swap": "cross", other: "ring", unknown: "circle" };

function apiKey() {
  return $("#api-key").value.trim();
}

/** fetch with the API key when one is typed in (servers may require keys for reads too). */
async function api(path, options = {}) {
  const headers = new Headers(options.headers || {});
  const key = apiKey();
  if (key) headers.set("Authorization", "Bearer " + key);
  const res = await fetch(path, { ...options, headers });
  if (!res.ok) {
    let detail = res.status + " " + res.statusText;
    try {
      const problem = await res.json();
      detail = problem.detail || problem.title || detail;
    } catch (e) { /* not a problem document */ }
    const err = new Error(detail);
    err.status = res.status;
    throw err;
  }
  return res;
}

const VIDEO_NAME = /\.(mp4|m4v|mov|webm|mkv)$/i;

function isVideo(file) {
  return (file.type || "").startsWith("video/") || VIDEO_NAME.test(file.name || "");
}

function imageForm(extra = {}) {
  const form = new FormData();
  form.append(isVideo(state.file) ? "video" : "image", state.file, state.file.name || "upload");
  for (const [k, v] of Object.entries(extra)) if (v) form.append(k, v);
  return form;
}

function showError(message) {
  const el = $("#error");
  el.textContent = message || "";
  el.hidden = !message;
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

const pct = (p) => (100 * Math.max(0, Math.min(1, p))).toFixed(1) + "%";

// ---- classify

async function check(file) {
  if (!file) return;
  state.file = file;
  showError("");
  const video = isVideo(file);
  const preview = $("#preview");
  const previewVideo = $("#preview-video");
  for (const p of [preview, previewVideo]) {
    if (p.src) URL.revokeObjectURL(p.src);
    p.removeAttribute("src");
    p.hidden = true;
  }
  const shown = video ? previewVideo : preview;
  shown.src = URL.createObjectURL(file);
  shown.hidden = false;
  $("#video-result").hidden = true;
  $("#add").hidden = video; // the bank takes images; `fakebank add clip.mp4` adds a video's frames
  $("#result").hidden = true;
  $("#verdict").textContent = "";
  $("#matches").replaceChildren();
  $("#add-result").textContent = "";
  try {
    const res = await api(video ? "/v1/classify?thumbnails=true" : "/v1/classify", { method: "POST", body: imageForm() });
    const r = await res.json();
    renderVerdict(r);
    if (r.media === "video") {
      renderFrames(r);
      return; // the map places images only
    }
  } catch (e) {
    showError("Could not check this " + (video ? "video" : "image") + ": " + e.message);
    return;
  }
  try {
    const res = await api("/v1/map/project", { method: "POST", body: imageForm() });
    state.query = await res.json();
    drawMap();
  } catch (e) { /* the map is a bonus */ }
}

function renderVerdict(r) {
  $("#result").hidden = false;
  const badge = $("#verdict");
  badge.textContent = r.verdict;
  badge.className = "badge " + r.verdict;
  $("#pfake").textContent = "p(fake) = " + r.p_fake.toFixed(3);
  const [lo, hi] = r.unsure_band;
  const band = $("#pbar-band");
  band.style.left = pct(lo);
  band.style.width = pct(hi - lo);
  $("#pbar-fill").style.width = pct(r.p_fake);
  $("#pbar-marker").style.left = pct(r.p_fake);
  $("#pbar-threshold").style.left = pct(r.threshold);
  $("#pbar").title = "threshold " + r.threshold.toFixed(3) + ", unsure between " + lo.toFixed(3) + " and " + hi.toFixed(3);

  let attribution = "";
  if (r.verdict !== "real" && (r.family || r.generator)) {
    attribution = "Looks like " + [r.generator, r.family ? "(" + r.family + ")" : ""].filter(Boolean).join(" ")
      + " · confidence " + (100 * r.attribution_confidence).toFixed(0) + "%";
  }
  if (r.known_match) {
    // The image is a known bank entry or a copy of one: that entry's label decided the verdict.
    attribution = "Known image: " + (MATCH_TEXT[r.match_type] || "a copy of") + " bank entry " + r.known_match + ". "
      + attribution;
  }
  $("#attribution").textContent = attribution;
  renderReasons(r.reasons || []);
  renderKnown(r.known);
  const probe = r.scores.probe === null || r.scores.probe === undefined ? "n/a" : r.scores.probe.toFixed(3);
  const knn = r.scores.knn === null || r.scores.knn === undefined ? "n/a" : r.scores.knn.toFixed(3);
  $("#scores").textContent = "neighbour vote " + knn + " · linear probe " + probe + " · " + r.model.name + " "
    + r.model.version + " · " + r.timing_ms.total.toFixed(0) + " ms";
  renderMatches(r.matches);
}

/** The frame strip: one card per sampled frame with its time, verdict and (for copies) the known entry. */
function renderFrames(r) {
  $("#video-result").hidden = false;
  $("#reasons").replaceChildren(...r.reasons.map((t) => el("li", null, t)));
  const strip = $("#frames");
  strip.replaceChildren();
  for (const f of r.frames) {
    const card = el("div", "frame " + f.verdict);
    card.dataset.t = String(f.t);
    const img = el("img");
    img.alt = "frame at " + f.t + " s";
    if (f.thumbnail) img.src = f.thumbnail;
    card.append(img);
    const head = el("div");
    head.append(el("span", "time", f.t.toFixed(1) + " s"), el("span", "label " + f.verdict, f.verdict));
    card.append(head);
    card.append(el("div", "meta", "p(fake) " + f.p_fake.toFixed(3)));
    if (f.known_match && f.nearest) {
      card.append(el("div", "meta known", "copy of " + f.nearest.label + " " + f.known_match
        + (f.nearest.generator ? " (" + f.nearest.generator + ")" : "")));
    }
    card.addEventListener("click", () => {
      const v = $("#preview-video");
      if (!v.hidden) v.currentTime = f.t;
    });
    strip.append(card);
  }
}

const MATCH_TEXT = {
  exact: "the same file as",
  near: "a near-identical copy of",
  copy: "a re-shared copy (crop, caption, screenshot, mirror, rotation…) of",
  pdq: "a PDQ hash match for",
};

/** Places an outline over a picture at a region given as [x0, y0, x1, y1] fractions of it. */
function outline(box, region) {
  if (!region || region.length !== 4) {
    box.hidden = true;
    return;
  }
  const [x0, y0, x1, y1] = region;
  box.style.left = pct(x0);
  box.style.top = pct(y0);
  box.style.width = pct(x1 - x0);
  box.style.height = pct(y1 - y0);
  box.hidden = false;
}

/** The known image beside the query, each with the part the other one shows outlined. */
function renderKnown(k) {
  const box = $("#known");
  box.hidden = !k;
  if (!k) return;
  const parts = [k.label.toUpperCase() + " · " + (MATCH_TEXT[k.match_type] || k.match_type) + " entry " + k.id];
  if (k.generator) parts.push("generator " + k.generator);
  if (k.source) parts.push("source " + k.source);
  if (k.similarity !== null && k.similarity !== undefined) parts.push("cosine " + k.similarity.toFixed(3));
  if (k.pdq_distance !== null && k.pdq_distance !== undefined) parts.push("PDQ distance " + k.pdq_distance + "/256");
  if (k.copy) {
    const t = k.copy.transform;
    parts.push(k.copy.inliers + " matching keypoints (confidence " + (100 * k.copy.confidence).toFixed(0) + "%)");
    parts.push((t.mirrored ? "mirrored, " : "") + "rotated " + t.rotation.toFixed(1) + "°, scale " + t.scale.toFixed(2));
  }
  $("#known-text").textContent = parts.join(" · ");
  const query = $("#known-query");
  query.src = $("#preview").src;
  outline($("#known-query-box"), k.copy ? k.copy.query_region : null);
  $("#known-query-note").textContent = k.copy ? " · outline: where the known image is" : "";
  const bank = $("#known-bank");
  const caption = $("#known-bank-caption");
  if (k.hash_only) {
    bank.hidden = true;
    caption.textContent = "hash-only entry (a shared PDQ hash, no picture)";
  } else {
    bank.hidden = false;
    caption.textContent = "bank entry " + k.id + (k.copy ? " · outline: the part your image shows" : "");
    loadThumbnail(bank, k.thumbnail_url);
  }
  outline($("#known-bank-box"), k.copy ? k.copy.region : null);
}

/** Why: one line per reason, the deciding one first (known_match, score, novel, no_separation, metadata, ...). */
function renderReasons(reasons) {
  const list = $("#reasons");
  list.replaceChildren();
  for (const reason of reasons) {
    const item = el("li", "reason " + reason.code);
    item.append(el("code", null, reason.code), document.createTextNode(": " + reason.detail));
    list.append(item);
  }
}

function renderMatches(matches) {
  state.thumbUrls.forEach((u) => URL.revokeObjectURL(u));
  state.thumbUrls = [];
  const box = $("#matches");
  box.replaceChildren();
  if (!matches.length) {
    box.append(el("p", "muted", "The bank has no images to compare with yet."));
    return;
  }
  for (const m of matches) {
    const card = el("div", "match");
    card.dataset.id = m.id;
    const img = el("img");
    img.alt = m.label + " image " + m.id;
    card.append(img);
    const head = el("div");
    head.append(el("span", "label " + m.label, m.label), el("span", "sim", m.similarity.toFixed(3)));
    card.append(head);
    card.append(el("div", "meta generator", m.generator || (m.label === "real" ? "camera" : "unknown generator")));
    if (m.source) card.append(el("div", "meta source", m.source));
    box.append(card);
    loadThumbnail(img, m.thumbnail_url);
  }
}

/** Thumbnails go through fetch so a key (when reads need one) is sent. */
async function loadThumbnail(img, url) {
  try {
    const res = await api(url);
    const objectUrl = URL.createObjectURL(await res.blob());
    state.thumbUrls.push(objectUrl);
    img.src = objectUrl;
  } catch (e) {
    img.alt = "no thumbnail";
  }
}

// ---- add to bank

async function addToBank(event) {
  event.preventDefault();
  const out = $("#add-result");
  out.className = "";
  if (!state.file) {
    out.textContent = "Pick an image first.";
    return;
  }
  out.textContent = "Adding…";
  try {
    const res = await api("/v1/images", {
      method: "POST",
      body: imageForm({
        label: $("#add-label").value,
        generator: $("#add-generator").value.trim(),
        family: $("#add-family").value,
        source: $("#add-source").value.trim(),
        note: $("#add-note").value.trim(),
      }),
    });
    const r = await res.json();
    out.textContent = r.duplicate ? "Already in the bank as " + r.id + "."
      : "Added as " + r.id + (r.near_duplicate_of ? " (near-duplicate of " + r.near_duplicate_of + ")" : "") + ".";
    loadStats();
    loadMap();
  } catch (e) {
    out.className = "error";
    out.textContent = (e.status === 401 || e.status === 403 ? "Key refused: " : "Not added: ") + e.message;
  }
}

// ---- stats

function table(title, counts) {
  const t = el("table");
  const head = el("tr");
  head.append(el("th", null, title), el("th", null, ""));
  t.append(head);
  const entries = Object.entries(counts || {}).sort((a, b) => b[1] - a[1]).slice(0, 8);
  for (const [k, v] of entries) {
    const row = el("tr");
    row.append(el("td", null, k), el("td", "n", String(v)));
    t.append(row);
  }
  return t;
}

async function loadStats() {
  const box = $("#stats");
  try {
    const s = await (await api("/v1/stats")).json();
    const hashes = s.hash_only && s.hash_only.live ? " · " + s.hash_only.live + " hash-only entries (shared PDQ hashes)" : "";
    const summary = el("p", null, s.live + " images in the bank (" + s.deleted + " removed)" + hashes + " · encoder "
      + s.encoder + " · " + s.dim + " dimensions");
    summary.id = "stats-summary";
    // What the detector can decide at all, said plainly (e.g. that its scores cannot separate at the targets).
    const capability = el("p", s.detector && !(s.detector.decides_real && s.detector.decides_fake) ? "warning" : null,
      s.detector ? s.detector.capability : "");
    capability.id = "detector-capability";
    box.replaceChildren(summary, capability, table("label", s.by_label), table("family", s.by_family),
      table("generator", s.by_generator));
    $("#model").textContent = "Model: " + s.model.name + " " + s.model.version;
  } catch (e) {
    box.textContent = "Statistics unavailable: " + e.message;
  }
}

// ---- embedding map

async function loadMap() {
  try {
    state.map = await (await api("/v1/map")).json();
    drawMap();
  } catch (e) {
    $("#map-tip").textContent = "Map unavailable: " + e.message;
  }
}

function mapTransform(canvas) {
  const pts = state.map.points.map((p) => [p.x, p.y]);
  if (state.query) pts.push([state.query.x, state.query.y]);
  let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const [x, y] of pts) {
    minX = Math.min(minX, x); maxX = Math.max(maxX, x);
    minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  }
  if (!isFinite(minX)) { minX = -1; maxX = 1; minY = -1; maxY = 1; }
  const pad = 24;
  const w = canvas.width - 2 * pad;
  const h = canvas.height - 2 * pad;
  const sx = w / Math.max(maxX - minX, 1e-9);
  const sy = h / Math.max(maxY - minY, 1e-9);
  return (x, y) => [pad + (x - minX) * sx, canvas.height - pad - (y - minY) * sy];
}

function shape(ctx, kind, x, y, r) {
  ctx.beginPath();
  switch (kind) {
    case "square": ctx.rect(x - r, y - r, 2 * r, 2 * r); break;
    case "triangle": ctx.moveTo(x, y - r * 1.2); ctx.lineTo(x + r * 1.1, y + r); ctx.lineTo(x - r * 1.1, y + r); ctx.closePath(); break;
    case "diamond": ctx.moveTo(x, y - r * 1.3); ctx.lineTo(x + r * 1.3, y); ctx.lineTo(x, y + r * 1.3); ctx.lineTo(x - r * 1.3, y); ctx.closePath(); break;
    case "cross": ctx.rect(x - r, y - r / 3, 2 * r, 2 * r / 3); ctx.rect(x - r / 3, y - r, 2 * r / 3, 2 * r); break;
    default: ctx.arc(x, y, r, 0, 2 * Math.PI);
  }
}

function star(ctx, x, y, r) {
  ctx.beginPath();
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 === 0 ? r : r * 0.45;
    ctx.lineTo(x + rr * Math.cos(a), y + rr * Math.sin(a));
  }
  ctx.closePath();
}

function drawMap() {
  const canvas = $("#map");
  const ctx = canvas.getContext("2d");
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  if (!state.map) return;
  const at = mapTransform(canvas);
  ctx.globalAlpha = 0.75;
  for (const p of state.map.points) {
    const [x, y] = at(p.x, p.y);
    ctx.fillStyle = COLORS[p.label] || "#667085";
    const kind = SHAPES[p.family] || "circle";
    shape(ctx, kind, x, y, 4);
    if (kind === "ring") { ctx.strokeStyle = ctx.fillStyle; ctx.lineWidth = 1.5; ctx.stroke(); } else ctx.fill();
  }
  ctx.globalAlpha = 1;
  if (state.query) {
    const [x, y] = at(state.query.x, state.query.y);
    star(ctx, x, y, 11);
    ctx.fillStyle = "#facc15";
    ctx.fill();
    ctx.strokeStyle = "#1d2330";
    ctx.lineWidth = 2;
    ctx.stroke();
  }
  const legend = $("#map-legend");
  legend.replaceChildren(
    el("span", "lg-real", "● real"), el("span", "lg-fake", "● fake"),
    el("span", null, "■ gan · ▲ diffusion · ◆ autoregressive · ✚ face-swap · ○ other · ● unknown"),
    el("span", "lg-query", "★ your image"),
    el("span", null, state.map.count + " points, " + (100 * (state.map.explained[0] + state.map.explained[1])).toFixed(0)
      + "% of variance shown"));
}

function nearestPoint(event) {
  if (!state.map || !state.map.points.length) return null;
  const canvas = $("#map");
  const rect = canvas.getBoundingClientRect();
  const mx = ((event.clientX - rect.left) * canvas.width) / rect.width;
  const my = ((event.clientY - rect.top) * canvas.height) / rect.height;
  const at = mapTransform(canvas);
  let best = null;
  let bestD = 12 * 12;
  for (const p of state.map.points) {
    const [x, y] = at(p.x, p.y);
    const d = (x - mx) ** 2 + (y - my) ** 2;
    if (d < bestD) { bestD = d; best = p; }
  }
  return best;
}

// ---- wiring

function init() {
  const input = $("#file");
  input.addEventListener("change", () => check(input.files[0]));
  const drop = $("#drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    if (e.dataTransfer.files.length) check(e.dataTransfer.files[0]);
  });
  $("#add-form").addEventListener("submit", addToBank);
  $("#map").addEventListener("mousemove", (e) => {
    const p = nearestPoint(e);
    $("#map-tip").textContent = p ? p.label + " · " + (p.generator || "no generator") + " · " + p.family + " · " + p.id : "";
  });
  loadStats();
  loadMap();
}

document.addEventListener("DOMContentLoaded", init);

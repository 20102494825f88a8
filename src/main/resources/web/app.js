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

const VERDICT_WORDS = { fake: "Fake", real: "Real", unsure: "Not decided" };

/** What p(fake) and the shaded band mean on this bank: where the score alone decides, if anywhere. */
function scale(lo, hi) {
  const base = "p(fake) is the probability, calibrated on this bank's own known images, that the image is AI-generated.";
  const real = lo > 0;
  const fake = hi < 1;
  if (!real && !fake) {
    return base + " On this bank the score alone never decides: no cut kept its errors under 5% on generators and"
      + " photos it had not seen, so the whole bar is shaded as unsure.";
  }
  return base + " The score alone says " + [fake ? "fake at or above " + hi.toFixed(2) : "",
    real ? "real below " + lo.toFixed(2) : ""].filter(Boolean).join(" and ")
    + ", where checks on generators and photos it had not seen kept its errors under 5%; in the shaded band it is unsure.";
}

/**
 * The verdict in words a reader can check against the bar: what decided it (the first reason), and what the
 * p(fake) shown means in that case, so a badge never seems to contradict its number.
 */
function meaning(r, lo, hi) {
  const first = (r.reasons || [])[0];
  const code = first ? first.code : "score";
  const p = r.p_fake.toFixed(3);
  let why;
  if (code === "known_match" && r.verdict !== "unsure") {
    why = "A known image decided this, not the detector's score: p(fake) is set to " + p + " because the image is "
      + (r.verdict === "fake" ? "a copy of a known AI-generated image" : "the same photo as a known real one")
      + ". The score line under Why is what the detector alone made of the picture.";
  } else if (code === "known_match") {
    why = "The closest known image does not decide it, and neither does the score: p(fake) " + p
      + " is the detector's own score. " + scale(lo, hi);
  } else if (code === "metadata") {
    why = "The file's own metadata decided this, not the score: p(fake) is set to " + p
      + ". The score line under Why is what the detector alone made of the picture.";
  } else if (code === "novel") {
    why = "The image is unlike anything in the bank, so its score (p(fake) " + p + ") is not trusted either way.";
  } else if (code === "untrained") {
    why = "The detector is not trained on this bank yet, so p(fake) " + p + " does not decide.";
  } else if (code === "frames") {
    why = "A video is decided by its sampled frames (below); p(fake) " + p + " sums them up.";
  } else {
    // the score decided: said in words here, the reason line under Why keeps the exact cuts
    const where = r.verdict === "fake" ? "at or above " + hi.toFixed(2)
      : r.verdict === "real" ? "below " + lo.toFixed(2) : "in the shaded band where the score alone does not decide";
    return VERDICT_WORDS[r.verdict] + ": p(fake) " + p + " is " + where + ". " + scale(lo, hi);
  }
  return VERDICT_WORDS[r.verdict] + (first ? ": " + first.detail + ". " : ". ") + why;
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
  // the single reporting cut decides nothing (the band edges do): drawn, it reads as a verdict line
  $("#pbar-threshold").hidden = true;
  $("#pbar").title = "threshold " + r.threshold.toFixed(3) + ", unsure between " + lo.toFixed(3) + " and " + hi.toFixed(3);
  $("#meaning").textContent = meaning(r, lo, hi);

  let attribution = "";
  if (r.verdict !== "real" && (r.family || r.generator)) {
    const generator = [r.generator, r.family ? "(" + r.family + ")" : ""].filter(Boolean).join(" ");
    // for an undecided image this is a guess among the bank's fakes, not a finding that it is one; when the
    // metadata decided, it names the generator itself and the bank's nearest fakes must not seem to contradict it
    const decidedBy = ((r.reasons || [])[0] || {}).code;
    const lead = r.verdict !== "fake" ? "If it is AI-generated, it is most like "
      : decidedBy === "metadata" ? "The metadata says how it was made (above); among the bank's fakes it is closest to "
      : "Looks like ";
    attribution = lead + generator + " · confidence " + (100 * r.attribution_confidence).toFixed(0) + "%";
  }
  if (r.known_match) {
    // The image is a known bank entry or a copy of one: that entry's label decided the verdict.
    attribution = "Known image: " + (MATCH_TEXT[r.match_type] || "a copy of") + " bank entry " + r.known_match + ". "
      + attribution;
  }
  $("#attribution").textContent = attribution;
  renderReasons(r.reasons || [], r.verdict);
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
  if (k.source && !k.source_url) parts.push("source " + k.source);
  if (k.similarity !== null && k.similarity !== undefined) parts.push("cosine " + k.similarity.toFixed(3));
  if (k.pdq_distance !== null && k.pdq_distance !== undefined) parts.push("PDQ distance " + k.pdq_distance + "/256");
  if (k.copy) {
    const t = k.copy.transform;
    parts.push(k.copy.inliers + " matching keypoints (confidence " + (100 * k.copy.confidence).toFixed(0) + "%)");
    parts.push((t.mirrored ? "mirrored, " : "") + "rotated " + t.rotation.toFixed(1) + "°, scale " + t.scale.toFixed(2));
  }
  const text = $("#known-text");
  text.textContent = parts.join(" · ");
  if (k.source_url) {
    text.append(document.createTextNode(" · source "));
    text.append(...sourceLine(k).childNodes);
  }
  const query = $("#known-query");
  const preview = $("#preview");
  query.hidden = preview.hidden || !preview.src; // a video has no still preview to show here
  if (!query.hidden) query.src = preview.src;
  outline($("#known-query-box"), k.copy ? k.copy.query_region : null);
  $("#known-query-note").textContent = k.copy ? " · outline: where the known image is" : "";
  const bank = $("#known-bank");
  const caption = $("#known-bank-caption");
  document.querySelectorAll('[data-for="known-bank"]').forEach((n) => n.remove());
  bank.removeAttribute("src");
  if (k.hash_only) {
    bank.hidden = true;
    caption.textContent = "hash-only entry (a shared PDQ hash, no picture)";
  } else {
    bank.hidden = false;
    const shown = Boolean(k.thumbnail_url);
    caption.textContent = "bank entry " + k.id + (k.copy && shown ? " · outline: the part your image shows" : "");
    loadThumbnail(bank, k.thumbnail_url, k);
  }
  // an outline needs the picture it is drawn on
  outline($("#known-bank-box"), k.copy && k.thumbnail_url ? k.copy.region : null);
}

/**
 * Why: one line per reason, the deciding one first (known_match, score, novel, no_separation, metadata, ...). When
 * a known image or the metadata decided, the score line says it is the detector's own view, so its number is not
 * read as the p(fake) shown above.
 */
function renderReasons(reasons, verdict) {
  const list = $("#reasons");
  list.replaceChildren();
  const first = reasons.length ? reasons[0].code : null;
  const overruled = (first === "known_match" && verdict !== "unsure") || first === "metadata";
  reasons.forEach((reason, i) => {
    const item = el("li", "reason " + reason.code + (i === 0 ? " deciding" : ""));
    item.append(el("code", null, reason.code), document.createTextNode(": " + reason.detail));
    if (overruled && reason.code === "score") {
      item.append(el("span", "muted", " (the detector's own score; "
        + (first === "metadata" ? "the metadata" : "the known image") + " decided)"));
    }
    list.append(item);
  });
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
    if (m.source) card.append(sourceLine(m));
    box.append(card);
    loadThumbnail(img, m.thumbnail_url, m);
  }
}

/**
 * Thumbnails go through fetch so a key (when reads need one) is sent. An entry without one (no thumbnail_url: its
 * licence allows none) gets its placeholder at once: a request would only fail and log an error in the console.
 */
async function loadThumbnail(img, url, match) {
  try {
    if (!url) throw new Error("no thumbnail kept");
    const res = await api(url);
    const objectUrl = URL.createObjectURL(await res.blob());
    state.thumbUrls.push(objectUrl);
    img.src = objectUrl;
  } catch (e) {
    if (img.id) {
      // a fixed element the page reuses: hide it and put the stand-in beside it
      img.hidden = true;
      const stand = placeholder(match);
      stand.dataset.for = img.id;
      img.after(stand);
    } else {
      img.replaceWith(placeholder(match));
    }
  }
}

/** A deliberate stand-in where the bank keeps no picture, never a broken image. */
function placeholder(match) {
  const box = el("div", "placeholder");
  box.append(el("span", null, "No picture kept for this entry"));
  box.append(el("small", null, match && match.source_url
    ? "its licence does not allow sharing it here; the source link shows the original"
    : "only its fingerprint (embedding) is in the bank"));
  return box;
}

/** The source as a link when one can be derived (GitHub, Debian, web), with its crop or tile note as text. */
function sourceLine(m) {
  const line = el("div", "meta source");
  if (m.source_url) {
    const a = el("a", null, m.source_url.replace(/^https?:\/\//, "").replace(/\/blob\/[0-9a-f]{6,40}\//, "/…/"));
    a.href = m.source_url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    line.append(a);
    if (m.source_note) line.append(document.createTextNode(" [" + m.source_note + "]"));
  } else {
    line.textContent = m.source;
  }
  return line;
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
    state.query ? el("span", "lg-query", "★ your image") : "",
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

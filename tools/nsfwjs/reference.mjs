// Usage: node reference.mjs <mobilenet_v2_mid|inception_v3> <out.json> [images...]
//
// Runs the ORIGINAL nsfwjs TFJS model (pure-JS CPU backend, weights dequantized by
// tfjs exactly as nsfwjs does) and records the pooled feature vector for a few
// deterministic synthetic inputs (plus optional JPEG/PNG images, preprocessed like
// nsfwjs: /255 then tf.image.resizeBilinear(alignCorners=true) to size x size).
// Input values are rounded to 6 decimals BEFORE inference, so consumers that feed
// the stored "nhwc" values get exactly the tensor TFJS saw.
//
// Output: {"model", "feature_node", "tfjs_version", "nsfwjs_version", "size", "dim",
//          "inputs": [{"name", "shape": [1,S,S,3], "nhwc": [...]}], "features": [[...dim floats]]}
import fs from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { loadBundledModel, modelInfo } from "./lib.mjs";

const [name, outPath, ...images] = process.argv.slice(2);
if (!name || !outPath) {
  console.error("usage: node reference.mjs <mobilenet_v2_mid|inception_v3> <out.json> [images...]");
  process.exit(2);
}
const info = modelInfo(name);
const S = info.size;

const round6 = (v) => Math.round(v * 1e6) / 1e6;

// mulberry32: tiny deterministic PRNG
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function synth(kind) {
  const out = new Array(S * S * 3);
  const rnd = mulberry32(20240531);
  const blobs = [
    [0.3, 0.35, 0.12, [0.9, 0.2, 0.1]],
    [0.7, 0.6, 0.18, [0.1, 0.7, 0.3]],
    [0.45, 0.8, 0.1, [0.2, 0.3, 0.95]],
  ];
  for (let y = 0; y < S; y++) {
    for (let x = 0; x < S; x++) {
      const u = x / (S - 1), v = y / (S - 1);
      let rgb;
      if (kind === "gradient") {
        rgb = [u, v, 0.5 * (1 - u) + 0.5 * v];
      } else if (kind === "checkerboard") {
        const on = ((Math.floor(x / 16) + Math.floor(y / 16)) & 1) === 1;
        rgb = on ? [0.9, 0.1, 0.5] : [0.1, 0.8, 0.3];
      } else if (kind === "noise") {
        rgb = [rnd(), rnd(), rnd()];
      } else if (kind === "blobs") {
        rgb = [0.15, 0.15, 0.2];
        for (const [cx, cy, s, c] of blobs) {
          const w = Math.exp(-((u - cx) ** 2 + (v - cy) ** 2) / (2 * s * s));
          for (let k = 0; k < 3; k++) rgb[k] += w * c[k];
        }
        rgb = rgb.map((t) => Math.min(1, t + 0.05 * Math.sin(20 * u) * Math.cos(13 * v) + 0.05));
        rgb = rgb.map((t) => Math.max(0, t));
      } else {
        throw new Error(kind);
      }
      const o = (y * S + x) * 3;
      for (let k = 0; k < 3; k++) out[o + k] = round6(rgb[k]);
    }
  }
  return out;
}

function decodeImage(file) {
  const buf = fs.readFileSync(file);
  let w, h, rgba;
  if (buf[0] === 0x89 && buf[1] === 0x50) {
    const png = PNG.sync.read(buf);
    w = png.width; h = png.height; rgba = png.data;
  } else if (buf[0] === 0xff && buf[1] === 0xd8) {
    const img = jpeg.decode(buf, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
    w = img.width; h = img.height; rgba = img.data;
  } else {
    throw new Error(`${file}: only PNG and JPEG are supported`);
  }
  const rgb = new Float32Array(w * h * 3);
  for (let i = 0; i < w * h; i++) for (let k = 0; k < 3; k++) rgb[i * 3 + k] = rgba[i * 4 + k];
  // nsfwjs preprocessing: x/255, resizeBilinear(alignCorners=true) if not already SxS
  return tf.tidy(() => {
    let t = tf.tensor3d(rgb, [h, w, 3]).div(tf.scalar(255));
    if (h !== S || w !== S) t = tf.image.resizeBilinear(t, [S, S], true);
    return Array.from(t.dataSync(), round6);
  });
}

await tf.setBackend("cpu");
await tf.ready();

const { modelJson, weightData, nsfwjsVersion } = loadBundledModel(name);
const weightSpecs = modelJson.weightsManifest.flatMap((g) => g.weights);
const artifacts = {
  modelTopology: modelJson.modelTopology,
  weightSpecs,
  weightData: weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength),
  format: modelJson.format,
};
const handler = tf.io.fromMemory(artifacts);

let run;
if (info.format === "graph-model") {
  const model = await tf.loadGraphModel(handler);
  run = (x) => model.execute(x, info.featureNode);
} else {
  const model = await tf.loadLayersModel(handler);
  const sub = tf.model({ inputs: model.inputs, outputs: model.getLayer(info.featureNode).output });
  run = (x) => sub.predict(x);
}

const inputs = ["gradient", "checkerboard", "noise", "blobs"].map((n) => ({ name: `synthetic:${n}`, nhwc: synth(n) }));
for (const f of images) inputs.push({ name: `image:${path.basename(f)}`, nhwc: decodeImage(f) });

const features = [];
for (const inp of inputs) {
  const feat = tf.tidy(() => {
    const x = tf.tensor4d(Float32Array.from(inp.nhwc), [1, S, S, 3]);
    const y = run(x);
    if (y.shape.length !== 2 || y.shape[0] !== 1 || y.shape[1] !== info.dim) {
      throw new Error(`unexpected feature shape ${y.shape}`);
    }
    return Array.from(y.dataSync());
  });
  features.push(feat);
  const norm = Math.sqrt(feat.reduce((a, b) => a + b * b, 0));
  console.error(`${inp.name}: dim ${feat.length}, L2 ${norm.toFixed(4)}, first ${feat.slice(0, 3).map((v) => v.toFixed(5))}`);
}

const out = {
  model: name,
  feature_node: info.featureNode,
  tfjs_version: tf.version.tfjs,
  nsfwjs_version: nsfwjsVersion,
  backend: tf.getBackend(),
  size: S,
  dim: info.dim,
  inputs: inputs.map((i) => ({ name: i.name, shape: [1, S, S, 3], nhwc: i.nhwc })),
  features,
};
fs.mkdirSync(path.dirname(path.resolve(outPath)), { recursive: true });
fs.writeFileSync(outPath, JSON.stringify(out));
console.error(`wrote ${outPath}`);

// Shared helpers: read the pretrained models bundled in the nsfwjs npm package.
//
// nsfwjs ships each model as UMD modules under dist/models/<model>/:
//   model.min.js             -> the TFJS model.json object
//   group1-shardXofN.min.js  -> base64 string of one weight shard
// Concatenating the decoded shards gives the standard TFJS weights file.
import { createRequire } from "node:module";
import path from "node:path";
import fs from "node:fs";

const require = createRequire(import.meta.url);

export const MODELS = {
  mobilenet_v2_mid: {
    format: "graph-model",
    size: 224,
    dim: 1792,
    featureNode:
      "StatefulPartitionedCall/sequential/keras_layer/StatefulPartitionedCall/StatefulPartitionedCall/StatefulPartitionedCall/predict/feature_vector/SpatialSqueeze",
  },
  inception_v3: {
    format: "layers-model",
    size: 299,
    dim: 2048,
    // Keras layer: flatten_1 = Flatten(AveragePooling2D 8x8 valid (mixed10))
    featureNode: "flatten_1",
  },
};

export function modelInfo(name) {
  const info = MODELS[name];
  if (!info) {
    throw new Error(`unknown model '${name}', expected one of: ${Object.keys(MODELS).join(", ")}`);
  }
  return info;
}

function packageDir() {
  // nsfwjs' "exports" map hides package.json and dist/models; resolve the CJS entry
  // (<pkg>/dist/cjs/index.js) and walk up to the package root.
  const entry = require.resolve("nsfwjs");
  return path.resolve(path.dirname(entry), "..", "..");
}

function modelsDir() {
  return path.join(packageDir(), "dist", "models");
}

function nsfwjsVersion() {
  return JSON.parse(fs.readFileSync(path.join(packageDir(), "package.json"), "utf8")).version;
}

/** Returns { modelJson, weightData: Buffer } exactly as shipped (weights still uint8-quantized). */
export function loadBundledModel(name) {
  modelInfo(name);
  const dir = path.join(modelsDir(), name);
  const modelJson = require(path.join(dir, "model.min.js"));
  if (!modelJson || !modelJson.modelTopology || !modelJson.weightsManifest) {
    throw new Error(`unexpected model.min.js content in ${dir}`);
  }
  const buffers = [];
  const newManifest = [];
  for (const group of modelJson.weightsManifest) {
    for (const p of group.paths) {
      const b64 = require(path.join(dir, `${p}.min.js`));
      if (typeof b64 !== "string") throw new Error(`shard ${p} is not a base64 string`);
      buffers.push(Buffer.from(b64, "base64"));
    }
    newManifest.push({ paths: ["weights.bin"], weights: group.weights });
  }
  if (modelJson.weightsManifest.length !== 1) {
    throw new Error("expected a single weights group");
  }
  const weightData = Buffer.concat(buffers);
  // Sanity check: total bytes must equal the sum of the (quantized) tensor sizes.
  let expected = 0;
  for (const w of modelJson.weightsManifest[0].weights) {
    const n = w.shape.reduce((a, b) => a * b, 1);
    const q = w.quantization ? w.quantization.dtype : w.dtype;
    const bytes = { uint8: 1, uint16: 2, float16: 2, float32: 4, int32: 4 }[q];
    if (!bytes) throw new Error(`unsupported dtype ${q} for ${w.name}`);
    expected += n * bytes;
  }
  if (expected !== weightData.length) {
    throw new Error(`weights size mismatch: manifest says ${expected} bytes, shards have ${weightData.length}`);
  }
  const out = { ...modelJson, weightsManifest: newManifest };
  if (!out.format) out.format = MODELS[name].format;
  return { modelJson: out, weightData, nsfwjsVersion: nsfwjsVersion() };
}

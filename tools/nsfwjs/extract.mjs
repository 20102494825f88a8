// Usage: node extract.mjs <mobilenet_v2_mid|inception_v3> <outdir>
// Writes a standard TFJS model.json + weights.bin (weights unchanged, still uint8-quantized).
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { loadBundledModel, modelInfo } from "./lib.mjs";

const [name, outdir] = process.argv.slice(2);
if (!name || !outdir) {
  console.error("usage: node extract.mjs <mobilenet_v2_mid|inception_v3> <outdir>");
  process.exit(2);
}
const info = modelInfo(name);
const { modelJson, weightData, nsfwjsVersion } = loadBundledModel(name);
fs.mkdirSync(outdir, { recursive: true });
modelJson.userDefinedMetadata = {
  ...(modelJson.userDefinedMetadata || {}),
  fakebank: {
    source: `nsfwjs@${nsfwjsVersion} dist/models/${name}`,
    input_size: info.size,
    feature_node: info.featureNode,
    feature_dim: info.dim,
  },
};
fs.writeFileSync(path.join(outdir, "model.json"), JSON.stringify(modelJson));
fs.writeFileSync(path.join(outdir, "weights.bin"), weightData);
const sha = crypto.createHash("sha256").update(weightData).digest("hex");
console.log(`${name}: ${modelJson.weightsManifest[0].weights.length} tensors, ${weightData.length} bytes, weights.bin sha256 ${sha} -> ${outdir}`);

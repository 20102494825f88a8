#!/usr/bin/python3
"""Convert an extracted nsfwjs TFJS model (model.json + weights.bin, see
tools/nsfwjs/extract.mjs) into a TorchScript image encoder.

Usage (Debian's /usr/bin/python3 with python3-torch 1.13; do NOT save with a
newer torch, the product runtime is DJL's libtorch 2.7.1 which loads 1.13 files):

    /usr/bin/python3 tools/nsfwjs-to-torchscript.py mobilenet_v2_mid /tmp/ex/mobilenet_v2_mid models/mobilenet-v2-140-nsfwjs
    /usr/bin/python3 tools/nsfwjs-to-torchscript.py inception_v3     /tmp/ex/inception_v3     models/inception-v3-nsfwjs

The module interprets the original graph from the input up to the pooled
feature node:
  * mobilenet_v2_mid: TFJS graph model (hub_input Mul/Sub, _FusedConv2D,
    FusedDepthwiseConv2dNative, AddV2, AvgPool, Squeeze)
  * inception_v3: Keras layers model (Conv2D, BatchNormalization, Activation,
    MaxPooling2D, AveragePooling2D, Concatenate, Flatten)

The weights in nsfwjs are uint8-quantized ({min, scale} per tensor). They are
dequantized exactly like tfjs does (float32(q * scale + min), computed in double
precision), so the float weights are bit-identical to what nsfwjs runs with.
--weights float32 (default for mobilenet_v2_mid, 17 MB) does that at build time;
--weights uint8 (default for inception_v3, 22 MB instead of ~87 MB) stores the
original uint8 tensors + float64 min/scale buffers and dequantizes in forward()
(~10-25 ms extra per call on one CPU thread).

Input:  float32 NCHW [N, 3, S, S], RGB in [0, 1] (resize + /255 done by caller).
Output: float32 [N, D] raw pooled features (not normalised).
"""
import argparse
import base64
import hashlib
import json
import os
import sys
import warnings

import numpy as np
import torch
import torch.nn.functional as F

SPECS = {
    "mobilenet_v2_mid": {
        "out_name": "mobilenet-v2-140-nsfwjs",
        "weights": "float32",
        "size": 224,
        "dim": 1792,
        "feature_node": "StatefulPartitionedCall/sequential/keras_layer/StatefulPartitionedCall/"
                        "StatefulPartitionedCall/StatefulPartitionedCall/predict/feature_vector/SpatialSqueeze",
        "architecture": "MobileNetV2 1.4 224 (TF-Hub feature vector, fine-tuned by nsfwjs)",
        "licence": "MIT (nsfwjs 4.4.0, Copyright (c) 2019 Infinite Red, Inc.). Backbone: Google's TF-Hub "
                   "MobileNetV2 1.4 224 feature-vector module (Apache-2.0; graph names keras_layer/hub_input/"
                   "predict/feature_vector show it was loaded with hub.KerasLayer, the exact module handle is not "
                   "recorded in the package), fine-tuned by the nsfwjs authors and shipped only in nsfwjs.",
    },
    "inception_v3": {
        "out_name": "inception-v3-nsfwjs",
        "weights": "uint8",
        "size": 299,
        "dim": 2048,
        "feature_node": "flatten_1",
        "architecture": "InceptionV3 299 (Keras 2.2.4 applications InceptionV3, fine-tuned by nsfwjs)",
        "licence": "MIT (nsfwjs 4.4.0, Copyright (c) 2019 Infinite Red, Inc.). Backbone: Keras 2.2.4 "
                   "applications InceptionV3 (ImageNet weights published by Keras under Apache-2.0), fine-tuned "
                   "by the nsfwjs authors and shipped only in nsfwjs.",
    },
}


# --------------------------------------------------------------------------- weights

def load_tfjs(model_dir):
    with open(os.path.join(model_dir, "model.json")) as f:
        mj = json.load(f)
    with open(os.path.join(model_dir, "weights.bin"), "rb") as f:
        data = f.read()
    weights = {}
    off = 0
    for group in mj["weightsManifest"]:
        for w in group["weights"]:
            n = int(np.prod(w["shape"])) if w["shape"] else 1
            q = w.get("quantization")
            if w["dtype"] != "float32":
                raise ValueError("unsupported dtype %s for %s" % (w["dtype"], w["name"]))
            if q is None:
                arr = np.frombuffer(data, dtype="<f4", count=n, offset=off).reshape(w["shape"])
                off += 4 * n
                weights[w["name"]] = ("f32", arr.copy(), None, None)
            elif q["dtype"] == "uint8":
                arr = np.frombuffer(data, dtype=np.uint8, count=n, offset=off).reshape(w["shape"])
                off += n
                weights[w["name"]] = ("u8", arr.copy(), float(q["min"]), float(q["scale"]))
            else:
                raise ValueError("unsupported quantization %s for %s" % (q["dtype"], w["name"]))
    if off != len(data):
        raise ValueError("weights.bin has %d bytes, manifest describes %d" % (len(data), off))
    return mj, weights


def dequantize_like_tfjs(arr, mn, sc):
    """tfjs io_utils.decodeWeight: Float32Array value = v * scale + min (JS double math, then float32)."""
    return np.asarray(arr.astype(np.float64) * sc + mn, dtype=np.float64).astype(np.float32)


class WeightStore(torch.nn.Module):
    """Holds the graph constants.

    storage="uint8":   original uint8 tensors + per-tensor float64 min/scale buffers,
                       dequantized in forward() (small file, a few ms extra per call).
    storage="float32": dequantized once at build time (same float32 values, 4x larger file).
    Either way deq(name) yields exactly the float32 tensor tfjs builds from the quantized data.
    """

    def __init__(self, weights, names, storage):
        super().__init__()
        if storage not in ("uint8", "float32"):
            raise ValueError(storage)
        self.storage = storage
        self.index = {}
        mins, scales = [], []
        for i, name in enumerate(names):
            kind, arr, mn, sc = weights[name]
            if kind != "u8":
                raise ValueError("expected uint8-quantized weight: " + name)
            if storage == "uint8":
                self.register_buffer("q%d" % i, torch.from_numpy(arr))
            else:
                self.register_buffer("w%d" % i, torch.from_numpy(dequantize_like_tfjs(arr, mn, sc)))
            mins.append(mn)
            scales.append(sc)
            self.index[name] = i
        if storage == "uint8":
            self.register_buffer("qmin", torch.tensor(mins, dtype=torch.float64))
            self.register_buffer("qscale", torch.tensor(scales, dtype=torch.float64))

    def deq(self, name):
        i = self.index[name]
        if self.storage == "float32":
            return getattr(self, "w%d" % i)
        q = getattr(self, "q%d" % i)
        return (q.to(torch.float64) * self.qscale[i] + self.qmin[i]).to(torch.float32)


# --------------------------------------------------------------------------- helpers

def same_pad(in_size, k, s, d=1):
    """TF 'SAME' padding (before, after) for one spatial dim."""
    k_eff = (k - 1) * d + 1
    out = -(-in_size // s)
    total = max((out - 1) * s + k_eff - in_size, 0)
    return total // 2, total - total // 2


def conv_tf(x, w_oihw, stride, padding, dilation=(1, 1), groups=1, bias=None):
    if padding == "SAME":
        kh, kw = w_oihw.shape[2], w_oihw.shape[3]
        pt, pb = same_pad(x.shape[2], kh, stride[0], dilation[0])
        pl, pr = same_pad(x.shape[3], kw, stride[1], dilation[1])
        if pt == pb and pl == pr:
            return F.conv2d(x, w_oihw, bias, stride, (pt, pl), dilation, groups)
        x = F.pad(x, (pl, pr, pt, pb))
    elif padding != "VALID":
        raise ValueError("unsupported padding " + padding)
    return F.conv2d(x, w_oihw, bias, stride, 0, dilation, groups)


def _attr_list_i(attr):
    return [int(v) for v in attr["list"].get("i", [])]


def _attr_s(attr):
    return base64.b64decode(attr["s"]).decode()


def _hw(nhwc_list):
    # TF attrs are NHWC [1, h, w, 1]
    return nhwc_list[1], nhwc_list[2]


# --------------------------------------------------------------------------- graph model (MobileNetV2)

class TfjsGraphEncoder(torch.nn.Module):
    def __init__(self, mj, weights, feature_node, storage):
        super().__init__()
        nodes = {n["name"]: n for n in mj["modelTopology"]["node"]}
        if feature_node not in nodes:
            raise ValueError("feature node not found: " + feature_node)
        # topological order of the sub-graph feeding the feature node
        order, seen = [], set()

        def visit(name):
            name = name.split(":")[0].lstrip("^")
            if name in seen:
                return
            seen.add(name)
            for inp in nodes[name].get("input", []):
                visit(inp)
            order.append(name)

        visit(feature_node)
        self.ops = []
        const_names = []
        for name in order:
            n = nodes[name]
            op = n["op"]
            if op == "Const":
                const_names.append(name)
                continue
            ins = [i.split(":")[0] for i in n.get("input", [])]
            a = n.get("attr", {})
            spec = {"op": op, "name": name, "in": ins}
            if op in ("_FusedConv2D", "FusedDepthwiseConv2dNative"):
                if _attr_s(a["data_format"]) != "NHWC":
                    raise ValueError("only NHWC supported")
                spec["stride"] = _hw(_attr_list_i(a["strides"]))
                spec["dilation"] = _hw(_attr_list_i(a["dilations"])) if "dilations" in a else (1, 1)
                spec["padding"] = _attr_s(a["padding"])
                spec["fused"] = [base64.b64decode(s).decode() for s in a["fused_ops"]["list"].get("s", [])]
                if spec["fused"] not in (["BiasAdd"], ["BiasAdd", "Relu6"], ["BiasAdd", "Relu"]):
                    raise ValueError("unsupported fused_ops %s in %s" % (spec["fused"], name))
                if int(a.get("num_args", {}).get("i", 1)) != 1:
                    raise ValueError("unsupported num_args in " + name)
            elif op == "AvgPool":
                spec["ksize"] = _hw(_attr_list_i(a["ksize"]))
                spec["stride"] = _hw(_attr_list_i(a["strides"]))
                spec["padding"] = _attr_s(a["padding"])
                if spec["padding"] != "VALID":
                    raise ValueError("only VALID AvgPool supported")
            elif op == "Squeeze":
                dims = _attr_list_i(a["squeeze_dims"])
                if sorted(dims) != [1, 2]:
                    raise ValueError("unsupported squeeze dims %s" % dims)
            elif op in ("Placeholder", "Mul", "Sub", "AddV2", "Relu6", "Identity"):
                pass
            else:
                raise ValueError("unsupported op %s (%s)" % (op, name))
            self.ops.append(spec)
        self.store = WeightStore(weights, const_names, storage)
        self.const_names = set(const_names)
        self.output = feature_node

    def forward(self, x):
        # x: NCHW; internally everything is NCHW (TF graph is NHWC)
        env = {}

        def get(name):
            if name in env:
                return env[name]
            if name in self.const_names:
                return self.store.deq(name)
            raise KeyError(name)

        for s in self.ops:
            op = s["op"]
            if op == "Placeholder":
                y = x
            elif op == "Mul":
                y = get(s["in"][0]) * get(s["in"][1])
            elif op == "Sub":
                y = get(s["in"][0]) - get(s["in"][1])
            elif op == "AddV2":
                y = get(s["in"][0]) + get(s["in"][1])
            elif op == "_FusedConv2D":
                w = get(s["in"][1]).permute(3, 2, 0, 1)  # HWIO -> OIHW
                b = get(s["in"][2])
                y = conv_tf(get(s["in"][0]), w, s["stride"], s["padding"], s["dilation"], 1, b)
                y = self._act(y, s["fused"])
            elif op == "FusedDepthwiseConv2dNative":
                w = get(s["in"][1])  # [H, W, C, M]
                kh, kw, c, m = w.shape
                w = w.permute(2, 3, 0, 1).reshape(c * m, 1, kh, kw)  # out channel = c*M + m (TF order)
                b = get(s["in"][2])
                y = conv_tf(get(s["in"][0]), w, s["stride"], s["padding"], s["dilation"], c, b)
                y = self._act(y, s["fused"])
            elif op == "Relu6":
                y = torch.clamp(get(s["in"][0]), 0.0, 6.0)
            elif op == "AvgPool":
                y = F.avg_pool2d(get(s["in"][0]), s["ksize"], s["stride"])
            elif op == "Squeeze":
                y = torch.flatten(get(s["in"][0]), 1)  # NCHW [N, C, 1, 1] -> [N, C]
            elif op == "Identity":
                y = get(s["in"][0])
            else:
                raise ValueError(op)
            env[s["name"]] = y
        return env[self.output]

    @staticmethod
    def _act(y, fused):
        if len(fused) > 1:
            if fused[1] == "Relu6":
                return torch.clamp(y, 0.0, 6.0)
            if fused[1] == "Relu":
                return torch.relu(y)
        return y


# --------------------------------------------------------------------------- layers model (InceptionV3)

class KerasLayersEncoder(torch.nn.Module):
    def __init__(self, mj, weights, feature_layer, storage):
        super().__init__()
        cfg = mj["modelTopology"]["model_config"]["config"]
        layers = {l["name"]: l for l in cfg["layers"]}
        if feature_layer not in layers:
            raise ValueError("feature layer not found: " + feature_layer)
        order, seen = [], set()

        def inbound(layer):
            nodes = layer.get("inbound_nodes", [])
            if len(nodes) > 1:
                raise ValueError("shared layers not supported: " + layer["name"])
            return [i[0] for i in nodes[0]] if nodes else []

        def visit(name):
            if name in seen:
                return
            seen.add(name)
            for i in inbound(layers[name]):
                visit(i)
            order.append(name)

        visit(feature_layer)
        self.ops = []
        wnames = []
        for name in order:
            l = layers[name]
            c = l["config"]
            cls = l["class_name"]
            spec = {"op": cls, "name": name, "in": inbound(l)}
            if cls == "Conv2D":
                if c.get("data_format", "channels_last") != "channels_last" or c["activation"] != "linear":
                    raise ValueError("unsupported Conv2D config in " + name)
                spec["stride"] = tuple(c["strides"])
                spec["dilation"] = tuple(c.get("dilation_rate", [1, 1]))
                spec["padding"] = c["padding"].upper()
                spec["kernel"] = name + "/kernel"
                wnames.append(spec["kernel"])
                spec["bias"] = name + "/bias" if c["use_bias"] else None
                if spec["bias"]:
                    wnames.append(spec["bias"])
            elif cls == "BatchNormalization":
                if c["axis"] not in (3, -1):
                    raise ValueError("unsupported BN axis in " + name)
                spec["eps"] = float(c["epsilon"])
                spec["gamma"] = name + "/gamma" if c["scale"] else None
                spec["beta"] = name + "/beta" if c["center"] else None
                spec["mean"] = name + "/moving_mean"
                spec["var"] = name + "/moving_variance"
                for k in ("gamma", "beta", "mean", "var"):
                    if spec[k]:
                        wnames.append(spec[k])
            elif cls == "Activation":
                if c["activation"] not in ("relu", "linear"):
                    raise ValueError("unsupported activation in " + name)
                spec["act"] = c["activation"]
            elif cls in ("MaxPooling2D", "AveragePooling2D"):
                spec["pool"] = tuple(c["pool_size"])
                spec["stride"] = tuple(c["strides"])
                spec["padding"] = c["padding"].upper()
            elif cls == "Concatenate":
                if c["axis"] not in (3, -1):
                    raise ValueError("unsupported concat axis in " + name)
            elif cls in ("InputLayer", "Flatten"):
                pass
            else:
                raise ValueError("unsupported layer %s (%s)" % (cls, name))
            self.ops.append(spec)
        self.store = WeightStore(weights, wnames, storage)
        self.output = feature_layer

    def forward(self, x):
        env = {}
        for s in self.ops:
            op = s["op"]
            ins = [env[i] for i in s["in"]]
            if op == "InputLayer":
                y = x
            elif op == "Conv2D":
                w = self.store.deq(s["kernel"]).permute(3, 2, 0, 1)
                b = self.store.deq(s["bias"]) if s["bias"] else None
                y = conv_tf(ins[0], w, s["stride"], s["padding"], s["dilation"], 1, b)
            elif op == "BatchNormalization":
                # tfjs: offset + (x - mean) * scale / sqrt(var + eps)
                mean = self.store.deq(s["mean"])
                inv = torch.rsqrt(self.store.deq(s["var"]) + s["eps"])
                if s["gamma"]:
                    inv = inv * self.store.deq(s["gamma"])
                y = (ins[0] - mean.view(1, -1, 1, 1)) * inv.view(1, -1, 1, 1)
                if s["beta"]:
                    y = y + self.store.deq(s["beta"]).view(1, -1, 1, 1)
            elif op == "Activation":
                y = torch.relu(ins[0]) if s["act"] == "relu" else ins[0]
            elif op == "MaxPooling2D":
                y = self._pool(ins[0], s, True)
            elif op == "AveragePooling2D":
                y = self._pool(ins[0], s, False)
            elif op == "Concatenate":
                y = torch.cat(ins, 1)
            elif op == "Flatten":
                # Keras flattens NHWC; identical to NCHW flatten only when H == W == 1
                if ins[0].shape[2] != 1 or ins[0].shape[3] != 1:
                    raise ValueError("Flatten expects 1x1 spatial input")
                y = torch.flatten(ins[0], 1)
            else:
                raise ValueError(op)
            env[s["name"]] = y
        return env[self.output]

    @staticmethod
    def _pool(x, s, is_max):
        k, st = s["pool"], s["stride"]
        pad = (0, 0)
        if s["padding"] == "SAME":
            pt, pb = same_pad(x.shape[2], k[0], st[0])
            pl, pr = same_pad(x.shape[3], k[1], st[1])
            if pt != pb or pl != pr:
                # asymmetric SAME pooling: pad explicitly (-inf for max); avg would need a count mask
                if not is_max:
                    raise ValueError("asymmetric SAME average pooling not supported")
                x = F.pad(x, (pl, pr, pt, pb), value=float("-inf"))
            else:
                pad = (pt, pl)
        if is_max:
            return F.max_pool2d(x, k, st, pad)
        # TF/tfjs average pooling ignores padded cells in the divisor
        return F.avg_pool2d(x, k, st, pad, count_include_pad=False)


# --------------------------------------------------------------------------- main

def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model", choices=sorted(SPECS))
    ap.add_argument("tfjs_dir", help="directory with model.json + weights.bin from tools/nsfwjs/extract.mjs")
    ap.add_argument("out_dir", nargs="?", help="default: models/<name>")
    ap.add_argument("--weights", choices=["uint8", "float32"],
                    help="weight storage in model.pt (default: float32 for mobilenet_v2_mid (17 MB), "
                         "uint8 for inception_v3 (float32 would be ~87 MB))")
    args = ap.parse_args()

    spec = SPECS[args.model]
    out_dir = args.out_dir or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models", spec["out_name"])
    out_dir = os.path.normpath(out_dir)
    torch.manual_seed(0)
    torch.set_grad_enabled(False)
    # spatial sizes are read from shapes while tracing (SAME padding); they are fixed by design
    warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)

    storage = args.weights or spec["weights"]
    mj, weights = load_tfjs(args.tfjs_dir)
    if args.model == "mobilenet_v2_mid":
        enc = TfjsGraphEncoder(mj, weights, spec["feature_node"], storage)
    else:
        enc = KerasLayersEncoder(mj, weights, spec["feature_node"], storage)
    enc.eval()
    S = spec["size"]
    g = torch.Generator().manual_seed(1234)
    ex1 = torch.rand(1, 3, S, S, generator=g)
    ex3 = torch.rand(3, 3, S, S, generator=g)
    traced = torch.jit.trace(enc, ex3, check_inputs=[(ex1,), (ex3,)], check_tolerance=1e-5)

    os.makedirs(out_dir, exist_ok=True)
    pt_path = os.path.join(out_dir, "model.pt")
    traced.save(pt_path)

    # reload and verify dynamic batch (1 and 16) against the eager module
    loaded = torch.jit.load(pt_path)
    for n in (1, 16):
        xb = torch.rand(n, 3, S, S, generator=g)
        ye = enc(xb)
        yl = loaded(xb)
        if tuple(yl.shape) != (n, spec["dim"]):
            raise SystemExit("bad output shape %s for batch %d" % (tuple(yl.shape), n))
        # batch rows must not influence each other
        y0 = loaded(xb[:1])
        d = max((ye - yl).abs().max().item(), (y0 - yl[:1]).abs().max().item())
        print("batch %2d: output %s, max |eager - loaded| / |single - batched| = %.3g" % (n, tuple(yl.shape), d))
        if d > 1e-4:
            raise SystemExit("loaded TorchScript disagrees with eager module")

    n_u8 = sum(weights[k][1].size for k in enc.store.index)
    meta = {
        "name": spec["out_name"],
        "version": "1",
        "architecture": spec["architecture"],
        "dim": spec["dim"],
        "file": "model.pt",
        "sha256": sha256(pt_path),
        "preprocess": {
            "size": S,
            "resize": "squash",
            "interpolation": "bilinear",
            "value_range": [0.0, 1.0],
            "mean": [0.0, 0.0, 0.0],
            "std": [1.0, 1.0, 1.0],
        },
        "licence": spec["licence"],
        "source": "npm package nsfwjs@4.4.0, dist/models/%s (feature node %s)" % (args.model, spec["feature_node"]),
        "converted_by": "tools/nsfwjs-to-torchscript.py",
        "notes": (
            "Input NCHW float32 RGB in [0,1] (pixel/255 after a squash resize to %dx%d), any batch size; "
            "output [N,%d] raw pooled features (not L2-normalised). %s "
            "%s "
            "nsfwjs itself resizes with tf.image.resizeBilinear(alignCorners=true); any bilinear squash is fine "
            "for embeddings. Traced with torch %s; checked against the original TFJS model with "
            "tools/check-tfjs-equivalence.py."
            % (S, S, spec["dim"],
               "The model applies the TF-Hub input scaling x*2-1 itself (hub_input Mul/Sub)."
               if args.model == "mobilenet_v2_mid" else
               "No further input scaling: nsfwjs feeds [0,1] straight into this Keras InceptionV3 (not [-1,1]).",
               ("Weights: the original nsfwjs uint8-quantized tensors (%d values, per-tensor min/scale) "
                "dequantized at build time exactly as tfjs does (float32(q*scale+min)), stored as float32." % n_u8)
               if storage == "float32" else
               ("Weights: the original nsfwjs uint8-quantized tensors (%d bytes) with per-tensor min/scale, "
                "dequantized inside forward() exactly as tfjs does (float32(q*scale+min))." % n_u8),
               torch.__version__)
        ),
    }
    with open(os.path.join(out_dir, "model.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    size = os.path.getsize(pt_path)
    print("wrote %s (%.1f MB, sha256 %s) and model.json" % (pt_path, size / 1e6, meta["sha256"]))
    if size > 30e6:
        raise SystemExit("model.pt exceeds 30 MB")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Compare a converted TorchScript encoder with the original nsfwjs TFJS model.

Usage: /usr/bin/python3 tools/check-tfjs-equivalence.py <reference.json> <model_dir> [--tol 1e-3]

<reference.json> comes from `node tools/nsfwjs/reference.mjs <model> <reference.json>`;
<model_dir> holds model.pt + model.json (from tools/nsfwjs-to-torchscript.py).
Feeds the exact reference inputs (NHWC -> NCHW) and prints the max abs difference
of the raw feature vectors; exits 1 if it exceeds the tolerance.
"""
import argparse
import hashlib
import json
import os
import sys

import numpy as np
import torch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("reference")
    ap.add_argument("model_dir")
    ap.add_argument("--tol", type=float, default=1e-3)
    args = ap.parse_args()

    with open(args.reference) as f:
        ref = json.load(f)
    with open(os.path.join(args.model_dir, "model.json")) as f:
        meta = json.load(f)
    pt = os.path.join(args.model_dir, meta["file"])
    with open(pt, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    if digest != meta["sha256"]:
        print("sha256 mismatch: model.json says %s, %s is %s" % (meta["sha256"], pt, digest))
        return 1
    if meta["dim"] != len(ref["features"][0]):
        print("dim mismatch: model %d vs reference %d" % (meta["dim"], len(ref["features"][0])))
        return 1

    torch.set_grad_enabled(False)
    model = torch.jit.load(pt, map_location="cpu").eval()
    xs = []
    for inp in ref["inputs"]:
        x = np.asarray(inp["nhwc"], dtype=np.float32).reshape(inp["shape"])
        xs.append(x.transpose(0, 3, 1, 2))  # NHWC -> NCHW
    x = torch.from_numpy(np.ascontiguousarray(np.concatenate(xs, 0)))
    want = np.asarray(ref["features"], dtype=np.float32)

    worst = 0.0
    for mode, got in (("batched", model(x).numpy()),
                      ("single", np.concatenate([model(x[i:i + 1]).numpy() for i in range(x.shape[0])], 0))):
        for i, inp in enumerate(ref["inputs"]):
            d = np.abs(got[i] - want[i])
            cos = float(np.dot(got[i], want[i]) / (np.linalg.norm(got[i]) * np.linalg.norm(want[i]) + 1e-12))
            print("%-8s %-28s max_abs_diff %.3e  mean_abs_diff %.3e  max|ref| %.3f  cos %.8f"
                  % (mode, inp["name"], d.max(), d.mean(), np.abs(want[i]).max(), cos))
            worst = max(worst, float(d.max()))
    print("%s vs %s (%s, feature node %s): max abs diff %.3e (tol %.0e)"
          % (meta["name"], os.path.basename(args.reference), ref["model"], ref["feature_node"], worst, args.tol))
    return 0 if worst <= args.tol else 1


if __name__ == "__main__":
    sys.exit(main())

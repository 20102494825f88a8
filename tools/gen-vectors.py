#!/usr/bin/env python3
"""Clustered unit vectors in the standard fvecs/ivecs formats, for `fakebank bench search` and tools/bench-faiss.py.

Data: n/100 Gaussian cluster centres on the unit sphere; point = random centre + N(0, 1/dim) noise per coordinate,
normalised (the noise norm is about the centre norm, so clusters overlap and HNSW has real work to do). Queries are
drawn the same way and are not in the base. Ground truth: exact top-100 ordinals per query by dot product.

Formats (http://corpus-texmex.irisa.fr/): each vector is an int32 dimension followed by dim float32 (fvecs) or
int32 (ivecs) values, little-endian.

Run:     python3 tools/gen-vectors.py --n 100000 --dim 768 --queries 1000 --out /tmp/vec100k
Writes:  OUT/base.fvecs, OUT/queries.fvecs, OUT/gt.ivecs
Runtime: ~20 s at 100k x 768; ~4 min and ~4 GB of RAM at 1M x 768 (2 cores).
"""
import argparse
import os
import time

import numpy as np

GT_K = 100


def normalise(x):
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


def clustered(rng, count, dim, centres):
    sigma = np.float32(1.0 / np.sqrt(dim))
    out = np.empty((count, dim), dtype=np.float32)
    step = 20000
    for s in range(0, count, step):
        e = min(count, s + step)
        pick = rng.integers(0, len(centres), size=e - s)
        out[s:e] = centres[pick] + sigma * rng.standard_normal((e - s, dim), dtype=np.float32)
    return normalise(out)


def exact_top(docs, qs, k):
    """Exact top-k ordinals per query by dot product, best first; the base is scanned in blocks to bound memory."""
    best_s = np.full((len(qs), k), -np.inf, dtype=np.float32)
    best_i = np.zeros((len(qs), k), dtype=np.int64)
    step = 50000
    for s in range(0, len(docs), step):
        sims = qs @ docs[s:s + step].T
        kk = min(k, sims.shape[1])
        part = np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
        cand_s = np.concatenate([best_s, np.take_along_axis(sims, part, axis=1)], axis=1)
        cand_i = np.concatenate([best_i, part + s], axis=1)
        order = np.argsort(-cand_s, axis=1, kind="stable")[:, :k]
        best_s = np.take_along_axis(cand_s, order, axis=1)
        best_i = np.take_along_axis(cand_i, order, axis=1)
    return best_i.astype(np.int32)


def write_vecs(path, rows, dtype):
    n, dim = rows.shape
    out = np.empty((n, dim + 1), dtype=np.int32)
    out[:, 0] = dim
    out[:, 1:] = rows.astype(dtype).view(np.int32)
    out.tofile(path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=100000)
    ap.add_argument("--dim", type=int, default=768)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", required=True, help="folder to write base.fvecs, queries.fvecs, gt.ivecs into")
    a = ap.parse_args()
    if a.n < GT_K or a.dim < 2 or a.queries < 1:
        raise SystemExit(f"need n >= {GT_K}, dim >= 2, queries >= 1")
    os.makedirs(a.out, exist_ok=True)
    rng = np.random.default_rng(a.seed)
    t0 = time.perf_counter()
    centres = normalise(rng.standard_normal((max(1, a.n // 100), a.dim), dtype=np.float32))
    docs = clustered(rng, a.n, a.dim, centres)
    qs = clustered(rng, a.queries, a.dim, centres)
    write_vecs(os.path.join(a.out, "base.fvecs"), docs, np.float32)
    write_vecs(os.path.join(a.out, "queries.fvecs"), qs, np.float32)
    t1 = time.perf_counter()
    write_vecs(os.path.join(a.out, "gt.ivecs"), exact_top(docs, qs, GT_K), np.int32)
    t2 = time.perf_counter()
    print(f"{a.n} x {a.dim} base, {a.queries} queries, {len(centres)} clusters, seed {a.seed}: generated in "
          f"{t1 - t0:.1f} s, exact top-{GT_K} in {t2 - t1:.1f} s -> {a.out}")


if __name__ == "__main__":
    main()

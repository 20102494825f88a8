#!/usr/bin/env python3
"""Peer benchmark: FAISS HNSW on the same synthetic data as `tools/fakebank bench search`.

Mirrors src/main/java/fakebank/bench/SearchBench.java: n/100 Gaussian cluster centres on the unit sphere;
point = random centre + N(0, 1/dim) noise per coordinate, normalised; held-out queries drawn the same way;
exact top-10 by brute-force dot products; recall@10; HNSW M=16, efConstruction=100, efSearch=100; each query
asks for 100 candidates (k=100, so the beam is 100 like Lucene's k=searchWidth=100) and keeps the top 10;
queries single-threaded, one at a time, after 200 warm-up queries; p50/p99 latency per query.

The vectors come from numpy, not from Java's SplittableRandom: same distribution, not the same vectors.

Setup:   python3 -m pip install faiss-cpu numpy
Run:     python3 tools/bench-faiss.py --n 100000 --dim 1792 --queries 1000 --seed 42
Runtime: about 2-3 minutes on 2 cores at the default size (measured 2m08s: two HNSW builds ~54 s + ~44 s);
         needs ~3 GB of RAM (vectors plus the flat-storage HNSW index).

Rows: "float32 HNSW" = IndexHNSWFlat; "int8 HNSW" = IndexHNSWSQ(QT_8bit); "int8 HNSW + rescore" = the same
int8 index, its 100 candidates re-ranked by exact dot products against the float vectors held in numpy (the
analogue of Lucene's rescoring; its size counts the int8 index plus the raw float32 vectors, as Lucene's does);
"exact (IndexFlatIP)" = brute force, latency only. Build uses 2 OpenMP threads, queries 1.
"""
import argparse
import platform
import time

import faiss
import numpy as np

K = 10
SEARCH_WIDTH = 100
HNSW_M = 16
HNSW_BEAM = 100
WARMUP = 200


def normalise(x):
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


def clustered(rng, count, dim, centres):
    """count unit vectors: a random centre plus N(0, 1/dim) noise per coordinate, normalised."""
    sigma = np.float32(1.0 / np.sqrt(dim))
    out = np.empty((count, dim), dtype=np.float32)
    step = 10000
    for s in range(0, count, step):
        e = min(count, s + step)
        pick = rng.integers(0, len(centres), size=e - s)
        out[s:e] = centres[pick] + sigma * rng.standard_normal((e - s, dim), dtype=np.float32)
    return normalise(out)


def exact_top(docs, qs, k):
    """Exact top-k ordinals per query by dot product (ordered by score, descending)."""
    truth = np.empty((len(qs), k), dtype=np.int64)
    step = 100
    for s in range(0, len(qs), step):
        sims = qs[s:s + step] @ docs.T
        part = np.argpartition(-sims, k, axis=1)[:, :k]
        order = np.argsort(-np.take_along_axis(sims, part, axis=1), axis=1)
        truth[s:s + step] = np.take_along_axis(part, order, axis=1)
    return truth


def percentile(sorted_ns, p):
    i = int(np.ceil(p * len(sorted_ns))) - 1
    return sorted_ns[max(0, min(len(sorted_ns) - 1, i))]


def measure(search_one, qs, truth):
    """search_one(q[1, dim]) -> top-K ids; returns (recall@K, p50 ms, p99 ms)."""
    for i in range(min(WARMUP, len(qs))):
        search_one(qs[i:i + 1])
    nanos = np.empty(len(qs), dtype=np.int64)
    hits = 0
    for i in range(len(qs)):
        q = qs[i:i + 1]
        t0 = time.perf_counter_ns()
        ids = search_one(q)
        nanos[i] = time.perf_counter_ns() - t0
        hits += len(np.intersect1d(ids[:K], truth[i]))
    nanos.sort()
    return hits / (len(qs) * K), percentile(nanos, 0.50) / 1e6, percentile(nanos, 0.99) / 1e6


def build(index, docs):
    faiss.omp_set_num_threads(2)
    t0 = time.perf_counter()
    if not index.is_trained:
        index.train(docs)
    index.add(docs)
    secs = time.perf_counter() - t0
    faiss.omp_set_num_threads(1)
    return secs, len(faiss.serialize_index(index))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=100000)
    ap.add_argument("--dim", type=int, default=1792)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    if a.n < SEARCH_WIDTH or a.dim < 2 or a.queries < 1:
        raise SystemExit(f"need n >= {SEARCH_WIDTH}, dim >= 2, queries >= 1")
    clusters = max(1, a.n // 100)

    print(f"faiss bench: n={a.n} dim={a.dim} queries={a.queries} seed={a.seed} k={K} searchWidth={SEARCH_WIDTH} "
          f"hnsw M={HNSW_M} efConstruction={HNSW_BEAM} efSearch={SEARCH_WIDTH}, faiss {faiss.__version__}, "
          f"numpy {np.__version__}, Python {platform.python_version()}")
    print(f"data: {clusters} Gaussian cluster centres on the unit sphere; point = centre + N(0, 1/dim) noise per "
          f"coordinate, normalised; {a.queries} queries drawn the same way, not in the index")
    print("      (numpy generator: same distribution as the Java bench, NOT the same vectors)")

    rng = np.random.default_rng(a.seed)
    t0 = time.perf_counter()
    centres = normalise(rng.standard_normal((clusters, a.dim), dtype=np.float32))
    docs = clustered(rng, a.n, a.dim, centres)
    qs = clustered(rng, a.queries, a.dim, centres)
    t1 = time.perf_counter()
    truth = exact_top(docs, qs, K)
    t2 = time.perf_counter()
    print(f"generated in {t1 - t0:.1f} s; exact top-{K} by brute-force dot products in {t2 - t1:.1f} s")
    print(f"index: faiss add() with 2 OpenMP threads; queries single-threaded, one at a time, k={SEARCH_WIDTH} "
          f"candidates with efSearch={SEARCH_WIDTH}, top {K} kept; {min(WARMUP, a.queries)} warm-up queries first")
    print()
    header = f"{'setup':<22} {'index s':>9} {'size MB':>9} {'recall@10':>10} {'p50 ms':>8} {'p99 ms':>8}"
    print(header, flush=True)

    def row(name, secs, nbytes, m):
        s = "-" if secs is None else f"{secs:.1f}"
        r = "-" if m[0] is None else f"{m[0]:.4f}"
        print(f"{name:<22} {s:>9} {nbytes / 1e6:>9.1f} {r:>10} {m[1]:>8.2f} {m[2]:>8.2f}", flush=True)

    def hnsw_search(index):
        def search_one(q):
            _, ids = index.search(q, SEARCH_WIDTH)
            return ids[0, :K]
        return search_one

    # (a) float32 HNSW
    flat = faiss.IndexHNSWFlat(a.dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
    flat.hnsw.efConstruction = HNSW_BEAM
    flat.hnsw.efSearch = SEARCH_WIDTH
    secs, nbytes = build(flat, docs)
    row("float32 HNSW", secs, nbytes, measure(hnsw_search(flat), qs, truth))
    del flat

    # (b) int8 HNSW (scalar quantizer, 8 bits per dimension, trained min/max per dimension)
    sq = faiss.IndexHNSWSQ(a.dim, faiss.ScalarQuantizer.QT_8bit, HNSW_M, faiss.METRIC_INNER_PRODUCT)
    sq.hnsw.efConstruction = HNSW_BEAM
    sq.hnsw.efSearch = SEARCH_WIDTH
    secs, nbytes = build(sq, docs)
    row("int8 HNSW", secs, nbytes, measure(hnsw_search(sq), qs, truth))

    # (b') int8 HNSW + rescore: the 100 int8 candidates re-ranked by exact float dot products
    def rescore_one(q):
        _, ids = sq.search(q, SEARCH_WIDTH)
        cand = ids[0][ids[0] >= 0]
        sims = docs[cand] @ q[0]
        return cand[np.argsort(-sims)[:K]]
    row("int8 HNSW + rescore", secs, nbytes + docs.nbytes, measure(rescore_one, qs, truth))
    del sq

    # (c) exact brute force, latency only (recall is 1 by construction)
    exact = faiss.IndexFlatIP(a.dim)
    secs, nbytes = build(exact, docs)
    m = measure(lambda q: exact.search(q, K)[1][0], qs[:min(len(qs), 300)], truth[:min(len(qs), 300)])
    row("exact (IndexFlatIP)", None, nbytes, (None, m[1], m[2]))
    print()
    print("int8 rows share one index; the rescore row re-ranks its 100 candidates against the float32 vectors, so "
          "its size adds them (as Lucene's int8 format keeps the raw floats too). Exact row: latency only, "
          "over the first 300 queries (200 of them also as warm-up).")


if __name__ == "__main__":
    main()

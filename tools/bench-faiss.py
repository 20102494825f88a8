#!/usr/bin/env python3
"""Peer benchmark: FAISS HNSW on the same fvecs/ivecs files as `tools/fakebank bench search`.

Both read BASE.fvecs / Q.fvecs / GT.ivecs (make them with tools/gen-vectors.py), build HNSW with M 16 and
efConstruction 100 (inner product on unit vectors), then sweep efSearch: each query asks for k results with
efSearch = ef, one query at a time per search thread, after --warmup queries (1000, as fakebank's). recall@10 is
measured against the ground truth's first 10 ordinals; --repeat R times each row over the queries R times. With --json, one line per (setup, threads, ef) with the same fields as fakebank's:
setup, ef, threads, recall_at_10, qps, p50_ms, p99_ms, build_s, index_mb, load1 (1-minute load average after the
row).

With --index PATH the built index is saved there (faiss.write_index, build time in PATH.json) and re-read on
later runs instead of being rebuilt, so a slow build can run niced at a busy hour and the timed passes later, in
the same minutes as fakebank's (`--build-only` stops after the build).

Setup:   python3 -m pip install faiss-cpu numpy
Run:     python3 tools/bench-faiss.py --vectors V/base.fvecs --queries V/queries.fvecs --gt V/gt.ivecs \
             --threads 1,2 --index /tmp/faiss-100k.index --json
Runtime: 100k x 768: ~1 min (build ~35 s on 2 threads); 1M x 768: build ~15 min on 2 threads, ~7 GB of RAM.
"""
import argparse
import json
import os
import sys
import threading
import time

import faiss
import numpy as np

HNSW_M = 16
EF_CONSTRUCTION = 100
DEFAULT_WARMUP = 1000
DEFAULT_EFS = "10,16,24,32,48,64,96,128,192,256"


def read_vecs(path, dtype):
    raw = np.fromfile(path, dtype=np.int32)
    dim = int(raw[0])
    rows = raw.reshape(-1, dim + 1)
    if not (rows[:, 0] == dim).all():
        raise SystemExit(f"{path}: not a {dtype.__name__} vecs file with one dimension")
    return np.ascontiguousarray(rows[:, 1:]).view(dtype)


def percentile(sorted_ns, p):
    i = int(np.ceil(p * len(sorted_ns))) - 1
    return sorted_ns[max(0, min(len(sorted_ns) - 1, i))]


def measure(index, qs, truth, k, threads, warmup, repeat):
    """One query at a time per thread, each query `repeat` times (recall from the first round); returns
    (recall@10, qps, p50 ms, p99 ms)."""
    for w in range(warmup):
        i = w % len(qs)
        index.search(qs[i:i + 1], k)
    total = len(qs) * repeat
    nanos = np.empty(total, dtype=np.int64)
    found = [None] * len(qs)

    def work(start):
        for n in range(start, total, threads):
            i = n % len(qs)
            t0 = time.perf_counter_ns()
            _, ids = index.search(qs[i:i + 1], k)
            nanos[n] = time.perf_counter_ns() - t0
            if n < len(qs):
                found[i] = ids[0, :10]

    t0 = time.perf_counter()
    workers = [threading.Thread(target=work, args=(s,)) for s in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    wall = time.perf_counter() - t0
    hits = sum(len(np.intersect1d(found[i], truth[i, :10])) for i in range(len(qs)))
    nanos.sort()
    return hits / (len(qs) * 10), total / wall, percentile(nanos, 0.50) / 1e6, percentile(nanos, 0.99) / 1e6


def build_or_load(make, docs, build_threads, path):
    """The index and its build seconds: read from `path` when a saved index is there, else built (and saved)."""
    if path and os.path.exists(path):
        index = faiss.read_index(path)
        if index.ntotal != len(docs) or index.d != docs.shape[1]:
            raise SystemExit(f"{path} holds {index.ntotal} x {index.d} vectors, not {len(docs)} x {docs.shape[1]}: "
                             f"delete it or pass another --index")
        with open(path + ".json") as f:
            return index, json.load(f)["build_s"]
    index = make()
    index.hnsw.efConstruction = EF_CONSTRUCTION
    faiss.omp_set_num_threads(build_threads)
    t0 = time.perf_counter()
    if not index.is_trained:
        index.train(docs)
    index.add(docs)
    build_s = time.perf_counter() - t0
    if path:
        faiss.write_index(index, path)
        with open(path + ".json", "w") as f:
            json.dump({"build_s": build_s, "build_threads": build_threads}, f)
    return index, build_s


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vectors", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--gt", required=True)
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--threads", default="1", help="search threads, comma-separated (e.g. 1,2)")
    ap.add_argument("--ef", default=DEFAULT_EFS, help="efSearch values, comma-separated")
    ap.add_argument("--build-threads", type=int, default=2)
    ap.add_argument("--warmup", type=int, default=DEFAULT_WARMUP, help="warm-up queries before each row")
    ap.add_argument("--repeat", type=int, default=1, help="time each row over the queries this many times, as "
                                                          "fakebank's --repeat")
    ap.add_argument("--int8", action="store_true", help="also IndexHNSWSQ (8-bit scalar quantizer)")
    ap.add_argument("--index", help="saved index: re-read when present, else built and written there "
                                    "(the int8 index goes to PATH.int8)")
    ap.add_argument("--build-only", action="store_true", help="build (and save) the index, measure nothing")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    docs = read_vecs(a.vectors, np.float32)
    qs = read_vecs(a.queries, np.float32)
    truth = read_vecs(a.gt, np.int32)
    if a.build_only and not a.index:
        raise SystemExit("--build-only needs --index PATH to save the index to")
    if len(truth) != len(qs) or truth.shape[1] < 10:
        raise SystemExit("ground truth needs >= 10 ordinals for every query")
    efs = [int(x) for x in a.ef.split(",")]
    threads = [int(x) for x in a.threads.split(",")]
    if not a.json:
        print(f"faiss {faiss.__version__}: {len(docs)} x {docs.shape[1]} base, {len(qs)} queries, HNSW M={HNSW_M} "
              f"efConstruction={EF_CONSTRUCTION}, build on {a.build_threads} threads")
        print(f"{'setup':<22} {'threads':>7} {'ef':>5} {'recall@10':>10} {'qps':>9} {'p50 ms':>8} {'p99 ms':>8} "
              f"{'build s':>8} {'index MB':>9} {'load':>6}", flush=True)
    setups = [("faiss float32 HNSW", lambda: faiss.IndexHNSWFlat(docs.shape[1], HNSW_M, faiss.METRIC_INNER_PRODUCT))]
    if a.int8:
        setups.append(("faiss int8 HNSW", lambda: faiss.IndexHNSWSQ(docs.shape[1], faiss.ScalarQuantizer.QT_8bit,
                                                                    HNSW_M, faiss.METRIC_INNER_PRODUCT)))
    # GLIBC_TUNABLES=glibc.malloc.hugetlb=1 makes malloc advise 2 MB pages for FAISS's arrays: the rows say so, as
    # fakebank's --huge-pages rows do, and stderr shows how much of the process the kernel really backs with them.
    huge = "glibc.malloc.hugetlb=1" in os.environ.get("GLIBC_TUNABLES", "")
    for name, make in setups:
        path = a.index and (a.index + ".int8" if "int8" in name else a.index)
        index, build_s = build_or_load(make, docs, a.build_threads, path)
        if huge:
            name += ", huge pages"
            print(f"{name}: {anon_huge_pages_mb()} MB of the process in huge pages", file=sys.stderr, flush=True)
        if a.build_only:
            print(f"{name}: built in {build_s:.1f} s -> {path}", flush=True)
            continue
        index_mb = len(faiss.serialize_index(index)) / 1e6
        faiss.omp_set_num_threads(1)
        for t in threads:
            for ef in efs:
                index.hnsw.efSearch = max(ef, a.k)
                recall, qps, p50, p99 = measure(index, qs, truth, a.k, t, a.warmup, a.repeat)
                load1 = os.getloadavg()[0]
                row = {"setup": name, "ef": ef, "threads": t, "recall_at_10": round(recall, 4),
                       "qps": round(qps, 1), "p50_ms": round(p50, 3), "p99_ms": round(p99, 3),
                       "build_s": round(build_s, 1), "index_mb": round(index_mb, 1), "load1": round(load1, 2)}
                if a.json:
                    print(json.dumps(row), flush=True)
                else:
                    print(f"{name:<22} {t:>7} {ef:>5} {recall:>10.4f} {qps:>9.1f} {p50:>8.3f} {p99:>8.3f} "
                          f"{build_s:>8.1f} {index_mb:>9.1f} {load1:>6.2f}", flush=True)
        del index


def anon_huge_pages_mb():
    try:
        with open("/proc/self/smaps_rollup") as f:
            return next(int(line.split()[1]) // 1024 for line in f if line.startswith("AnonHugePages:"))
    except (OSError, StopIteration):
        return -1


if __name__ == "__main__":
    main()

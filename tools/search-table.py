#!/usr/bin/env python3
"""Side-by-side tables from the JSON lines of `fakebank bench search --json` and tools/bench-faiss.py --json.

Prints one markdown table of every row (setup, threads, ef, recall@10, q/s, p50, p99, load), then, per setup and
thread count, the best q/s among rows with recall@10 >= --recall, and its ratio to the best FAISS float32 row of the
same thread count (the issue's target is a ratio >= 1 with one search thread); beside it the same ratio from the
median latencies (FAISS p50 / this p50, at the lowest ef reaching the recall), which preemption on a shared
machine disturbs less than q/s.

Run: python3 tools/search-table.py faiss.jsonl lucene.jsonl [--recall 0.95] [--reference SETUP]
"""
import argparse
import json


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--recall", type=float, default=0.95)
    ap.add_argument("--reference", default="faiss float32 HNSW",
                    help="setup the ratios are taken against (e.g. 'faiss float32 HNSW, huge pages')")
    a = ap.parse_args()
    rows = []
    for path in a.files:
        with open(path) as f:
            rows += [json.loads(line) for line in f if line.startswith("{")]
    print("| setup | threads | ef | recall@10 | q/s | p50 ms | p99 ms | load |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['setup']} | {r['threads']} | {r['ef']} | {r['recall_at_10']:.4f} | {r['qps']:.0f} | "
              f"{r['p50_ms']:.3f} | {r['p99_ms']:.3f} | {r.get('load1', -1):.2f} |")
    best, first = {}, {}
    for r in rows:
        if r["recall_at_10"] >= a.recall:
            key = (r["setup"], r["threads"])
            if key not in best or r["qps"] > best[key]["qps"]:
                best[key] = r
            if key not in first or r["ef"] < first[key]["ef"]:
                first[key] = r
    print()
    ref = "FAISS float32" if a.reference == "faiss float32 HNSW" else a.reference
    print(f"| setup | threads | best q/s at recall@10 >= {a.recall} | ef | recall@10 | x {ref} (q/s) | "
          f"lowest such ef | p50 ms there | x {ref} (p50) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for (setup, threads), r in best.items():
        faiss, faiss_first, f = best.get((a.reference, threads)), first.get((a.reference, threads)), \
            first[(setup, threads)]
        ratio = f"{r['qps'] / faiss['qps']:.2f}" if faiss else "-"
        ratio50 = f"{faiss_first['p50_ms'] / f['p50_ms']:.2f}" if faiss_first else "-"
        print(f"| {setup} | {threads} | {r['qps']:.0f} | {r['ef']} | {r['recall_at_10']:.4f} | {ratio} | {f['ef']} | "
              f"{f['p50_ms']:.3f} | {ratio50} |")


if __name__ == "__main__":
    main()

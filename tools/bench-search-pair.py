#!/usr/bin/env python3
"""Paired rounds of FAISS and fakebank HNSW search at fixed operating points: the decisive q/s ratio.

Why: on this machine one `bench search` row's q/s moves by 10-30 % between identical runs (neighbouring efs are not
even monotone), more than the gap between the two engines, so a single table cannot say which is faster. Each round
here runs every setup once, each in its own process (a JVM that has run one query type keeps its compiled code for
it), timing one ef per setup: the lowest ef at which that setup reaches recall@10 >= 0.95 on these files (recall
does not vary between runs; find it with a sweep first). Rounds alternate the order (forward, reverse), so that a
change in the machine's load hits both sides alike. Per round: each fakebank setup's q/s over FAISS's q/s. Summary:
the median ratio and its distribution-free 95 % interval (order statistics k and n+1-k of the n rounds, k the
largest with P(Binomial(n, 1/2) < k) <= 2.5 %; needs >= 6 rounds), as tools/bench-overhead does.

Run (1M x 768, single thread, ~1.5 min per round):
  python3 tools/bench-search-pair.py --vectors V/base.fvecs --queries V/queries.fvecs --gt V/gt.ivecs \\
      --faiss-index /tmp/faiss-1m.index --faiss-ef 80 --fakebank-index /tmp/l1m --fakebank query:64 \\
      --fakebank patience:72 --rounds 8 --repeat 10 --warmup 10000 --threads 1
Each fakebank setup is PATH:EF with PATH one of bench search's --path values; extra bench search options (e.g.
--huge-pages) go after --fakebank-opts. Prints one JSON line per process, then one per round and a summary line.
"""
import argparse
import json
import os
import subprocess
import sys

from median_interval import median_interval  # tools/, this script's folder

HOME = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def interval(values):
    """(median, low, high): the distribution-free 95 % interval of the median of `values`."""
    return median_interval(values)[:3]


def run(cmd, env=None):
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=HOME)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"failed ({done.returncode}): {' '.join(cmd)}")
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    if len(rows) != 1:
        raise SystemExit(f"expected one row from {' '.join(cmd)}, got {len(rows)}")
    return rows[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vectors", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--gt", required=True)
    ap.add_argument("--faiss-index", required=True, help="a saved FAISS index (tools/bench-faiss.py --index)")
    ap.add_argument("--faiss-ef", type=int, required=True)
    ap.add_argument("--fakebank-index", required=True, help="bench search --index DIR holding the built index")
    ap.add_argument("--fakebank", action="append", required=True, metavar="PATH:EF")
    ap.add_argument("--fakebank-opts", default="", help="extra bench search options, e.g. --huge-pages")
    ap.add_argument("--rounds", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=10000)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    common = ["--vectors", a.vectors, "--queries", a.queries, "--gt", a.gt, "--warmup", str(a.warmup),
              "--repeat", str(a.repeat), "--threads", str(a.threads), "--json"]
    setups = [("faiss", ["python3", "tools/bench-faiss.py", *common, "--index", a.faiss_index,
                         "--ef", str(a.faiss_ef)])]
    for spec in a.fakebank:
        path, ef = spec.split(":")
        setups.append((f"fakebank {path}", ["tools/fakebank", "bench", "search", *common, "--index",
                                            a.fakebank_index, "--format", "float32", "--layout", "merged",
                                            "--path", path, "--ef", ef, *a.fakebank_opts.split()]))
    ratios = {name: [] for name, _ in setups[1:]}
    for r in range(1, a.rounds + 1):
        order = setups if r % 2 == 1 else list(reversed(setups))
        qps = {}
        for name, cmd in order:
            row = run(cmd)
            row["process"] = name
            row["round"] = r
            print(json.dumps(row), flush=True)
            qps[name] = row["qps"]
        line = {"round": r, "order": "forward" if r % 2 == 1 else "reverse", "faiss_qps": qps["faiss"]}
        for name in ratios:
            ratio = qps[name] / qps["faiss"]
            ratios[name].append(ratio)
            line[name + " qps"] = qps[name]
            line[name + " / faiss"] = round(ratio, 3)
        print(json.dumps(line), flush=True)
    summary = {"rounds": a.rounds, "threads": a.threads, "repeat": a.repeat, "faiss_ef": a.faiss_ef}
    for name, xs in ratios.items():
        median, low, high = interval(xs)
        summary[name + " / faiss median"] = round(median, 3)
        summary[name + " / faiss 95% interval"] = None if low is None else [round(low, 3), round(high, 3)]
    print(json.dumps(summary), flush=True)


if __name__ == "__main__":
    main()

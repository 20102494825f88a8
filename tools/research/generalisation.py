#!/usr/bin/python3
"""Which embedding of the nsfwjs MobileNetV2 1.4 generalises to UNSEEN generators?

Usage (Debian's /usr/bin/python3, torch 1.13, sklearn; ~10 min embedding on one thread, cached):

    /usr/bin/python3 tools/research/generalisation.py [--devset /work/shared/devset] \
        [--cache /tmp/fakebank-generalisation] [--out tools/research/generalisation.md]

Embedding: tools/research/mnv2_taps.py rebuilds the committed default encoder
(models/mobilenet-v2-140-nsfwjs/model.pt) from its own float32 weights (checked to reproduce its output)
and taps intermediate activations; per tap we keep the global average (mean) and the global std over
the spatial positions. Every image is embedded twice: from the original file and after re-encoding it in
memory as JPEG q90 4:2:0 (PIL), which removes the file-format shortcut (128/143 fakes are PNG).
Preprocessing (all to 224x224, /255, RGB):
  squash    bilinear resize to 224x224 ignoring the aspect ratio (the current default)
  short     bicubic resize of the shortest side to 224, centre crop 224
  none      centre crop 224x224 of the original pixels, no resizing
  crops5    no resizing, the 4 corner crops + centre crop, the pooled statistics averaged over crops
Variant = preprocessing + list of (tap, statistic). Each (tap, statistic) block is L2-normalised
separately, the blocks are concatenated and the whole vector L2-normalised again (what the Java side sees).

Metrics (labels: fake = 1):
  LGO   leave-generator-out: one fold per fake generator (8), the real images grouped by the folder of
        their `source` (source minus file name, 17 folders) and those groups spread over the 8 folds
        (seeded shuffle, greedy to the fold with the fewest reals), repeated for 3 seeds. Pooled ROC AUC of
        the out-of-fold scores, mean over seeds.
  LFO   leave-family-out: the same with 3 folds, one per generator family (StyleGAN2 / BigGAN-deep 256+512 /
        Stable Diffusion incl. the one unknown text-to-image image), 3 seeds as above.
  RND   stratified random 5-fold CV (2 repeats), pooled AUC, mean over repeats.
  LR    class-balanced L2 logistic regression (liblinear, like the Java probe) on the L2-normalised
        vector, C in C_GRID chosen by an inner 3-fold CV on the training fold only (grouped by outer-fold
        id for LGO/LFO, so the inner validation also holds out generators; stratified for RND).
  kNN   k=10 cosine neighbours in the training fold, score = sum(sim * is_fake) / sum(sim) (sim clipped >= 0).
"""
import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse
import csv
import io
import sys
import time
import warnings

import numpy as np
import torch
from PIL import Image
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold, StratifiedKFold

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mnv2_taps  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
TAPS = ["stem", "b0", "b1", "b2", "b3", "b5", "b9", "b12", "b15", "b16",
        "e2", "e5", "e9", "e12", "e15", "final"]
PREPROCS = ["squash", "short", "none", "crops5"]
C_GRID = [0.1, 1.0, 10.0, 100.0, 1000.0]
SIZE = 224
LGO_SEEDS = [0, 1, 2]
RND_REPEATS = 2
K = 10


# --------------------------------------------------------------------------- data

def load_manifest(devset):
    with open(os.path.join(devset, "manifest.csv"), newline="") as f:
        return list(csv.DictReader(f))


def load_image(path, jpeg_q90):
    im = Image.open(path).convert("RGB")
    if jpeg_q90:
        buf = io.BytesIO()
        im.save(buf, format="JPEG", quality=90, subsampling=2)  # 4:2:0
        buf.seek(0)
        im = Image.open(buf).convert("RGB")
    return im


def to_tensor(im):
    x = np.asarray(im, dtype=np.float32) / 255.0
    return torch.from_numpy(x.transpose(2, 0, 1).copy())


def crops(im, preproc):
    """List of 224x224 PIL crops for one image."""
    w, h = im.size
    if preproc == "squash":
        return [im.resize((SIZE, SIZE), Image.BILINEAR)]
    if preproc == "short":
        s = SIZE / min(w, h)
        nw, nh = max(SIZE, round(w * s)), max(SIZE, round(h * s))
        im = im.resize((nw, nh), Image.BICUBIC)
        l, t = (nw - SIZE) // 2, (nh - SIZE) // 2
        return [im.crop((l, t, l + SIZE, t + SIZE))]
    if min(w, h) < SIZE:  # never happens on the devset (smallest side 256); upscale as a fallback
        s = SIZE / min(w, h)
        im = im.resize((max(SIZE, round(w * s)), max(SIZE, round(h * s))), Image.BICUBIC)
        w, h = im.size
    l, t = (w - SIZE) // 2, (h - SIZE) // 2
    centre = im.crop((l, t, l + SIZE, t + SIZE))
    if preproc == "none":
        return [centre]
    if preproc == "crops5":
        return [centre, im.crop((0, 0, SIZE, SIZE)), im.crop((w - SIZE, 0, w, SIZE)),
                im.crop((0, h - SIZE, SIZE, h)), im.crop((w - SIZE, h - SIZE, w, h))]
    raise ValueError(preproc)


def extract(net, paths, preproc, jpeg, batch=16):
    """dict 'tap:mean' / 'tap:std' -> [N, C] float32 (averaged over crops)."""
    feats = {}
    per_img = []
    for p in paths:
        per_img.append(crops(load_image(p, jpeg), preproc))
    n_crops = len(per_img[0])
    flat = [c for cs in per_img for c in cs]
    out = {}
    for i in range(0, len(flat), batch):
        xs = torch.stack([to_tensor(c) for c in flat[i:i + batch]])
        with torch.no_grad():
            taps = net(xs)
        for t in TAPS:
            a = taps[t]
            out.setdefault(t + ":mean", []).append(a.mean(dim=(2, 3)).numpy())
            out.setdefault(t + ":std", []).append(a.std(dim=(2, 3), unbiased=False).numpy())
    for k, v in out.items():
        v = np.concatenate(v, 0)
        feats[k] = v.reshape(len(paths), n_crops, -1).mean(1).astype(np.float32)
    return feats


def get_features(args, paths):
    os.makedirs(args.cache, exist_ok=True)
    net = None
    allf = {}
    for preproc in PREPROCS:
        for jpeg in (False, True):
            key = "%s_%s" % (preproc, "jpeg90" if jpeg else "orig")
            fn = os.path.join(args.cache, key + ".npz")
            if os.path.exists(fn):
                d = np.load(fn)
                if all(t + ":mean" in d for t in TAPS) and d["stem:mean"].shape[0] == len(paths):
                    allf[key] = {k: d[k] for k in d.files}
                    continue
            if net is None:
                net = mnv2_taps.MNV2Taps(mnv2_taps.load_weights()).eval()
                d, scale = mnv2_taps.check_against(net)
                print("rebuilt MobileNetV2 vs committed model.pt: max |diff| %.2g (scale %.2g)" % (d, scale),
                      file=sys.stderr)
                if d > 1e-4 * max(1.0, scale):
                    raise SystemExit("rebuilt network does not reproduce model.pt")
            t0 = time.perf_counter()
            f = extract(net, paths, preproc, jpeg)
            np.savez(fn, **f)
            allf[key] = f
            print("embedded %s in %.0fs" % (key, time.perf_counter() - t0), file=sys.stderr)
    return allf


# --------------------------------------------------------------------------- folds

def family(gen):
    g = gen.lower()
    if g.startswith("stylegan"):
        return "stylegan"
    if g.startswith("biggan"):
        return "biggan"
    return "diffusion"  # stable-diffusion-* and the one 'unknown text-to-image model'


def group_folds(rows, fake_key, seed):
    """Outer-fold id per image: one fold per value of fake_key(generator) for the fakes; real source
    folders spread over the folds (seeded shuffle, greedy to the fold with the fewest reals)."""
    fake_groups = sorted({fake_key(r["generator"]) for r in rows if r["label"] == "fake"})
    fid = {g: i for i, g in enumerate(fake_groups)}
    folders = {}
    for i, r in enumerate(rows):
        if r["label"] == "real":
            folders.setdefault(r["source"].rsplit("/", 1)[0], []).append(i)
    names = sorted(folders)
    rng = np.random.RandomState(seed)
    rng.shuffle(names)
    names.sort(key=lambda n: -len(folders[n]))  # stable: big folders first, ties in shuffled order
    load = np.zeros(len(fake_groups))
    fold = np.full(len(rows), -1)
    for i, r in enumerate(rows):
        if r["label"] == "fake":
            fold[i] = fid[fake_key(r["generator"])]
    for n in names:
        j = int(np.argmin(load + rng.rand(len(load)) * 1e-3))
        fold[folders[n]] = j
        load[j] += len(folders[n])
    return fold


# --------------------------------------------------------------------------- probes

def fit_lr(X, y, C):
    m = LogisticRegression(C=C, class_weight="balanced", solver="liblinear", max_iter=2000)
    m.fit(X, y)
    return m


def inner_C(X, y, inner_splits):
    best, best_auc = C_GRID[0], -1
    for C in C_GRID:
        oof = np.zeros(len(y))
        for tr, te in inner_splits:
            oof[te] = fit_lr(X[tr], y[tr], C).decision_function(X[te])
        auc = roc_auc_score(y, oof)
        if auc > best_auc + 1e-9:
            best, best_auc = C, auc
    return best


def knn_scores(Xtr, ytr, Xte):
    S = Xte @ Xtr.T
    idx = np.argsort(-S, axis=1)[:, :K]
    s = np.clip(np.take_along_axis(S, idx, 1), 0, None) + 1e-9
    return (s * ytr[idx]).sum(1) / s.sum(1)


def evaluate(X, y, splits_list, inner_kind, folds_list=None):
    """Pooled OOF AUC (LR, kNN), mean over the list of outer split sets."""
    lr_aucs, knn_aucs, Cs = [], [], []
    for r, splits in enumerate(splits_list):
        oof_lr, oof_knn = np.zeros(len(y)), np.zeros(len(y))
        for tr, te in splits:
            if inner_kind == "group":
                g = folds_list[r][tr]
                n_inner = min(3, len(np.unique(g)))
                inner = list(GroupKFold(n_splits=n_inner).split(X[tr], y[tr], g))
            else:
                inner = list(StratifiedKFold(3, shuffle=True, random_state=100 + r).split(X[tr], y[tr]))
            C = inner_C(X[tr], y[tr], inner)
            Cs.append(C)
            oof_lr[te] = fit_lr(X[tr], y[tr], C).decision_function(X[te])
            oof_knn[te] = knn_scores(X[tr], y[tr], X[te])
        lr_aucs.append(roc_auc_score(y, oof_lr))
        knn_aucs.append(roc_auc_score(y, oof_knn))
    return float(np.mean(lr_aucs)), float(np.mean(knn_aucs)), Cs


def build(feats, blocks):
    parts = []
    for b in blocks:
        v = feats[b].astype(np.float64)
        parts.append(v / (np.linalg.norm(v, axis=1, keepdims=True) + 1e-12))
    X = np.concatenate(parts, 1)
    return X / np.linalg.norm(X, axis=1, keepdims=True)


# --------------------------------------------------------------------------- variants

def M(*taps):
    return [t + ":mean" for t in taps]


def MS(*taps):
    return [t + ":" + s for t in taps for s in ("mean", "std")]


MID = ("b2", "b5", "b9", "b12", "b15")
VARIANTS = []  # (label, preproc, blocks)
for pp in PREPROCS:
    VARIANTS.append(("final (baseline features)", pp, M("final")))
for t in ("stem", "b2", "b5", "b9", "b12", "e9"):
    VARIANTS.append(("%s mean" % t, "squash", M(t)))
for t in ("stem", "b0", "b1", "b2", "b3", "b5", "b9", "b12", "b15", "b16", "e2", "e5", "e9", "e12", "e15"):
    VARIANTS.append(("%s mean" % t, "none", M(t)))
for t in ("b9", "b12", "e9", "e12", "final"):
    VARIANTS.append(("%s mean+std" % t, "none", MS(t)))
for pp in ("short", "crops5"):
    VARIANTS.append(("e9 mean", pp, M("e9")))
for pp in PREPROCS:
    VARIANTS.append(("b2,b5,b9,b12,b15 mean", pp, M(*MID)))
    VARIANTS.append(("b2,b5,b9,b12,b15 mean+std", pp, MS(*MID)))
    VARIANTS.append(("b2,b5,b9,b12,b15 mean+std + final", pp, MS(*MID) + M("final")))
    VARIANTS.append(("e2,e5,e9,e12,e15 mean", pp, M("e2", "e5", "e9", "e12", "e15")))
    VARIANTS.append(("e2,e5,e9,e12,e15 mean + final", pp, M("e2", "e5", "e9", "e12", "e15", "final")))
    VARIANTS.append(("stem,b2,b5,b9 mean+std", pp, MS("stem", "b2", "b5", "b9")))
for pp in ("none", "crops5"):
    VARIANTS.append(("e9,e12 mean", pp, M("e9", "e12")))
    VARIANTS.append(("b9,e9,b12 mean", pp, M("b9", "e9", "b12")))
    VARIANTS.append(("e9 mean + final", pp, M("e9", "final")))
    VARIANTS.append(("e9,e12 mean + final", pp, M("e9", "e12", "final")))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--devset", default="/work/shared/devset")
    ap.add_argument("--cache", default="/tmp/fakebank-generalisation")
    ap.add_argument("--out", default=os.path.join(HERE, "generalisation.md"))
    ap.add_argument("--only", help="comma-separated variant indices (debug)")
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.set_grad_enabled(False)
    warnings.filterwarnings("ignore")

    rows = load_manifest(args.devset)
    paths = [os.path.join(args.devset, r["file"]) for r in rows]
    y = np.array([1 if r["label"] == "fake" else 0 for r in rows])
    allf = get_features(args, paths)

    lgo_folds = [group_folds(rows, lambda g: g, s) for s in LGO_SEEDS]
    lfo_folds = [group_folds(rows, family, s) for s in LGO_SEEDS]

    def splits_of(fold):
        return [(np.where(fold != k)[0], np.where(fold == k)[0]) for k in np.unique(fold)]

    lgo_splits = [splits_of(f) for f in lgo_folds]
    # control for the resolution shortcut: all 70 images of 256x256 are fakes (StyleGAN2, BigGAN-256);
    # LGO restricted to the images whose shortest side is >= 300 (fakes 512x512, reals ~512 long side)
    sub = np.array([min(int(r["width"]), int(r["height"])) >= 300 for r in rows])
    rows_sub = [r for r, k in zip(rows, sub) if k]
    sub_folds = [group_folds(rows_sub, lambda g: g, s) for s in LGO_SEEDS]
    sub_splits = [splits_of(f) for f in sub_folds]
    lfo_splits = [splits_of(f) for f in lfo_folds]
    rnd_splits = [list(StratifiedKFold(5, shuffle=True, random_state=r).split(np.zeros(len(y)), y))
                  for r in range(RND_REPEATS)]

    variants = VARIANTS
    if args.only:
        variants = [VARIANTS[int(i)] for i in args.only.split(",")]
    results = []
    for label, pp, blocks in variants:
        t0 = time.perf_counter()
        res = {"label": label, "pp": pp, "dim": None}
        for enc in ("jpeg90", "orig"):
            X = build(allf["%s_%s" % (pp, enc)], blocks)
            res["dim"] = X.shape[1]
            res[enc] = {
                "lgo": evaluate(X, y, lgo_splits, "group", lgo_folds)[:2],
                "lfo": evaluate(X, y, lfo_splits, "group", lfo_folds)[:2],
                "lgo512": evaluate(X[sub], y[sub], sub_splits, "group", sub_folds)[:2],
                "rnd": evaluate(X, y, rnd_splits, "strat")[:2],
            }
        results.append(res)
        j = res["jpeg90"]
        print("%-40s %-7s dim %5d | JPEG LGO LR %.3f kNN %.3f LFO LR %.3f 512 LR %.3f kNN %.3f RND LR %.3f | orig LGO LR %.3f"
              " RND %.3f (%.0fs)" % (label, pp, res["dim"], j["lgo"][0], j["lgo"][1], j["lfo"][0], j["lgo512"][0],
                            j["lgo512"][1], j["rnd"][0],
                            res["orig"]["lgo"][0], res["orig"]["rnd"][0], time.perf_counter() - t0),
              file=sys.stderr, flush=True)

    write_md(args, rows, y, results)


def write_md(args, rows, y, results):
    base = next(r for r in results if r["label"].startswith("final (") and r["pp"] == "squash")
    b = base["jpeg90"]["lgo"][0]
    lines = [
        "# Generalisation to unseen generators: which nsfwjs MobileNetV2 embedding?",
        "",
        "Generated by `tools/research/generalisation.py` (see its docstring for every detail). Devset",
        "`/work/shared/devset`: %d images (%d fake from 8 generators, %d real from 17 source folders)."
        % (len(y), y.sum(), (1 - y).sum()),
        "",
        "- **LGO** leave-generator-out (8 folds, one fake generator each, real source folders spread over the",
        "  folds; 3 seeds for the real assignment), **LFO** leave-family-out (3 folds: StyleGAN2 / BigGAN-deep",
        "  256+512 / Stable Diffusion), **RND** stratified random 5-fold (2 repeats). All: pooled out-of-fold",
        "  ROC AUC, mean over seeds/repeats.",
        "- **LR** class-balanced logistic regression (liblinear, C in %s by inner 3-fold CV on the training" % C_GRID,
        "  fold only, grouped by generator fold for LGO/LFO); **kNN** k=10 cosine, similarity-weighted vote.",
        "- Features: per (tap, statistic) block L2-normalised, concatenated, L2-normalised again. Taps: `stem`",
        "  (first conv), `bN` = output of block expanded_conv_N (after the projection + residual), `eN` = its",
        "  expand conv after ReLU6, `final` = the 1792-d conv before pooling (its mean = the current embedding).",
        "  `mean` = global average pool, `std` = global std pool over the spatial positions.",
        "- Preprocessing: `squash` (bilinear 224x224, current default), `short` (bicubic shortest side 224 +",
        "  centre crop), `none` (centre crop 224 of the original pixels), `crops5` (no resize, 4 corners + centre,",
        "  statistics averaged).",
        "- **JPEG q90**: every image re-encoded in memory (PIL, quality 90, 4:2:0) before preprocessing; this is",
        "  the column that counts (128/143 fakes are PNG, 98/105 reals are JPEG). Sorted by JPEG LGO LR AUC.",
        "- **LGO-512**: LGO restricted to the %d images whose shortest side is >= 300 px (6 generators). Control" % sum(
            min(int(r["width"]), int(r["height"])) >= 300 for r in rows),
        "  for a resolution shortcut: all 70 images of 256x256 are fakes (StyleGAN2, BigGAN-deep-256), so a pure",
        "  \"is 256 px\" detector already scores about 0.74 pooled LGO AUC; LGO-512 has no such shortcut.",
        "- Delta = JPEG LGO LR minus the baseline (final, squash) %.3f." % b,
        "",
        "| # | features | preproc | dim | JPEG LGO LR | JPEG LGO kNN | JPEG LFO LR | JPEG LFO kNN | JPEG RND LR | JPEG RND kNN "
        "| JPEG LGO-512 LR | JPEG LGO-512 kNN | orig LGO LR | orig LGO kNN | orig LFO LR | orig LGO-512 LR | orig RND LR | delta |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    order = sorted(range(len(results)), key=lambda i: -results[i]["jpeg90"]["lgo"][0])
    for rank, i in enumerate(order, 1):
        r = results[i]
        j, o = r["jpeg90"], r["orig"]
        name = r["label"] + (" **(baseline)**" if r is base else "")
        lines.append("| %d | %s | %s | %d | %s | %+.3f |" % (
            rank, name, r["pp"], r["dim"], " | ".join("%.3f" % v for v in (
                j["lgo"][0], j["lgo"][1], j["lfo"][0], j["lfo"][1], j["rnd"][0], j["rnd"][1],
                j["lgo512"][0], j["lgo512"][1], o["lgo"][0], o["lgo"][1], o["lfo"][0], o["lgo512"][0],
                o["rnd"][0])), j["lgo"][0] - b))
    lines += ["", "Reproduce (embeddings cached in `--cache`, default /tmp/fakebank-generalisation):", "", "```",
              "/usr/bin/python3 tools/research/generalisation.py", "```", ""]
    md = "\n".join(lines)
    tail = ""
    if os.path.exists(args.out):
        with open(args.out) as f:
            old = f.read()
        marker = "<!-- end of generated results -->"
        if marker in old:
            tail = old[old.index(marker):]
    with open(args.out, "w") as f:
        f.write(md + ("\n" + tail if tail else "\n<!-- end of generated results -->\n"))
    print(md)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Python reference embeddings for a fakebank CLIP model folder (test fixture).

Loads <model-dir>/model.pt with torch.jit.load (so the saved file itself is
checked), preprocesses every image in --images with each resize mode and
writes raw + L2-normalised embeddings and preprocessing debug info to --out.
With text.pt/tokenizer.json present (tiny WordLevel tokenizer only) also
writes text references for a few prompts.

--make-images DIR writes the three synthetic fixture images first.

Regenerate the committed fixture (Debian python with torch 1.13):
  /usr/bin/python3 tools/export-clip --random-init --tiny --text \\
      --out src/test/resources/tiny-clip/model
  /usr/bin/python3 tools/clip-reference.py \\
      --make-images src/test/resources/tiny-clip/images \\
      --model-dir src/test/resources/tiny-clip/model \\
      --images src/test/resources/tiny-clip/images \\
      --out src/test/resources/tiny-clip/reference.json
"""

import argparse
import json
import os
import re

import numpy as np
import torch
from PIL import Image, ImageDraw

PREPROCESS_NOTES = [
    "Decode with PIL, convert('RGB') (8-bit sRGB, no colour management). All resizing happens on the uint8 PIL image.",
    "Resampling = PIL Image.resize((w, h), Image.BICUBIC) (Pillow 9.4): separable bicubic (a = -0.5), support scaled by the "
    "down-scale factor (antialiased), horizontal pass first then vertical pass, each pass rounded and clipped to uint8 "
    "(fixed-point coefficients); no reducing_gap.",
    "shortest-side: short, long = min(w, h), max(w, h); new_short = size; new_long = int(size * long / short) "
    "(Python float division, truncated toward zero, torchvision rule); resize (skipped if already that size), then centre crop.",
    "Centre crop of size x size from (W, H): top = int(round((H - size) / 2.0)), left = int(round((W - size) / 2.0)); "
    "Python round() = round-half-to-even (Java Math.rint, NOT Math.round). None of the fixture images hit a .5 case.",
    "none (UnivFD): no resize; if min(W, H) < size, first do the shortest-side resize above; then the same centre crop.",
    "squash: PIL resize straight to (size, size) bicubic, no crop.",
    "To tensor: float32 x = uint8 / 255 (value_range [0, 1]), then (x - mean[c]) / std[c] in float32 with mean/std from model.json; "
    "layout NCHW, channel order RGB.",
    "raw = model.pt output (float32, unnormalised); embedding = raw / ||raw||_2.",
    "debug: resized = size after resize ([w, h]), crop = [left, top, right, bottom] in the resized image, "
    "tensor_mean = per-channel mean of the normalised tensor, input_mean_01 = per-channel mean of the [0, 1] tensor, "
    "pixels_00 = normalised values at (c, y=0, x=0..3).",
]


def make_images(d):
    os.makedirs(d, exist_ok=True)
    rs = np.random.RandomState(42)
    # a.png 320x240: gradient + shapes
    w, h = 320, 240
    x = np.linspace(0, 1, w)[None, :]
    y = np.linspace(0, 1, h)[:, None]
    arr = np.stack([255 * x * np.ones_like(y), 255 * y * np.ones_like(x),
                    255 * (1 - 0.5 * x - 0.5 * y)], -1).astype(np.uint8)
    im = Image.fromarray(arr, "RGB")
    dr = ImageDraw.Draw(im)
    dr.rectangle([30, 40, 130, 150], fill=(220, 30, 40))
    dr.ellipse([170, 60, 300, 200], fill=(20, 200, 90), outline=(0, 0, 0), width=4)
    dr.line([0, 239, 319, 0], fill=(255, 255, 0), width=6)
    dr.polygon([(150, 10), (190, 90), (110, 90)], fill=(40, 40, 230))
    im.save(os.path.join(d, "a.png"), optimize=True)
    # b.png 200x300: blocky noise + circle
    w, h = 200, 300
    blocks = rs.randint(0, 256, (h // 4, w // 4, 3)).astype(np.uint8)
    arr = np.kron(blocks, np.ones((4, 4, 1), np.uint8))
    fine = np.repeat(rs.randint(0, 2, (h, w, 1)) * 10, 3, axis=2)  # per-pixel grey noise, 2 levels (keeps PNG < 60 KB)
    arr = np.clip(arr.astype(int) + fine - 5, 0, 255).astype(np.uint8)
    im = Image.fromarray(arr, "RGB")
    dr = ImageDraw.Draw(im)
    dr.ellipse([40, 90, 160, 210], fill=(250, 250, 250), outline=(10, 10, 10), width=3)
    im.save(os.path.join(d, "b.png"), optimize=True)
    # c.jpg 256x256: checkerboard + sinusoid pattern, 4:4:4 (no chroma subsampling)
    n = 256
    yy, xx = np.mgrid[0:n, 0:n]
    checker = ((xx // 32 + yy // 32) % 2) * 120
    r = 60 + checker + 60 * np.sin(xx / 9.0)
    g = 90 + 0.5 * checker + 70 * np.cos(yy / 13.0)
    b = 128 + 100 * np.sin((xx + yy) / 21.0)
    arr = np.clip(np.stack([r, g, b], -1), 0, 255).astype(np.uint8)
    Image.fromarray(arr, "RGB").save(os.path.join(d, "c.jpg"), quality=90, subsampling=0)
    for f in sorted(os.listdir(d)):
        print(f"  {f}: {os.path.getsize(os.path.join(d, f))} bytes")


def resize_shortest(im, size):
    w, h = im.size
    short, long = (w, h) if w <= h else (h, w)
    new_short, new_long = size, int(size * long / short)
    nw, nh = (new_short, new_long) if w <= h else (new_long, new_short)
    if (nw, nh) == (w, h):
        return im
    return im.resize((nw, nh), Image.BICUBIC)


def center_crop(im, size):
    w, h = im.size
    top = int(round((h - size) / 2.0))
    left = int(round((w - size) / 2.0))
    box = (left, top, left + size, top + size)
    return im.crop(box), list(box)


def preprocess(im, size, mode):
    if mode == "shortest-side":
        im = resize_shortest(im, size)
        resized = list(im.size)
        im, box = center_crop(im, size)
    elif mode == "none":
        if min(im.size) < size:
            im = resize_shortest(im, size)
        resized = list(im.size)
        im, box = center_crop(im, size)
    elif mode == "squash":
        im = im.resize((size, size), Image.BICUBIC) if im.size != (size, size) else im
        resized, box = [size, size], [0, 0, size, size]
    else:
        raise ValueError(mode)
    return im, resized, box


def to_tensor(im, mean, std):
    x01 = np.asarray(im, dtype=np.uint8).astype(np.float32) / np.float32(255.0)  # HWC
    x = (x01 - np.array(mean, np.float32)) / np.array(std, np.float32)
    return torch.from_numpy(np.ascontiguousarray(x.transpose(2, 0, 1)))[None], x01


def tiny_tokenize(text, vocab, ctx):
    # == tokenizer.json: Lowercase normalizer, Whitespace pre-tokenizer (\w+|[^\w\s]+), WordLevel
    toks = re.findall(r"\w+|[^\w\s]+", text.lower())
    ids = [vocab["<|startoftext|>"]] + [vocab.get(t, vocab["<|unk|>"]) for t in toks] + [vocab["<|endoftext|>"]]
    ids = ids[:ctx]
    ids[-1] = vocab["<|endoftext|>"]
    return ids


def l2(v):
    return v / np.linalg.norm(v)


def flist(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--make-images", metavar="DIR", help="write the synthetic fixture images to DIR first")
    ap.add_argument("--model-dir", required=True)
    ap.add_argument("--images", required=True, help="folder of images (.png/.jpg)")
    ap.add_argument("--out", required=True, help="reference.json to write")
    args = ap.parse_args()

    if args.make_images:
        make_images(args.make_images)
    meta = json.load(open(os.path.join(args.model_dir, "model.json")))
    pp = meta["preprocess"]
    size, mean, std = pp["size"], pp["mean"], pp["std"]
    model = torch.jit.load(os.path.join(args.model_dir, meta["file"]))
    model.eval()
    out_dir = os.path.dirname(os.path.abspath(args.out))
    modes = ["shortest-side", "none", "squash"]
    ref = {"model": meta["name"], "model_sha256": meta["sha256"], "size": size, "mean": mean, "std": std,
           "torch": torch.__version__, "pillow": Image.__version__ if hasattr(Image, "__version__") else "",
           "preprocess_notes": PREPROCESS_NOTES, "images": []}
    batch, singles = [], []
    files = sorted(f for f in os.listdir(args.images) if f.lower().endswith((".png", ".jpg", ".jpeg")))
    with torch.no_grad():
        for f in files:
            path = os.path.join(args.images, f)
            with Image.open(path) as im0:
                im0 = im0.convert("RGB")
            entry = {"file": os.path.relpath(path, out_dir).replace(os.sep, "/"), "width": im0.size[0],
                     "height": im0.size[1]}
            for mode in modes:
                im, resized, box = preprocess(im0, size, mode)
                x, x01 = to_tensor(im, mean, std)
                raw = model(x)[0].numpy().astype(np.float64)
                entry[mode] = {
                    "resized": resized, "crop": box,
                    "tensor_mean": flist(x[0].mean(dim=(1, 2)).numpy()),
                    "input_mean_01": flist(x01.mean(axis=(0, 1))),
                    "pixels_00": [flist(x[0, c, 0, :4].numpy()) for c in range(3)],
                    "raw": flist(raw), "embedding": flist(l2(raw)),
                }
                if mode == "shortest-side":
                    batch.append(x)
                    singles.append(raw)
            ref["images"].append(entry)
            print(f"  {f}: {im0.size} ok")
        # batch consistency check of the saved file
        got = model(torch.cat(batch, 0)).numpy()
        err = max(np.abs(got[i] - singles[i]).max() for i in range(len(singles)))
        print(f"  batch {len(batch)} vs single max abs err {err:.2e}")
        assert err < 1e-4
        embs = [l2(np.array(e["shortest-side"]["raw"])) for e in ref["images"]]
        cos = [[float(np.dot(a, b)) for b in embs] for a in embs]
        ref["cosine_between_images_shortest_side"] = cos
        print("  cosine between images:", np.round(cos, 4).tolist())

        tj = os.path.join(args.model_dir, "text.json")
        if os.path.exists(tj):
            tmeta = json.load(open(tj))
            tok = json.load(open(os.path.join(args.model_dir, tmeta["tokenizer"])))
            if tok["model"]["type"] == "WordLevel":
                vocab = tok["model"]["vocab"]
                ctx = tmeta["context_length"]
                text_model = torch.jit.load(os.path.join(args.model_dir, tmeta["file"]))
                prompts = ["a photo of a cat", "AI generated image of a dog!",
                           "Real camera photo, natural landscape.", "a zebra"]
                ref["text_notes"] = ("ids = tokenizer.json encoding with special tokens (<|startoftext|> ... "
                                     "<|endoftext|>); model input = ids right-padded with pad_id %d to %d "
                                     "(padding after <|endoftext|> does not change the output)"
                                     % (tmeta["pad_id"], ctx))
                ref["texts"] = []
                for p in prompts:
                    ids = tiny_tokenize(p, vocab, ctx)
                    t = torch.tensor([ids + [tmeta["pad_id"]] * (ctx - len(ids))], dtype=torch.int64)
                    raw = text_model(t)[0].numpy().astype(np.float64)
                    ref["texts"].append({"text": p, "ids": ids, "raw": flist(raw), "embedding": flist(l2(raw))})
                print(f"  {len(prompts)} text references")
    with open(args.out, "w") as fh:
        json.dump(ref, fh, indent=1)
        fh.write("\n")
    print(f"wrote {args.out} ({os.path.getsize(args.out)} bytes)")


if __name__ == "__main__":
    main()

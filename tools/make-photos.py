#!/usr/bin/env python3
"""Phone-photo-sized JPEGs for `fakebank bench embed`: each input image upscaled (bicubic) and tiled 2x2 with
mirrored copies to 4000x3000, saved as JPEG quality 92 with 4:2:0 chroma, like a 12 MP phone photo.
For benchmarks only: write them to a temp folder, never commit them.

Run:  python3 tools/make-photos.py --count 40 ../shared/devset /tmp/photos12mp   (needs Pillow; ~1 min)
"""
import argparse
import os

from PIL import Image, ImageOps

W, H = 4000, 3000


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("source")
    ap.add_argument("out")
    ap.add_argument("--count", type=int, default=40)
    a = ap.parse_args()
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(a.source) for f in fs
                   if f.lower().endswith((".jpg", ".jpeg", ".png", ".webp")))
    os.makedirs(a.out, exist_ok=True)
    for i, path in enumerate(files[:a.count]):
        tile = Image.open(path).convert("RGB").resize((W // 2, H // 2), Image.BICUBIC)
        photo = Image.new("RGB", (W, H))
        photo.paste(tile, (0, 0))
        photo.paste(ImageOps.mirror(tile), (W // 2, 0))
        photo.paste(ImageOps.flip(tile), (0, H // 2))
        photo.paste(ImageOps.flip(ImageOps.mirror(tile)), (W // 2, H // 2))
        photo.save(os.path.join(a.out, f"photo{i:03d}.jpg"), quality=92, subsampling=2)
    print(f"{min(len(files), a.count)} photos of {W}x{H} in {a.out}")


if __name__ == "__main__":
    main()

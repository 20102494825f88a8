#!/usr/bin/env python3
"""Keeps a seed-bank thumbnail only where the image's licence allows redistribution with attribution.

Reads an exported bank file (gzip JSON lines, with thumbnails) and the labelled manifests it was built from
(columns file,label,...,source,license,...,sha256), and writes the seed bank: every entry keeps its vector and
metadata; the thumbnail stays only when `redistributable(licence)` says so; the licence text goes into `note` as
the attribution the page shows beside the thumbnail. The policy is written down in docs/seed-bank.md.

Usage: tools/seed-licences.py EXPORTED.jsonl.gz OUT.jsonl.gz MANIFEST.csv [MANIFEST.csv ...]
"""
import csv
import gzip
import json
import sys

# A licence string is redistributable when it names one of these and none of the words below. Conservative on
# purpose: an unclear or mixed licence ("various", "provenance varies", "research use") keeps its pixels out.
ALLOW = ("mit", "apache", "bsd", "cc-by-4.0", "cc-by-sa", "cc0", "public domain", "gpl", "unrestricted use")
DENY = ("all rights reserved", "no licence", "no license", "research", "non-commercial", "-nc", "vary", "varies",
        "various", "not per-file", "terms of use")


def redistributable(licence):
    text = (licence or "").lower()
    if not text or any(word in text for word in DENY):
        return False
    return any(word in text for word in ALLOW)


def licences_by_sha(manifests):
    by_sha = {}
    for path in manifests:
        with open(path, newline="", encoding="utf-8-sig") as f:
            for row in csv.DictReader(f):
                if row.get("sha256"):
                    by_sha[row["sha256"]] = row.get("license", "")
    return by_sha


def main(argv):
    if len(argv) < 4:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    exported, out, manifests = argv[1], argv[2], argv[3:]
    licences = licences_by_sha(manifests)
    kept = dropped = unknown = 0
    with gzip.open(exported, "rt", encoding="utf-8") as src, gzip.open(out, "wt", encoding="utf-8") as dst:
        for line in src:
            record = json.loads(line)
            if "sha256" not in record or "vector" not in record:
                dst.write(line)  # the header line (encoder identity) passes through
                continue
            licence = licences.get(record["sha256"])
            if licence is None:
                unknown += 1
            if redistributable(licence):
                kept += 1
                record["note"] = "Licence: " + licence
            else:
                dropped += record.pop("thumbnail", None) is not None
                if licence:
                    record["note"] = "Licence: " + licence + " (thumbnail not redistributed)"
            dst.write(json.dumps(record, separators=(",", ":")) + "\n")
    print(f"thumbnails kept {kept}, left out {dropped}, entries without a manifest row {unknown}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

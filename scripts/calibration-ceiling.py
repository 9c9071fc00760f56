#!/usr/bin/env python3
"""How far could per-finding weights take the score's agreement with the labelled judgements?

Runs `calidad validate --format json` on every file of the labelled corpus, then compares
three things by Spearman's rank correlation with the reviewer's `quality_judgement`:

1. the rubric as shipped (the file's mark, as `calidad_score::file_mark` computes it);
2. an in-sample fit: the mark before caps minus a free weight per finding code present
   (random search), plus a free privacy cap — deliberately over-fitted, as an upper bound;
3. the same fit, leave-one-out: each file's mark predicted from weights fitted on the other
   files. This is what such a tuning would be worth on a file that is not in the corpus.

Usage: scripts/calibration-ceiling.py [CALIDAD_BINARY] [LABELLED_DIR]
Standard library only; deterministic (fixed seed).
"""

import collections
import csv
import json
import random
import re
import statistics
import subprocess
import sys
from pathlib import Path

BINARY = sys.argv[1] if len(sys.argv) > 1 else "target/release/calidad"
LABELLED = Path(sys.argv[2] if len(sys.argv) > 2 else "../shared/corpus/labelled")
# Findings on almost every file, or privacy findings whose cost is the cap itself.
IGNORED = {"doubled-spaces", "possible-personal-data", "reidentification-risk", "not-a-table",
           "personal-data", "personal-data-in-text", "sensitive-data-exposed"}
DRAWS = 3000


def ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    i = 0
    while i < len(values):
        k = i
        while k + 1 < len(values) and values[order[k + 1]] == values[order[i]]:
            k += 1
        for m in range(i, k + 1):
            result[order[m]] = (i + k) / 2 + 1
        i = k + 1
    return result


def spearman(a, b):
    a, b = ranks(a), ranks(b)
    n = len(a)
    ma, mb = sum(a) / n, sum(b) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(a, b))
    return cov / (sum((x - ma) ** 2 for x in a) * sum((y - mb) ** 2 for y in b)) ** 0.5


def load():
    files = []
    with open(LABELLED / "LABELS.tsv", encoding="utf-8") as labels:
        for row in csv.DictReader(labels, delimiter="\t"):
            judgement = float(re.match(r"\s*([0-9.]+)", row["quality_judgement"]).group(1))
            out = subprocess.run([BINARY, "validate", "--format", "json", str(LABELLED / row["file"])],
                                 capture_output=True, text=True, check=False)
            report = json.loads(out.stdout)
            scored = [t["calidad"]["score"] for t in report["tasks"] if t.get("calidad", {}).get("score")]
            codes = collections.Counter()
            for task in report["tasks"]:
                codes.update(e["type"] for e in task["errors"])
                codes.update(f["type"] for f in task["calidad"]["findings"])
            if scored:
                limit = min([10.0] + [c["limit"] for s in scored for c in s["caps"]])
                mark = round(min(statistics.mean(s["overall"] for s in scored), limit), 1)
                uncapped = statistics.mean(s["uncapped"] for s in scored)
                privacy_capped = any(c["id"] == "G3" for s in scored for c in s["caps"])
            else:
                mark, uncapped, privacy_capped = 1.0, 1.0, False
            files.append(dict(file=row["file"], judgement=judgement, mark=mark, uncapped=uncapped,
                              privacy_capped=privacy_capped, codes=set(codes) - IGNORED))
    return files


def fitted(f, weights, privacy_cap):
    value = f["uncapped"] - sum(weights.get(c, 0.0) for c in f["codes"])
    return min(value, privacy_cap) if f["privacy_capped"] else value


def main():
    files = load()
    judged = [f["judgement"] for f in files]
    codes = sorted({c for f in files for c in f["codes"]})
    rng = random.Random(1)
    draws = [({c: rng.choice([0, 0.25, 0.5, 1, 1.5]) for c in codes}, rng.choice([3, 5, 6, 7]))
             for _ in range(DRAWS)]

    def best(subset):
        js = [f["judgement"] for f in subset]
        return max(draws, key=lambda d: spearman(js, [fitted(f, *d) for f in subset]))

    shipped = spearman(judged, [f["mark"] for f in files])
    weights, cap = best(files)
    in_sample = spearman(judged, [fitted(f, weights, cap) for f in files])
    held_out = []
    for i, f in enumerate(files):
        w, c = best(files[:i] + files[i + 1:])
        held_out.append(fitted(f, w, c))
    loo = spearman(judged, held_out)
    print(f"files: {len(files)}, finding codes used: {len(codes)}, draws: {DRAWS}")
    print(f"rubric as shipped:              Spearman {shipped:.3f}")
    print(f"per-code weights, in sample:    Spearman {in_sample:.3f} (privacy cap {cap})")
    print(f"per-code weights, leave-one-out: Spearman {loo:.3f}")


if __name__ == "__main__":
    main()

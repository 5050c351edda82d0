#!/usr/bin/env python3
"""Reads a JMH JSON result and prints, per benchmark and configuration, each variant's score as a ratio to
the reference variant measured in the same run (the first value of the last @Param, e.g. every=0)."""
import json
import sys
from collections import defaultdict

rows = json.load(open(sys.argv[1]))
groups = defaultdict(dict)
for row in rows:
    params = row.get("params", {})
    keys = list(params)
    variant_key = keys[-1] if keys else None
    group = (row["benchmark"], tuple((k, params[k]) for k in keys[:-1]))
    groups[group][params.get(variant_key, "")] = (row["primaryMetric"]["score"], row["primaryMetric"]["scoreError"],
                                                 row["primaryMetric"]["scoreUnit"], variant_key)
for (bench, params), variants in groups.items():
    names = list(variants)
    reference = variants[names[0]][0]
    label = " ".join(f"{k}={v}" for k, v in params)
    for name in names:
        score, error, unit, key = variants[name]
        print(f"{bench.rsplit('.', 1)[-1]:24s} {label:30s} {key}={name:4s} {score:10.3f} ± {error:7.3f} {unit}"
              f"  ratio to {key}={names[0]}: {score / reference:.3f}")

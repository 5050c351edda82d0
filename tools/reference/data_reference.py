#!/usr/bin/env python3
"""Writes src/test/resources/golden/data/datasets.json, the reference for MLP Lab's data kinds.

moons and circles are scikit-learn's own make_moons and make_circles, called with the job's stream as their
random_state (a numpy RandomState seeded with the job's seed). xor and spirals are MLP Lab's own kinds; this
program is their definition in numpy, draw for draw as the README documents them. The pipeline cases add the
steps every kind shares, in the job's order: noise features from the same stream, StandardScaler fitted on all
samples, train_test_split(test_size, random_state=seed), then label noise on the training labels from the
stream; "next" is what the stream draws afterwards (where the weights start).

Run with Debian's python3 (python3-numpy, python3-sklearn):
    /usr/bin/python3 tools/reference/data_reference.py
"""
import json
import math
import pathlib

import numpy as np
import sklearn
from sklearn.datasets import make_circles, make_moons
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

OUT = pathlib.Path(__file__).resolve().parents[2] / "src/test/resources/golden/data/datasets.json"


def xor(n, noise, rs):
    p = 2 * rs.rand(n, 2) - 1
    y = ((p[:, 0] > 0) != (p[:, 1] > 0)).astype(np.intp)
    return p + noise * rs.randn(n, 2), y


def spirals(n, arms, noise, rs):
    x = np.zeros((n, 2))
    y = np.zeros(n, dtype=np.intp)
    for a in range(arms):
        lo, hi = a * n // arms, (a + 1) * n // arms
        m = hi - lo
        r = np.arange(m) / m
        t = 1.75 * (2 * math.pi) * r + (2 * math.pi) * a / arms
        x[lo:hi, 0] = r * np.sin(t)
        x[lo:hi, 1] = r * np.cos(t)
        y[lo:hi] = a
    return x + noise * rs.randn(n, 2), y


def generate(case, rs):
    kind = case["kind"]
    n = case["samples"]
    if kind == "moons":
        return make_moons(n, noise=case["noise"], random_state=rs)
    if kind == "circles":
        return make_circles(n, noise=case["noise"], factor=case["factor"], random_state=rs)
    if kind == "xor":
        return xor(n, case["noise"], rs)
    if kind == "spirals":
        return spirals(n, case["arms"], case["noise"], rs)
    raise ValueError(kind)


def flip(y, fraction, classes, rs):
    y = y.copy()
    k = math.floor(fraction * len(y))
    if k == 0:
        return y
    order = rs.permutation(len(y))
    for row in order[:k]:
        y[row] = 1 - y[row] if classes == 2 else (y[row] + rs.randint(1, classes)) % classes
    return y


def rows(m):
    return [[float(v) for v in row] for row in np.atleast_2d(m)]


GENERATORS = [
    {"kind": "moons", "samples": 7, "noise": 0.1, "seed": 3},
    {"kind": "moons", "samples": 500, "noise": 0.2, "seed": 42},
    {"kind": "moons", "samples": 101, "noise": 0.0, "seed": 0},
    {"kind": "circles", "samples": 8, "noise": 0.05, "factor": 0.8, "seed": 1},
    {"kind": "circles", "samples": 501, "noise": 0.1, "factor": 0.5, "seed": 42},
    {"kind": "xor", "samples": 9, "noise": 0.1, "seed": 5},
    {"kind": "xor", "samples": 500, "noise": 0.1, "seed": 42},
    {"kind": "spirals", "samples": 10, "arms": 2, "noise": 0.05, "seed": 7},
    {"kind": "spirals", "samples": 600, "arms": 3, "noise": 0.1, "seed": 42},
]

PIPELINES = [
    {"kind": "moons", "samples": 200, "noise": 0.1, "seed": 11, "noiseFeatures": 3, "labelNoise": 0.1,
     "testFraction": 0.2, "standardize": True, "classes": 2},
    {"kind": "spirals", "samples": 90, "arms": 3, "noise": 0.05, "seed": 5, "noiseFeatures": 0, "labelNoise": 0.25,
     "testFraction": 0.3, "standardize": True, "classes": 3},
    {"kind": "circles", "samples": 50, "noise": 0.05, "factor": 0.8, "seed": 2, "noiseFeatures": 1,
     "labelNoise": 0.0, "testFraction": 0.2, "standardize": False, "classes": 2},
]


def main():
    generators = []
    for case in GENERATORS:
        rs = np.random.RandomState(case["seed"])
        x, y = generate(case, rs)
        generators.append(dict(case, x=rows(x), y=[int(v) for v in y], next=float(rs.rand())))
    pipelines = []
    for case in PIPELINES:
        rs = np.random.RandomState(case["seed"])
        x, y = generate(case, rs)
        if case["noiseFeatures"]:
            x = np.hstack([x, rs.randn(len(x), case["noiseFeatures"])])
        if case["standardize"]:
            scaler = StandardScaler().fit(x)
            mean, scale = scaler.mean_, scaler.scale_
        else:
            mean, scale = np.zeros(x.shape[1]), np.ones(x.shape[1])
        x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=case["testFraction"],
                                                            random_state=case["seed"])
        y_noisy = flip(y_train, case["labelNoise"], case["classes"], rs)
        pipelines.append(dict(case, trainX=rows(x_train), trainY=[int(v) for v in y_noisy],
                              cleanTrainY=[int(v) for v in y_train], testX=rows(x_test),
                              testY=[int(v) for v in y_test], mean=[float(v) for v in mean],
                              scale=[float(v) for v in scale], next=[float(v) for v in rs.rand(3)]))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"numpy": np.__version__, "sklearn": sklearn.__version__,
                               "generators": generators, "pipelines": pipelines}) + "\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()

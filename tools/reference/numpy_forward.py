#!/usr/bin/env python3
"""The forward pass of a trained MLP Lab network in numpy, from GET /api/v1/jobs/{id}/model alone.

Usage: python3 tools/reference/numpy_forward.py MODEL.json INPUTS.json
MODEL.json is the /model answer, INPUTS.json a predict body ({"x": [[...], ...]}, raw features). Prints
{"outputs": [[...], ...]}, which must equal what POST /api/v1/jobs/{id}/predict answers for the same rows
(InspectApiTests checks it). The lines between the markers are the README's (there the model comes from requests.get(...).json()).
"""
import json
import sys

import numpy as np

m = json.load(open(sys.argv[1]))
x = json.load(open(sys.argv[2]))["x"]


def forward(entries, a):
    """Every kind of the layer list, as an evaluation pass computes it (dropout is the identity)."""
    for e in entries:
        t = e["type"]
        if t == "linear":
            a = a @ np.array(e["weight"]) + e["bias"]
        elif t == "activation":
            a = ACTIVATIONS[e["function"]](e)(a)
        elif t == "layer_norm":
            mu = a.mean(axis=1, keepdims=True)
            var = ((a - mu) ** 2).mean(axis=1, keepdims=True)
            a = np.array(e["weight"]) * (a - mu) / np.sqrt(var + e["eps"]) + e["bias"]
        elif t == "batch_norm":
            a = np.array(e["weight"]) * (a - e["runningMean"]) / np.sqrt(np.array(e["runningVar"]) + e["eps"]) + e["bias"]
        elif t == "dropout":
            pass
        elif t == "residual":
            a = a + forward(e["layers"], a)
        else:
            raise SystemExit("unknown layer type " + t)
    return a


ACTIVATIONS = {
    "relu": lambda e: lambda z: np.maximum(z, 0),
    "sigmoid": lambda e: lambda z: 1 / (1 + np.exp(-z)),
    "tanh": lambda e: np.tanh,
    "linear": lambda e: lambda z: z,
    "leaky_relu": lambda e: lambda z: np.where(z > 0, z, e["negativeSlope"] * z),
}

if any(e["type"] not in ("linear", "activation") for e in m["layers"]):
    a = (np.asarray(x) - m["scaler"]["mean"]) / m["scaler"]["scale"]
    z = forward(m["layers"], a) @ np.array(m["output"]["weight"]) + m["output"]["bias"]
    print(json.dumps({"outputs": ACTIVATIONS[m["output"]["activation"]](m["output"])(z).tolist()}))
    sys.exit(0)

# --- the README's five lines ---
f = {"relu": lambda z: np.maximum(z, 0), "sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh, "linear": lambda z: z}
a = (np.asarray(x) - m["scaler"]["mean"]) / m["scaler"]["scale"]
for e in m["layers"]: a = a @ np.array(e["weight"]) + e["bias"] if e["type"] == "linear" else f[e["function"]](a)  # noqa: E701
out = f[m["output"]["activation"]](a @ np.array(m["output"]["weight"]) + m["output"]["bias"])
# --- end ---

print(json.dumps({"outputs": out.tolist()}))

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

# --- the README's five lines ---
f = {"relu": lambda z: np.maximum(z, 0), "sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh, "linear": lambda z: z}
a = (np.asarray(x) - m["scaler"]["mean"]) / m["scaler"]["scale"]
for e in m["layers"]: a = a @ np.array(e["weight"]) + e["bias"] if e["type"] == "linear" else f[e["function"]](a)  # noqa: E701
out = f[m["output"]["activation"]](a @ np.array(m["output"]["weight"]) + m["output"]["bias"])
# --- end ---

print(json.dumps({"outputs": out.tolist()}))

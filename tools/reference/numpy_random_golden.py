#!/usr/bin/env python3
"""Writes src/test/resources/golden/numpy-random.json, the reference the Java port of
numpy's legacy RandomState, train_test_split and StandardScaler is tested against.

Run from anywhere with a Python that has numpy, scikit-learn and mpmath
(on Debian: /usr/bin/python3 with python3-sklearn, which pulls in python3-mpmath):

    /usr/bin/python3 tools/reference/numpy_random_golden.py

The output is committed because CI has no Python. Floats are written with repr,
the shortest decimal that round-trips, so the Java side can compare bit for bit.
Long streams are stored as SHA-256 digests of their little-endian bytes (int32 for
permutations, float64 for samples) to keep the file small.

Gaussians: numpy's legacy_gauss calls the C library's log, which is not correctly
rounded; the Java port uses a correctly rounded log so that it is the same on every
platform. Every randn sequence below therefore carries "crLogExceptions": the
positions where numpy's value differs from the same algorithm with a correctly
rounded log, with both values. The script first checks that the model, given the C
library's log, reproduces numpy exactly, so the log is the only difference.
"""
import hashlib
import json
import math
import pathlib
import platform

import mpmath
import numpy as np
import sklearn
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

OUT = pathlib.Path(__file__).resolve().parents[2] / "src/test/resources/golden/numpy-random.json"
SEEDS = [0, 42, 2**32 - 1]
mpmath.mp.prec = 200


def cr_log(x):
    return float(mpmath.log(mpmath.mpf(x)))


class LegacyModel:
    """numpy's legacy RandomState rand/randn, with a pluggable log."""

    def __init__(self, seed, log):
        self.rs = np.random.RandomState(seed)
        self.log = log
        self.gauss = None

    def rand(self):
        return float(self.rs.rand())

    def randn(self):
        if self.gauss is not None:
            g, self.gauss = self.gauss, None
            return g
        while True:
            x1 = 2.0 * self.rand() - 1.0
            x2 = 2.0 * self.rand() - 1.0
            r2 = x1 * x1 + x2 * x2
            if 0.0 < r2 < 1.0:
                break
        f = math.sqrt(-2.0 * self.log(r2) / r2)
        self.gauss = f * x1
        return f * x2


def draw(model, ops):
    return [model.rand() if op == "rand" else model.randn() for op in ops]


def gaussian_case(seed, ops, numpy_values):
    """numpy's values plus the positions where a correctly rounded log changes them."""
    numpy_values = [float(v) for v in np.ravel(numpy_values)]
    assert draw(LegacyModel(seed, math.log), ops) == numpy_values, "model does not reproduce numpy"
    cr = draw(LegacyModel(seed, cr_log), ops)
    exceptions = [{"index": i, "numpy": n, "correctlyRounded": c}
                  for i, (n, c) in enumerate(zip(numpy_values, cr)) if n != c]
    return numpy_values, exceptions


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def sha256(a, dtype):
    return hashlib.sha256(np.ascontiguousarray(a, dtype=np.dtype(dtype).newbyteorder("<")).tobytes()).hexdigest()


def randn_case(seed, count):
    values, exceptions = gaussian_case(seed, ["randn"] * count, np.random.RandomState(seed).randn(count))
    return {"seed": seed, "values": values, "crLogExceptions": exceptions}


def interleaved_case(seed, ops):
    rs = np.random.RandomState(seed)
    values, exceptions = gaussian_case(seed, ops, [rs.rand() if op == "rand" else rs.randn() for op in ops])
    return {"seed": seed, "ops": ops, "values": values, "crLogExceptions": exceptions}


def stream_case(seed, kind, count):
    values = getattr(np.random.RandomState(seed), kind)(count)
    case = {"seed": seed, "kind": kind, "count": count, "sha256": sha256(values, np.float64)}
    if kind == "randn":
        case["crLogExceptions"] = gaussian_case(seed, ["randn"] * count, values)[1]
    return case


def matrix_case(seed, kind, rows, cols):
    values = getattr(np.random.RandomState(seed), kind)(rows, cols)
    case = {"seed": seed, "kind": kind, "rows": rows, "cols": cols, "values": floats(values)}
    if kind == "randn":
        case["crLogExceptions"] = gaussian_case(seed, ["randn"] * values.size, values)[1]
    return case


def log_cases():
    """Inputs where glibc's log is not correctly rounded, plus a spread over the whole range."""
    rs = np.random.RandomState(42)
    u = 2.0 * rs.rand(400_000) - 1.0
    r2 = u[0::2] ** 2 + u[1::2] ** 2
    r2 = r2[(r2 > 0.0) & (r2 < 1.0)]
    hard = [float(x) for x in r2 if math.log(x) != cr_log(x)][:40]
    bits = np.random.RandomState(5).randint(0x0010000000000000, 0x7FEFFFFFFFFFFFFF, size=40, dtype=np.int64)
    spread = [float(x) for x in bits.view(np.float64)]
    special = [1.0, 2.0, 0.5, math.nextafter(1.0, 0.0), math.nextafter(1.0, 2.0), math.sqrt(2.0), math.sqrt(0.5),
               2.0**-104, 1e-300, 2.2250738585072014e-308, 1.7976931348623157e308, math.e, 10.0]
    xs = hard + spread + special
    return {"input": xs, "expected": [cr_log(x) for x in xs], "glibc": [math.log(x) for x in xs]}


def split_case(n, f, seed):
    idx = np.arange(n)
    train, test = train_test_split(idx.reshape(-1, 1), idx, test_size=f, random_state=seed)[2:]
    return {"n": n, "testFraction": f, "seed": seed, "train": train.tolist(), "test": test.tolist()}


def scaler_case(name, x):
    x = np.ascontiguousarray(x, dtype=np.float64)
    return {"name": name, "rows": x.shape[0], "cols": x.shape[1],
            "input": floats(x), "expected": floats(StandardScaler().fit_transform(x))}


def main():
    # r = rand, n = randn: pairs like "nr" and "nnr" check that the cached gaussian
    # survives (and is not consumed by) uniform draws in between
    ops = ["rand" if c == "r" else "randn" for c in "rnrnnrnrrnnnrnrrrnnrrnnnnrn"]

    big = 1_000_000
    scaler_rng = np.random.RandomState(123)
    wide = np.column_stack([
        scaler_rng.randn(200) * 3.0 + 1e6,       # large offset: tests the corrected two-pass variance
        scaler_rng.rand(200),
        np.full(200, 0.1),                        # constant but not exactly representable
        scaler_rng.randn(200) * 1e-8,             # tiny but real variance, must not be treated as constant
    ])

    doc = {
        "versions": {"python": platform.python_version(), "numpy": np.__version__,
                     "sklearn": sklearn.__version__, "machine": platform.machine(),
                     "libc": " ".join(platform.libc_ver())},
        "rand": [{"seed": s, "values": floats(np.random.RandomState(s).rand(20))} for s in SEEDS],
        "randn": [randn_case(s, 21) for s in SEEDS],
        "interleaved": [interleaved_case(s, ops) for s in [0, 42]],
        "randint": [
            {"seed": s, "low": lo, "high": hi, "values": np.random.RandomState(s).randint(lo, hi, size=12).tolist()}
            for s, lo, hi in [(42, 0, 10), (0, -5, 5), (7, 0, 1), (1, 0, 2**32), (2, 0, 2**32 + 1),
                              (3, -2**40, 2**40), (4, 0, 1000003)]
        ],
        "permutation": [
            {"seed": s, "n": n, "values": np.random.RandomState(s).permutation(n).tolist()}
            for s in SEEDS for n in [0, 1, 2, 10, 500, 1000]
        ],
        "permutationDigest": [
            {"seed": s, "n": n, "sha256": sha256(p, np.int32), "head": p[:10].tolist(), "tail": p[-10:].tolist()}
            for s, n in [(42, 70000), (0, 70000)] for p in [np.random.RandomState(s).permutation(n)]
        ],
        "streamDigest": [stream_case(42, "rand", big), stream_case(42, "randn", big), stream_case(7, "randn", big + 1)],
        "matrix": [matrix_case(1, "rand", 5, 3), matrix_case(2, "randn", 5, 3)],
        # correctly rounded reference for the Java log; "glibc" is what numpy gets on this machine
        "log": log_cases(),
        "split": [split_case(n, f, s) for n, f, s in
                  [(500, 0.2, 42), (10, 0.25, 7), (7, 0.3, 0), (100, 0.07, 11), (10, 0.7, 3), (2, 0.5, 5)]],
        "scaler": [
            scaler_case("6x3 with constant column", [
                [1.0, 10.0, 5.0], [2.0, -3.5, 5.0], [3.5, 0.25, 5.0],
                [-4.0, 7.0, 5.0], [0.1, 2.2, 5.0], [9.0, -1.0, 5.0]]),
            scaler_case("200x4 offset, uniform, constant 0.1, tiny", wide),
        ],
    }
    lines = [f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in doc.items()]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("{\n" + ",\n".join(lines) + "\n}\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes) with numpy {np.__version__}, sklearn {sklearn.__version__}")


if __name__ == "__main__":
    main()

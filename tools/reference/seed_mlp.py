#!/usr/bin/env python3
"""The seed's MLP ("Sigmoid vs ReLU"), generalised only where a spec field asks for it.

This is the reference the Java engine's golden tests compare against. With its defaults it is the
seed's program line for line: np.random.seed(42); two blobs of randn + [±2]*8; StandardScaler;
train_test_split(test_size=0.2, random_state=42); weights rand(in, out) * 0.01, zero biases; the same
activation on every layer including the output; MSE; full-batch gradient descent, lr 0.1, 1000 epochs.

Run with Debian's python3 (numpy + python3-sklearn):
    /usr/bin/python3 tools/reference/seed_mlp.py --out src/test/resources/golden/engine
"""
import argparse
import json
import math
import os
import sys

import numpy as np
import sklearn
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler


def _erf(x):
    return np.vectorize(math.erf)(x)


ACTIVATIONS = {
    # name: (f(z), f'(z)) exactly as the seed defines sigmoid and relu
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)),
                lambda z: (1 / (1 + np.exp(-z))) * (1 - (1 / (1 + np.exp(-z))))),
    "relu": (lambda z: np.maximum(0, z),
             lambda z: (z > 0).astype(float)),
    "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
    "leaky_relu": (lambda z: np.where(z > 0, z, 0.01 * z),
                   lambda z: np.where(z > 0, 1.0, 0.01)),
    "gelu": (lambda z: 0.5 * z * (1 + _erf(z / math.sqrt(2))),
             lambda z: 0.5 * (1 + _erf(z / math.sqrt(2))) + z * np.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)),
    "linear": (lambda z: z, lambda z: np.ones_like(z)),
}


class MLP:
    def __init__(self, layer_sizes, activation, output_activation, scale):
        self.layer_sizes = layer_sizes
        self.num_layers = len(layer_sizes)
        self.f = [ACTIVATIONS[activation]] * (self.num_layers - 2) + [ACTIVATIONS[output_activation]]
        self.weights = []
        self.biases = []
        for layer in range(1, self.num_layers):
            self.weights.append(np.random.rand(layer_sizes[layer - 1], layer_sizes[layer]) * scale)
            self.biases.append(np.zeros((1, layer_sizes[layer])))

    def forward(self, X):
        activations = [X]
        pre_activations = []
        for i in range(self.num_layers - 1):
            pre = activations[-1] @ self.weights[i] + self.biases[i]
            pre_activations.append(pre)
            activations.append(self.f[i][0](pre))
        return pre_activations, activations

    def backward(self, Y, pre_activations, activations, learning_rate):
        num_samples = Y.shape[0]
        dz = 2 * (activations[-1] - Y) * self.f[-1][1](pre_activations[-1])
        for i in range(self.num_layers - 2, -1, -1):
            dw = (activations[i].T @ dz) / num_samples
            db = np.sum(dz, axis=0, keepdims=True) / num_samples
            if i > 0:
                dz = (dz @ self.weights[i].T) * self.f[i - 1][1](pre_activations[i - 1])
            self.weights[i] -= learning_rate * dw
            self.biases[i] -= learning_rate * db


def evaluate(model, X, Y):
    _, activations = model.forward(X)
    out = activations[-1]
    loss = float(np.mean((out - Y) ** 2))
    accuracy = float(np.mean((out > 0.5).astype(int) == Y))
    return loss, accuracy


def make_data(spec):
    """The seed's data: blobs from the global stream seeded with the job's seed, standardized, split."""
    seed = spec["seed"]
    n, d = spec["samples"], spec["features"]
    center, noise = spec["center"], spec["noise"]
    np.random.seed(seed)
    X1 = np.random.randn(n // 2, d) * noise + np.array([center] * d)
    X2 = np.random.randn(n - n // 2, d) * noise + np.array([-center] * d)
    X = np.vstack([X1, X2])
    y = np.vstack([np.ones((n // 2, 1)), np.zeros((n - n // 2, 1))])
    X = StandardScaler().fit_transform(X)
    return train_test_split(X, y, test_size=spec["testFraction"], random_state=seed)


def make_model(spec):
    """The seed's MLP; its weights come from the global stream, after the data."""
    output_activation = spec.get("outputActivation") or spec["activation"]
    return MLP([spec["features"], *spec["hiddenLayers"], 1], spec["activation"], output_activation, spec["scale"])


def run(spec):
    """Trains one configuration; returns every epoch's loss and the evaluations, as the engine records them."""
    X_train, X_test, y_train, y_test = make_data(spec)
    model = make_model(spec)
    lr, epochs, every = spec["learningRate"], spec["epochs"], spec["evaluateEvery"]
    losses = []
    evals = {"epoch": [], "trainLoss": [], "testLoss": [], "trainAccuracy": [], "testAccuracy": []}
    for epoch in range(epochs):
        pre_activations, activations = model.forward(X_train)
        losses.append(float(np.mean((activations[-1] - y_train) ** 2)))
        model.backward(y_train, pre_activations, activations, lr)
        if epoch % every == 0 or epoch == epochs - 1:
            train_loss, train_acc = evaluate(model, X_train, y_train)
            test_loss, test_acc = evaluate(model, X_test, y_test)
            for key, value in zip(evals, (epoch, train_loss, test_loss, train_acc, test_acc)):
                evals[key].append(value)
    # the seed's own accuracy line: predict on the test set after training
    y_pred = (model.predict(X_test) if hasattr(model, "predict") else model.forward(X_test)[1][-1]) > 0.5
    test_accuracy = float(np.mean(y_pred.astype(int) == y_test))
    return {"loss": losses, "eval": evals, "testAccuracy": test_accuracy}


SEED_DEFAULTS = {
    "seed": 42, "samples": 500, "features": 8, "center": 2.0, "noise": 1.0, "testFraction": 0.2,
    "hiddenLayers": [], "activation": "sigmoid", "outputActivation": None, "scale": 0.01,
    "learningRate": 0.1, "epochs": 1000, "evaluateEvery": 10,
}

# name -> (the JSON job spec a client would POST, the same settings flattened for this program)
CONFIGURATIONS = {}


def _add(name, job_spec, **overrides):
    flat = dict(SEED_DEFAULTS, **overrides)
    CONFIGURATIONS[name] = (job_spec, flat)


_add("empty-spec", {})
for act in ("sigmoid", "relu"):
    for hidden in ([16], [16, 32], [16, 32, 16], [16, 32, 16, 8]):
        _add(f"{act}-{'-'.join(map(str, hidden))}",
             {"model": {"hiddenLayers": hidden, "activation": act}}, hiddenLayers=hidden, activation=act)
_add("tanh-16-32", {"model": {"hiddenLayers": [16, 32], "activation": "tanh"}},
     hiddenLayers=[16, 32], activation="tanh")
_add("leaky_relu-16-32-16", {"model": {"hiddenLayers": [16, 32, 16], "activation": "leaky_relu"}},
     hiddenLayers=[16, 32, 16], activation="leaky_relu")
_add("gelu-16", {"model": {"hiddenLayers": [16], "activation": "gelu"}, "training": {"epochs": 300}},
     hiddenLayers=[16], activation="gelu", epochs=300)
_add("relu-linear-out-seed7", {"seed": 7, "model": {"hiddenLayers": [16], "activation": "relu",
                                                    "outputActivation": "linear"}},
     seed=7, hiddenLayers=[16], activation="relu", outputActivation="linear")
_add("relu-16-8-small-noisy", {
    "seed": 3,
    "data": {"samples": 300, "features": 4, "center": 0.5, "noise": 1.5, "testFraction": 0.25},
    "model": {"hiddenLayers": [16, 8], "activation": "relu", "init": {"scale": 0.1}},
    "training": {"epochs": 400, "optimizer": {"learningRate": 0.05}, "evaluateEvery": 7}},
     seed=3, samples=300, features=4, center=0.5, noise=1.5, testFraction=0.25, hiddenLayers=[16, 8],
     activation="relu", scale=0.1, epochs=400, learningRate=0.05, evaluateEvery=7)

# wide enough that the vector kernels pack their operands (a·b from a b of 8192 doubles, aᵀ·b from 64 columns),
# with rows of aᵀ·b beyond the last whole tile (40 = 6·6 + 4, 256 = 42·6 + 4) and several reduction blocks
for act in ("relu", "sigmoid"):
    _add(f"{act}-wide-40-256-64", {
        "data": {"features": 40},
        "model": {"hiddenLayers": [256, 64], "activation": act},
        "training": {"epochs": 60}},
         features=40, hiddenLayers=[256, 64], activation=act, epochs=60)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, help="folder for one <name>.json per configuration")
    parser.add_argument("--only", nargs="*", help="names of configurations to run (default: all)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for name, (job_spec, flat) in CONFIGURATIONS.items():
        if args.only and name not in args.only:
            continue
        result = run(flat)
        golden = {"name": name, "spec": job_spec, "reference": flat,
                  "versions": {"python": sys.version.split()[0], "numpy": np.__version__,
                               "sklearn": sklearn.__version__},
                  **result}
        with open(os.path.join(args.out, f"{name}.json"), "w") as fh:
            json.dump(golden, fh, indent=None, separators=(",", ":"))
            fh.write("\n")
        print(f"{name:24s} loss[0]={result['loss'][0]:.17g} loss[-1]={result['loss'][-1]:.17g} "
              f"test accuracy={result['testAccuracy']:.2f}")


if __name__ == "__main__":
    main()

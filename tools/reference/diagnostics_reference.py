#!/usr/bin/env python3
"""Per-layer gradient diagnostics of the seed's MLP, computed with numpy alongside seed_mlp.py's training.

The definitions are those of the engine's LayerStats (README, "Gradient dynamics"): at every `every`-th
epoch, from the full-batch forward and backward pass of the training set before that epoch's update:
  weightGradNorm, biasGradNorm  Frobenius norms of dW, db (gradients of the mean loss)
  weightNorm                    Frobenius norm of W before the update
  updateRatio                   ||W_after - W_before|| / ||W_before||
  preActivationMean/Std         mean and population std over every element of Z
  activationMean/Std            the same over A
  saturatedFraction             share of units with |f'(z)| < 1e-3 on more than half of the samples
  deadFraction                  share of units whose activation is exactly 0 on every sample
and the summary: per layer the first recorded epoch with weightGradNorm < 1% of its epoch-0 value; the
plateau start (first p with loss[p+100] not 1e-4 relative below loss[p]) and end (first e after it with
loss[e] more than 1e-4 relative below loss[e-100]).

    /usr/bin/python3 tools/reference/diagnostics_reference.py --out src/test/resources/golden/diagnostics
"""
import argparse
import json
import os

import numpy as np

import seed_mlp

FIELDS = ["weightGradNorm", "biasGradNorm", "weightNorm", "updateRatio", "preActivationMean",
          "preActivationStd", "activationMean", "activationStd", "saturatedFraction", "deadFraction"]


def run(flat, every=10, drop=0.01, window=100, min_improvement=1e-4, saturation=1e-3):
    X_train, X_test, y_train, y_test = seed_mlp.make_data(flat)
    model = seed_mlp.make_model(flat)
    layers = model.num_layers - 1
    record = [{"epoch": [], **{f: [] for f in FIELDS}} for _ in range(layers)]
    losses = []
    n = X_train.shape[0]
    initial = [None] * layers
    vanished = [-1] * layers
    for epoch in range(flat["epochs"]):
        pre, act = model.forward(X_train)
        losses.append(float(np.mean((act[-1] - y_train) ** 2)))
        # the seed's backward, split so the gradients can be read before the update
        grads = []
        dz = 2 * (act[-1] - y_train) * model.f[-1][1](pre[-1])
        for i in range(layers - 1, -1, -1):
            dw = (act[i].T @ dz) / n
            db = np.sum(dz, axis=0, keepdims=True) / n
            grads.append((i, dw, db))
            if i > 0:
                dz = (dz @ model.weights[i].T) * model.f[i - 1][1](pre[i - 1])
        grads.reverse()
        due = epoch % every == 0
        before = [w.copy() for w in model.weights]
        if due:
            for i, dw, db in grads:
                z, a = pre[i], act[i + 1]
                slope = model.f[i][1](z)
                rec = record[i]
                rec["epoch"].append(epoch)
                rec["weightGradNorm"].append(float(np.sqrt(np.sum(dw * dw))))
                rec["biasGradNorm"].append(float(np.sqrt(np.sum(db * db))))
                rec["weightNorm"].append(float(np.sqrt(np.sum(before[i] * before[i]))))
                rec["preActivationMean"].append(float(np.mean(z)))
                rec["preActivationStd"].append(float(np.std(z)))
                rec["activationMean"].append(float(np.mean(a)))
                rec["activationStd"].append(float(np.std(a)))
                rec["saturatedFraction"].append(float(np.mean(np.sum(np.abs(slope) < saturation, axis=0) * 2 > n)))
                rec["deadFraction"].append(float(np.mean(np.all(a == 0, axis=0))))
                g = rec["weightGradNorm"][-1]
                if epoch == 0:
                    initial[i] = g
                elif vanished[i] < 0 and g < drop * initial[i]:
                    vanished[i] = epoch
        for i, dw, db in grads:
            model.weights[i] -= flat["learningRate"] * dw
            model.biases[i] -= flat["learningRate"] * db
        if due:
            for i in range(layers):
                diff = model.weights[i] - before[i]
                record[i]["updateRatio"].append(float(np.sqrt(np.sum(diff * diff)) / np.sqrt(np.sum(before[i] ** 2))))
    start, end = -1, -1
    for e in range(window, len(losses)):
        improvement = (losses[e - window] - losses[e]) / abs(losses[e - window])
        if start < 0:
            if improvement < min_improvement:
                start = e - window
        elif end < 0 and improvement > min_improvement:
            end = e
    return {"loss": losses, "layers": record,
            "summary": {"gradientVanishedEpoch": vanished, "plateauStart": start, "plateauEnd": end}}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for act in ("sigmoid", "relu"):
        name = f"{act}-16-32-16"
        flat = dict(seed_mlp.SEED_DEFAULTS, hiddenLayers=[16, 32, 16], activation=act)
        result = run(flat)
        with open(os.path.join(args.out, f"{name}.json"), "w") as fh:
            json.dump({"name": name, "reference": flat, **result}, fh, separators=(",", ":"))
            fh.write("\n")
        first, last = result["layers"][0], result["layers"][-1]
        print(name, "epoch-0 weightGradNorm first/last layer:", first["weightGradNorm"][0], last["weightGradNorm"][0],
              "ratio", first["weightGradNorm"][0] / last["weightGradNorm"][0])
        for e in (0, 100, 300, 500, 600, 700, 800, 990):
            k = e // 10
            print(f"  epoch {e:4d} loss {result['loss'][e]:.6g} grad norms",
                  " ".join(f"{layer['weightGradNorm'][k]:.3e}" for layer in result["layers"]),
                  " sat", " ".join(f"{layer['saturatedFraction'][k]:.2f}" for layer in result["layers"]),
                  " dead", " ".join(f"{layer['deadFraction'][k]:.2f}" for layer in result["layers"]))
        print("  summary", result["summary"])


if __name__ == "__main__":
    main()

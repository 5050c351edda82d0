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
and the summary: per layer the first recorded epoch with weightGradNorm < 1% of its epoch-0 value; and
the plateau (see plateau() below: windows of 100 epochs, flat when the loss falls by less than 1e-4 of its
own value or by less than 2% of the drop still to come).

It writes sigmoid-16-32-16.json and relu-16-32-16.json (every statistic), and plateau.json: the plateau
of each of the study's eight configurations (sigmoid and relu, 1 to 4 hidden layers), computed from the
losses of seed_mlp.py's own training, for the default settings and for a second set of thresholds.

    /usr/bin/python3 tools/reference/diagnostics_reference.py --out src/test/resources/golden/diagnostics
"""
import argparse
import json
import os

import numpy as np

import seed_mlp

FIELDS = ["weightGradNorm", "biasGradNorm", "weightNorm", "updateRatio", "preActivationMean",
          "preActivationStd", "activationMean", "activationStd", "saturatedFraction", "deadFraction"]


def plateau(losses, window=100, min_improvement=1e-4, drop_share=0.02):
    """The run's first plateau on the loss's own scale, as the engine's Diagnostics.plateau defines it.

    The window ending at epoch e (e >= window) improves by d = loss[e - window] - loss[e]. It is flat when d
    is below min_improvement * |loss[e - window]| (the loss has stopped moving on its own scale) or below
    drop_share * (loss[e] - min(loss[e:])) (it moves, but slowly next to the drop still to come). The
    plateau starts at the start of the first flat window and ends at the end of the first window after it
    that is not flat; -1 for none.
    """
    losses = np.asarray(losses, dtype=float)
    n = len(losses)
    lowest_from = np.minimum.accumulate(losses[::-1])[::-1]
    start, end = -1, -1
    for e in range(window, n):
        d = losses[e - window] - losses[e]
        flat = d < min_improvement * abs(losses[e - window]) or d < drop_share * (losses[e] - lowest_from[e])
        if start < 0:
            if flat:
                start = e - window
        elif end < 0 and not flat:
            end = e
            break
    return start, end


STUDY = [(act, hidden) for act in ("sigmoid", "relu") for hidden in ([16], [16, 32], [16, 32, 16], [16, 32, 16, 8])]
# the defaults, and a second set of thresholds so a test can tell that the parameters are used
PLATEAU_SETTINGS = [{"plateauWindow": 100, "plateauMinImprovement": 1e-4, "plateauDropShare": 0.02},
                    {"plateauWindow": 50, "plateauMinImprovement": 1e-3, "plateauDropShare": 0.1}]


def study_plateaus():
    rows = []
    for act, hidden in STUDY:
        flat = dict(seed_mlp.SEED_DEFAULTS, hiddenLayers=hidden, activation=act)
        losses = seed_mlp.run(flat)["loss"]
        for settings in PLATEAU_SETTINGS:
            start, end = plateau(losses, settings["plateauWindow"], settings["plateauMinImprovement"],
                                 settings["plateauDropShare"])
            rows.append({"activation": act, "hiddenLayers": hidden, "diagnostics": settings,
                         "plateauStart": start, "plateauEnd": end})
            print(f"{act:8s} {str(hidden):16s} {settings}: plateau {start} .. {end}")
    return rows


def run(flat, every=10, drop=0.01, window=100, min_improvement=1e-4, saturation=1e-3, drop_share=0.02):
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
    start, end = plateau(losses, window, min_improvement, drop_share)
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
    with open(os.path.join(args.out, "plateau.json"), "w") as fh:
        json.dump({"study": study_plateaus()}, fh, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    main()

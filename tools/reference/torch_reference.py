#!/usr/bin/env python3
"""PyTorch reference for the engine's options: initializers, activations, losses, optimizers, learning-rate
schedules, mini-batches and stopping rules.

Each configuration is a job spec as the HTTP contract names its fields (absent = the seed's value). This
program resolves it with the same defaults as the engine, makes the data and the initial weights with
numpy exactly as the engine's numpy-compatible stream does (np.random.seed(seed); the data; then every
weight matrix, first layer first, as each init scheme documents; biases zero), copies them into float64
torch tensors, and trains with torch.optim and torch.optim.lr_scheduler. With mini-batches, each epoch's
order is np.random.permutation(n_train) from the same global numpy stream (after the weights; one per
epoch, only when shuffling), cut into consecutive batches; the epoch's loss is sum(n_b * loss_b) / n_train.
The schedule is stepped once per epoch; the rate of each epoch is recorded.

The output, one JSON file per configuration, is what src/test/java/io/mlplab/training/TorchGoldenTests
compares the engine against (CI has no Python; the files are committed). Regenerate with Debian's python3
(python3-torch, numpy, python3-sklearn), not a virtualenv without torch:

    /usr/bin/python3 tools/reference/torch_reference.py --out src/test/resources/golden/torch
    /usr/bin/python3 tools/reference/torch_reference.py --out /tmp/golden --only adam-full   # just one
"""
import argparse
import json
import math
import os
import re
import sys
import warnings

import numpy as np
import sklearn
import torch
import torch.nn.functional as F
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)
# SequentialLR steps the cosine with an explicit epoch at the milestone (its closed form, as intended)
warnings.filterwarnings("ignore", message=re.escape("The epoch parameter in `scheduler.step()`"))


# ---------------------------------------------------------------------------------------------- spec

def _get(obj, key, default):
    value = (obj or {}).get(key)
    return default if value is None else value


def resolve(spec):
    """The spec with every default filled in, as the engine resolves it (Experiments.fromSpec)."""
    data, model, training = spec.get("data") or {}, spec.get("model") or {}, spec.get("training") or {}
    init, opt = model.get("init") or {}, training.get("optimizer") or {}
    schedule = training.get("schedule") or {}
    loss = _get(training, "loss", "mse")
    activation = _get(model, "activation", "sigmoid")
    natural_output = {"bce": "sigmoid", "cross_entropy": "linear"}.get(loss, activation)
    early = training.get("earlyStopping")
    return {
        "seed": _get(spec, "seed", 42),
        "data": {"kind": _get(data, "kind", "blobs"), "samples": _get(data, "samples", 500),
                 "features": _get(data, "features", 8), "center": _get(data, "center", 2.0),
                 "classes": _get(data, "classes", 3), "spread": _get(data, "spread", 2.0),
                 "noise": _get(data, "noise", 1.0), "testFraction": _get(data, "testFraction", 0.2),
                 "standardize": _get(data, "standardize", True)},
        "model": {"hiddenLayers": _get(model, "hiddenLayers", []), "activation": activation,
                  "outputActivation": _get(model, "outputActivation", natural_output),
                  "negativeSlope": _get(model, "negativeSlope", 0.01),
                  "init": {"scheme": _get(init, "scheme", "uniform"), "scale": _get(init, "scale", 0.01),
                           "gain": init.get("gain")}},
        "training": {"epochs": _get(training, "epochs", 1000), "loss": loss,
                     "batchSize": training.get("batchSize"), "shuffle": _get(training, "shuffle", True),
                     "optimizer": {"type": _get(opt, "type", "sgd"), "learningRate": _get(opt, "learningRate", 0.1),
                                   "momentum": opt.get("momentum"), "dampening": opt.get("dampening"),
                                   "nesterov": opt.get("nesterov"), "weightDecay": opt.get("weightDecay"),
                                   "betas": opt.get("betas"), "eps": opt.get("eps"), "alpha": opt.get("alpha"),
                                   "centered": opt.get("centered"), "lrDecay": opt.get("lrDecay"),
                                   "initialAccumulatorValue": opt.get("initialAccumulatorValue")},
                     "schedule": dict({"type": "constant"}, **schedule),
                     "earlyStopping": None if early is None else {
                         "monitor": _get(early, "monitor", "testLoss"), "patience": _get(early, "patience", 10),
                         "minDelta": _get(early, "minDelta", 0.0)},
                     "stopAtLoss": training.get("stopAtLoss"),
                     "evaluateEvery": _get(training, "evaluateEvery", 10)},
    }


# ---------------------------------------------------------------------------------------------- data

def make_data(r):
    """The dataset from the global numpy stream, as io.mlplab.data.Blobs / GaussianBlobs draw it."""
    d = r["data"]
    n, k = d["samples"], d["features"]
    if d["kind"] == "blobs":   # the seed's two blobs, class 1 first
        X1 = np.random.randn(n // 2, k) * d["noise"] + np.array([d["center"]] * k)
        X2 = np.random.randn(n - n // 2, k) * d["noise"] + np.array([-d["center"]] * k)
        X = np.vstack([X1, X2])
        y = np.vstack([np.ones((n // 2, 1)), np.zeros((n - n // 2, 1))])
        classes = 2
    elif d["kind"] == "gaussian_blobs":
        classes = d["classes"]
        C = d["spread"] * (2 * np.random.rand(classes, k) - 1)
        labels = np.array([next(c for c in range(classes) if row < (c + 1) * n // classes) for row in range(n)])
        X = np.random.randn(n, k) * d["noise"] + C[labels]
        y = labels.reshape(n, 1).astype(float)
    else:
        raise ValueError(d["kind"])
    if d["standardize"]:
        X = StandardScaler().fit_transform(X)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=d["testFraction"], random_state=r["seed"])
    return X_train, X_test, y_train, y_test, classes


# ---------------------------------------------------------------------------------------------- model

ACTIVATIONS = {
    "sigmoid": torch.sigmoid,
    "relu": F.relu,
    "tanh": torch.tanh,
    "gelu": lambda z: F.gelu(z),
    "gelu_tanh": lambda z: F.gelu(z, approximate="tanh"),
    "elu": F.elu,
    "silu": F.silu,
    "softplus": F.softplus,
    "linear": lambda z: z,
}


def activation(name, slope):
    if name == "leaky_relu":
        return lambda z: F.leaky_relu(z, slope)
    return ACTIVATIONS[name]


def gain(name, slope):
    """torch.nn.init.calculate_gain where it has an entry; 1 for the activations it does not know."""
    if name in ("sigmoid", "tanh", "relu", "linear"):
        return torch.nn.init.calculate_gain(name)
    if name == "leaky_relu":
        return torch.nn.init.calculate_gain("leaky_relu", slope)
    return 1.0


def initial_weights(r, sizes):
    """Every weight matrix w (in, out), first layer first, from the global numpy stream."""
    m = r["model"]
    init = m["init"]
    weights = []
    for layer in range(len(sizes) - 1):
        fan_in_out = (sizes[layer], sizes[layer + 1])
        is_output = layer == len(sizes) - 2
        act = m["outputActivation"] if is_output else m["activation"]
        # the fans of torch's Linear weight (out, in): in, out
        fan_in, fan_out = torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(fan_in_out[1], fan_in_out[0]))
        g = init["gain"] if init["gain"] is not None else gain(act, m["negativeSlope"])
        scheme = init["scheme"]
        if scheme == "uniform":      # the seed's
            w = np.random.rand(*fan_in_out) * init["scale"]
        elif scheme == "xavier_uniform":
            std = g * math.sqrt(2.0 / float(fan_in + fan_out))
            bound = math.sqrt(3.0) * std
            w = np.random.uniform(-bound, bound, fan_in_out)
        elif scheme == "xavier_normal":
            w = g * math.sqrt(2.0 / float(fan_in + fan_out)) * np.random.randn(*fan_in_out)
        elif scheme == "he_uniform":
            std = g / math.sqrt(fan_in)
            bound = math.sqrt(3.0) * std
            w = np.random.uniform(-bound, bound, fan_in_out)
        elif scheme == "he_normal":
            w = g / math.sqrt(fan_in) * np.random.randn(*fan_in_out)
        elif scheme == "lecun_normal":
            lecun_gain = init["gain"] if init["gain"] is not None else 1.0
            w = lecun_gain / math.sqrt(fan_in) * np.random.randn(*fan_in_out)
        else:
            raise ValueError(scheme)
        weights.append(w)
    return weights


def make_optimizer(params, o):
    t, lr = o["type"], o["learningRate"]
    pick = lambda key, default: default if o[key] is None else o[key]
    if t == "sgd":
        return torch.optim.SGD(params, lr=lr, momentum=pick("momentum", 0), dampening=pick("dampening", 0),
                               nesterov=pick("nesterov", False), weight_decay=pick("weightDecay", 0))
    if t == "adam":
        return torch.optim.Adam(params, lr=lr, betas=tuple(pick("betas", (0.9, 0.999))), eps=pick("eps", 1e-8),
                                weight_decay=pick("weightDecay", 0))
    if t == "adamw":
        return torch.optim.AdamW(params, lr=lr, betas=tuple(pick("betas", (0.9, 0.999))), eps=pick("eps", 1e-8),
                                 weight_decay=pick("weightDecay", 0.01))
    if t == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=pick("alpha", 0.99), eps=pick("eps", 1e-8),
                                   weight_decay=pick("weightDecay", 0), momentum=pick("momentum", 0),
                                   centered=pick("centered", False))
    if t == "adagrad":
        return torch.optim.Adagrad(params, lr=lr, lr_decay=pick("lrDecay", 0), weight_decay=pick("weightDecay", 0),
                                   initial_accumulator_value=pick("initialAccumulatorValue", 0),
                                   eps=pick("eps", 1e-10))
    raise ValueError(t)


def make_schedule(optimizer, s, epochs):
    sched = torch.optim.lr_scheduler
    t = s["type"]
    if t == "constant":
        return None
    if t == "step":
        return sched.StepLR(optimizer, step_size=s["stepSize"], gamma=s.get("gamma", 0.1))
    if t == "exponential":
        return sched.ExponentialLR(optimizer, gamma=s["gamma"])
    if t == "cosine":
        return sched.CosineAnnealingLR(optimizer, T_max=epochs, eta_min=s.get("minLearningRate", 0.0))
    if t == "warmup_cosine":
        w = s["warmupEpochs"]
        cosine = sched.CosineAnnealingLR(optimizer, T_max=epochs - w, eta_min=s.get("minLearningRate", 0.0))
        if w == 0:
            return cosine
        warmup = sched.LinearLR(optimizer, start_factor=1.0 / (w + 1), end_factor=1.0, total_iters=w)
        return sched.SequentialLR(optimizer, [warmup, cosine], milestones=[w])
    if t == "one_cycle":
        return sched.OneCycleLR(optimizer, max_lr=optimizer.param_groups[0]["lr"], total_steps=epochs,
                                pct_start=float(s.get("pctStart", 0.3)), anneal_strategy="cos",
                                cycle_momentum=False, div_factor=float(s.get("divFactor", 25.0)),
                                final_div_factor=float(s.get("finalDivFactor", 1e4)), three_phase=False)
    raise ValueError(t)


# ---------------------------------------------------------------------------------------------- training

def run(spec):
    r = resolve(spec)
    np.random.seed(r["seed"])
    X_train, X_test, y_train, y_test, classes = make_data(r)
    m, tr = r["model"], r["training"]
    loss_name = tr["loss"]
    outputs = {"mse": 1 if classes <= 2 else classes, "bce": 1, "cross_entropy": classes}[loss_name]
    sizes = [X_train.shape[1], *m["hiddenLayers"], outputs]
    weights = initial_weights(r, sizes)

    params = []
    for w in weights:
        params.append(torch.tensor(w, requires_grad=True))
        params.append(torch.zeros((1, w.shape[1]), requires_grad=True))
    hidden_f = activation(m["activation"], m["negativeSlope"])
    output_f = activation(m["outputActivation"], m["negativeSlope"])
    layers = len(weights)

    def forward(x):
        a = x
        z = None
        for l in range(layers):
            z = a @ params[2 * l] + params[2 * l + 1]
            a = (output_f if l == layers - 1 else hidden_f)(z)
        return z, a

    def loss_of(z, a, y):
        if loss_name == "mse":
            t = y if outputs == 1 else F.one_hot(y[:, 0].long(), outputs).double()
            return F.mse_loss(a, t)
        if loss_name == "bce":
            return F.binary_cross_entropy_with_logits(z, y)
        return F.cross_entropy(z, y[:, 0].long())

    def accuracy(a, y):
        predicted = (a > 0.5).double() if outputs == 1 else a.argmax(dim=1, keepdim=True).double()
        return float((predicted == y).double().mean())

    Xtr, Xte, ytr, yte = (torch.tensor(v) for v in (X_train, X_test, y_train, y_test))
    optimizer = make_optimizer(params, tr["optimizer"])
    epochs, every = tr["epochs"], tr["evaluateEvery"]
    scheduler = make_schedule(optimizer, tr["schedule"], epochs)
    n = Xtr.shape[0]
    batch = tr["batchSize"]
    early = tr["earlyStopping"]
    best, waited = math.inf, 0

    def patience_runs_out(value):
        nonlocal best, waited
        if value < best - early["minDelta"]:
            best, waited = value, 0
            return False
        waited += 1
        return waited >= early["patience"]

    losses, rates = [], []
    evals = {"epoch": [], "trainLoss": [], "testLoss": [], "trainAccuracy": [], "testAccuracy": []}
    stop, completed = "COMPLETED", epochs

    def evaluate(epoch):
        with torch.no_grad():
            z, a = forward(Xtr)
            train = (float(loss_of(z, a, ytr)), accuracy(a, ytr))
            z, a = forward(Xte)
            test = (float(loss_of(z, a, yte)), accuracy(a, yte))
        for key, value in zip(evals, (epoch, train[0], test[0], train[1], test[1])):
            evals[key].append(value)
        return test[0]

    for epoch in range(epochs):
        lr = optimizer.param_groups[0]["lr"]
        if batch is None:
            optimizer.zero_grad()
            z, a = forward(Xtr)
            loss = loss_of(z, a, ytr)
            loss.backward()
            optimizer.step()
            epoch_loss = loss.item()
        else:
            order = np.random.permutation(n) if tr["shuffle"] else np.arange(n)
            total = 0.0
            for start in range(0, n, batch):
                idx = torch.tensor(order[start:start + batch])
                optimizer.zero_grad()
                z, a = forward(Xtr[idx])
                loss = loss_of(z, a, ytr[idx])
                loss.backward()
                optimizer.step()
                total += len(idx) * loss.item()
            epoch_loss = total / n
        losses.append(epoch_loss)
        rates.append(lr)

        reason = None
        evaluated = epoch % every == 0 or epoch == epochs - 1
        if evaluated:
            test_loss = evaluate(epoch)
            if early is not None and early["monitor"] == "testLoss" and patience_runs_out(test_loss):
                reason = "EARLY_STOPPED"
        if early is not None and early["monitor"] == "trainLoss" and patience_runs_out(epoch_loss):
            reason = "EARLY_STOPPED"
        if tr["stopAtLoss"] is not None and epoch_loss <= tr["stopAtLoss"]:
            reason = "TARGET_REACHED"
        if reason is not None:
            if not evaluated:
                evaluate(epoch)
            stop, completed = reason, epoch + 1
            break
        if scheduler is not None:
            scheduler.step()
    return {"resolved": r, "loss": losses, "learningRate": rates, "eval": evals, "stop": stop,
            "epochsCompleted": completed}


# ---------------------------------------------------------------------------------------------- configurations

# name -> the job spec a client would POST. 200 epochs of a small net on the seed's blobs; every optimizer
# and every schedule full-batch and with shuffled mini-batches (batch 64: 400 training rows make six full
# batches and a short one of 16).
#
# Each configuration must be well conditioned: two float64 programs agree only as far as a last-bit
# difference (another summation order in a matrix product) stays small over 200 epochs. Adaptive optimizers
# divide by a running gradient scale and can amplify such differences enormously (centered RMSprop with
# momentum and eps 1e-8 on mini-batches turns 1 ulp into 30 %, in torch against itself). `--conditioning`
# measures it: the largest relative change of any epoch's loss when every initial weight moves by 1 ulp;
# every configuration here stays below 2e-12.
CONFIGURATIONS = {}
BASE_MODEL = {"hiddenLayers": [16, 16], "activation": "relu", "init": {"scheme": "he_uniform"}}


def _add(name, model=None, data=None, seed=None, **training):
    spec = {"model": dict(BASE_MODEL, **(model or {})), "training": dict({"epochs": 200}, **training)}
    if data:
        spec["data"] = data
    if seed is not None:
        spec["seed"] = seed
    CONFIGURATIONS[name] = spec


OPTIMIZERS = {
    "sgd": {"type": "sgd", "learningRate": 0.1},
    "sgd-momentum": {"type": "sgd", "learningRate": 0.05, "momentum": 0.9, "dampening": 0.1, "weightDecay": 1e-3},
    "sgd-nesterov": {"type": "sgd", "learningRate": 0.05, "momentum": 0.9, "nesterov": True},
    "adam": {"type": "adam", "learningRate": 0.01},
    "adam-decay": {"type": "adam", "learningRate": 0.002, "betas": [0.8, 0.99], "eps": 1e-7, "weightDecay": 0.01},
    "adamw": {"type": "adamw", "learningRate": 0.01},
    "rmsprop": {"type": "rmsprop", "learningRate": 0.003},
    "rmsprop-centered-momentum": {"type": "rmsprop", "learningRate": 0.001, "alpha": 0.9, "momentum": 0.5,
                                  "centered": True, "weightDecay": 1e-3, "eps": 1e-3},
    "adagrad": {"type": "adagrad", "learningRate": 0.03},
    "adagrad-options": {"type": "adagrad", "learningRate": 0.1, "lrDecay": 0.01, "weightDecay": 1e-3,
                        "initialAccumulatorValue": 0.1},
}
SCHEDULES = {
    "step": {"type": "step", "stepSize": 50, "gamma": 0.5},
    "exponential": {"type": "exponential", "gamma": 0.99},
    "cosine": {"type": "cosine", "minLearningRate": 0.001},
    "warmup_cosine": {"type": "warmup_cosine", "warmupEpochs": 20, "minLearningRate": 0.0},
    "one_cycle": {"type": "one_cycle"},
}
for _name, _opt in OPTIMIZERS.items():
    _add(f"{_name}-full", optimizer=_opt)
    _add(f"{_name}-batch64", optimizer=_opt, batchSize=64)
for _name, _schedule in SCHEDULES.items():
    _add(f"{_name}-full", optimizer={"type": "sgd", "learningRate": 0.2, "momentum": 0.5}, schedule=_schedule)
    _add(f"{_name}-batch64", optimizer={"type": "adam", "learningRate": 0.01}, schedule=_schedule, batchSize=64)

# initializers, activations and losses, each against torch's own functions
_add("xavier_uniform-tanh", model={"activation": "tanh", "init": {"scheme": "xavier_uniform"}},
     optimizer={"type": "sgd", "learningRate": 0.1})
_add("xavier_normal-gelu_tanh", model={"activation": "gelu_tanh", "init": {"scheme": "xavier_normal", "gain": 1.2}},
     optimizer={"type": "sgd", "learningRate": 0.1})
_add("he_normal-elu", model={"activation": "elu", "init": {"scheme": "he_normal"}},
     optimizer={"type": "sgd", "learningRate": 0.1}, batchSize=50, shuffle=False)
_add("lecun_normal-silu", model={"activation": "silu", "init": {"scheme": "lecun_normal"}},
     optimizer={"type": "sgd", "learningRate": 0.1})
_add("he_uniform-softplus", model={"activation": "softplus"}, optimizer={"type": "adam", "learningRate": 0.01})
_add("leaky_relu-slope", model={"activation": "leaky_relu", "negativeSlope": 0.2, "init": {"scheme": "he_normal"}},
     optimizer={"type": "sgd", "learningRate": 0.1})
_add("gelu-uniform-scale", model={"activation": "gelu", "init": {"scheme": "uniform", "scale": 0.1}},
     optimizer={"type": "sgd", "learningRate": 0.1})
_add("bce-full", model={"outputActivation": "sigmoid"}, loss="bce", optimizer={"type": "sgd", "learningRate": 0.1})
_add("bce-batch32", model={"outputActivation": "sigmoid"}, loss="bce", optimizer={"type": "adam", "learningRate": 0.01},
     batchSize=32)
_add("cross_entropy-full", model={"outputActivation": "linear"}, loss="cross_entropy",
     optimizer={"type": "sgd", "learningRate": 0.1})
_add("cross_entropy-3-classes", model={"outputActivation": "linear"}, loss="cross_entropy",
     data={"kind": "gaussian_blobs", "classes": 3, "samples": 300, "features": 4, "spread": 3.0, "noise": 1.0},
     optimizer={"type": "adam", "learningRate": 0.01}, batchSize=40)
_add("mse-3-classes", model={"activation": "tanh", "outputActivation": "sigmoid"},
     data={"kind": "gaussian_blobs", "classes": 3, "samples": 300, "features": 4, "spread": 3.0, "noise": 1.0},
     optimizer={"type": "sgd", "learningRate": 0.5})

# stopping rules
_add("early-stopping-test-loss", optimizer={"type": "adam", "learningRate": 0.05}, batchSize=32, evaluateEvery=5,
     earlyStopping={"monitor": "testLoss", "patience": 3, "minDelta": 1e-4})
_add("early-stopping-train-loss", optimizer={"type": "adam", "learningRate": 0.05}, batchSize=16,
     earlyStopping={"monitor": "trainLoss", "patience": 5, "minDelta": 1e-3})
_add("stop-at-loss", optimizer={"type": "sgd", "learningRate": 0.1, "momentum": 0.9}, stopAtLoss=0.01)


def conditioning(spec):
    """The largest relative change of an epoch's loss when every initial weight moves by one ulp."""
    global initial_weights
    exact = run(spec)["loss"]
    original = initial_weights

    def nudged(r, sizes):
        signs = np.random.RandomState(123)   # its own stream: the job's stream is left as it was
        return [w * (1 + np.where(signs.rand(*w.shape) < 0.5, -1, 1) * 2.0 ** -52) for w in original(r, sizes)]

    initial_weights = nudged
    try:
        changed = run(spec)["loss"]
    finally:
        initial_weights = original
    return max(abs(a - b) / abs(a) for a, b in zip(exact, changed))



def golden_main(doc, configurations, run, conditioning, summary):
    """The command line of a reference program: writes one golden JSON file per configuration (run(spec) is
    the result), or with --conditioning prints each configuration's sensitivity to a 1-ulp change of the
    weights; summary(name, result) is the line printed per configuration written."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", help="folder for one <name>.json per configuration")
    parser.add_argument("--only", nargs="*", help="names of configurations to run (default: all)")
    parser.add_argument("--conditioning", action="store_true",
                        help="print each configuration's sensitivity to a 1-ulp change of the weights; write nothing")
    args = parser.parse_args()
    if args.conditioning:
        for name, spec in configurations.items():
            if not args.only or name in args.only:
                print(f"{name:34s} {conditioning(spec):.1e}", flush=True)
        return
    if not args.out:
        parser.error("--out is required unless --conditioning is given")
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "index.json"), "w") as fh:
        json.dump(list(configurations), fh, indent=0)
        fh.write("\n")
    for name, spec in configurations.items():
        if args.only and name not in args.only:
            continue
        result = run(spec)
        golden = {"name": name, "spec": spec,
                  "versions": {"python": sys.version.split()[0], "numpy": np.__version__,
                               "sklearn": sklearn.__version__, "torch": torch.__version__},
                  **result}
        with open(os.path.join(args.out, f"{name}.json"), "w") as fh:
            json.dump(golden, fh, indent=None, separators=(",", ":"))
            fh.write("\n")
        print(summary(name, result), flush=True)


def main():
    golden_main(__doc__, CONFIGURATIONS, run, conditioning,
                lambda name, result: f"{name:30s} loss[0]={result['loss'][0]:.6g} loss[-1]={result['loss'][-1]:.6g} "
                                     f"stop={result['stop']}@{result['epochsCompleted']} "
                                     f"test accuracy={result['eval']['testAccuracy'][-1]:.2f}")


if __name__ == "__main__":
    main()

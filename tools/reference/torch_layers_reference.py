#!/usr/bin/env python3
"""PyTorch reference for the layer kinds of model.layers: linear, activation (each its own function),
layer_norm, batch_norm, dropout and residual blocks (nested too), alone and combined, full batch and
mini-batch, with several optimizers.

Each configuration is a job spec as the HTTP contract names its fields. The data, the optimizers and the
schedules are torch_reference.py's (same numpy stream, same torch.optim); the network is built from the
spec's model.layers as nn.Sequential would list it, then the output layer:

  - linear: z = x @ W + b with W (in, out) drawn from the global numpy stream as the init scheme documents,
    in list order depth-first through residual blocks, then the output layer's; the gain is that of the
    activation right after the linear layer in its own list (linear when none follows); b starts at 0;
  - layer_norm: nn.LayerNorm(width, eps); batch_norm: nn.BatchNorm1d(width, eps, momentum) (both draw
    nothing: gamma 1, beta 0);
  - dropout: in training mode only, u = np.random.rand(rows, width) from the same global stream, each
    dropout layer in list order during the forward pass (so after the epoch's permutation), and
    y = x * where(u >= p, 1/(1 - p), 0): torch's own inverted dropout with these masks;
  - residual: y = x + inner(x).

Training passes run in model.train(), every evaluation in model.eval() under no_grad (running statistics,
no dropout). Every parameter, gamma and beta included, goes to the optimizer (model.parameters()).

The output, one JSON file per configuration, is what src/test/java/io/mlplab/spec/TorchGoldenTests
compares the engine against (the files are committed; CI has no Python). Regenerate with Debian's python3:

    /usr/bin/python3 tools/reference/torch_layers_reference.py --out src/test/resources/golden/torch-layers
    /usr/bin/python3 tools/reference/torch_layers_reference.py --out /tmp/golden --only residual-full
"""
import math
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_reference as ref  # noqa: E402  (the data, optimizers and schedules; sets float64, one thread)


def draw_weight(init, fan_in, fan_out, act, slope):
    """w (in, out) from the global numpy stream, as torch_reference.initial_weights draws one layer."""
    g = init["gain"] if init.get("gain") is not None else ref.gain(act, slope)
    scheme = init["scheme"]
    shape = (fan_in, fan_out)
    if scheme == "uniform":
        return np.random.rand(*shape) * init["scale"]
    if scheme == "xavier_uniform":
        bound = math.sqrt(3.0) * (g * math.sqrt(2.0 / float(fan_in + fan_out)))
        return np.random.uniform(-bound, bound, shape)
    if scheme == "xavier_normal":
        return g * math.sqrt(2.0 / float(fan_in + fan_out)) * np.random.randn(*shape)
    if scheme == "he_uniform":
        bound = math.sqrt(3.0) * (g / math.sqrt(fan_in))
        return np.random.uniform(-bound, bound, shape)
    if scheme == "he_normal":
        return g / math.sqrt(fan_in) * np.random.randn(*shape)
    if scheme == "lecun_normal":
        lecun = init["gain"] if init.get("gain") is not None else 1.0
        return lecun / math.sqrt(fan_in) * np.random.randn(*shape)
    raise ValueError(scheme)


class Linear(nn.Module):
    def __init__(self, w):
        super().__init__()
        self.w = nn.Parameter(torch.tensor(w))
        self.b = nn.Parameter(torch.zeros((1, w.shape[1])))

    def forward(self, x):
        return x @ self.w + self.b


class Function(nn.Module):
    def __init__(self, f):
        super().__init__()
        self.f = f

    def forward(self, x):
        return self.f(x)


class Dropout(nn.Module):
    """Inverted dropout whose masks come from the global numpy stream."""

    def __init__(self, p):
        super().__init__()
        self.p = p

    def forward(self, x):
        if not self.training:
            return x
        u = np.random.rand(*x.shape)
        return x * torch.tensor(np.where(u >= self.p, 1.0 / (1.0 - self.p), 0.0))


class Residual(nn.Module):
    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, x):
        return x + self.inner(x)


def build(entries, width, init):
    """nn.Sequential of entries from `width` inputs, drawing every linear layer's weights in order."""
    modules = []
    for i, e in enumerate(entries):
        t = e["type"]
        if t == "linear":
            following = entries[i + 1] if i + 1 < len(entries) else None
            act, slope = "linear", 0.01
            if following is not None and following["type"] == "activation":
                act, slope = following["function"], following.get("negativeSlope", 0.01)
            modules.append(Linear(draw_weight(init, width, e["units"], act, slope)))
            width = e["units"]
        elif t == "activation":
            modules.append(Function(ref.activation(e["function"], e.get("negativeSlope", 0.01))))
        elif t == "layer_norm":
            modules.append(nn.LayerNorm(width, eps=e.get("eps", 1e-5)))
        elif t == "batch_norm":
            modules.append(nn.BatchNorm1d(width, eps=e.get("eps", 1e-5), momentum=e.get("momentum", 0.1)))
        elif t == "dropout":
            modules.append(Dropout(e.get("p", 0.5)))
        elif t == "residual":
            inner, inner_width = build(e["layers"], width, init)
            assert inner_width == width, "a residual block must keep the width"
            modules.append(Residual(inner))
        else:
            raise ValueError(t)
    return nn.Sequential(*modules), width


def last_activation(entries, last="sigmoid"):
    for e in entries:
        if e["type"] == "activation":
            last = e["function"]
        elif e["type"] == "residual":
            last = last_activation(e["layers"], last)
    return last


def run(spec):
    r = ref.resolve(spec)
    model_spec = spec["model"]
    entries = model_spec["layers"]
    loss_name = r["training"]["loss"]
    output_act = model_spec.get("outputActivation") or {"bce": "sigmoid", "cross_entropy": "linear"}.get(
        loss_name, last_activation(entries))
    slope = model_spec.get("negativeSlope", 0.01)
    init = r["model"]["init"]

    np.random.seed(r["seed"])
    X_train, X_test, y_train, y_test, classes = ref.make_data(r)
    outputs = {"mse": 1 if classes <= 2 else classes, "bce": 1, "cross_entropy": classes}[loss_name]
    hidden, width = build(entries, X_train.shape[1], init)
    out_layer = Linear(draw_weight(init, width, outputs, output_act, slope))
    model = nn.Sequential(hidden, out_layer)
    output_f = ref.activation(output_act, slope)

    def forward(x):
        z = model(x)
        return z, output_f(z)

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

    tr = r["training"]
    Xtr, Xte, ytr, yte = (torch.tensor(v) for v in (X_train, X_test, y_train, y_test))
    optimizer = ref.make_optimizer(list(model.parameters()), tr["optimizer"])
    epochs, every = tr["epochs"], tr["evaluateEvery"]
    scheduler = ref.make_schedule(optimizer, tr["schedule"], epochs)
    n = Xtr.shape[0]
    batch = tr["batchSize"]
    losses, rates = [], []
    evals = {"epoch": [], "trainLoss": [], "testLoss": [], "trainAccuracy": [], "testAccuracy": []}

    def evaluate(epoch):
        model.eval()
        with torch.no_grad():
            z, a = forward(Xtr)
            train = (float(loss_of(z, a, ytr)), accuracy(a, ytr))
            z, a = forward(Xte)
            test = (float(loss_of(z, a, yte)), accuracy(a, yte))
        model.train()
        for key, value in zip(evals, (epoch, train[0], test[0], train[1], test[1])):
            evals[key].append(value)

    model.train()
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
        if epoch % every == 0 or epoch == epochs - 1:
            evaluate(epoch)
        if scheduler is not None:
            scheduler.step()
    return {"loss": losses, "learningRate": rates, "eval": evals, "stop": "COMPLETED", "epochsCompleted": epochs}


# ---------------------------------------------------------------------------------------------- configurations

def lin(units):
    return {"type": "linear", "units": units}


def act(function, **extra):
    return dict({"type": "activation", "function": function}, **extra)


def res(*layers):
    return {"type": "residual", "layers": list(layers)}


LN = {"type": "layer_norm"}
BN = {"type": "batch_norm"}

CONFIGURATIONS = {}


def _add(name, layers, init=None, epochs=200, **training):
    model = {"layers": layers, "init": init or {"scheme": "he_uniform"}}
    CONFIGURATIONS[name] = {"model": model, "training": dict({"epochs": epochs}, **training)}


SGD = {"type": "sgd", "learningRate": 0.1}
MOMENTUM = {"type": "sgd", "learningRate": 0.05, "momentum": 0.9, "weightDecay": 1e-3}
ADAM = {"type": "adam", "learningRate": 0.01}
ADAMW = {"type": "adamw", "learningRate": 0.01}
RMSPROP = {"type": "rmsprop", "learningRate": 0.003}
ADAGRAD = {"type": "adagrad", "learningRate": 0.03}

# every activation its own: no norm, no skip
_add("activations-per-layer-full", [lin(16), act("tanh"), lin(16), act("gelu"), lin(8), act("leaky_relu",
     negativeSlope=0.2)], optimizer=SGD)
# layer norm: after a linear layer (fused with the activation after it), alone on the input, before an output
_add("layer_norm-full", [lin(16), LN, act("relu"), lin(16), act("relu")], optimizer=SGD)
_add("layer_norm-batch64", [lin(16), LN, act("relu"), lin(16), act("relu")], optimizer=ADAM, batchSize=64)
_add("layer_norm-eps-input-full", epochs=100, layers=[{"type": "layer_norm", "eps": 1e-3}, lin(16), act("sigmoid"), LN, lin(8),
     act("sigmoid")], optimizer=ADAGRAD)
# batch norm: training statistics, running statistics in every evaluation
_add("batch_norm-full", [lin(16), BN, act("relu"), lin(16), act("relu")], optimizer=MOMENTUM)
_add("batch_norm-batch64", [lin(16), BN, act("relu"), lin(16), act("relu")], optimizer=ADAM, batchSize=64)
_add("batch_norm-momentum-batch50", [lin(16), act("tanh"), {"type": "batch_norm", "momentum": 0.3, "eps": 1e-4},
     lin(8), act("tanh")], optimizer=SGD, batchSize=50, shuffle=False)
# dropout: masks from the job's stream
_add("dropout-full", [lin(16), act("relu"), {"type": "dropout", "p": 0.2}, lin(16), act("relu")], optimizer=SGD)
_add("dropout-batch64", [lin(16), act("relu"), {"type": "dropout", "p": 0.3}, lin(16), act("relu"),
     {"type": "dropout", "p": 0.1}], optimizer=RMSPROP, batchSize=64)
# residual blocks, nested
_add("residual-full", [lin(16), act("relu"), res(lin(16), act("relu"), lin(16)), act("relu")], optimizer=SGD)
_add("residual-batch64", [lin(16), act("relu"), res(lin(16), act("relu"), lin(16)), act("relu")], optimizer=ADAMW,
     batchSize=64)
_add("residual-nested-full", [lin(16), act("tanh"), res(res(lin(16), act("tanh")), lin(16), act("tanh"),
     res(lin(16))), res()], optimizer=MOMENTUM)
_add("residual-sigmoid-4-full", [lin(16), act("sigmoid"), res(lin(16), act("sigmoid")), res(lin(16),
     act("sigmoid")), res(lin(16), act("sigmoid"))], optimizer=SGD)
# everything together, weight decay on gamma and beta too. A norm right after a linear layer makes a direction
# of that layer's bias invisible to the loss (batch norm: all of it; layer norm: its mean over the units), so
# its gradient there is rounding noise that adaptive optimizers and momentum blow up (torch against itself
# differs by 40 % after a 1-ulp change of the weights): the combined stacks put their norms after activations.
# `--conditioning` measures each configuration's sensitivity (every loss and evaluation after a 1-ulp change of
# every initial weight, torch against itself); every one here stays below 2e-10.
COMBINED = [lin(16), act("relu"), BN, res(lin(16), act("relu"), LN, {"type": "dropout", "p": 0.1}, lin(16)),
            act("relu"), res(BN, act("tanh"), lin(16)), {"type": "dropout", "p": 0.2}]
_add("combined-full", COMBINED, optimizer={"type": "adam", "learningRate": 0.005, "weightDecay": 0.01})
_add("combined-batch50", COMBINED, epochs=100, optimizer={"type": "sgd", "learningRate": 0.05, "momentum": 0.5,
     "weightDecay": 1e-3}, batchSize=50)
_add("combined-adamw-batch64", COMBINED, epochs=100, optimizer={"type": "adamw", "learningRate": 0.002}, batchSize=64,
     schedule={"type": "cosine", "minLearningRate": 0.0005})
_add("combined-rmsprop-batch100", COMBINED, optimizer={"type": "rmsprop", "learningRate": 0.001, "weightDecay": 1e-3},
     batchSize=100)
_add("combined-cross_entropy-batch40", epochs=60, layers=[lin(12), act("silu"), LN, res(lin(12), act("elu"), BN, lin(12)),
     {"type": "dropout", "p": 0.25}], optimizer=ADAM, batchSize=40, loss="cross_entropy")


def conditioning(spec):
    """The largest relative change of any epoch's loss or evaluation when every initial weight moves by 1 ulp."""
    global draw_weight
    exact = run(spec)
    original = draw_weight
    signs = np.random.RandomState(123)   # its own stream: the job's stream is left as it was

    def nudged(*args):
        w = original(*args)
        return w * (1 + np.where(signs.rand(*w.shape) < 0.5, -1, 1) * 2.0 ** -52)

    draw_weight = nudged
    try:
        changed = run(spec)
    finally:
        draw_weight = original
    series = lambda result: result["loss"] + result["eval"]["trainLoss"] + result["eval"]["testLoss"]
    return max(abs(a - b) / abs(a) for a, b in zip(series(exact), series(changed)))


def main():
    ref.golden_main(__doc__, CONFIGURATIONS, run, conditioning,
                    lambda name, result: f"{name:34s} loss[0]={result['loss'][0]:.6g} "
                                         f"loss[-1]={result['loss'][-1]:.6g} "
                                         f"test accuracy={result['eval']['testAccuracy'][-1]:.2f}")


if __name__ == "__main__":
    main()

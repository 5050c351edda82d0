#!/usr/bin/env python3
"""The Python side of tools/bench/engine-speed.sh: times one training run of the seed's MLP with numpy
(the seed's own training loop) or with PyTorch (float64, one thread), and summarizes a run's results.

Both programs train exactly what an MLP Lab job with the same spec trains, and do the same work per epoch:
  data     tools/reference/seed_mlp.py's make_data: np.random.seed(42); two blobs of randn * noise ± center;
           StandardScaler; train_test_split(test_size=0.2, random_state=42) -- the engine's NumpyRandom
           reproduces this stream, so the data are the same to the last bit;
  weights  seed_mlp.make_model: np.random.rand(in, out) * 0.01 after the data, zero biases; the same
           activation on every layer, the output included (the seed's); torch gets a float64 copy;
  epoch    full batch: forward, the MSE loss (recorded, as the engine records it every epoch), backward,
           SGD step with lr 0.1; then, every 10 epochs and after the last (the engine's evaluateEvery 10),
           an evaluation (forward, loss and accuracy) of the training and the test set.
Only the epoch loop is timed (time.perf_counter), not the imports, the data or the initial weights; one
untimed epoch on a copy of the network runs first in the same process (page faults, BLAS threads, the
autograd engine). The final train loss printed is the last evaluation's, as MLP Lab's result.trainLoss.

    engine_speed.py run --impl numpy|torch --activation relu --samples 500 --features 8 --hidden 16,32,16 --epochs 1000
        prints one JSON line: impl, seconds, trainLoss, testLoss, dataSeconds
    engine_speed.py info          numpy's and torch's versions and thread settings (threadpoolctl)
    engine_speed.py summarize RESULTS.tsv STUDY.tsv    the markdown tables (medians) of a run of the script
    engine_speed.py study BASE_URL   submits the seed's eight-job study to a running server and waits for
        all eight to end, from this one process over one kept-alive connection (a client that started curl
        and python per request would spend more time than the jobs on two cores, and so time itself);
        prints one JSON line: seconds (wall clock, first POST to last end seen), serverSeconds (first
        createdAt to last finishedAt, from the jobs), trainingSeconds (sum of result.trainingMillis)

Run with Debian's /usr/bin/python3 (python3-numpy, python3-torch, python3-sklearn).
"""
import argparse
import copy
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reference"))

EVALUATE_EVERY = 10
LEARNING_RATE = 0.1


def flat_spec(args):
    import seed_mlp
    return dict(seed_mlp.SEED_DEFAULTS, samples=args.samples, features=args.features,
                hiddenLayers=[int(h) for h in args.hidden.split(",") if h], activation=args.activation,
                epochs=args.epochs, learningRate=LEARNING_RATE, evaluateEvery=EVALUATE_EVERY)


def run_numpy(spec):
    """The seed's loop (seed_mlp.MLP, its forward and backward as the blog writes them)."""
    import numpy as np
    import seed_mlp
    start = time.perf_counter()
    X_train, X_test, y_train, y_test = seed_mlp.make_data(spec)
    model = seed_mlp.make_model(spec)
    data_seconds = time.perf_counter() - start
    lr, epochs, every = spec["learningRate"], spec["epochs"], spec["evaluateEvery"]

    warm = copy.deepcopy(model)                  # one untimed epoch on a copy
    pre, act = warm.forward(X_train)
    warm.backward(y_train, pre, act, lr)
    seed_mlp.evaluate(warm, X_test, y_test)
    del warm, pre, act

    losses = []
    train_loss = test_loss = None
    start = time.perf_counter()
    for epoch in range(epochs):
        pre_activations, activations = model.forward(X_train)
        losses.append(float(np.mean((activations[-1] - y_train) ** 2)))
        model.backward(y_train, pre_activations, activations, lr)
        if epoch % every == 0 or epoch == epochs - 1:
            train_loss, _ = seed_mlp.evaluate(model, X_train, y_train)
            test_loss, _ = seed_mlp.evaluate(model, X_test, y_test)
    seconds = time.perf_counter() - start
    return seconds, train_loss, test_loss, data_seconds


def run_torch(spec):
    """The same network and loop in PyTorch: autograd, F.mse_loss and torch.optim.SGD, float64, 1 thread."""
    import seed_mlp
    import torch
    import torch.nn.functional as F
    torch.set_default_dtype(torch.float64)
    start = time.perf_counter()
    X_train, X_test, y_train, y_test = seed_mlp.make_data(spec)
    model = seed_mlp.make_model(spec)          # the seed's initial weights, from the same numpy stream
    Xtr, Xte, ytr, yte = (torch.tensor(v) for v in (X_train, X_test, y_train, y_test))
    data_seconds = time.perf_counter() - start
    f = {"sigmoid": torch.sigmoid, "relu": torch.relu}[spec["activation"]]
    lr, epochs, every = spec["learningRate"], spec["epochs"], spec["evaluateEvery"]

    def make_params():
        params = []
        for w, b in zip(model.weights, model.biases):
            params += [torch.tensor(w, requires_grad=True), torch.tensor(b, requires_grad=True)]
        return params

    def forward(params, x):
        a = x
        for l in range(len(params) // 2):
            a = f(a @ params[2 * l] + params[2 * l + 1])
        return a

    def evaluate(params, x, y):
        with torch.no_grad():
            a = forward(params, x)
            return float(F.mse_loss(a, y)), float(((a > 0.5).double() == y).double().mean())

    def train(params, optimizer, epochs):
        train_loss = test_loss = None
        for epoch in range(epochs):
            optimizer.zero_grad()
            loss = F.mse_loss(forward(params, Xtr), ytr)
            loss.backward()
            optimizer.step()
            loss.item()                                # the epoch's loss, recorded as the engine does
            if epoch % every == 0 or epoch == epochs - 1:
                train_loss, _ = evaluate(params, Xtr, ytr)
                test_loss, _ = evaluate(params, Xte, yte)
        return train_loss, test_loss

    warm = make_params()                               # one untimed epoch on a copy
    train(warm, torch.optim.SGD(warm, lr=lr), 1)
    del warm

    params = make_params()
    optimizer = torch.optim.SGD(params, lr=lr)
    start = time.perf_counter()
    train_loss, test_loss = train(params, optimizer, epochs)
    seconds = time.perf_counter() - start
    return seconds, train_loss, test_loss, data_seconds


def cmd_run(args):
    if args.impl == "torch":
        import torch
        torch.set_num_threads(1)
        try:
            torch.set_num_interop_threads(1)
        except RuntimeError:
            pass
        # Debian's torch calls its BLAS through libblas.so.3, which is OpenBLAS (pthreads, 2 threads here);
        # torch.set_num_threads(1) sets only OpenMP, so pin OpenBLAS too, or "one thread" would be two
        import threadpoolctl
        threadpoolctl.threadpool_limits(limits=1)
    spec = flat_spec(args)
    seconds, train_loss, test_loss, data_seconds = (run_numpy if args.impl == "numpy" else run_torch)(spec)
    print(json.dumps({"impl": args.impl, "seconds": seconds, "trainLoss": train_loss, "testLoss": test_loss,
                      "dataSeconds": data_seconds}))


def cmd_info(_):
    import numpy as np
    import sklearn
    import threadpoolctl
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}, sklearn {sklearn.__version__}")
    env = {k: os.environ[k] for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS") if k in os.environ}
    print(f"numpy thread environment: {env or 'none set (numpy default threading)'}")
    for pool in threadpoolctl.threadpool_info():
        print(f"numpy threadpool: {pool.get('internal_api')} {pool.get('version') or ''} "
              f"threading={pool.get('threading_layer', '-')} arch={pool.get('architecture', '-')} "
              f"num_threads={pool.get('num_threads')} ({pool.get('filepath')})")
    import torch
    torch.set_num_threads(1)
    threadpoolctl.threadpool_limits(limits=1)
    pools = ", ".join(f"{p.get('internal_api')} num_threads={p.get('num_threads')}" for p in threadpoolctl.threadpool_info())
    print(f"torch {torch.__version__} (float64): the bench sets torch.set_num_threads(1) "
          f"(get_num_threads()={torch.get_num_threads()}) and threadpoolctl.threadpool_limits(1): {pools}")


def _median(values):
    return statistics.median(values) if values else float("nan")


def cmd_summarize(args):
    rows = []
    with open(args.results) as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                config, rnd, impl, seconds, train_loss, data_seconds = line.rstrip("\n").split("\t")
                rows.append((config, int(rnd), impl, float(seconds), float(train_loss), float(data_seconds)))
    configs = list(dict.fromkeys(r[0] for r in rows))
    timed = [r for r in rows if r[1] > 0]
    rounds = max((r[1] for r in timed), default=0)
    print(f"| config | numpy (s) | torch 1 thread (s) | MLP Lab (s) | lab/numpy | lab/torch |")
    print(f"| --- | ---: | ---: | ---: | ---: | ---: |")
    for c in configs:
        med = {impl: _median([r[3] for r in timed if r[0] == c and r[2] == impl]) for impl in ("numpy", "torch", "lab")}
        print(f"| {c} | {med['numpy']:.3f} | {med['torch']:.3f} | {med['lab']:.3f} | "
              f"{med['lab'] / med['numpy']:.2f} | {med['lab'] / med['torch']:.2f} |")
    print(f"\nmedians of {rounds} round(s); each round runs numpy, torch and MLP Lab once per config, in rotating order")
    print("\nSanity check, final train loss (last evaluation; MLP Lab: result.trainLoss), from the warm-up runs:\n")
    print("| config | numpy | torch | MLP Lab | rel. diff lab-numpy | rel. diff lab-torch | numpy data gen (s, untimed) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for c in configs:
        first = {}
        for r in rows:                                      # the warm-up run (round 0), else the first one
            if r[0] == c and (r[2] not in first or (r[1] == 0 and first[r[2]][1] != 0)):
                first[r[2]] = r
        loss = {impl: first[impl][4] for impl in first}
        rel = lambda a, b: abs(a - b) / abs(b) if b else abs(a - b)
        print(f"| {c} | {loss['numpy']:.17g} | {loss['torch']:.17g} | {loss['lab']:.17g} | "
              f"{rel(loss['lab'], loss['numpy']):.1e} | {rel(loss['lab'], loss['torch']):.1e} | "
              f"{first['numpy'][5]:.3f} |")
    if args.study and os.path.exists(args.study) and os.path.getsize(args.study) > 0:
        study = []
        with open(args.study) as fh:
            for line in fh:
                if line.strip() and not line.startswith("#"):
                    workers, rnd, seconds, server, training = line.rstrip("\n").split("\t")
                    study.append((int(workers), int(rnd), float(seconds), float(server), float(training)))
        w1 = [s for w, r, s, _, _ in study if w == 1 and r > 0]
        w2 = [s for w, r, s, _, _ in study if w == 2 and r > 0]
        side = {w: (_median([v for x, r, _, v, _ in study if x == w and r > 0] or [0]),
                    _median([t for x, r, _, _, t in study if x == w and r > 0] or [0])) for w in (1, 2)}
        if w1 and w2:
            print("\nThe seed's eight-job study (sigmoid and relu x [16], [16,32], [16,32,16], [16,32,16,8], "
                  "diagnostics off), all 8 submitted at once from one client process, wall clock until all "
                  "ended; server: first createdAt to last finishedAt; training: the sum of the eight jobs' "
                  "result.trainingMillis:\n")
            print("| server | median (s) | rounds (s) | server (s) | training (s) |")
            print("| --- | ---: | --- | ---: | ---: |")
            print(f"| workers=1 | {_median(w1):.3f} | {', '.join(f'{s:.3f}' for s in w1)} | {side[1][0]:.3f} | "
                  f"{side[1][1]:.3f} |")
            print(f"| workers=2 | {_median(w2):.3f} | {', '.join(f'{s:.3f}' for s in w2)} | {side[2][0]:.3f} | "
                  f"{side[2][1]:.3f} |")
            print(f"\nspeed-up workers=2 over workers=1 (ratio of medians): {_median(w1) / _median(w2):.2f} "
                  f"(engine target >= 1.8)")


STUDY_JOBS = [(activation, hidden) for activation in ("sigmoid", "relu")
              for hidden in ("16", "16,32", "16,32,16", "16,32,16,8")]


def cmd_study(args):
    import datetime
    import http.client
    import urllib.parse

    url = urllib.parse.urlsplit(args.base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=120)

    def call(method, path, body=None):
        headers = {"Content-Type": "application/json"} if body is not None else {}
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        return response.status, (json.loads(data) if data else None)

    def instant(text):
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()

    start = time.perf_counter()
    ids = []
    for activation, hidden in STUDY_JOBS:
        spec = json.dumps({"model": {"hiddenLayers": [int(h) for h in hidden.split(",")], "activation": activation},
                           "diagnostics": {"every": 0}})
        status, job = call("POST", "/api/v1/jobs", spec)
        if status != 202:
            sys.exit(f"POST {spec} answered {status}: {job}")
        ids.append(job["id"])
    jobs = []
    for job_id in ids:
        while True:
            status, job = call("GET", f"/api/v1/jobs/{job_id}?wait=60")
            if job["status"] not in ("QUEUED", "RUNNING"):
                break
        if job["status"] != "SUCCEEDED":
            sys.exit(f"job {job_id} ended {job['status']}: {job}")
        jobs.append(job)
    seconds = time.perf_counter() - start
    for job_id in ids:
        call("DELETE", f"/api/v1/jobs/{job_id}")
    print(json.dumps({
        "seconds": seconds,
        "serverSeconds": max(instant(j["finishedAt"]) for j in jobs) - min(instant(j["createdAt"]) for j in jobs),
        "trainingSeconds": sum(j["result"]["trainingMillis"] for j in jobs) / 1000,
    }))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    run = sub.add_parser("run")
    run.add_argument("--impl", choices=("numpy", "torch"), required=True)
    run.add_argument("--activation", choices=("sigmoid", "relu"), required=True)
    run.add_argument("--samples", type=int, required=True, help="data.samples (80%% train)")
    run.add_argument("--features", type=int, required=True)
    run.add_argument("--hidden", required=True, help="hidden widths, comma-separated")
    run.add_argument("--epochs", type=int, required=True)
    run.set_defaults(func=cmd_run)
    sub.add_parser("info").set_defaults(func=cmd_info)
    summarize = sub.add_parser("summarize")
    summarize.add_argument("results")
    summarize.add_argument("study", nargs="?")
    summarize.set_defaults(func=cmd_summarize)
    study = sub.add_parser("study")
    study.add_argument("base", help="the server, e.g. http://127.0.0.1:8080")
    study.set_defaults(func=cmd_study)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Python peer of mlp_loss_bench: the MLPVB3 loss and gradient with vectorised numpy.

Reads the data file written by mlp_loss_bench (MLPVB3 layout: class label, then the features) and
a weights file (one weight a line, in GMIN's order, doc/file_formats.md), evaluates

    L(W) = -(1/N) sum_d ln softmax(y(x_d))_{c_d} + lambda |W|^2,
    y = tanh(X W1^T + b1) W2^T + b2,

and its gradient over the whole data set with array operations only (matrix products through
numpy's BLAS, log-sum-exp softmax, no Python loop over items), repeats the evaluation for at least
--min-seconds, and prints one line of key=value results for the C++ driver to read. With
--gradient-out FILE it also writes its gradient there, one value a line, for the driver to compare.

Run with Debian's /usr/bin/python3 (python3-numpy).
"""

import argparse
import sys
import time

import numpy as np


class Loss:
    """Loss and gradient of a one-hidden-layer tanh network with biases over a data set."""

    def __init__(self, x, labels, n_hidden, n_out, lam):
        self.x = x
        self.n, self.n_in = x.shape
        self.n_hidden, self.n_out, self.lam = n_hidden, n_out, lam
        self.onehot = np.zeros((self.n, n_out))
        self.onehot[np.arange(self.n), labels] = 1.0
        self.rows = np.arange(self.n)
        self.labels = labels

    def split(self, w):
        h, i, o = self.n_hidden, self.n_in, self.n_out
        w1 = w[:h * i].reshape(h, i)
        w2 = w[h * i:h * (i + o)].reshape(o, h)
        b1 = w[h * (i + o):h * (i + o) + h]
        b2 = w[h * (i + o) + h:]
        return w1, w2, b1, b2

    def __call__(self, w):
        w1, w2, b1, b2 = self.split(w)
        t = np.tanh(self.x @ w1.T + b1)
        y = t @ w2.T + b2
        z = y - y.max(axis=1, keepdims=True)
        u = np.exp(z)
        s = u.sum(axis=1, keepdims=True)
        loss = (np.log(s).sum() - z[self.rows, self.labels].sum()) / self.n + self.lam * (w @ w)
        err = (u / s - self.onehot) / self.n  # dL/dy
        da = (err @ w2) * (1.0 - t * t)  # dL/d(hidden pre-activation)
        grad = np.concatenate(((da.T @ self.x).ravel(), (err.T @ t).ravel(), da.sum(axis=0),
                               err.sum(axis=0)))
        return loss, grad + 2.0 * self.lam * w


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", help="MLPdata file, MLPVB3 layout (label first)")
    ap.add_argument("weights", help="weights, one a line")
    ap.add_argument("--hidden", type=int, required=True, help="hidden nodes")
    ap.add_argument("--outputs", type=int, required=True, help="outputs (classes)")
    ap.add_argument("--lambda", dest="lam", type=float, default=1e-5, help="L2 coefficient")
    ap.add_argument("--min-seconds", type=float, default=2.0, help="time at least this long")
    ap.add_argument("--gradient-out", help="write the gradient here")
    args = ap.parse_args()

    table = np.loadtxt(args.data, ndmin=2)
    labels = table[:, 0].astype(np.int64)
    x = np.ascontiguousarray(table[:, 1:])
    w = np.loadtxt(args.weights, ndmin=1)
    f = Loss(x, labels, args.hidden, args.outputs, args.lam)
    loss, grad = f(w)  # untimed first call
    if args.gradient_out:
        np.savetxt(args.gradient_out, grad, fmt="%.17g")

    calls = 0
    t0 = time.perf_counter()
    c0 = time.process_time()
    while True:
        for _ in range(20):
            f(w)
        calls += 20
        seconds = time.perf_counter() - t0
        if seconds >= args.min_seconds:
            break
    cpu_seconds = time.process_time() - c0
    print(f"peer calls={calls} seconds={seconds:.6f} cpu_seconds={cpu_seconds:.6f} "
          f"loss={loss:.17g} items={f.n} numpy={np.__version__} "
          f"python={sys.version.split()[0]}")


if __name__ == "__main__":
    main()

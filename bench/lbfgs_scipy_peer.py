#!/usr/bin/python3
"""Python peer of lbfgs_quench_bench: the same quenches with scipy's L-BFGS-B.

Reads the starting points written by lbfgs_quench_bench (one point a line, 3N numbers, atoms
x y z in order), minimises the Lennard-Jones energy (epsilon = sigma = 1) from each with
scipy.optimize.minimize(method="L-BFGS-B", jac=True) and a vectorised numpy energy+gradient,
and prints one line of key=value results for the C++ driver to read.

Convergence is GMIN's: stop at the first accepted iterate whose RMS gradient |g|/sqrt(3N) is at
or below --rms (SLOPPYCONV, 5e-3), or after --maxiter iterations (MAXIT, 600). L-BFGS-B's own
tests (gtol on the largest projected-gradient component, ftol on the relative energy decrease)
are switched off (gtol = ftol = 0), and the RMS test is made in the per-iteration callback, which
raises to end the minimisation. L-BFGS-B's last function evaluation of an iteration is at the
accepted iterate, so the callback reuses that gradient: the test costs no extra evaluation.

Run with Debian's /usr/bin/python3 (python3-numpy, python3-scipy).
"""

import argparse
import sys
import time

import numpy as np
import scipy
from scipy.optimize import minimize


def lj_energy_gradient(x):
    """Lennard-Jones energy and gradient of a cluster; x has 3N entries."""
    r = x.reshape(-1, 3)
    d = r[:, None, :] - r[None, :, :]  # d[i, j] = r_i - r_j
    r2 = np.einsum("ijk,ijk->ij", d, d)
    np.fill_diagonal(r2, np.inf)  # no self-interaction: 1/inf = 0
    ir2 = 1.0 / r2
    ir6 = ir2 * ir2 * ir2
    energy = 2.0 * np.sum(ir6 * (ir6 - 1.0))  # 4 (r^-12 - r^-6), each pair counted twice
    g = 24.0 * ir2 * ir6 * (1.0 - 2.0 * ir6)  # (dV/dr)/r
    grad = np.einsum("ij,ijk->ik", g, d)
    return energy, grad.ravel()


class Converged(Exception):
    """Raised by the callback when the RMS gradient reaches the tolerance."""


class Objective:
    """Counts calls and remembers the last point and gradient for the convergence test."""

    def __init__(self):
        self.calls = 0
        self.x = None
        self.energy = None
        self.grad = None

    def __call__(self, x):
        self.calls += 1
        e, g = lj_energy_gradient(x)
        self.x = x.copy()
        self.energy = e
        self.grad = g
        return e, g

    def at(self, x):
        """Energy and gradient at x, reusing the last evaluation when it was there."""
        if self.x is None or not np.array_equal(x, self.x):
            return self(x)
        return self.energy, self.grad


def rms(g):
    return float(np.sqrt(np.dot(g, g) / g.size))


def quench(x0, rms_tol, maxiter, maxcor):
    """Returns (energy, rms, converged, calls, iterations)."""
    f = Objective()
    iterations = 0
    e0, g0 = f.at(x0)
    if rms(g0) <= rms_tol:
        return e0, rms(g0), True, f.calls, 0

    def callback(xk):
        nonlocal iterations
        iterations += 1
        _, g = f.at(xk)
        if rms(g) <= rms_tol:
            raise Converged

    try:
        res = minimize(f, x0, jac=True, method="L-BFGS-B", callback=callback,
                       options={"maxiter": maxiter, "maxcor": maxcor, "gtol": 0.0, "ftol": 0.0,
                                "maxfun": 100 * maxiter})
        e, g = f.at(res.x)
    except Converged:
        e, g = f.energy, f.grad
    return e, rms(g), rms(g) <= rms_tol, f.calls, iterations


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("points", help="file of starting points, one per line")
    ap.add_argument("--rms", type=float, default=5e-3, help="RMS-gradient tolerance (SLOPPYCONV)")
    ap.add_argument("--maxiter", type=int, default=600, help="iteration limit (MAXIT)")
    ap.add_argument("--maxcor", type=int, default=10,
                    help="L-BFGS-B memory (scipy's default 10; GMIN's UPDATES is 4)")
    args = ap.parse_args()

    points = np.loadtxt(args.points, ndmin=2)
    energies, calls, converged = [], 0, 0
    # One quench outside the timing, so that imports and first-call costs are not counted.
    quench(points[0].copy(), args.rms, args.maxiter, args.maxcor)
    t0 = time.perf_counter()
    c0 = time.process_time()
    for p in points:
        e, _, ok, c, _ = quench(p.copy(), args.rms, args.maxiter, args.maxcor)
        energies.append(e)
        calls += c
        converged += ok
    seconds = time.perf_counter() - t0
    cpu_seconds = time.process_time() - c0
    n = len(points)
    print(f"peer quenches={n} seconds={seconds:.6f} cpu_seconds={cpu_seconds:.6f} calls={calls} converged={converged} "
          f"mean_energy={np.mean(energies):.10f} maxcor={args.maxcor} "
          f"numpy={np.__version__} scipy={scipy.__version__} "
          f"python={sys.version.split()[0]}")


if __name__ == "__main__":
    main()

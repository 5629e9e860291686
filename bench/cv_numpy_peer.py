#!/usr/bin/python3
"""Python peer of cv_bench: the harmonic-superposition heat capacity with vectorised numpy.

Reads a file of 2n float64 values written by cv_bench (the n minimum energies V_a, then the n ln
weights -lnprodfreq_a/2 - ln pgorder_a), and for each temperature T of the grid evaluates, with
array operations over all minima (log-sum-exp for stability),

    x_a = ln w_a - V_a / T,   P_a = exp(x_a - max x) / sum_b exp(x_b - max x),
    C_V = kappa + sum_a P_a (V_a - <V>)^2 / T^2,   <V> = sum_a P_a V_a,

which is doc/file_formats.md. Prints one line of key=value results for the C++ driver and,
with --out FILE, writes the C_V values there (float64) for the driver to compare with its own.

Run with Debian's /usr/bin/python3 (python3-numpy).
"""

import argparse
import time

import numpy as np


def heat_capacity(v, lnw, kappa, temperatures):
    cv = np.empty(len(temperatures))
    for i, t in enumerate(temperatures):
        x = lnw - v / t
        p = np.exp(x - x.max())
        p /= p.sum()
        mean = p @ v
        d = v - mean
        cv[i] = kappa + (p @ (d * d)) / (t * t)
    return cv


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("minima", help="2n float64: energies, then ln weights")
    parser.add_argument("--tmin", type=float, required=True)
    parser.add_argument("--tinc", type=float, required=True)
    parser.add_argument("--count", type=int, required=True, help="number of temperatures")
    parser.add_argument("--kappa", type=float, required=True)
    parser.add_argument("--out", help="write the C_V values here (float64)")
    args = parser.parse_args()
    data = np.fromfile(args.minima, dtype=np.float64)
    n = data.size // 2
    v, lnw = data[:n].copy(), data[n:].copy()
    temperatures = args.tmin + args.tinc * np.arange(args.count)
    start = time.perf_counter()
    cv = heat_capacity(v, lnw, args.kappa, temperatures)
    seconds = time.perf_counter() - start
    if args.out:
        cv.astype(np.float64).tofile(args.out)
    print(f"peer minima={n} temperatures={args.count} seconds={seconds:.6f} numpy={np.__version__}")


if __name__ == "__main__":
    main()

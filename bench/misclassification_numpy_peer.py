#!/usr/bin/python3
"""Python peer of misclassification_bench: pairwise misclassification counts with numpy.

Reads n_minima x n_items int32 predicted classes (row-major) written by misclassification_bench,
packs bit p of every class into a bit plane with np.packbits (ceil(log2 C) planes, at least one;
item d at bit d % 64 of 64-bit word d / 64, as ours), and for each minimum i computes against all
later minima j at once (broadcast over rows)

    x = OR over the planes of (plane[i] XOR plane[j]),   count(i, j) = popcount(x) summed over words.

numpy before 2.0 has no np.bitwise_count, so the popcount is (--popcount):
  swar   the SWAR bit count on the uint64 words (shifts, masks, a multiply: 12 array operations);
         the default, and 3-4 times faster than the table here;
  table  a 256-entry lookup table indexed by the packed bytes;
  bitwise_count  np.bitwise_count on the uint64 words (numpy >= 2.0; the default when present).
Prints one line of key=value results for the C++ driver and, with --out FILE, writes the strict
upper triangle row by row as uint32 for the driver to compare with its own.

Run with Debian's /usr/bin/python3 (python3-numpy).
"""

import argparse
import time

import numpy as np

POPCOUNT_TABLE = np.array([bin(b).count("1") for b in range(256)], dtype=np.uint8)


M1, M2, M4, H01 = (
    np.uint64(0x5555555555555555),
    np.uint64(0x3333333333333333),
    np.uint64(0x0F0F0F0F0F0F0F0F),
    np.uint64(0x0101010101010101),
)
S1, S2, S4, S56 = np.uint64(1), np.uint64(2), np.uint64(4), np.uint64(56)


def pack_planes(classes, n_classes):
    """planes x n_minima x ceil(n_items / 64) uint64: bit p of each class, item d at bit d % 64
    of word d / 64 (tail bits zero)."""
    n_minima, n_items = classes.shape
    n_planes = max(1, int(n_classes - 1).bit_length())
    padded = np.zeros((n_minima, -(-n_items // 64) * 64), dtype=np.uint8)
    planes = []
    for p in range(n_planes):
        padded[:, :n_items] = (classes >> p) & 1
        planes.append(np.packbits(padded, axis=1, bitorder="little").view("<u8"))
    return np.stack(planes)


def swar_counts(x):
    """Set bits of each row of the uint64 array x (x is overwritten)."""
    x -= (x >> S1) & M1
    x = (x & M2) + ((x >> S2) & M2)
    x = (x + (x >> S4)) & M4
    x = (x * H01) >> S56
    return x.sum(axis=1, dtype=np.uint32)


def upper_triangle(planes, popcount):
    n = planes.shape[1]
    out = np.empty(n * (n - 1) // 2, dtype=np.uint32)
    start = 0
    for i in range(n - 1):
        x = planes[0, i + 1 :] ^ planes[0, i]
        for p in range(1, planes.shape[0]):
            x |= planes[p, i + 1 :] ^ planes[p, i]
        if popcount == "bitwise_count":
            counts = np.bitwise_count(x).sum(axis=1, dtype=np.uint32)
        elif popcount == "table":
            counts = POPCOUNT_TABLE[x.view(np.uint8)].sum(axis=1, dtype=np.uint32)
        else:
            counts = swar_counts(x)
        out[start : start + n - 1 - i] = counts
        start += n - 1 - i
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("predicted", help="n_minima x n_items int32 predicted classes")
    parser.add_argument("--minima", type=int, required=True)
    parser.add_argument("--items", type=int, required=True)
    parser.add_argument("--classes", type=int, required=True)
    parser.add_argument("--out", help="write the strict upper triangle here (uint32)")
    parser.add_argument(
        "--popcount",
        choices=["swar", "table", "bitwise_count"],
        default="bitwise_count" if hasattr(np, "bitwise_count") else "swar",
    )
    args = parser.parse_args()
    classes = np.fromfile(args.predicted, dtype=np.int32).reshape(args.minima, args.items)
    start = time.perf_counter()
    planes = pack_planes(classes, args.classes)
    pack_seconds = time.perf_counter() - start
    start = time.perf_counter()
    upper = upper_triangle(planes, args.popcount)
    seconds = time.perf_counter() - start
    if args.out:
        upper.tofile(args.out)
    print(
        f"peer minima={args.minima} items={args.items} planes={planes.shape[0]} "
        f"seconds={seconds:.6f} pack_seconds={pack_seconds:.6f} popcount={args.popcount} "
        f"numpy={np.__version__}"
    )


if __name__ == "__main__":
    main()

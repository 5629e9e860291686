#!/usr/bin/env bash
# gmin's walkers under Open MPI (doc/mpi.md): quenches per second and distinct minima per hour of
# basin-hopping with DATABASE, for LJ38 (the tutorial's 01_gmin input) and the spiral network
# with 10 hidden nodes, run by 1 and 2 ranks (`mpirun -np K`, each walker its STEPS: the work grows
# with K). The parallel efficiency is rate(K) / (K rate(1)); rank 0's cost per merged minimum is
# what its log says it spent adding the walkers' minima (identity check and append).
# Usage: bench/mpi_walkers_bench.sh [MPI_BUILD_DIR [WORK_DIR]]  (defaults: build-mpi,
# scratch/mpi_walkers). The MPI tree: cmake -S . -B build-mpi -DLANDSCAPE_MPI=ON
# -DLANDSCAPE_MPI_TESTS_ONLY=ON -DLANDSCAPE_BENCH=OFF && cmake --build build-mpi -j2 --target gmin.
# Environment: LJ38_STEPS (4000), SPIRAL_STEPS (150), RANKS ("1 2"). Each rank runs OpenBLAS on
# one thread (the MPI session sets it). The kernel is OpenBLAS's own choice unless
# OPENBLAS_CORETYPE is set; run once with it set and once with it unset to compare.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/build-mpi}" && pwd)
work=${2:-$top/scratch/mpi_walkers}
lj38_steps=${LJ38_STEPS:-4000}
spiral_steps=${SPIRAL_STEPS:-150}
ranks=${RANKS:-"1 2"}
gmin=$build/bin/gmin
[ -x "$gmin" ] || { echo "mpi_walkers_bench: $gmin not found (build the MPI tree)" >&2; exit 1; }
root_flag=""
[ "$(id -u)" -eq 0 ] && root_flag="--allow-run-as-root"
mkdir -p "$work"
echo "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-<unset: OpenBLAS picks>}; $(nproc) cores"

prepare() {  # system dir
  rm -rf "$2" && mkdir -p "$2"
  case $1 in
    lj38)
      cp "$top/examples/lj38_tutorial/01_gmin/coords" "$2/coords"
      grep -v -E '^(STEPS|SAVE|TRACKDATA)' "$top/examples/lj38_tutorial/01_gmin/data" > "$2/data"
      printf 'STEPS %s 1.0\nSAVE 5\nDATABASE\n' "$lj38_steps" >> "$2/data" ;;
    spiral)
      (cd "$2" && "$gmin" --dataset spiral 1 > /dev/null)
      cat > "$2/data" <<DATA
MLPVB3 2 1 10 2 3200 1.0D-5
TEMPERATURE 1
STEP 4 0.0
FIXBOTH
SLOPPYCONV 1.0D-10
TIGHTCONV 1.0D-10
MAXIT 100000 100000
UPDATES 100
DATABASE 1.0D-7
GEOMDIFFTOL 1.0D-3
EDIFF 1.0D-7
SAVE 5
STEPS $spiral_steps
DATA
      ;;
  esac
}

printf '%-7s %5s %9s %9s %11s %7s %13s %10s %14s\n' system ranks wall_s quenches quenches/s \
  minima minima/hour efficiency merge_us/min
for system in lj38 spiral; do
  base_q=""
  for k in $ranks; do
    dir=$work/$system.$k
    prepare "$system" "$dir"
    start=$(date +%s%N)
    (cd "$dir" && mpirun $root_flag --oversubscribe --mca btl_vader_single_copy_mechanism none \
      -np "$k" "$gmin" > log 2> err)
    wall=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN {printf "%.3f", (b - a) / 1e9}')
    # One walker: the run's summary line; several: rank 0's line per walker.
    if [ "$k" -eq 1 ]; then
      lines=$(grep -E '^[0-9]+ steps, [0-9]+ quenches' "$dir/log")
    else
      lines=$(grep -E '^ +walker +[0-9]+:' "$dir/log")
    fi
    quenches=$(echo "$lines" | grep -oE '[0-9]+ quenches,' | awk '{s += $1} END {print s}')
    minima=$(wc -l < "$dir/min.data")
    merge=$(grep -oE '\(([0-9.]+) us each\)' "$dir/log" | tr -d '(' | awk '{print $1}' || true)
    q_rate=$(awk -v q="$quenches" -v w="$wall" 'BEGIN {print q / w}')
    m_rate=$(awk -v m="$minima" -v w="$wall" 'BEGIN {print m / w * 3600}')
    [ -z "$base_q" ] && base_q=$q_rate
    eff=$(awk -v r="$q_rate" -v k="$k" -v b="$base_q" 'BEGIN {print r / (k * b)}')
    printf '%-7s %5d %9.1f %9d %11.1f %7d %13.0f %10.2f %14s\n' "$system" "$k" "$wall" "$quenches" \
      "$q_rate" "$minima" "$m_rate" "$eff" "${merge:--}"
  done
done
echo "efficiency: quenches/s at K ranks over K times the 1-rank rate, measured in this run"

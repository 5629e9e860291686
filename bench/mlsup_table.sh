#!/usr/bin/env bash
# The MLSUP evaluation table (issue "MLSUP end to end"; the paper's Table 2): explore each data set
# with gmin (DATABASE), choose minima with pathsample (MLMINSELECT), train the meta-network with
# gmin (MLMIN + MLSUP) and collect every mlsup.csv row with the time of its MLSUP step.
# Usage: bench/mlsup_table.sh [BUILD_DIR [WORK_DIR]]   (defaults: build, scratch/mlsup_table)
# Environment: EXPLORE_STEPS (3000), MLSUP_STEPS (200), RANDOM_PAIRS (20), DATASETS ("spiral
# checkerboard iris").
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
work=${2:-$top/scratch/mlsup_table}
explore_steps=${EXPLORE_STEPS:-3000}
mlsup_steps=${MLSUP_STEPS:-200}
random_pairs=${RANDOM_PAIRS:-20}
datasets=${DATASETS:-"spiral checkerboard iris"}
gmin=$build/bin/gmin
pathsample=$build/bin/pathsample
export OPENBLAS_NUM_THREADS=1
mkdir -p "$work"
results=$work/results.csv
echo "dataset,method,n_minima,seed,best_chosen_auc,best_database_auc,mlsup_auc,tma,vote_accuracy,mlsup_seconds" > "$results"

# network shape of each data set: Nin Nhid Nout Ntrain Ntest
shape() {
  case $1 in
    spiral | checkerboard) echo "2 3 2 3200 800" ;;
    iris) echo "4 3 3 120 30" ;;
  esac
}

explore() {  # dataset
  local d=$work/$1 nin nhid nout ntrain ntest
  read -r nin nhid nout ntrain ntest < <(shape "$1")
  mkdir -p "$d/explore"
  if [ -s "$d/explore/min.data" ]; then return; fi
  (cd "$d/explore" && "$gmin" --dataset "$1" 1 > /dev/null && cat > data <<DATA
MLPVB3 $nin 1 $nhid $nout $ntrain 1.0D-5
MLPTESTDATA MLPdata.test $ntest
TEMPERATURE 1
STEP 8 0.0
FIXBOTH
SLOPPYCONV 1.0D-10
TIGHTCONV 1.0D-10
MAXIT 100000 100000
UPDATES 100
DATABASE 1.0D-7
GEOMDIFFTOL 1.0D-3
EDIFF 1.0D-7
SAVE 1
RANSEED 1
STEPS $explore_steps
DATA
   local t0=$SECONDS
   "$gmin" > gmin.log
   echo "$1: $(wc -l < min.data) minima in $((SECONDS - t0)) s ($explore_steps basin-hopping steps)" >&2)
}

run_case() {  # dataset method n_minima [seed]
  local ds=$1 method=$2 m=$3 seed=${4:-1} nin nhid nout ntrain ntest
  read -r nin nhid nout ntrain ntest < <(shape "$ds")
  local d=$work/$ds/${method}_${m}_$seed
  rm -rf "$d" && mkdir -p "$d/mlsup"
  cp "$work/$ds/explore/"{min.data,points.min,MLPdata,MLPdata.test} "$d/"
  local cv=""
  [ "$method" = CVPEAK ] && cv="CV 0.0001 0.1 0.0001"
  printf 'MLPVB3 %s 1 %s %s %s 1.0D-5\nSEED %s\n%s\nMLMINSELECT %s %s\n' \
    "$nin" "$nhid" "$nout" "$ntrain" "$seed" "$cv" "$method" "$m" > "$d/pathdata"
  (cd "$d" && "$pathsample" > pathsample.log)
  cp "$d/"{MLPdata,MLPdata.test,MLMINweights,MLMINselection} "$d/mlsup/"
  cat > "$d/mlsup/data" <<DATA
MLMIN $nin 1 $nhid $nout $ntrain 1.0D-5 $m
MLSUP $nin 1 3 $m $ntrain 1.0D-5
MLPTESTDATA MLPdata.test $ntest
MLSUPDATABASE ..
RANSEED $seed
STEPS $mlsup_steps
STEP 8 0.0
TEMPERATURE 1
FIXBOTH
SLOPPYCONV 1.0D-6
TIGHTCONV 1.0D-8
UPDATES 100
MAXIT 20000 20000
DATA
  local t0 t1
  t0=$EPOCHREALTIME
  (cd "$d/mlsup" && "$gmin" > gmin.log)
  t1=$EPOCHREALTIME
  local row
  row=$(sed -n 2p "$d/mlsup/mlsup.csv")
  echo "$ds,${row%%,*},$m,$seed,$(echo "$row" | cut -d, -f3-),$(awk "BEGIN{printf \"%.2f\", $t1 - $t0}")" >> "$results"
  tail -1 "$results" >&2
}

for ds in $datasets; do
  explore "$ds"
  case $ds in
    spiral)
      for m in 2 4 5 20; do
        for method in CVPEAK MMDMB DIVERSITY; do run_case "$ds" "$method" "$m"; done
      done
      run_case "$ds" EUCLIDEAN 4
      for seed in $(seq 1 "$random_pairs"); do run_case "$ds" RANDOM 2 "$seed"; done
      ;;
    *)
      for method in CVPEAK MMDMB DIVERSITY; do run_case "$ds" "$method" 2; done
      ;;
  esac
done

python3 - "$results" <<'PY'
import csv, sys, statistics
rows = list(csv.DictReader(open(sys.argv[1])))
print("| data set | method | minima | best chosen | best in database | MLSUP | TMA | vote acc. | MLSUP - best chosen | MLSUP step (s) |")
print("|---|---|---|---|---|---|---|---|---|---|")
rand = [r for r in rows if r["method"] == "RANDOM"]
for r in rows:
    if r["method"] == "RANDOM": continue
    f = lambda k: float(r[k])
    print(f"| {r['dataset']} | {r['method']} | {r['n_minima']} | {f('best_chosen_auc'):.4f} | {f('best_database_auc'):.4f} | {f('mlsup_auc'):.4f} | {f('tma'):.4f} | {f('vote_accuracy'):.4f} | {f('mlsup_auc') - f('best_chosen_auc'):+.4f} | {f('mlsup_seconds'):.1f} |")
if rand:
    margins = [float(r["mlsup_auc"]) - float(r["best_chosen_auc"]) for r in rand]
    mean = lambda k: statistics.mean(float(r[k]) for r in rand)
    print(f"| {rand[0]['dataset']} | RANDOM x{len(rand)} (mean) | 2 | {mean('best_chosen_auc'):.4f} | {mean('best_database_auc'):.4f} | {mean('mlsup_auc'):.4f} | {mean('tma'):.4f} | {mean('vote_accuracy'):.4f} | {statistics.mean(margins):+.4f} (min {min(margins):+.4f}) | {mean('mlsup_seconds'):.1f} |")
PY

#!/usr/bin/env bash
# A long pathsample UNTRAP campaign on the LJ38 tutorial's 05_pathsample_expanded database (its
# pathdata with CYCLES raised so that the campaign outlasts the run, CPUS 2, the built optim as
# EXEC): every INTERVAL seconds it samples pathsample's resident memory (VmRSS, VmHWM from /proc),
# the jobs done, the jobs per minute over the last interval and the database size; after DURATION
# seconds it stops the campaign with SIGTERM (a safe stop: running jobs are merged) and checks that
# the database opens. Steady memory and a steady job rate over an hour are what it is for.
# Usage: bench/pathsample_long_campaign.sh [BUILD_DIR [DURATION [INTERVAL [WORK_DIR]]]]
#        (defaults: build, 3600 s, 300 s, scratch/long_campaign)
# The OpenBLAS kernel is OpenBLAS's own choice unless OPENBLAS_CORETYPE is set (optim jobs run
# one BLAS thread each).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
duration=${2:-3600}
interval=${3:-300}
work=${4:-$top/scratch/long_campaign}
src=$top/examples/lj38_tutorial/05_pathsample_expanded
[ -x "$build/bin/pathsample" ] || { echo "pathsample_long_campaign: no $build/bin/pathsample" >&2; exit 1; }
rm -rf "$work" && mkdir -p "$work"
for f in min.data ts.data points.min points.ts odata.connect min.A min.B; do cp "$src/$f" "$work/"; done
sed -e "s|^EXEC .*|EXEC $build/bin/optim|" -e 's/^CPUS .*/CPUS 2/' -e 's/^CYCLES .*/CYCLES 1000000/' \
  "$src/pathdata" > "$work/pathdata"
cd "$work"
"$build/bin/pathsample" > log 2> err &
pid=$!
echo "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-<unset: OpenBLAS picks>}; pathsample pid $pid; $duration s, sampled every $interval s"
printf '%8s %10s %10s %8s %12s %8s %8s\n' t_s rss_kib hwm_kib jobs jobs/min minima ts
start=$SECONDS last_jobs=0 last_t=0
sample() {
  local t=$((SECONDS - start)) rss hwm jobs rate
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo -)
  hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo -)
  jobs=$(grep -c -E '^job [0-9]+ done in' log || true)
  rate=$(awk -v j=$((jobs - last_jobs)) -v dt=$((t - last_t)) 'BEGIN {printf "%.1f", (dt > 0 ? 60 * j / dt : 0)}')
  printf '%8d %10s %10s %8d %12s %8d %8d\n' "$t" "$rss" "$hwm" "$jobs" "$rate" \
    "$(wc -l < min.data)" "$(wc -l < ts.data)"
  last_jobs=$jobs last_t=$t
}
while kill -0 "$pid" 2>/dev/null && [ $((SECONDS - start)) -lt "$duration" ]; do
  sleep "$interval" &
  wait $! || true
  kill -0 "$pid" 2>/dev/null && sample
done
if kill -0 "$pid" 2>/dev/null; then
  kill -TERM "$pid"
  status=0
  wait "$pid" || status=$?
  echo "stopped with SIGTERM after $((SECONDS - start)) s: exit status $status (143: a safe stop)"
else
  status=0
  wait "$pid" || status=$?
  echo "the campaign ended by itself after $((SECONDS - start)) s: exit status $status"
fi
printf 'NATOMS 38\nSYSTEM AX\nEXTRACTMIN 1\n' > pathdata.check
if "$build/bin/pathsample" pathdata.check > check.log 2>&1; then
  echo "the database opens: $(wc -l < min.data) minima, $(wc -l < ts.data) transition states"
else
  echo "the database does not open: see $work/check.log"; exit 1
fi

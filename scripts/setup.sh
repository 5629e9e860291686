#!/usr/bin/env bash
# Shared by scripts/demo and scripts/test: install missing Debian packages, then configure and
# build one build directory. Usage: scripts/setup.sh BUILD_DIR [extra cmake arguments...]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${1:?usage: setup.sh BUILD_DIR [cmake args...]}
shift

packages=(cmake g++ make pkg-config libopenblas-dev liblapacke-dev libboost-graph-dev libfmt-dev
          libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev python3-numpy python3-scipy
          libcairo2-dev clang-format)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

cmake -S "$top" -B "$top/$build_dir" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build "$top/$build_dir" -j2

#!/usr/bin/env bash
# Shared by scripts/demo, scripts/test and scripts/fuzz: install missing Debian packages, then
# configure and build one build directory.
#   scripts/setup.sh BUILD_DIR [extra cmake arguments...]
#   scripts/setup.sh --packages-only [cmake arguments...]   (install what those would need, no build)
# The packages follow the cmake arguments: Open MPI only with -DLANDSCAPE_MPI=ON, clang and its
# libFuzzer runtime only with -DLANDSCAPE_FUZZ=ON, ccache only with a ccache compiler launcher,
# so scripts/demo (serial) installs none of them.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${1:?usage: setup.sh BUILD_DIR|--packages-only [cmake args...]}
shift

packages=(cmake g++ make pkg-config libopenblas-dev liblapacke-dev libboost-graph-dev libfmt-dev
          libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev python3-numpy python3-scipy
          libcairo2-dev clang-format)
for arg in "$@"; do
  case $arg in
    -DLANDSCAPE_MPI=ON) packages+=(openmpi-bin libopenmpi-dev) ;;
    -DLANDSCAPE_FUZZ=ON) packages+=(clang libclang-rt-dev) ;;
    -DCMAKE_CXX_COMPILER_LAUNCHER=ccache) packages+=(ccache) ;;
  esac
done
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
[ "$build_dir" = --packages-only ] && exit 0

cmake -S "$top" -B "$top/$build_dir" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build "$top/$build_dir" -j2

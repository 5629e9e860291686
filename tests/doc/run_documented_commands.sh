#!/usr/bin/env bash
# Runs every command a markdown file documents, as a reader would type them, and fails when one
# no longer runs.
#
#   run_documented_commands.sh FILE.md SOURCE_DIR BIN_DIR
#   run_documented_commands.sh --count FILE.md   (prints the number of command blocks; for CMake)
#
# A documented command block is an indented code block (four spaces, after a blank line) whose
# first word is a program of the suite, a script of the repository or a shell command. The blocks
# of one file form one shell session, in order, under `set -euo pipefail`, starting in the checkout
# (SOURCE_DIR), as the docs assume; a `cd` in one block holds for the next. The placeholders of the
# docs are replaced: /path/to/landscape by SOURCE_DIR, /path/to/build/bin and build/bin by BIN_DIR,
# /tmp/ by a fresh scratch directory; BIN_DIR leads PATH, for the commands that name a program
# alone. Two kinds of line are not run as written:
#   - scripts/demo and scripts/test install, build and test the whole suite (CTest runs inside
#     scripts/test): the test checks that they exist and are executable;
#   - examples/*/run without --quick (a campaign of several minutes): run with --quick, which the
#     example READMEs document as the same keywords on fewer items.
# Fenced blocks (```) show output, not commands, and are skipped.
set -euo pipefail

count_only=0
if [ "$1" = --count ]; then count_only=1; shift; fi
file=$1

# The command blocks, each line prefixed with the block's start line: "LINE<TAB>command".
blocks=$(awk '
  /^```/ { fenced = !fenced; previous = ""; next }
  fenced { next }
  /^    [^ ]/ && previous ~ /^[ \t]*$/ && !in_block { start = NR }
  /^    / && (start == NR || in_block) {
    in_block = 1; previous = $0
    print start "\t" substr($0, 5); next
  }
  { in_block = 0; previous = $0 }
' "$file")

first_words='^(scripts/|examples/|gmin|optim|pathsample|disconnect|/path/to/|cp |cd |mkdir |printf |sed |rm |cat |echo )'
if [ "$count_only" = 1 ]; then
  awk -F '\t' -v re="$first_words" '$1 != last { last = $1; f = $2; sub(/#.*/, "", f); if (f ~ re) n++ }
    END { print n + 0 }' <<<"$blocks"
  exit 0
fi

source_dir=$(cd "$2" && pwd) bin_dir=$(cd "$3" && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/documented_commands.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
script=$scratch/session.sh
{
  echo 'set -euo pipefail'
  echo "export PATH='$bin_dir':\"\$PATH\""
  echo "cd '$source_dir'"
} >"$script"

n_blocks=0 n_lines=0 last_start=
while IFS=$'\t' read -r start line; do
  [ -n "$start" ] || continue
  if [ "$start" != "$last_start" ]; then
    last_start=$start
    first=${line%%#*}
    if ! [[ $first =~ $first_words ]]; then skip_block=1; continue; fi
    skip_block=0
    n_blocks=$((n_blocks + 1))
    printf 'echo "== %s:%s" >&2\n' "$(basename "$file")" "$start" >>"$script"
  fi
  [ "$skip_block" = 1 ] && continue
  [[ $line =~ ^[[:space:]]*(#|$) ]] && continue  # a comment continued on its own line
  n_lines=$((n_lines + 1))
  command=${line%%  #*}  # a trailing comment, as in "scripts/demo    # installs ..."
  # /tmp/ first: the checkout itself may live under /tmp (a fresh clone), and its paths must not
  # be rewritten.
  command=$(sed -E "s#(^|[ =])/tmp/#\\1$scratch/#g" <<<"$command")
  command=${command//\/path\/to\/landscape/$source_dir}
  command=${command//\/path\/to\/build\/bin/$bin_dir}
  command=$(sed -E "s#(^| )build/bin( |\$)#\\1$bin_dir\\2#g" <<<"$command")
  case $command in
    scripts/demo* | scripts/test*)
      word=${command%% *}
      echo "[ -x '$source_dir/$word' ] || { echo '$file:$start: $word is not an executable script' >&2; exit 1; }" >>"$script"
      continue ;;
    examples/*/run*)
      [[ $command == *--quick* ]] || command="$command --quick" ;;
  esac
  printf '%s\n' "$command" >>"$script"
done <<<"$blocks"

if [ "$n_blocks" = 0 ]; then
  echo "$file: no documented command block found" >&2
  exit 1
fi
echo "$file: $n_blocks blocks, $n_lines command lines" >&2
if ! bash "$script" >"$scratch/session.out" 2>&1; then
  tail -n 40 "$scratch/session.out" >&2
  echo "$file: a documented command failed (the last '==' line above names its block)" >&2
  exit 1
fi
grep '^== ' "$scratch/session.out" >&2 || true
echo "$file: every documented command ran" >&2

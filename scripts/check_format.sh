#!/usr/bin/env bash
# check_format.sh — fails, naming the files, when a C++ file differs from what clang-format makes of it
# (.clang-format at the top of the tree). `scripts/check_format.sh --fix` rewrites them instead.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { echo "check_format: clang-format missing (Debian package clang-format)"; exit 2; }
if [[ -d .git || -f .git ]]; then
  mapfile -t files < <(git ls-files '*.cpp' '*.hpp' '*.h')
else
  mapfile -t files < <(find . -path ./build -prune -o -path './build-*' -prune -o \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' \) -print | sort)
fi
if [[ ${1:-} == --fix ]]; then
  clang-format -i "${files[@]}"
  exit 0
fi
# One clang-format over the whole tree; only when it finds a difference, one per file to name them.
if clang-format --dry-run -Werror "${files[@]}" >/dev/null 2>&1; then
  echo "check_format: all ${#files[@]} C++ files as clang-format lays them out"
  exit 0
fi
unformatted=()
for f in "${files[@]}"; do
  clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || unformatted+=("$f")
done
if ((${#unformatted[@]})); then
  echo "check_format: ${#unformatted[@]} of ${#files[@]} files differ from clang-format (scripts/check_format.sh --fix):"
  printf '  %s\n' "${unformatted[@]}"
  exit 1
fi
echo "check_format: all ${#files[@]} C++ files as clang-format lays them out"

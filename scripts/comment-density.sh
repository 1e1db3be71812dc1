#!/usr/bin/env bash
# Comment lines as a share of non-blank lines in src/**/*.cs, leaving out migrations and the files
# whose XML docs feed the OpenAPI document (controllers, request and response types, the error body).
# Usage: scripts/comment-density.sh [--max PERCENT] [--top N]
# A comment line is a whole line that is //, ///, or inside /* */. Exits 1 above --max.
set -euo pipefail
cd "$(dirname "$0")/.."

max=""
top=0
while [ $# -gt 0 ]; do
  case "$1" in
    --max) max="$2"; shift 2 ;;
    --top) top="$2"; shift 2 ;;
    *) echo "usage: $0 [--max PERCENT] [--top N]" >&2; exit 2 ;;
  esac
done

mapfile -t files < <(find src -name '*.cs' -not -path '*/bin/*' -not -path '*/obj/*' -not -path '*/Migrations/*' \
  -not -path 'src/Api/Controllers/*' -not -path 'src/Api/Responses/*' \
  -not -path 'src/Api/Requests/*Request.cs' -not -path 'src/Api/Requests/TokenSource*.cs' \
  -not -path 'src/Api/Errors/ApiErrorBody.cs' | sort)

per_file=$(awk '
  FNR == 1 { block = 0 }
  {
    line = $0; sub(/^[ \t]+/, "", line); sub(/[ \t\r]+$/, "", line)
    if (line == "") next
    total[FILENAME]++
    if (block || line ~ /^\/\// || line ~ /^\/\*/) {
      comments[FILENAME]++
      if (line ~ /^\/\*/) block = 1
      if (block && line ~ /\*\/$/) block = 0
    }
  }
  END { for (f in total) printf "%d %d %s\n", comments[f] + 0, total[f], f }
' "${files[@]}")

read -r comments lines < <(awk '{ c += $1; n += $2 } END { print c + 0, n + 0 }' <<<"$per_file")
percent=$(awk -v c="$comments" -v n="$lines" 'BEGIN { printf "%.1f", n ? 100 * c / n : 0 }')
echo "$comments comment lines of $lines non-blank lines: $percent%"
if [ "$top" -gt 0 ]; then
  sort -rn <<<"$per_file" | head -n "$top" | awk '{ printf "  %4d of %4d  %s\n", $1, $2, $3 }'
fi
if [ -n "$max" ] && awk -v p="$percent" -v m="$max" 'BEGIN { exit !(p > m) }'; then
  echo "above the bound of $max%" >&2
  exit 1
fi

#!/usr/bin/env bash
# Sets squashtree's outcome on hostile images next to unsquashfs's and rdsquashfs's, as a markdown
# table on stdout (for issue 6's closing note). Records what the peers do; never fails on it.
#
#   mvn -o -pl squashfs-core test -Dtest=AttackImagesExportTest -Dsquashtree.attackImages=/tmp/attack
#   scripts/attack-table.sh /tmp/attack src-test-fixtures/src/test/resources/io/github/squashtree/fuzz/*Inputs/*
#
# Each tool extracts into run/out of a fresh run directory; anything else that appears in run is
# reported as "WROTE OUTSIDE". squashtree's column comes from squashtree-outcomes.tsv in a given
# directory (written by AttackImagesExportTest), "-" where there is none.
set -u
work=$(mktemp -d)
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT

declare -A ours=()
for dir in "$@"; do
  if [[ -f "$dir/squashtree-outcomes.tsv" ]]; then
    while IFS=$'\t' read -r name outcome; do ours["$name"]=$outcome; done <"$dir/squashtree-outcomes.tsv"
  fi
done

# run <label> <command...>: runs in a fresh directory, prints "rc N: last message [; WROTE OUTSIDE]".
run() {
  local run_dir
  run_dir=$(mktemp -d "$work/run.XXXX")
  (cd "$run_dir" && timeout 20 "$@" >"$work/log" 2>&1)
  local rc=$?
  local msg
  # The first complaint says most; failing that, the last line that is not a progress bar.
  msg=$(grep -aiE 'error|fatal|fail|illegal|invalid|corrupt|more than once|skipping|loop' "$work/log" \
    | head -n 1)
  [[ -n $msg ]] || msg=$(grep -av '^\s*$' "$work/log" | grep -av '\[=*' | tail -n 1)
  msg=$(printf '%s' "$msg" | tr '|\r' '/ ' | cut -c1-100)
  local outside
  outside=$(cd "$run_dir" && ls -A | grep -vx out)
  [[ $rc -eq 124 ]] && msg="TIMEOUT (20 s)"
  printf 'rc %s: %s%s' "$rc" "${msg:-ok}" "${outside:+; WROTE OUTSIDE: $outside}"
}

echo "| image | squashtree | unsquashfs $(unsquashfs -version 2>&1 | head -n1 | awk '{print $3}') -d | rdsquashfs $(rdsquashfs --version 2>&1 | head -n1 | awk '{print $3}') -u / -p |"
echo "|---|---|---|---|"
for dir in "$@"; do
  for img in "$dir"/*; do
    [[ -f "$img" && "$img" != *.tsv ]] || continue
    abs=$(readlink -f "$img")
    name=$(basename "$img")
    u=$(run unsquashfs -no-xattrs -d out "$abs")
    r=$(run sh -c 'mkdir out && exec rdsquashfs -u / -p out "$1"' sh "$abs")
    echo "| $name | ${ours[$name]:--} | $u | $r |"
  done
done

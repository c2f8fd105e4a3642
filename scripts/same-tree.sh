#!/usr/bin/env bash
# same-tree.sh A B: whether two directory trees are the same as far as a SquashFS image keeps a
# tree: every entry's type, permissions, owner, size, mtime (whole seconds), symlink target, device
# number and hard-link group, every extended attribute (getfattr, all namespaces as root) and every
# file's content — not only content, as `diff -r` alone would judge.
#
# Prints one line per difference, paths relative to the trees: content first ("PATH differs",
# "PATH missing" from B, "PATH kept" in B only), then "PATH metadata: STATE-IN-A | STATE-IN-B"
# (type mode uid:gid size mtime link-group rdev target) and "PATH xattrs". Exit status 0 when the
# trees are the same, 1 when they differ. Sourced, it defines same_tree A B. Names holding a tab or
# a newline are not told apart (find prints lines).

tree_state() { # path, type, mode, owner, size, mtime second, hard-link group, rdev, target
  local devices
  devices=$(cd "$1" && find . \( -type b -o -type c \) -exec stat -c '%n %t:%T' {} +)
  (cd "$1" && find . -printf '%P\t%y\t%#m\t%U:%G\t%s\t%T@\t%n\t%i\t%l\n') |
    LC_ALL=C sort -t $'\t' -k1,1 |
    awk -F'\t' -v OFS='\t' -v devices="$devices" '
      BEGIN {
        n = split(devices, d, "\n")
        for (i = 1; i <= n; i++) {
          key = d[i]; sub(/ [^ ]*$/, "", key); sub(/^\.\//, "", key)
          value = d[i]; sub(/^.* /, "", value)
          rdev[key] = value
        }
      }
      {
        path = ($1 == "") ? "." : $1
        size = ($2 == "d") ? "-" : $5
        split($6, t, ".")
        group = "-"
        if ($2 != "d" && $7 > 1) { if (!($8 in first)) first[$8] = path; group = first[$8] }
        print path, $2, $3, $4, size, t[1], group, (($1 in rdev) ? rdev[$1] : "-"), $9
      }'
}

xattr_state() { # every attribute of every entry, as getfattr dumps them, one per line, sorted
  command -v getfattr >/dev/null || return 0
  (cd "$1" && getfattr -R -P -h -d -m - -e hex . 2>/dev/null) |
    awk '/^# file: / { file = substr($0, 9); sub(/^\.\//, "", file); next } NF { print file "\t" $0 }' |
    LC_ALL=C sort
}

same_tree() {
  local a="$1" b="$2" out
  out=$(
    # Content: diff -r's lines as "PATH differs", "PATH missing" (only in A), "PATH kept" (only in
    # B); special files of one type it cannot compare are left to the metadata below.
    diff -r --no-dereference -q "$a" "$b" 2>&1 |
      sed -E -e "s|^Only in $b/?([^:]*): (.*)|\1/\2 kept|; s|^Only in $a/?([^:]*): (.*)|\1/\2 missing|" \
        -e "s|^Files $a/(.*) and .* differ|\1 differs|; s|^/||" \
        -e '/^File .* is a (.*) while file .* is a \1$/d'
    # Metadata of the entries both trees have.
    awk -F'\t' -v OFS=' ' '
      NR == FNR { p = $1; $1 = ""; state[p] = substr($0, 2); next }
      { p = $1; $1 = ""; s = substr($0, 2); if ((p in state) && state[p] != s) print p " metadata: " state[p] " | " s }
    ' <(tree_state "$a") <(tree_state "$b")
    # Attributes: the entries whose attribute lines are not all in both trees.
    LC_ALL=C comm -3 <(xattr_state "$a") <(xattr_state "$b") |
      sed -E 's/^\t//; s/\t.*//' | LC_ALL=C sort -u | sed 's/$/ xattrs/'
  )
  [[ -z "$out" ]] && return 0
  printf '%s\n' "$out"
  return 1
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  [[ $# -eq 2 ]] || { echo "usage: same-tree.sh A B" >&2; exit 2; }
  same_tree "$1" "$2"
fi

# Shared by the side-by-side scripts: the trees of issue 22 and their images, made once and cached
# under the git-ignored $data (set it before sourcing). Every function prints the path it made.
#
#   tree_60k        ~60,000 entries from this machine's own files: /usr/include, then the top-level
#                   directories of /usr/share in C-locale name order, each copied whole (cp -a) while
#                   the total stays within 60,000 entries. The same machine gives the same tree.
#   tree_empty100k  100,000 empty files (100 directories of 1,000), every mtime 2020-01-01: the
#                   per-file cost of a tool, with no data to move.
#   image_of TREE CODEC   mksquashfs TREE with -comp CODEC (gzip, zstd, ...; defaults otherwise,
#                   -processors 2), cached as $data/images/<tree name>-<codec>.sqfs.

tree_60k() {
  local t="$data/tree-60k" budget=60000 n=0 c d
  if [[ ! -f "$t.complete" ]]; then
    echo "datasets: copying ~60k entries of /usr/include and /usr/share into $t ..." >&2
    rm -rf "$t" && mkdir -p "$t/share"
    cp -a /usr/include "$t/include"
    n=$(find "$t" | wc -l)
    while IFS= read -r d; do
      c=$(find "/usr/share/$d" | wc -l)
      if ((n + c <= budget)); then
        cp -a "/usr/share/$d" "$t/share/"
        n=$((n + c))
      fi
    done < <(cd /usr/share && find . -mindepth 1 -maxdepth 1 -printf '%P\n' | LC_ALL=C sort)
    touch "$t.complete"
    echo "datasets: $t: $(find "$t" | wc -l) entries, $(du -sh "$t" | cut -f1)" >&2
  fi
  echo "$t"
}

tree_empty100k() {
  local t="$data/tree-empty100k" i
  if [[ ! -f "$t.complete" ]]; then
    echo "datasets: making 100,000 empty files in $t ..." >&2
    rm -rf "$t" && mkdir -p "$t"
    for ((i = 0; i < 100; i++)); do
      mkdir "$t/d$i" && (cd "$t/d$i" && seq -f 'f%04g' 0 999 | xargs touch)
    done
    find "$t" -exec touch -h -d '2020-01-01 00:00:00 UTC' {} +
    touch "$t.complete"
  fi
  echo "$t"
}

image_of() { # TREE CODEC
  local img
  img="$data/images/$(basename "$1")-$2.sqfs"
  if [[ ! -f "$img" ]]; then
    mkdir -p "$data/images"
    echo "datasets: mksquashfs $(basename "$1") -comp $2 ..." >&2
    mksquashfs "$1" "$img.partial" -comp "$2" -processors 2 -noappend -no-progress -quiet >&2
    mv "$img.partial" "$img"
  fi
  echo "$img"
}

# t1_of TREE: a cached T1 of TREE (minbase_t1 of lib/minbase.sh: cp -a with about 1% of the files
# really changed and 20 new ones), as $data/<tree name>-t1. Sets $changed only when it makes it.
t1_of() {
  local t1
  t1="$data/$(basename "$1")-t1"
  if [[ ! -f "$t1.complete" ]]; then
    echo "datasets: T1 of $(basename "$1") (cp -a + about 1% changed) ..." >&2
    rm -rf "$t1"
    minbase_t1 "$1" "$t1"
    touch "$t1.complete"
  fi
  echo "$t1"
}

# Shared by the side-by-side scripts: the Debian minbase tree T0 and its 1%-changed copy T1.
# Source it after setting $data (the cache directory); needs root for debootstrap.

# minbase_t0: sets $base (the tree) and $what (what it is), making the tree once.
minbase_t0() {
  base="$data/minbase-bookworm"
  what="Debian bookworm minbase (debootstrap --variant=minbase)"
  if [[ ! -d "$base" ]]; then
    command -v debootstrap >/dev/null || apt-get install -y debootstrap >/dev/null || true
    rm -rf "$base.partial"
    if command -v debootstrap >/dev/null &&
      debootstrap --variant=minbase bookworm "$base.partial" http://deb.debian.org/debian >"$data/debootstrap.log" 2>&1; then
      mv "$base.partial" "$base"
    else
      echo "minbase: debootstrap failed (see $data/debootstrap.log); using a copy of /usr and /etc" >&2
      rm -rf "$base.partial"
      base="$data/usr-etc-copy"
      what="a copy of this machine's /usr and /etc (debootstrap could not fetch)"
      if [[ ! -d "$base" ]]; then
        mkdir -p "$base.partial"
        cp -a /usr /etc "$base.partial/"
        mv "$base.partial" "$base"
      fi
    fi
  fi
}

# minbase_t1 BASE T1: T1 = cp -a of BASE with about 1% of its files really changed (new size;
# same size and mtime second, other content; mode; deleted; mtime + 1 h) and 20 new files in a new
# directory. Sets $changed.
minbase_t1() {
  local base="$1" t1="$2" picked i f sec
  cp -a "$base" "$t1"
  mapfile -t picked < <(cd "$t1" && find . -type f -size +0 ! -path './proc/*' ! -path './dev/*' | LC_ALL=C sort | awk 'NR % 100 == 37')
  changed=0
  for ((i = 0; i < ${#picked[@]}; i++)); do
    f="$t1/${picked[$i]#./}"
    case $((i % 5)) in
      0) printf '\n# changed\n' >>"$f" ;; # new size
      1) # same size, same mtime second: only the content differs
        sec=$(stat -c %Y "$f")
        printf '\x01' | dd of="$f" bs=1 seek=0 conv=notrunc status=none
        touch -d "@$sec.999999999" "$f" ;;
      2) chmod 600 "$f" ;;
      3) rm "$f" ;;
      4) touch -d "@$(($(stat -c %Y "$f") + 3600))" "$f" ;;
    esac
    changed=$((changed + 1))
  done
  mkdir -p "$t1/opt/new"
  for i in $(seq 1 20); do printf 'new file %s\n' "$i" >"$t1/opt/new/file-$i"; done
}

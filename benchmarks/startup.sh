#!/usr/bin/env bash
# Start-up of the packaged sqfs (the tar.gz of distribution/, unpacked) against bin/sqfs of the
# checkout and a bare JVM: alternating whole-process runs, medians, CPU (lib/alternate.sh).
#
#   mvn -B -o -DskipTests -pl distribution -am package && benchmarks/startup.sh
#   env: RUNS (11), DIST (an unpacked sqfs-VERSION directory; default: the build's own)
#
# rows (A vs B): --version of each against java -version; ls of a one-file image, info, and
# extract of the demo image, packaged against bin/sqfs; the packaged ls and info against
# unsquashfs -l and -s (a C program's start: what squashfs-tools users compare with).
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
root="$(cd "$here/.." && pwd)"
data="$here/data/startup"
runs="${RUNS:-11}"
rows="$data/startup.txt"
export LC_ALL=C.UTF-8
mkdir -p "$data"
. "$here/lib/alternate.sh"
dist="${DIST:-$(ls -d "$root"/distribution/target/distribution/sqfs-* 2>/dev/null | head -1)}"
[[ -x "$dist/bin/sqfs" ]] || { echo "startup: no packaged sqfs: mvn -DskipTests -pl distribution -am package" >&2; exit 2; }
packaged="$dist/bin/sqfs"
checkout="$root/bin/sqfs"
demo="$root/examples/demo-rootfs.sqfs"
tiny="$data/tiny.sqfs"
[[ -f "$tiny" ]] || { mkdir -p "$data/tiny" && echo a >"$data/tiny/a" && "$checkout" mk "$data/tiny" "$tiny" >/dev/null; }
"$checkout" --version >/dev/null # builds the jar and its class-data archive first

: >"$rows"
pair_header | tee -a "$rows" >&2
java_v() { timed java -version; }
pkg_v() { timed "$packaged" --version; }
co_v() { timed "$checkout" --version; }
pkg_ls() { timed "$packaged" ls "$tiny"; }
co_ls() { timed "$checkout" ls "$tiny"; }
pkg_info() { timed "$packaged" info "$demo"; }
co_info() { timed "$checkout" info "$demo"; }
pkg_x() { rm -rf "$data/x"; timed "$packaged" extract "$demo" "$data/x"; }
co_x() { rm -rf "$data/x"; timed "$checkout" extract "$demo" "$data/x"; }
pair "packaged --version vs java -version" pkg_v java_v
pair "bin/sqfs --version vs java -version" co_v java_v
pair "packaged ls (one file) vs bin/sqfs" pkg_ls co_ls
pair "packaged info vs bin/sqfs" pkg_info co_info
pair "packaged extract (demo) vs bin/sqfs" pkg_x co_x
if command -v unsquashfs >/dev/null; then
  unsq_ls() { timed unsquashfs -l "$tiny"; }
  unsq_info() { timed unsquashfs -s "$demo"; }
  pair "packaged ls (one file) vs unsquashfs -l" pkg_ls unsq_ls
  pair "packaged info vs unsquashfs -s" pkg_info unsq_info
fi
rm -rf "$data/x"

# Shared by the side-by-side scripts that mount: `mounted DIR` records a mount point, and on exit
# every recorded mount is undone, the last first.
mounts=()
mounted() { mounts+=("$1"); }
unmount_all() {
  local i
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount "${mounts[$i]}" 2>/dev/null || true; done
}
trap unmount_all EXIT

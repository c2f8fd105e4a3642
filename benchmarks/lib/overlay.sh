# Shared by the side-by-side scripts that compare with rsync over a mounted overlay (root; source
# lib/mounts.sh first). overlay_over IMAGE DIR: loop-mounts IMAGE read-only on DIR/lower and an
# overlay with an empty upper dir (DIR/upper, owned and dated like the image's root) on
# DIR/merged; sets $merged to DIR/merged (not in a subshell: the mounts are recorded). Both mounts are undone on exit.
overlay_over() {
  local image="$1" dir="$2"
  rm -rf "$dir" && mkdir -p "$dir"/{lower,upper,work,merged}
  mount -t squashfs -o loop,ro "$image" "$dir/lower" && mounted "$dir/lower"
  chown --reference="$dir/lower" "$dir/upper" && chmod --reference="$dir/lower" "$dir/upper" &&
    touch -r "$dir/lower" "$dir/upper"
  mount -t overlay overlay -o "lowerdir=$dir/lower,upperdir=$dir/upper,workdir=$dir/work" "$dir/merged" &&
    mounted "$dir/merged"
  merged="$dir/merged"
}

package io.github.squashtree.overlay;

import io.github.squashtree.core.internal.host.HostFileSystem;
import io.github.squashtree.core.internal.host.HostStat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The upper directories of the overlays mounted now, from {@code /proc/self/mountinfo}, matched by
 * device and inode (a path string can name one directory many ways: bind mounts, symlinks).
 */
final class MountedUppers {
  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

  private MountedUppers() {}

  /** The mount point of an overlay whose upper directory is {@code dir}, if one is mounted. */
  static Optional<String> mountPointUsing(Path dir, HostFileSystem host) throws IOException {
    if (!Files.isReadable(MOUNTINFO)) {
      return Optional.empty(); // not Linux: no overlayfs
    }
    HostStat target = host.lstat(dir.toRealPath());
    for (String[] mount : overlays(Files.readAllLines(MOUNTINFO, StandardCharsets.UTF_8))) {
      try {
        HostStat upper = host.lstat(Path.of(mount[1]).toRealPath());
        if (upper.dev() == target.dev() && upper.ino() == target.ino()) {
          return Optional.of(mount[0]);
        }
      } catch (IOException | RuntimeException gone) {
        // unmounted or unreachable meanwhile: not this one
      }
    }
    return Optional.empty();
  }

  /** {mount point, upperdir} of each overlay line with an upper directory. */
  static List<String[]> overlays(List<String> mountinfo) {
    List<String[]> out = new ArrayList<>();
    for (String line : mountinfo) {
      // ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS
      String[] f = line.split(" ");
      int dash = -1;
      for (int i = 6; i < f.length; i++) {
        if (f[i].equals("-")) {
          dash = i;
          break;
        }
      }
      if (f.length < 5 || dash < 0 || dash + 3 >= f.length || !f[dash + 1].equals("overlay")) {
        continue;
      }
      // The kernel escapes space, tab, newline, backslash and, in options, comma as \ooo.
      for (String option : f[dash + 3].split(",")) {
        if (option.startsWith("upperdir=")) {
          out.add(new String[] {unescape(f[4]), unescape(option.substring(9))});
        }
      }
    }
    return out;
  }

  static String unescape(String s) {
    ByteArrayOutputStream b = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && isOctal(s, i + 1)) {
        b.write(Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        b.write(bytes, 0, bytes.length);
      }
    }
    return b.toString(StandardCharsets.UTF_8);
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '7') {
        return false;
      }
    }
    return true;
  }
}

package io.github.squashtree.core.write;

import io.github.squashtree.core.internal.host.HostFileSystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a block device is in use by a mounted file system, from Linux's {@code
 * /proc/self/mountinfo} (its third field is the device number) and {@code /sys/dev/block} (a disk's
 * partitions). Elsewhere nothing is known to be mounted.
 */
final class MountedDevices {
  private MountedDevices() {}

  /** Where the device {@code rdev}, or a partition of it, is mounted; null if nowhere. */
  static String mountPointOf(long rdev) throws IOException {
    String self = HostFileSystem.major(rdev) + ":" + HostFileSystem.minor(rdev);
    Set<String> devices = new HashSet<>();
    devices.add(self);
    Path sys = Path.of("/sys/dev/block", self);
    if (Files.isDirectory(sys)) {
      try (DirectoryStream<Path> children = Files.newDirectoryStream(sys)) {
        for (Path child : children) {
          if (Files.exists(child.resolve("partition")) && Files.isReadable(child.resolve("dev"))) {
            devices.add(Files.readString(child.resolve("dev"), StandardCharsets.US_ASCII).trim());
          }
        }
      }
    }
    Path mountinfo = Path.of("/proc/self/mountinfo");
    if (!Files.isReadable(mountinfo)) {
      return null;
    }
    List<String> lines = Files.readAllLines(mountinfo, StandardCharsets.ISO_8859_1);
    for (String line : lines) {
      String[] fields = line.split(" ");
      if (fields.length > 4 && devices.contains(fields[2])) {
        return fields[4];
      }
    }
    return null;
  }
}

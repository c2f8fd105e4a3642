package io.github.squashtree.overlay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Linux capabilities this process has in effect, read from {@code /proc/self/status}, so that
 * an operation needing privileges can refuse before it changes anything rather than fail half-way.
 */
record Capabilities(long effective) {
  static final int SYS_ADMIN = 21;
  static final int MKNOD = 27;

  /** This process's; none when they cannot be read (not Linux). */
  static Capabilities ofThisProcess() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/self/status"));
      for (String line : lines) {
        if (line.startsWith("CapEff:")) {
          return new Capabilities(Long.parseUnsignedLong(line.substring(7).trim(), 16));
        }
      }
    } catch (IOException | NumberFormatException | SecurityException e) {
      // fall through: assume none
    }
    return new Capabilities(0);
  }

  boolean has(int capability) {
    return (effective >>> capability & 1) != 0;
  }

  /** The kernel's name of a capability this class knows. */
  static String name(int capability) {
    return switch (capability) {
      case SYS_ADMIN -> "CAP_SYS_ADMIN";
      case MKNOD -> "CAP_MKNOD";
      default -> "capability " + capability;
    };
  }
}

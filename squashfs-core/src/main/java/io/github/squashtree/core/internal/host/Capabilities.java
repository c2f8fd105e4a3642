package io.github.squashtree.core.internal.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Linux capabilities this process has in effect, read from {@code /proc/self/status}, so that
 * an operation needing privileges can refuse before it changes anything rather than fail half-way.
 */
public record Capabilities(long effective) {
  /** {@code CAP_SYS_ADMIN}: needed to set {@code trusted.*} attributes. */
  public static final int SYS_ADMIN = 21;

  /** {@code CAP_MKNOD}: needed to make device nodes. */
  public static final int MKNOD = 27;

  /** This process's; none when they cannot be read (not Linux). */
  public static Capabilities ofThisProcess() {
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

  /** Whether {@code capability} is in effect. */
  public boolean has(int capability) {
    return (effective >>> capability & 1) != 0;
  }

  /** The kernel's name of a capability this class knows. */
  public static String name(int capability) {
    return switch (capability) {
      case SYS_ADMIN -> "CAP_SYS_ADMIN";
      case MKNOD -> "CAP_MKNOD";
      default -> "capability " + capability;
    };
  }
}

package io.github.squashtree.core.internal.extract;

import io.github.squashtree.core.internal.host.HostDirectory;
import io.github.squashtree.core.internal.host.HostFile;
import java.io.IOException;

/**
 * Decides when a file can be created with its final permission bits, which saves a chmod per file.
 * That is so when the bits pass the process umask (and any default ACL of the destination)
 * unchanged and hold no setuid, setgid or sticky bit; two probe files in the destination show which
 * bits pass. Otherwise the file is created 0600 and its mode set after its owner.
 */
final class CreationModes {
  private static final CreationModes NEVER = new CreationModes(0);

  /** Permission bits a new file keeps; 0 disables the shortcut. */
  private final int kept;

  private CreationModes(int kept) {
    this.kept = kept;
  }

  /** Probes the destination directory, which the extraction owns. */
  static CreationModes probe(HostDirectory root) {
    String probe = ".sqfs-mode-probe-" + Long.toHexString(System.nanoTime());
    try {
      int all = createdMode(root, probe, 0777);
      int some = createdMode(root, probe, 0640);
      // The file system must honour the bits it is given: the second probe shows it does.
      if ((all & 0600) != 0600 || some != (0640 & all)) {
        return NEVER;
      }
      return new CreationModes(all);
    } catch (IOException | UnsupportedOperationException e) {
      return NEVER;
    }
  }

  private static int createdMode(HostDirectory root, String probe, int permissions)
      throws IOException {
    try (HostFile f = root.createFile(probe, permissions)) {
      return f.stat().permissions();
    } finally {
      root.unlink(probe);
    }
  }

  /** Whether a file created with {@code permissions} gets exactly those bits. */
  boolean keeps(int permissions) {
    return kept != 0 && (permissions & ~0777) == 0 && (permissions & ~kept) == 0;
  }
}

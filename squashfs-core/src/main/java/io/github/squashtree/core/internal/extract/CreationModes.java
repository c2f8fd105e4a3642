package io.github.squashtree.core.internal.extract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Decides when a file can be created with its final permission bits, which saves an open, a chmod
 * and a close per file. That is so when the bits pass the process umask (and any default ACL of the
 * destination) unchanged and hold no setuid, setgid or sticky bit; two probe files in the
 * destination show which bits pass. Otherwise the mode is set after creation, as before.
 */
final class CreationModes {
  private static final PosixFilePermission[] BITS = {
    PosixFilePermission.OTHERS_EXECUTE,
    PosixFilePermission.OTHERS_WRITE,
    PosixFilePermission.OTHERS_READ,
    PosixFilePermission.GROUP_EXECUTE,
    PosixFilePermission.GROUP_WRITE,
    PosixFilePermission.GROUP_READ,
    PosixFilePermission.OWNER_EXECUTE,
    PosixFilePermission.OWNER_WRITE,
    PosixFilePermission.OWNER_READ
  };
  private static final CreationModes NEVER = new CreationModes(0);

  /** Permission bits a new file keeps; 0 disables the shortcut. */
  private final int kept;

  // Written by several workers; a race only computes the same immutable attribute twice.
  private final FileAttribute<?>[] attributes = new FileAttribute<?>[512];

  private CreationModes(int kept) {
    this.kept = kept;
  }

  /** Probes the destination directory {@code root}, which the extraction owns. */
  static CreationModes probe(Path root) {
    Path probe = root.resolve(".sqfs-mode-probe-" + Long.toHexString(System.nanoTime()));
    try {
      int all = createdMode(probe, 0777);
      int some = createdMode(probe, 0640);
      // The file system must honour the bits it is given: the second probe shows it does.
      if ((all & 0600) != 0600 || some != (0640 & all)) {
        return NEVER;
      }
      return new CreationModes(all);
    } catch (IOException | UnsupportedOperationException | ClassCastException e) {
      return NEVER;
    }
  }

  private static int createdMode(Path probe, int permissions) throws IOException {
    try {
      Files.createFile(probe, PosixFilePermissions.asFileAttribute(toSet(permissions)));
      return (Integer) Files.getAttribute(probe, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    } finally {
      Files.deleteIfExists(probe);
    }
  }

  /** The attribute to create a file with, or null when its mode must be set afterwards. */
  FileAttribute<?> attributeFor(int permissions) {
    if (kept == 0 || (permissions & ~0777) != 0 || (permissions & ~kept) != 0) {
      return null;
    }
    FileAttribute<?> a = attributes[permissions];
    if (a == null) {
      a = PosixFilePermissions.asFileAttribute(toSet(permissions));
      attributes[permissions] = a;
    }
    return a;
  }

  private static Set<PosixFilePermission> toSet(int permissions) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    for (int i = 0; i < BITS.length; i++) {
      if ((permissions & (1 << i)) != 0) {
        set.add(BITS[i]);
      }
    }
    return set;
  }
}

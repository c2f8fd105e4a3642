package io.github.squashtree.cli;

import io.github.squashtree.core.tree.EntryType;

/** The ten-character mode column of {@code ls -l} ("drwxr-xr-x", "-rwsr-xr-x", "crw-rw-rw-"). */
final class ModeString {
  private ModeString() {}

  static byte[] of(EntryType type, int permissions) {
    byte[] s = new byte[10];
    s[0] =
        (byte)
            switch (type) {
              case FILE -> '-';
              case DIRECTORY -> 'd';
              case SYMLINK -> 'l';
              case BLOCK_DEVICE -> 'b';
              case CHAR_DEVICE -> 'c';
              case FIFO -> 'p';
              case SOCKET -> 's';
            };
    triple(s, 1, permissions >> 6, (permissions & 04000) != 0, 's');
    triple(s, 4, permissions >> 3, (permissions & 02000) != 0, 's');
    triple(s, 7, permissions, (permissions & 01000) != 0, 't');
    return s;
  }

  private static void triple(byte[] s, int at, int bits, boolean special, char specialChar) {
    s[at] = (byte) ((bits & 4) != 0 ? 'r' : '-');
    s[at + 1] = (byte) ((bits & 2) != 0 ? 'w' : '-');
    boolean x = (bits & 1) != 0;
    if (special) {
      s[at + 2] = (byte) (x ? specialChar : Character.toUpperCase(specialChar));
    } else {
      s[at + 2] = (byte) (x ? 'x' : '-');
    }
  }
}

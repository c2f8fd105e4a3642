package io.github.squashtree.core.tree;

/** The kinds of file system objects a tree can hold. */
public enum EntryType {
  /** A regular file. */
  FILE("file"),
  /** A directory. */
  DIRECTORY("dir"),
  /** A symbolic link. */
  SYMLINK("symlink"),
  /** A block device. */
  BLOCK_DEVICE("blockdev"),
  /** A character device. */
  CHAR_DEVICE("chardev"),
  /** A named pipe. */
  FIFO("fifo"),
  /** A Unix socket. */
  SOCKET("socket");

  private final String label;

  EntryType(String label) {
    this.label = label;
  }

  /**
   * The short lower-case name used in listings and JSON ("file", "dir", ...).
   *
   * @return the label
   */
  public String label() {
    return label;
  }

  /**
   * The {@code S_IFMT} bits of {@code st_mode} for this type.
   *
   * @return the type bits
   */
  public int modeBits() {
    return switch (this) {
      case FILE -> 0100000;
      case DIRECTORY -> 0040000;
      case SYMLINK -> 0120000;
      case BLOCK_DEVICE -> 0060000;
      case CHAR_DEVICE -> 0020000;
      case FIFO -> 0010000;
      case SOCKET -> 0140000;
    };
  }

  /**
   * Whether this is a block or character device.
   *
   * @return true for {@link #BLOCK_DEVICE} and {@link #CHAR_DEVICE}
   */
  public boolean isDevice() {
    return this == BLOCK_DEVICE || this == CHAR_DEVICE;
  }
}

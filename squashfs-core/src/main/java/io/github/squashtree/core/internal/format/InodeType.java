package io.github.squashtree.core.internal.format;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.tree.EntryType;

/** The 14 inode type codes: 1–7 basic, 8–14 their extended forms. */
public final class InodeType {
  private InodeType() {}

  public static final int DIRECTORY = 1;
  public static final int FILE = 2;
  public static final int SYMLINK = 3;
  public static final int BLOCK_DEVICE = 4;
  public static final int CHAR_DEVICE = 5;
  public static final int FIFO = 6;
  public static final int SOCKET = 7;
  public static final int EXTENDED_DIRECTORY = 8;
  public static final int EXTENDED_FILE = 9;
  public static final int EXTENDED_SYMLINK = 10;
  public static final int EXTENDED_BLOCK_DEVICE = 11;
  public static final int EXTENDED_CHAR_DEVICE = 12;
  public static final int EXTENDED_FIFO = 13;
  public static final int EXTENDED_SOCKET = 14;

  /** The number of types between a basic type and its extended form. */
  public static final int EXTENDED_OFFSET = 7;

  public static boolean isValid(int type) {
    return type >= DIRECTORY && type <= EXTENDED_SOCKET;
  }

  public static boolean isExtended(int type) {
    return type > SOCKET;
  }

  /** The basic form of a type, as directory entries store it. */
  public static int basic(int type) {
    return isExtended(type) ? type - EXTENDED_OFFSET : type;
  }

  /** The type code for an entry type, basic or extended. */
  public static int of(EntryType type, boolean extended) {
    int basic =
        switch (type) {
          case DIRECTORY -> DIRECTORY;
          case FILE -> FILE;
          case SYMLINK -> SYMLINK;
          case BLOCK_DEVICE -> BLOCK_DEVICE;
          case CHAR_DEVICE -> CHAR_DEVICE;
          case FIFO -> FIFO;
          case SOCKET -> SOCKET;
        };
    return extended ? basic + EXTENDED_OFFSET : basic;
  }

  /** The entry type of a valid type code. */
  public static EntryType entryType(int type) throws SquashfsFormatException {
    return switch (isValid(type) ? basic(type) : 0) {
      case DIRECTORY -> EntryType.DIRECTORY;
      case FILE -> EntryType.FILE;
      case SYMLINK -> EntryType.SYMLINK;
      case BLOCK_DEVICE -> EntryType.BLOCK_DEVICE;
      case CHAR_DEVICE -> EntryType.CHAR_DEVICE;
      case FIFO -> EntryType.FIFO;
      case SOCKET -> EntryType.SOCKET;
      default -> throw new SquashfsFormatException("unknown inode type " + type);
    };
  }
}

package io.github.squashtree.cli;

import io.github.squashtree.core.internal.format.DeviceInode;
import io.github.squashtree.core.internal.format.DirectoryInode;
import io.github.squashtree.core.internal.format.FileInode;
import io.github.squashtree.core.internal.format.Inode;
import io.github.squashtree.core.internal.format.SymlinkInode;
import io.github.squashtree.core.internal.read.ImageReader;
import io.github.squashtree.core.tree.EntryType;
import java.io.IOException;

/**
 * The columns of {@code unsquashfs -lls}: mode, user/group, size (or major,minor) right-aligned so
 * that owner and size fill 25 columns, local date and time to the minute, path, symlink target.
 */
final class LongEntryPrinter implements EntryPrinter {
  /** unsquashfs's TOTALCHARS: the width shared by "user/group" and the size column. */
  private static final int OWNER_AND_SIZE = 25;

  private final ImageReader image;
  private final LineWriter w;
  private final OwnerNames names;
  private final LsEscapes.NameWriter paths;
  private final DateColumn dates = new DateColumn();
  private final byte[][][] modes = new byte[EntryType.values().length][][];

  LongEntryPrinter(ImageReader image, LineWriter w, OwnerNames names, LsEscapes.NameWriter paths) {
    this.image = image;
    this.w = w;
    this.names = names;
    this.paths = paths;
  }

  @Override
  public void print(byte[] path, int from, Inode inode) throws IOException {
    EntryType type = inode.entryType();
    w.bytes(mode(type, inode.header().permissions())).ch(' ');
    byte[] user = names.user(image.uid(inode));
    byte[] group = names.group(image.gid(inode));
    w.bytes(user).ch('/').bytes(group).ch(' ');
    int pad = OWNER_AND_SIZE - user.length - group.length;
    if (inode instanceof DeviceInode d) {
      // printf("%*s%3d,%3d ", pad - 7, " ", major, minor)
      w.spaces(Math.max(1, pad - 7));
      w.num(d.major(), 3).ch(',').num(d.minor(), 3).ch(' ');
    } else {
      w.num(size(inode), Math.max(0, pad)).ch(' ');
    }
    w.bytes(dates.format(inode.header().mtime())).ch(' ');
    paths.write(w, path, from);
    if (inode instanceof SymlinkInode s) {
      w.ascii(" -> ");
      paths.write(w, s.target(), 0);
    }
    w.ch('\n');
  }

  private static long size(Inode inode) {
    if (inode instanceof FileInode f) {
      return f.fileSize();
    }
    if (inode instanceof DirectoryInode d) {
      return d.fileSize();
    }
    if (inode instanceof SymlinkInode s) {
      return s.target().length;
    }
    return 0;
  }

  private byte[] mode(EntryType type, int permissions) {
    byte[][] byPermissions = modes[type.ordinal()];
    if (byPermissions == null) {
      byPermissions = modes[type.ordinal()] = new byte[07777 + 1][];
    }
    byte[] s = byPermissions[permissions];
    if (s == null) {
      s = byPermissions[permissions] = ModeString.of(type, permissions);
    }
    return s;
  }
}

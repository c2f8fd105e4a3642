package io.github.squashtree.fuzz;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.internal.format.DirectoryInode;
import io.github.squashtree.core.internal.format.Inode;
import io.github.squashtree.core.internal.read.ImageReader;
import io.github.squashtree.core.internal.read.ListingEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The inodes a structure target visits without walking the directory tree: through the export table
 * when the image has one (every inode by number), else the root and its entries. A bad inode is
 * skipped, so that one corrupt record does not hide the rest of the table from the fuzzer.
 */
final class ImageInodes {
  /** Inodes visited at most per input, so a huge inode count is not a hang. */
  static final int LIMIT = 4096;

  private ImageInodes() {}

  /** Something done with each inode; a SquashfsFormatException skips to the next. */
  interface Visitor {
    void visit(Inode inode) throws IOException;
  }

  static void forEach(ImageReader image, Visitor visitor) throws IOException {
    for (Inode inode : inodes(image)) {
      try {
        visitor.visit(inode);
      } catch (SquashfsFormatException rejected) {
        // this inode's data is bad; the others still count
      }
    }
  }

  private static List<Inode> inodes(ImageReader image) throws IOException {
    List<Inode> out = new ArrayList<>();
    if (image.superblock().hasExportTable()) {
      long count = Math.min(image.superblock().inodeCount(), LIMIT);
      for (long n = 1; n <= count; n++) {
        try {
          out.add(image.inode(image.inodeRefOf(n)));
        } catch (SquashfsFormatException rejected) {
          // a bad export entry or inode; go on with the next number
        }
      }
      return out;
    }
    DirectoryInode root = image.root();
    out.add(root);
    for (ListingEntry e : image.list(root)) {
      try {
        out.add(image.inode(e));
      } catch (SquashfsFormatException rejected) {
        // as above
      }
    }
    return out;
  }
}

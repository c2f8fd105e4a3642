package io.github.squashtree.core.internal.read;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.internal.format.DirectoryEntry;
import io.github.squashtree.core.internal.format.DirectoryHeader;
import io.github.squashtree.core.internal.format.DirectoryIndex;
import io.github.squashtree.core.internal.format.DirectoryInode;
import io.github.squashtree.core.internal.format.InodeType;
import io.github.squashtree.core.internal.format.MetadataBlock;
import io.github.squashtree.core.internal.format.MetadataRef;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Decodes directory listings. A listing must be strictly sorted by name bytes: an unsorted one, or
 * one that holds a name twice, is corrupt (a symlink followed by a same-named entry is how
 * CVE-2021-41072 wrote through a link), and so is a name that is not a single path component.
 */
final class DirectoryReader {
  private final BlockReader blocks;
  private final long tableStart;
  private final long tableEnd;
  private final long inodeTableSize;
  private final long inodeCount;

  DirectoryReader(
      BlockReader blocks, long tableStart, long tableEnd, long inodeTableSize, long inodeCount) {
    this.blocks = blocks;
    this.tableStart = tableStart;
    this.tableEnd = tableEnd;
    this.inodeTableSize = inodeTableSize;
    this.inodeCount = inodeCount;
  }

  /** Every entry of the directory, in stored order, after checking the whole listing. */
  List<ListingEntry> list(DirectoryInode dir) throws IOException {
    long size = dir.listingSize();
    if (size == 0) {
      return List.of();
    }
    MetadataCursor in = cursor(dir.blockIndex(), dir.blockOffset(), dir);
    List<ListingEntry> entries = new ArrayList<>();
    Scan scan = new Scan(in, size, dir);
    ListingEntry previous = null;
    ListingEntry e;
    while ((e = scan.next()) != null) {
      if (previous != null && Arrays.compareUnsigned(previous.rawName(), e.rawName()) >= 0) {
        throw corrupt(
            dir,
            "names not strictly sorted: \"" + previous.name() + "\" then \"" + e.name() + "\"");
      }
      entries.add(e);
      previous = e;
    }
    return entries;
  }

  /** The entry called {@code name}, found through the directory index when there is one. */
  Optional<ListingEntry> lookup(DirectoryInode dir, byte[] name) throws IOException {
    long size = dir.listingSize();
    if (size == 0) {
      return Optional.empty();
    }
    long consumed = 0;
    long block = dir.blockIndex();
    int offset = dir.blockOffset();
    List<DirectoryIndex> index = dir.index();
    int k = lastIndexAtOrBefore(index, name);
    if (k >= 0) {
      DirectoryIndex i = index.get(k);
      consumed = i.index();
      block = i.start();
      offset = (int) ((dir.blockOffset() + i.index()) % MetadataBlock.MAX_SIZE);
    }
    Scan scan = new Scan(cursor(block, offset, dir), size - consumed, dir);
    ListingEntry e;
    while ((e = scan.next()) != null) {
      int c = Arrays.compareUnsigned(e.rawName(), name);
      if (c == 0) {
        return Optional.of(e);
      }
      if (c > 0) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Binary search: the last index entry whose first name is not after {@code name}. */
  private static int lastIndexAtOrBefore(List<DirectoryIndex> index, byte[] name) {
    int lo = 0;
    int hi = index.size() - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (Arrays.compareUnsigned(index.get(mid).name(), name) <= 0) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  private MetadataCursor cursor(long block, int offset, DirectoryInode dir) throws IOException {
    if (block >= tableEnd - tableStart) {
      throw corrupt(dir, "listing at block " + block + " outside the directory table");
    }
    return new MetadataCursor(blocks, tableStart + block, offset, tableEnd, "directory table");
  }

  private static SquashfsFormatException corrupt(DirectoryInode dir, String what) {
    return new SquashfsFormatException(
        "directory inode "
            + dir.inodeNumber()
            + " (listing at "
            + MetadataRef.toString(MetadataRef.of(dir.blockIndex(), dir.blockOffset()))
            + "): "
            + what);
  }

  /** Walks headers and entries of a listing, checking sizes, counts, types and names. */
  private final class Scan {
    private final MetadataCursor in;
    private final DirectoryInode dir;
    private long remaining;
    private DirectoryHeader header;
    private int left;

    Scan(MetadataCursor in, long size, DirectoryInode dir) {
      this.in = in;
      this.remaining = size;
      this.dir = dir;
    }

    ListingEntry next() throws IOException {
      if (left == 0) {
        if (remaining == 0) {
          return null;
        }
        take(DirectoryHeader.SIZE);
        header = DirectoryHeader.decode(in.read(DirectoryHeader.SIZE));
        if (header.start() >= inodeTableSize) {
          throw corrupt(
              dir, "header points at inode block " + header.start() + " outside the inode table");
        }
        left = header.count();
      }
      take(DirectoryEntry.FIXED_SIZE);
      ByteBuffer fixed = in.read(DirectoryEntry.FIXED_SIZE);
      int nameSize = DirectoryEntry.nameSize(fixed);
      take(nameSize);
      DirectoryEntry e = DirectoryEntry.decode(fixed, in.readBytes(nameSize));
      left--;
      checkName(e.name());
      if (e.type() < InodeType.DIRECTORY || e.type() > InodeType.SOCKET) {
        throw corrupt(
            dir,
            "entry \""
                + new String(e.name(), java.nio.charset.StandardCharsets.UTF_8)
                + "\" has inode type "
                + e.type());
      }
      long number = header.inodeNumber() + e.inodeDelta();
      if (number < 1 || number > inodeCount) {
        throw corrupt(dir, "entry inode number " + number + " outside 1.." + inodeCount);
      }
      if (e.offset() >= MetadataBlock.MAX_SIZE) {
        throw corrupt(dir, "entry inode offset " + e.offset() + " >= 8192");
      }
      return new ListingEntry(
          e.name(), e.type(), MetadataRef.of(header.start(), e.offset()), number);
    }

    private void take(long n) throws SquashfsFormatException {
      if (n > remaining) {
        throw corrupt(dir, "listing runs past its size of " + dir.listingSize() + " bytes");
      }
      remaining -= n;
    }

    private void checkName(byte[] name) throws SquashfsFormatException {
      boolean dots = name.length <= 2 && name[0] == '.' && (name.length == 1 || name[1] == '.');
      if (dots) {
        throw corrupt(
            dir,
            "entry named \"" + new String(name, java.nio.charset.StandardCharsets.UTF_8) + "\"");
      }
      for (byte b : name) {
        if (b == '/' || b == 0) {
          throw corrupt(
              dir,
              "entry name holds "
                  + (b == 0 ? "NUL" : "'/'")
                  + ": \""
                  + new String(name, java.nio.charset.StandardCharsets.UTF_8).replace("\0", "\\0")
                  + "\"");
        }
      }
    }
  }
}

package io.github.squashtree.core.internal.read;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.image.ReaderOptions;
import io.github.squashtree.core.internal.format.MetadataRef;
import io.github.squashtree.core.internal.format.XattrIdEntry;
import io.github.squashtree.core.internal.format.XattrPrefix;
import io.github.squashtree.core.internal.format.XattrTableHeader;
import io.github.squashtree.core.tree.Names;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SortedMap;
import java.util.TreeMap;

/** Reads the key/value pairs of an inode's xattr set, following out-of-line values. */
final class XattrReader {
  private static final int MAX_NAME = 255;

  private final BlockReader blocks;
  private final LookupTable ids;
  private final long keyValueStart;
  private final long keyValueEnd;
  private final ReaderOptions options;

  private XattrReader(
      BlockReader blocks, LookupTable ids, long kvStart, long kvEnd, ReaderOptions options) {
    this.blocks = blocks;
    this.ids = ids;
    this.keyValueStart = kvStart;
    this.keyValueEnd = kvEnd;
    this.options = options;
  }

  static XattrReader open(BlockReader blocks, long tableStart, ReaderOptions options)
      throws IOException {
    byte[] raw = new byte[XattrTableHeader.SIZE];
    blocks.readRaw(tableStart, raw, 0, raw.length, "xattr id table header");
    XattrTableHeader h =
        XattrTableHeader.decode(ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN));
    if (h.keyValueStart() < 96 || h.keyValueStart() >= tableStart) {
      throw new SquashfsFormatException(
          "xattr table: key/value area at "
              + Long.toUnsignedString(h.keyValueStart())
              + " is not before the id table at "
              + tableStart);
    }
    LookupTable ids =
        LookupTable.open(
            blocks,
            "xattr id table",
            tableStart + XattrTableHeader.SIZE,
            h.idCount(),
            XattrIdEntry.SIZE);
    return new XattrReader(blocks, ids, h.keyValueStart(), tableStart, options);
  }

  long count() {
    return ids.count();
  }

  SortedMap<String, byte[]> read(long xattrIndex) throws IOException {
    XattrIdEntry id = XattrIdEntry.decode(ids.entry(xattrIndex));
    if (id.count() > options.maxXattrCount()) {
      throw new SquashfsFormatException(
          "xattr set "
              + xattrIndex
              + " claims "
              + id.count()
              + " attributes (limit "
              + options.maxXattrCount()
              + ")");
    }
    MetadataCursor in = cursorAt(id.ref(), "xattr set " + xattrIndex);
    SortedMap<String, byte[]> out = new TreeMap<>();
    for (long i = 0; i < id.count(); i++) {
      ByteBuffer key = in.read(4);
      int type = Short.toUnsignedInt(key.getShort());
      int nameSize = Short.toUnsignedInt(key.getShort());
      XattrPrefix prefix = XattrPrefix.of(type);
      if (nameSize == 0 || nameSize > MAX_NAME) {
        throw new SquashfsFormatException(
            "xattr set " + xattrIndex + ": key of " + nameSize + " bytes (1 to 255)");
      }
      byte[] suffix = in.readBytes(nameSize);
      for (byte b : suffix) {
        if (b == 0) {
          // A C string ends there: the name would reach setxattr(2) as a different name.
          throw new SquashfsFormatException(
              "xattr set " + xattrIndex + ": key name holds a NUL byte");
        }
      }
      String name = prefix.prefix() + Names.decode(suffix); // bytes kept, as for file names
      byte[] value;
      if ((type & XattrPrefix.OUT_OF_LINE) != 0) {
        long size = Integer.toUnsignedLong(in.read(4).getInt());
        if (size != 8) {
          throw new SquashfsFormatException(
              "xattr " + name + ": out-of-line reference of " + size + " bytes (must be 8)");
        }
        long ref = in.read(8).getLong();
        value = readValue(cursorAt(ref, "xattr " + name + " value"), name);
      } else {
        value = readValue(in, name);
      }
      if (out.put(name, value) != null) {
        throw new SquashfsFormatException("xattr set " + xattrIndex + " holds " + name + " twice");
      }
    }
    return out;
  }

  private byte[] readValue(MetadataCursor in, String name) throws IOException {
    long size = Integer.toUnsignedLong(in.read(4).getInt());
    if (size > options.maxXattrValueSize()) {
      throw new SquashfsFormatException(
          "xattr "
              + name
              + ": value of "
              + size
              + " bytes (limit "
              + options.maxXattrValueSize()
              + ")");
    }
    return in.readBytes((int) size);
  }

  private MetadataCursor cursorAt(long ref, String what) throws IOException {
    long block = MetadataRef.block(ref);
    if (block >= keyValueEnd - keyValueStart) {
      throw new SquashfsFormatException(
          what + ": reference " + MetadataRef.toString(ref) + " outside the xattr table");
    }
    return new MetadataCursor(
        blocks, keyValueStart + block, MetadataRef.offset(ref), keyValueEnd, "xattr table");
  }
}

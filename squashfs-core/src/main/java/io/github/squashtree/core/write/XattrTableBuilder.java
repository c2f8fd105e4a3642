package io.github.squashtree.core.write;

import io.github.squashtree.core.internal.format.Inode;
import io.github.squashtree.core.internal.format.XattrIdEntry;
import io.github.squashtree.core.internal.format.XattrPrefix;
import io.github.squashtree.core.tree.Names;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Builds the xattr key/value area and the id table: identical sets are stored once, and a value
 * seen before is stored out of line as a reference to its first copy.
 */
final class XattrTableBuilder {
  /** Values up to this size are cheaper inline than as an 8-byte reference. */
  private static final int INLINE_MAX = 8;

  private final MetadataWriter keyValues;
  private final Map<String, Long> setIndexes = new HashMap<>();
  private final Map<String, Long> valueRefs = new HashMap<>();
  private final List<XattrIdEntry> ids = new ArrayList<>();
  final List<String> skipped = new ArrayList<>();

  XattrTableBuilder(MetadataWriter keyValues) {
    this.keyValues = keyValues;
  }

  /** The xattr index of a set of attributes, or {@link Inode#NONE} for none. */
  long indexOf(String path, SortedMap<String, byte[]> xattrs) throws IOException {
    if (xattrs.isEmpty()) {
      return Inode.NONE; // the common case, without the garbage of building a key
    }
    StringBuilder key = new StringBuilder();
    List<Map.Entry<String, byte[]>> stored = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : xattrs.entrySet()) {
      if (XattrPrefix.ofName(e.getKey()).isEmpty()) {
        skipped.add(path + ": " + e.getKey());
        continue;
      }
      stored.add(e);
      key.append(e.getKey())
          .append('\0')
          .append(HexFormat.of().formatHex(e.getValue()))
          .append('\0');
    }
    if (stored.isEmpty()) {
      return Inode.NONE;
    }
    Long known = setIndexes.get(key.toString());
    if (known != null) {
      return known;
    }
    long ref = keyValues.reference();
    long before = keyValues.uncompressedPosition();
    for (Map.Entry<String, byte[]> e : stored) {
      writePair(e.getKey(), e.getValue());
    }
    long index = ids.size();
    ids.add(new XattrIdEntry(ref, stored.size(), keyValues.uncompressedPosition() - before));
    setIndexes.put(key.toString(), index);
    return index;
  }

  private void writePair(String name, byte[] value) throws IOException {
    XattrPrefix prefix = XattrPrefix.ofName(name).orElseThrow();
    byte[] suffix = Names.encode(name.substring(prefix.prefix().length()));
    String valueKey = HexFormat.of().formatHex(value);
    Optional<Long> shared =
        value.length > INLINE_MAX ? Optional.ofNullable(valueRefs.get(valueKey)) : Optional.empty();
    ByteBuffer b = keyValues.scratch(4 + suffix.length);
    b.putShort((short) (prefix.ordinal() | (shared.isPresent() ? XattrPrefix.OUT_OF_LINE : 0)));
    b.putShort((short) suffix.length);
    b.put(suffix);
    keyValues.add(b);
    if (shared.isPresent()) {
      ByteBuffer r = keyValues.scratch(12);
      r.putInt(8);
      r.putLong(shared.get());
      keyValues.add(r);
      return;
    }
    long valueRef = keyValues.reference();
    ByteBuffer v = keyValues.scratch(4 + value.length);
    v.putInt(value.length);
    v.put(value);
    keyValues.add(v);
    if (value.length > INLINE_MAX) {
      valueRefs.putIfAbsent(valueKey, valueRef);
    }
  }

  List<XattrIdEntry> ids() {
    return ids;
  }
}

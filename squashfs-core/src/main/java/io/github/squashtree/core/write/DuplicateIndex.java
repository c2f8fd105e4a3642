package io.github.squashtree.core.write;

import io.github.squashtree.core.tree.Entry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The files written so far, by size and CRC-32C, for duplicate detection. A lookup costs the same
 * however many files share a size (a tree of a million equally long files is common: logs, stubs,
 * generated sources); only files with both size and checksum equal are candidates for the byte
 * comparison. Most sizes have one file, so a size maps straight to it until a second one comes.
 */
final class DuplicateIndex {
  /** A file already written. */
  record Written(Entry entry, int crc, FileData data) {}

  /** Size to a {@link Written}, or to a map of CRC to a {@link Written} or a list of them. */
  private final Map<Long, Object> bySize = new HashMap<>();

  /** Whether a file of {@code size} was written: only then is hashing before writing worth it. */
  boolean hasSize(long size) {
    return bySize.containsKey(size);
  }

  /** The files of {@code size} and {@code crc} written so far. */
  @SuppressWarnings("unchecked")
  List<Written> candidates(long size, int crc) {
    Object bucket = bySize.get(size);
    if (bucket == null) {
      return List.of();
    }
    if (bucket instanceof Written w) {
      return w.crc() == crc ? List.of(w) : List.of();
    }
    Object same = ((Map<Integer, Object>) bucket).get(crc);
    if (same == null) {
      return List.of();
    }
    return same instanceof Written w ? List.of(w) : (List<Written>) same;
  }

  @SuppressWarnings("unchecked")
  void add(Written w) {
    long size = w.data().size;
    Object bucket = bySize.get(size);
    if (bucket == null) {
      bySize.put(size, w);
      return;
    }
    Map<Integer, Object> byCrc;
    if (bucket instanceof Written first) {
      byCrc = new HashMap<>();
      byCrc.put(first.crc(), first);
      bySize.put(size, byCrc);
    } else {
      byCrc = (Map<Integer, Object>) bucket;
    }
    Object same = byCrc.get(w.crc());
    if (same == null) {
      byCrc.put(w.crc(), w);
    } else if (same instanceof Written other) {
      List<Written> list = new ArrayList<>(2);
      list.add(other);
      list.add(w);
      byCrc.put(w.crc(), list);
    } else {
      ((List<Written>) same).add(w);
    }
  }
}

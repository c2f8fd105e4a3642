package io.github.squashtree.core.write;

import io.github.squashtree.core.tree.Entry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of files stored so far, for finding duplicates as mksquashfs finds them: a file's full
 * blocks and its tail (the bytes in a fragment) separately. A file whose blocks equal another's
 * shares them even when the tails differ, and a tail equal to another's (of any file, with blocks
 * or without) shares its place in a fragment; a file that shares both with one earlier file is a
 * duplicate of it. So with every tail in a fragment ({@link FragmentMode#ALWAYS}) files that differ
 * only at the end still share their blocks, as mksquashfs's {@code -always-use-fragments} shares
 * them.
 *
 * <p>Block lists are found by their block count and the CRC-32C of their first block (read before
 * anything of the file is written, so that most files are read once), then by the CRC of all their
 * blocks, and confirmed by comparing the bytes; tails by length and CRC, then the bytes. An
 * all-zero block (a hole) equals any other, whatever its length, as in mksquashfs, where both are
 * stored as nothing.
 */
final class StoredParts {
  /**
   * Stored blocks: of {@code entry}, whose first {@code length} bytes they hold; {@code crc} of all
   * of them (holes counted as {@link BlockDigest} counts them); {@code data} where they are.
   */
  record Blocks(Entry entry, long length, int crc, FileData data) {}

  /**
   * A stored tail: {@code length} bytes of {@code entry} from {@code offset}; {@code data} holds
   * it.
   */
  record Tail(Entry entry, long offset, int length, FileData data) {}

  /** By block count and first block's CRC: a {@link Blocks} or a list of them. */
  private final Map<Long, Object> blocks = new HashMap<>();

  /** By tail length and CRC: a {@link Tail} or a list of them. */
  private final Map<Long, Object> tails = new HashMap<>();

  /** Whether stored blocks begin as a file of {@code count} blocks whose first has {@code crc}. */
  boolean hasBlocks(int count, int firstCrc) {
    return blocks.containsKey(key(count, firstCrc));
  }

  List<Blocks> blocks(int count, int firstCrc) {
    return get(blocks, key(count, firstCrc));
  }

  void addBlocks(int count, int firstCrc, Blocks b) {
    add(blocks, key(count, firstCrc), b);
  }

  List<Tail> tails(int length, int crc) {
    return get(tails, key(length, crc));
  }

  void addTail(int crc, Tail t) {
    add(tails, key(t.length(), crc), t);
  }

  private static long key(int high, int low) {
    return (long) high << 32 | Integer.toUnsignedLong(low);
  }

  /** Most keys have one value: it is stored as it is, a list only from the second on. */
  @SuppressWarnings("unchecked")
  private static <T> List<T> get(Map<Long, Object> map, long key) {
    Object v = map.get(key);
    if (v == null) {
      return List.of();
    }
    return v instanceof List<?> list ? (List<T>) list : List.of((T) v);
  }

  @SuppressWarnings("unchecked")
  private static void add(Map<Long, Object> map, long key, Object value) {
    Object v = map.get(key);
    if (v == null) {
      map.put(key, value);
    } else if (v instanceof List<?> list) {
      ((List<Object>) list).add(value);
    } else {
      List<Object> list = new ArrayList<>(2);
      list.add(v);
      list.add(value);
      map.put(key, list);
    }
  }
}

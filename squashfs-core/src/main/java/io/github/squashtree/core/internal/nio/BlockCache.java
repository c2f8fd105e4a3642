package io.github.squashtree.core.internal.nio;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decoded data blocks shared by every channel of a file system, least recently used first out,
 * bounded by bytes (env {@code dataCacheBytes}): what the page cache is to the mounted image. A
 * block is keyed by its position in the image, so duplicate files share their blocks here too.
 * Cached arrays are never written after they are put.
 */
final class BlockCache {
  /** The default budget: 16 MiB, 128 blocks of the default 128 KiB. */
  static final long DEFAULT_BYTES = 16L << 20;

  private final long capacity;
  private final LinkedHashMap<Long, byte[]> blocks = new LinkedHashMap<>(64, 0.75f, true);
  private long held;

  BlockCache(long capacity) {
    this.capacity = capacity;
  }

  boolean enabled() {
    return capacity > 0;
  }

  synchronized byte[] get(long position) {
    return blocks.get(position);
  }

  synchronized void put(long position, byte[] block) {
    if (block.length > capacity) {
      return;
    }
    byte[] old = blocks.put(position, block);
    held += block.length - (old == null ? 0 : old.length);
    var it = blocks.entrySet().iterator();
    while (held > capacity && it.hasNext()) {
      Map.Entry<Long, byte[]> eldest = it.next();
      held -= eldest.getValue().length;
      it.remove();
    }
  }

  synchronized void clear() {
    blocks.clear();
    held = 0;
  }
}

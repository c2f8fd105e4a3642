package io.github.squashtree.core.internal.read;

import java.util.LinkedHashMap;
import java.util.Map;

/** A small synchronized least-recently-used map with a fixed capacity. */
public final class LruCache<K, V> {
  private final LinkedHashMap<K, V> map;

  public LruCache(int capacity) {
    this.map =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > capacity;
          }
        };
  }

  public synchronized V get(K key) {
    return map.get(key);
  }

  public synchronized void put(K key, V value) {
    map.put(key, value);
  }

  public synchronized void clear() {
    map.clear();
  }
}

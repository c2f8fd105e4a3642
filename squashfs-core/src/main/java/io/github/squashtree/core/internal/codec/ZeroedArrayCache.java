package io.github.squashtree.core.internal.codec;

import org.tukaani.xz.ArrayCache;
import org.tukaani.xz.BasicArrayCache;

/**
 * A {@link BasicArrayCache} that always returns zero-filled arrays, for decoders that assume a
 * fresh buffer (see {@link LzmaDecompressor}). Zeroing costs far less than allocating anew.
 */
final class ZeroedArrayCache extends ArrayCache {
  private final BasicArrayCache cache = new BasicArrayCache();

  @Override
  public byte[] getByteArray(int size, boolean fillWithZeros) {
    return cache.getByteArray(size, true);
  }

  @Override
  public void putArray(byte[] array) {
    cache.putArray(array);
  }

  @Override
  public int[] getIntArray(int size, boolean fillWithZeros) {
    return cache.getIntArray(size, true);
  }

  @Override
  public void putArray(int[] array) {
    cache.putArray(array);
  }
}

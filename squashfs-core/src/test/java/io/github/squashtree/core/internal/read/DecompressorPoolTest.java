package io.github.squashtree.core.internal.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.internal.codec.Codecs;
import io.github.squashtree.core.internal.codec.Compressor;
import io.github.squashtree.core.internal.codec.Decompressor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Closing the pool frees the decompressors' native state, idle ones at once, busy ones later. */
class DecompressorPoolTest {

  @Test
  void closeEndsIdleDecompressorsAndThoseReleasedAfterIt() throws Exception {
    byte[] data = new byte[4096];
    Arrays.fill(data, (byte) 'z');
    Compressor z = Codecs.compressor(Compression.GZIP, null, 4096);
    byte[] packed = new byte[4096];
    int n = z.compress(data, 0, data.length, packed, 0, packed.length);
    DecompressorPool pool = new DecompressorPool(Compression.GZIP, null);
    Decompressor idle = pool.borrow();
    Decompressor busy = pool.borrow();
    byte[] out = new byte[4096];
    assertEquals(4096, idle.decompress(packed, 0, n, out, 0, out.length));
    pool.release(idle);
    pool.close();
    // An ended Inflater refuses to work: that is how we see the native state is gone.
    assertThrows(Exception.class, () -> idle.decompress(packed, 0, n, out, 0, out.length));
    assertEquals(4096, busy.decompress(packed, 0, n, out, 0, out.length));
    pool.release(busy);
    assertThrows(Exception.class, () -> busy.decompress(packed, 0, n, out, 0, out.length));
  }
}

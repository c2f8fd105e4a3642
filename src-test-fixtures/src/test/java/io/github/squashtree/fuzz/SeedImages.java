package io.github.squashtree.fuzz;

import io.github.squashtree.fixtures.GoldenImages;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The golden images, read once, for targets that splice fuzzed bytes into a valid image. */
final class SeedImages {
  private static final List<byte[]> BY_COMPRESSION_ID = load();

  private SeedImages() {}

  /**
   * The golden image made with the compression a superblock names ({@code compression_id}: 1 gzip,
   * 2 lzma, 3 lzo, 4 xz, 5 lz4, 6 zstd; anything else gives the gzip one).
   */
  static byte[] forCompressionId(int id) {
    return BY_COMPRESSION_ID.get(id >= 1 && id <= 6 ? id - 1 : 0);
  }

  private static List<byte[]> load() {
    // In compression-id order, not in GoldenImages.CODECS order.
    return List.of("gzip", "lzma", "lzo", "xz", "lz4", "zstd").stream()
        .map(codec -> read("small-" + codec + ".sqfs"))
        .toList();
  }

  private static byte[] read(String name) {
    try (InputStream in = GoldenImages.class.getResourceAsStream("/golden/" + name)) {
      if (in == null) {
        throw new IOException("golden image " + name + " missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

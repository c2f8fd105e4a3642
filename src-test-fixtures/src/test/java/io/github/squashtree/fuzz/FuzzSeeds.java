package io.github.squashtree.fuzz;

import io.github.squashtree.core.compression.Compression;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes the seeds of the structure and codec targets that are derived from the golden images or
 * made by our compressors (benchmarks/FUZZING.md says how to run it). The whole-image seeds are the
 * golden images and two mksquashfs images, copied as benchmarks/FUZZING.md records.
 */
final class FuzzSeeds {
  private static final List<String> BY_ID = List.of("gzip", "lzma", "lzo", "xz", "lz4", "zstd");

  private FuzzSeeds() {}

  /** {@code args[0]}: the fuzz resources directory ({@code .../resources/io/github/squashtree}). */
  public static void main(String[] args) throws IOException {
    Path root = Path.of(args[0]);
    Path fuzz = root.resolve("fuzz");
    for (int id = 1; id <= 6; id++) {
      String codec = BY_ID.get(id - 1);
      byte[] golden = SeedImages.forCompressionId(id);
      write(fuzz, "SuperblockFuzzTestInputs/openWithSuperblock", codec, Arrays.copyOf(golden, 128));
      ByteBuffer sb = ByteBuffer.wrap(golden).order(ByteOrder.LITTLE_ENDIAN);
      int inodeStart = (int) sb.getLong(64);
      int used = (int) sb.getLong(40);
      byte[] table = new byte[1 + used - inodeStart];
      table[0] = (byte) id;
      System.arraycopy(golden, inodeStart, table, 1, used - inodeStart);
      write(root.resolve("core/read"), "MetadataBlockFuzzTestInputs/readTable", codec, table);
      Compression c = Compression.fromId(id);
      for (Map.Entry<String, byte[]> e : CodecFuzzTest.seedBlocks(c).entrySet()) {
        Path dir = Files.createDirectories(fuzz.resolve("CodecFuzzTestInputs/" + codec));
        Files.write(dir.resolve(e.getKey()), e.getValue());
      }
    }
  }

  private static void write(Path base, String dir, String codec, byte[] bytes) throws IOException {
    Path d = Files.createDirectories(base.resolve(dir));
    Files.write(d.resolve("seed-small-" + codec), bytes);
  }
}

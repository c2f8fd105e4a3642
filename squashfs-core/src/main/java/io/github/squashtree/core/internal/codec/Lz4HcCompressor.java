package io.github.squashtree.core.internal.codec;

import java.io.IOException;
import org.apache.commons.compress.compressors.lz4.BlockLZ4CompressorOutputStream;
import org.apache.commons.compress.compressors.lz77support.Parameters;

/**
 * LZ4 with the high-compression flag: commons-compress's block writer tuned for ratio, the closest
 * pure-Java match to LZ4_compress_HC (the flag is informational; readers ignore it).
 */
final class Lz4HcCompressor implements Compressor {
  private final Parameters parameters =
      BlockLZ4CompressorOutputStream.createParameterBuilder().tunedForCompressionRatio().build();
  private final BoundedOutput out = new BoundedOutput();

  @Override
  public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCap)
      throws IOException {
    Blocks.checkRanges(src, srcOff, srcLen, dst, dstOff, dstCap);
    out.reset(dst, dstOff, dstCap);
    try (BlockLZ4CompressorOutputStream lz4 = new BlockLZ4CompressorOutputStream(out, parameters)) {
      lz4.write(src, srcOff, srcLen);
      lz4.finish();
      return out.result();
    } finally {
      out.clear();
    }
  }
}

package io.github.squashtree.core.internal.codec;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;

/**
 * LZ4 with the high-compression flag, as {@code mksquashfs -comp lz4 -Xhc} writes it: liblz4's LZ4
 * HC at level 12 ({@code LZ4HC_CLEVEL_MAX}, which squashfs-tools 4.5 asks for: its images and ours
 * are the same size), through lz4-java's JNI binding to the liblz4 it bundles for the platform,
 * else lz4-java's Java port. JDK 24 and later warn about the JNI library unless the application
 * allows native access ({@code --enable-native-access}, or {@code Enable-Native-Access} in a jar's
 * manifest), as for zstd-jni and JNA.
 */
final class Lz4HcCompressor implements Compressor {
  private static final LZ4Compressor HC = LZ4Factory.fastestInstance().highCompressor(12);

  @Override
  public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCap) {
    Blocks.checkRanges(src, srcOff, srcLen, dst, dstOff, dstCap);
    try {
      return HC.compress(src, srcOff, srcLen, dst, dstOff, dstCap);
    } catch (LZ4Exception e) {
      return -1; // does not fit: the block is stored uncompressed
    }
  }
}

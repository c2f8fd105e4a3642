package io.github.squashtree.core.internal.codec;

import io.github.squashtree.core.MissingCodecException;
import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.compression.CompressorOptions;
import io.github.squashtree.core.compression.DeflateImplementation;
import io.github.squashtree.core.compression.Lz4Options;

/**
 * The optional libraries behind the codecs: whether each is there, and the error naming its
 * artifact when it is not. gzip (the JDK) and the lz4 and lzo decoders (our own) need none.
 *
 * <p>A library is looked for through core's class loader. Found, it is made readable by this module
 * ({@link Module#addReads}): on the module path a {@code requires static} library is read only when
 * the application resolved it, and aircompressor, which has no stable module name, is not required
 * at all; a library on the class path is in the unnamed module, which a named module does not read
 * by default. Either way the codec works once the jar is there.
 */
public enum CodecLibrary {
  /** xz and lzma. */
  XZ("org.tukaani.xz.XZ", "org.tukaani:xz"),
  /** zstd. */
  ZSTD("com.github.luben.zstd.Zstd", "com.github.luben:zstd-jni"),
  /** The lzo and lz4 compressors. */
  AIRCOMPRESSOR("io.airlift.compress.lzo.LzoCompressor", "io.airlift:aircompressor"),
  /** The lz4 high-compression compressor. */
  LZ4_JAVA("net.jpountz.lz4.LZ4Factory", "at.yawk.lz4:lz4-java"),
  /**
   * gzip through libdeflate: needed to write gzip with {@link DeflateImplementation#LIBDEFLATE}
   * (the default); read with it where present, with the JDK's zlib otherwise.
   */
  JLIBDEFLATE(
      "com.fulcrumgenomics.jlibdeflate.LibdeflateCompressor", "com.fulcrumgenomics:jlibdeflate");

  private final String probeClass;
  private final String artifact;
  private volatile Boolean present;

  CodecLibrary(String probeClass, String artifact) {
    this.probeClass = probeClass;
    this.artifact = artifact;
  }

  /** The Maven coordinates of this library, {@code groupId:artifactId}. */
  public String artifact() {
    return artifact;
  }

  /** Whether the library can be used, made readable by this module if it is found. */
  public boolean isPresent() {
    Boolean p = present;
    if (p == null) {
      p = find();
      present = p;
    }
    return p;
  }

  private boolean find() {
    Class<?> c;
    try {
      c = Class.forName(probeClass, false, CodecLibrary.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
    Module self = CodecLibrary.class.getModule();
    if (!self.canRead(c.getModule())) {
      self.addReads(c.getModule());
    }
    return true;
  }

  /**
   * Fails unless the libraries that reading images of {@code compression} needs are there.
   *
   * @throws MissingCodecException naming the library to add
   */
  public static void checkReadable(Compression compression) throws MissingCodecException {
    CodecLibrary needed =
        switch (compression) {
          case GZIP, LZO, LZ4 -> null;
          case XZ, LZMA -> XZ;
          case ZSTD -> ZSTD;
        };
    if (needed != null && !needed.isPresent()) {
      throw new MissingCodecException(
          "reading " + compression.label() + " images", needed.artifact);
    }
  }

  /**
   * Fails unless the libraries that writing with {@code compression} and {@code options} ({@code
   * null} for the defaults) needs are there, gzip written by zlib; reading back what was written is
   * checked too.
   *
   * @throws MissingCodecException naming the library to add
   */
  public static void checkWritable(Compression compression, CompressorOptions options)
      throws MissingCodecException {
    checkWritable(compression, options, DeflateImplementation.ZLIB);
  }

  /**
   * As {@link #checkWritable(Compression, CompressorOptions)}, gzip written by {@code deflate}.
   *
   * @throws MissingCodecException naming the library to add
   */
  public static void checkWritable(
      Compression compression, CompressorOptions options, DeflateImplementation deflate)
      throws MissingCodecException {
    checkReadable(compression);
    if (compression == Compression.GZIP
        && deflate == DeflateImplementation.LIBDEFLATE
        && !JLIBDEFLATE.isPresent()) {
      // never zlib instead, quietly: the image's bytes would change with the class path
      throw new MissingCodecException(
          "writing gzip with libdeflate (choose zlib, DeflateImplementation.ZLIB or sqfs mk"
              + " --deflate zlib, for mksquashfs's bytes without it)",
          JLIBDEFLATE.artifact);
    }
    CodecLibrary needed =
        switch (compression) {
          case GZIP, XZ, LZMA, ZSTD -> null;
          case LZO -> AIRCOMPRESSOR;
          case LZ4 ->
              options instanceof Lz4Options lz4 && lz4.highCompression() ? LZ4_JAVA : AIRCOMPRESSOR;
        };
    if (needed != null && !needed.isPresent()) {
      String what = needed == LZ4_JAVA ? "lz4 high compression" : "writing " + compression.label();
      throw new MissingCodecException(what, needed.artifact);
    }
  }
}

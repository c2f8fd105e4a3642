package io.github.squashtree.core.compression;

import io.github.squashtree.core.SquashfsFormatException;

/** The compressors a SquashFS 4.0 superblock can name, with their on-disk id and usual label. */
public enum Compression {
  /** zlib's deflate, the default (id 1); needs no library. */
  GZIP(1, "gzip"),
  /** Legacy LZMA (id 2), which mksquashfs no longer writes; needs {@code org.tukaani:xz}. */
  LZMA(2, "lzma"),
  /** LZO1X (id 3); reading needs no library, writing {@code io.airlift:aircompressor}. */
  LZO(3, "lzo"),
  /** xz with LZMA2 and optional branch filters (id 4); needs {@code org.tukaani:xz}. */
  XZ(4, "xz"),
  /**
   * LZ4 (id 5); reading needs no library, writing {@code io.airlift:aircompressor}, and with high
   * compression {@code at.yawk.lz4:lz4-java}.
   */
  LZ4(5, "lz4"),
  /** Zstandard (id 6); needs {@code com.github.luben:zstd-jni}. */
  ZSTD(6, "zstd");

  private static final Compression[] BY_ID = values();

  private final int id;
  private final String label;

  Compression(int id, String label) {
    this.id = id;
    this.label = label;
  }

  /**
   * The superblock's {@code compression_id}.
   *
   * @return the id, 1..6
   */
  public int id() {
    return id;
  }

  /**
   * The name mksquashfs uses for {@code -comp}.
   *
   * @return the label
   */
  public String label() {
    return label;
  }

  /**
   * The compression a superblock names.
   *
   * @param id the superblock's {@code compression_id}
   * @return the compression
   * @throws SquashfsFormatException if {@code id} names no known compressor
   */
  public static Compression fromId(int id) throws SquashfsFormatException {
    // ids are 1..6 in declaration order; anything else is a corrupt or newer image
    if (id < 1 || id > BY_ID.length) {
      throw new SquashfsFormatException("superblock: unknown compression id " + id);
    }
    return BY_ID[id - 1];
  }

  /**
   * The compression with the given label, as a user types it.
   *
   * @param label a label, as {@link #label()} gives it
   * @return the compression
   * @throws IllegalArgumentException if the label is unknown
   */
  public static Compression fromLabel(String label) {
    for (Compression c : BY_ID) {
      if (c.label.equals(label)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown compression: " + label);
  }
}

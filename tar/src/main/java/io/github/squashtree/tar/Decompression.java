package io.github.squashtree.tar;

import com.github.luben.zstd.ZstdInputStream;
import io.github.squashtree.core.MissingCodecException;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.MemoryLimitException;
import org.tukaani.xz.XZInputStream;

/**
 * An archive's bytes, uncompressed: gzip, xz and zstd are told by their magic bytes (a file's name
 * says nothing), anything else is read as it is.
 */
final class Decompression {
  /** xz's dictionary may ask for this much memory at most (xz -9 needs 65 MiB). */
  static final int XZ_MEMORY_LIMIT_KIB = 100 * 1024;

  private static final int BUFFER = 1 << 16;

  private Decompression() {}

  /** The codec {@code head} (the first bytes of a stream) starts with, or "plain". */
  static String detect(byte[] head, int n) {
    if (n >= 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B) {
      return "gzip";
    }
    if (n >= 6
        && (head[0] & 0xFF) == 0xFD
        && head[1] == '7'
        && head[2] == 'z'
        && head[3] == 'X'
        && head[4] == 'Z'
        && head[5] == 0) {
      return "xz";
    }
    if (n >= 4
        && (head[0] & 0xFF) == 0x28
        && (head[1] & 0xFF) == 0xB5
        && (head[2] & 0xFF) == 0x2F
        && (head[3] & 0xFF) == 0xFD) {
      return "zstd";
    }
    if (n >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
      return "bzip2";
    }
    return "plain";
  }

  /** {@code raw} uncompressed, by its magic bytes. */
  static InputStream open(InputStream raw) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
    in.mark(8);
    byte[] head = new byte[6];
    int n = in.readNBytes(head, 0, head.length);
    in.reset();
    String codec = detect(head, n);
    switch (codec) {
      case "xz" -> require("org.tukaani.xz.XZInputStream", "reading xz archives", "org.tukaani:xz");
      case "zstd" ->
          require(
              "com.github.luben.zstd.ZstdInputStream",
              "reading zstd archives",
              "com.github.luben:zstd-jni");
      case "bzip2" ->
          throw new TarFormatException("bzip2 archives are not supported (gzip, xz, zstd are)");
      default -> {}
    }
    try {
      // The decoders read their stream's header as they are made: that can fail too.
      return switch (codec) {
        case "gzip" -> checked(codec, new GZIPInputStream(in, BUFFER));
        case "xz" -> checked(codec, xz(in));
        case "zstd" -> checked(codec, new ZstdInputStream(in));
        default -> in;
      };
    } catch (TarFormatException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw corrupt(codec, e);
    }
  }

  /** Fails naming the artifact to add when a codec's optional library is missing. */
  private static void require(String className, String what, String artifact)
      throws MissingCodecException {
    try {
      Class.forName(className, false, Decompression.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new MissingCodecException(what, artifact);
    }
  }

  /**
   * {@code decoded}, buffered, its errors a {@link TarFormatException}: a corrupt or truncated
   * compressed stream is a bad archive like any other (the decoders' own exceptions say
   * ZipException, CorruptedInputException, ZstdIOException, EOFException, or are unchecked).
   */
  private static InputStream checked(String codec, InputStream decoded) {
    return new BufferedInputStream(
        new FilterInputStream(decoded) {
          @Override
          public int read() throws IOException {
            try {
              return super.read();
            } catch (TarFormatException e) {
              throw e;
            } catch (IOException | RuntimeException e) {
              throw corrupt(codec, e);
            }
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            try {
              return super.read(b, off, len);
            } catch (TarFormatException e) {
              throw e;
            } catch (IOException | RuntimeException e) {
              throw corrupt(codec, e);
            }
          }

          @Override
          public long skip(long n) throws IOException {
            try {
              return super.skip(n);
            } catch (TarFormatException e) {
              throw e;
            } catch (IOException | RuntimeException e) {
              throw corrupt(codec, e);
            }
          }
        },
        BUFFER);
  }

  private static TarFormatException corrupt(String codec, Exception e) {
    String why = e instanceof java.io.EOFException ? "truncated" : "corrupt";
    return new TarFormatException(
        "the " + codec + " stream is " + why + " (" + e.getMessage() + ")", e);
  }

  private static InputStream xz(InputStream in) throws IOException {
    return new InputStream() {
      private final XZInputStream xz = new XZInputStream(in, XZ_MEMORY_LIMIT_KIB);

      @Override
      public int read() throws IOException {
        try {
          return xz.read();
        } catch (MemoryLimitException e) {
          throw limit(e);
        }
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        try {
          return xz.read(b, off, len);
        } catch (MemoryLimitException e) {
          throw limit(e);
        }
      }

      @Override
      public void close() throws IOException {
        xz.close();
      }
    };
  }

  private static TarFormatException limit(MemoryLimitException e) {
    return new TarFormatException(
        "the xz stream needs "
            + e.getMemoryNeeded() / 1024
            + " MiB to decode, above the limit of "
            + XZ_MEMORY_LIMIT_KIB / 1024
            + " MiB");
  }
}

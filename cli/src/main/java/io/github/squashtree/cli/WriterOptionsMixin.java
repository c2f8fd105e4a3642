package io.github.squashtree.cli;

import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.compression.CompressorOptions;
import io.github.squashtree.core.compression.DeflateImplementation;
import io.github.squashtree.core.compression.GzipOptions;
import io.github.squashtree.core.compression.Lz4Options;
import io.github.squashtree.core.compression.XzOptions;
import io.github.squashtree.core.compression.ZstdOptions;
import io.github.squashtree.core.write.FragmentMode;
import io.github.squashtree.core.write.WriterOptions;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import picocli.CommandLine.Option;

/**
 * The options of every command that writes an image ({@code mk}, {@code layer}, {@code flatten}),
 * with mksquashfs's names and defaults.
 */
final class WriterOptionsMixin {
  private static final Map<String, Integer> XZ_FILTERS =
      Map.of(
          "x86", XzOptions.X86,
          "powerpc", XzOptions.POWERPC,
          "ia64", XzOptions.IA64,
          "arm", XzOptions.ARM,
          "armthumb", XzOptions.ARMTHUMB,
          "sparc", XzOptions.SPARC);

  @Option(
      names = "--comp",
      paramLabel = "CODEC",
      description = "gzip (default), xz, zstd, lz4, lzo or lzma.")
  String comp = "gzip";

  @Option(
      names = "--level",
      paramLabel = "N",
      description =
          "Compression level: gzip 1-9 (9), zstd 1-22 (15); lzo has none (written as lzo1x_1).")
  Integer level;

  @Option(
      names = "--deflate",
      paramLabel = "IMPL",
      description =
          "gzip: libdeflate (default; smaller, about a third of the CPU) or zlib (mksquashfs's"
              + " bytes).")
  String deflate;

  @Option(
      names = {"-b", "--block-size"},
      paramLabel = "BYTES",
      description = "Data block size, 4K to 1M, a power of two (128K).")
  String blockSize = "128K";

  @Option(names = "--no-fragments", description = "Store no file tails in fragments.")
  boolean noFragments;

  @Option(names = "--always-fragments", description = "Put the tail of every file in a fragment.")
  boolean alwaysFragments;

  @Option(names = "--no-dedup", description = "Do not detect duplicate files.")
  boolean noDedup;

  @Option(
      names = "--recompress",
      description =
          "Compress the content of files read from an image again, even where the image stores"
              + " them with the same compression (by default those blocks are copied).")
  boolean recompress;

  @Option(names = "--no-xattrs", description = "Store no extended attributes.")
  boolean noXattrs;

  @Option(names = "--no-exports", description = "Write no export (NFS) table.")
  boolean noExports;

  @Option(names = "--all-root", description = "Make every entry owned by 0:0.")
  boolean allRoot;

  @Option(
      names = "--mkfs-time",
      paramLabel = "EPOCH",
      description =
          "Creation time in the superblock (default: the newest mtime of the entries written:"
              + " SOURCE's for mk, the layer's for layer, the merged tree's for flatten).")
  Long mkfsTime;

  @Option(names = "--all-time", paramLabel = "EPOCH", description = "Give every entry this mtime.")
  Long allTime;

  @Option(
      names = "--processors",
      paramLabel = "N",
      description = "Threads compressing blocks (all cores).")
  Integer processors;

  @Option(
      names = "--xz-filters",
      paramLabel = "LIST",
      split = ",",
      description = "xz: branch filters to try, of x86, powerpc, ia64, arm, armthumb, sparc.")
  String[] xzFilters;

  @Option(
      names = "--xz-dict-size",
      paramLabel = "SIZE",
      description = "xz: dictionary size in bytes (K/M suffixes) or N%% of the block size.")
  String xzDictSize;

  @Option(names = "--lz4-hc", description = "lz4: high compression.")
  boolean lz4Hc;

  /** The writer options the flags and the environment ask for. */
  WriterOptions options() throws Main.UsageException {
    return options(System.getenv("SOURCE_DATE_EPOCH"));
  }

  WriterOptions options(String sourceDateEpoch) throws Main.UsageException {
    Compression compression;
    try {
      compression = Compression.fromLabel(comp.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new Main.UsageException(
          "--comp: unknown compressor '" + comp + "' (one of " + codecs() + ")");
    }
    int block = (int) size("--block-size", blockSize);
    if (noFragments && alwaysFragments) {
      throw new Main.UsageException("--no-fragments and --always-fragments exclude each other");
    }
    if (processors != null && processors < 1) {
      throw new Main.UsageException("--processors must be at least 1");
    }
    try {
      WriterOptions o =
          WriterOptions.defaults()
              .withBlockSize(block)
              .withCompression(compression, compressorOptions(compression, block))
              .withDeflate(deflate(compression))
              .withFragments(
                  noFragments
                      ? FragmentMode.NONE
                      : alwaysFragments ? FragmentMode.ALWAYS : FragmentMode.SMALL_FILES)
              .withDeduplicate(!noDedup)
              .withReuseStoredBlocks(!recompress)
              .withXattrs(!noXattrs)
              .withExportTable(!noExports)
              .withAllRoot(allRoot)
              .withMkfsTime(time(mkfsTime))
              .withAllTime(time(allTime));
      if (processors != null) {
        o = o.withProcessors(processors);
      }
      if (sourceDateEpoch != null && !sourceDateEpoch.isEmpty()) {
        // mksquashfs 4.5: SOURCE_DATE_EPOCH is the creation time and clamps later mtimes; it
        // refuses to be combined with the options that set times.
        if (mkfsTime != null || allTime != null) {
          throw new Main.UsageException(
              "SOURCE_DATE_EPOCH and --mkfs-time/--all-time cannot be used together");
        }
        OptionalLong epoch = OptionalLong.of(epoch(sourceDateEpoch));
        o = o.withMkfsTime(epoch).withClampTime(epoch);
      }
      return o;
    } catch (IllegalArgumentException e) {
      throw new Main.UsageException(e.getMessage());
    }
  }

  /** The codecs --comp takes, in the order mksquashfs lists them. */
  private static String codecs() {
    StringBuilder list = new StringBuilder();
    for (Compression c : Compression.values()) {
      list.append(list.length() == 0 ? "" : ", ").append(c.label());
    }
    return list.toString();
  }

  private DeflateImplementation deflate(Compression c) throws Main.UsageException {
    if (deflate == null) {
      return DeflateImplementation.LIBDEFLATE;
    }
    requireCodec(c, Compression.GZIP, "--deflate");
    try {
      return DeflateImplementation.fromLabel(deflate.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new Main.UsageException("--deflate: '" + deflate + "' is neither libdeflate nor zlib");
    }
  }

  private static long epoch(String value) throws Main.UsageException {
    try {
      long t = Long.parseLong(value.trim());
      if (t >= 0 && t <= 0xFFFFFFFFL) {
        return t;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new Main.UsageException(
        "SOURCE_DATE_EPOCH must be seconds from 0 to 4294967295: '" + value + "'");
  }

  private static OptionalLong time(Long t) {
    return t == null ? OptionalLong.empty() : OptionalLong.of(t);
  }

  private CompressorOptions compressorOptions(Compression c, int block) throws Main.UsageException {
    if (xzFilters != null || xzDictSize != null) {
      requireCodec(c, Compression.XZ, "--xz-filters/--xz-dict-size");
    }
    if (lz4Hc) {
      requireCodec(c, Compression.LZ4, "--lz4-hc");
    }
    if (level != null && c == Compression.LZO) {
      // aircompressor's LZO1X-1 has no levels; mksquashfs too refuses a level for lzo1x_1
      throw new Main.UsageException(
          "--level is for gzip and zstd: lzo is written as lzo1x_1, which has no levels");
    }
    if (level != null && c != Compression.GZIP && c != Compression.ZSTD) {
      throw new Main.UsageException("--level is for gzip and zstd, not " + c.label());
    }
    return switch (c) {
      case GZIP -> level == null ? null : new GzipOptions(level, 15, 0);
      case ZSTD -> level == null ? null : new ZstdOptions(level);
      case LZO -> null;
      case LZ4 -> lz4Hc ? new Lz4Options(Lz4Options.LEGACY_VERSION, Lz4Options.HC) : null;
      case XZ -> xzOptions(block);
      case LZMA -> null;
    };
  }

  private XzOptions xzOptions(int block) throws Main.UsageException {
    if (xzFilters == null && xzDictSize == null) {
      return null;
    }
    int filters = 0;
    for (String name : xzFilters == null ? new String[0] : xzFilters) {
      Integer f = XZ_FILTERS.get(name.trim().toLowerCase(Locale.ROOT));
      if (f == null) {
        throw new Main.UsageException(
            "--xz-filters: unknown filter '"
                + name
                + "' (x86, powerpc, ia64, arm, armthumb, sparc)");
      }
      filters |= f;
    }
    int dict = xzDictSize == null ? block : xzDictionary(xzDictSize.trim(), block);
    return new XzOptions(dict, filters);
  }

  /**
   * mksquashfs's rule for -Xdict-size: a percentage above 0 and at most 100 of the block size, or
   * bytes at most the block size; 8 KiB or more, and 2^n or 2^n + 2^(n-1), which the xz header can
   * hold. (The kernel reads larger dictionaries, but mksquashfs never writes one.)
   */
  private static int xzDictionary(String text, int block) throws Main.UsageException {
    int dict;
    if (text.endsWith("%")) {
      double percent;
      try {
        percent = Double.parseDouble(text.substring(0, text.length() - 1));
      } catch (NumberFormatException e) {
        percent = Double.NaN;
      }
      if (!(percent > 0 && percent <= 100)) {
        throw new Main.UsageException(
            "--xz-dict-size: a percentage must be above 0 and at most 100: " + text);
      }
      dict = (int) (block * percent / 100);
    } else {
      long bytes = size("--xz-dict-size", text);
      if (bytes > block) {
        throw new Main.UsageException(
            "--xz-dict-size: " + text + " is larger than the block size " + block);
      }
      dict = (int) bytes;
    }
    if (dict < 8192) {
      throw new Main.UsageException(
          "--xz-dict-size: " + dict + " bytes; it must be 8192 bytes or more");
    }
    int low = Integer.lowestOneBit(dict);
    if (dict != low && dict != low + (low << 1)) {
      throw new Main.UsageException(
          "--xz-dict-size: "
              + dict
              + " bytes cannot be stored in the xz header: it must be 2^n or 2^n + 2^(n-1)"
              + " (e.g. 75%, 50%, 37.5%, 25%, 32K, 16K, 8K)");
    }
    return dict;
  }

  private static void requireCodec(Compression c, Compression wanted, String option)
      throws Main.UsageException {
    if (c != wanted) {
      throw new Main.UsageException(option + " needs --comp " + wanted.label());
    }
  }

  /** Bytes, with an optional K or M suffix (powers of 1024), as mksquashfs accepts them. */
  static long size(String option, String text) throws Main.UsageException {
    String t = text.trim().toUpperCase(Locale.ROOT);
    long unit = 1;
    if (t.endsWith("K") || t.endsWith("M")) {
      unit = t.endsWith("K") ? 1024 : 1024 * 1024;
      t = t.substring(0, t.length() - 1);
    }
    long n = number(option, t);
    if (n > Integer.MAX_VALUE / unit) {
      throw new Main.UsageException(option + ": too large: " + text);
    }
    return n * unit;
  }

  private static long number(String option, String text) throws Main.UsageException {
    try {
      long n = Long.parseLong(text);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new Main.UsageException(option + ": not a positive number: " + text);
  }
}

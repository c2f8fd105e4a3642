package io.github.squashtree.core.internal.nio;

import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.compression.GzipOptions;
import io.github.squashtree.core.compression.ZstdOptions;
import io.github.squashtree.core.image.ReaderOptions;
import io.github.squashtree.core.write.WriterOptions;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The {@code env} map of {@code newFileSystem}: keys are strings, values the types named below or
 * their string forms, as zipfs takes them. Unknown keys are ignored: the JDK hands the same map to
 * every provider it tries.
 *
 * <p>Reading: {@code offset} (bytes before the image in its file), {@code metadataCacheBlocks},
 * {@code fragmentCacheBlocks}, or a whole {@code readerOptions} ({@link ReaderOptions}); {@code
 * dataCacheBytes} (decoded data blocks kept for every channel, default 16 MiB; {@code K}, {@code
 * M}, {@code G} suffixes).
 *
 * <p>Create mode: {@code create} ({@code true}), {@code compression} ({@code gzip}, {@code xz},
 * {@code zstd}, {@code lz4}, {@code lzo}, {@code lzma}), {@code compressionLevel} (gzip, zstd),
 * {@code blockSize} (bytes, {@code K}/{@code M} suffixes), {@code mkfsTime} (seconds since the
 * epoch, or a {@link FileTime} or {@link Instant}), or a whole {@code writerOptions} ({@link
 * WriterOptions}, which the single keys then refine); for new entries {@code defaultOwner} and
 * {@code defaultGroup} (numeric ids, default 0), {@code defaultPermissions} and {@code
 * defaultDirectoryPermissions} ({@code rw-r--r--} and {@code rwxr-xr-x}, as strings or sets of
 * {@link PosixFilePermission}), {@code mtime} (the time they get when none is set; default: the
 * time they are made); {@code tempDirectory} (where file content is spooled until close).
 */
final class Env {
  private final Map<String, ?> env;

  Env(Map<String, ?> env) {
    this.env = env == null ? Map.of() : env;
  }

  boolean create() {
    return bool("create");
  }

  ReaderOptions readerOptions() {
    ReaderOptions o = value("readerOptions", ReaderOptions.class, ReaderOptions.defaults());
    if (env.containsKey("metadataCacheBlocks")) {
      o = o.withMetadataCacheBlocks((int) number("metadataCacheBlocks", 1, Integer.MAX_VALUE));
    }
    if (env.containsKey("fragmentCacheBlocks")) {
      o = o.withFragmentCacheBlocks((int) number("fragmentCacheBlocks", 1, Integer.MAX_VALUE));
    }
    if (env.containsKey("offset")) {
      o = o.withOffset(number("offset", 0, Long.MAX_VALUE));
    }
    return o;
  }

  /** Bytes of decoded data blocks kept for all channels ({@code dataCacheBytes}). */
  long dataCacheBytes() {
    return env.containsKey("dataCacheBytes") ? size("dataCacheBytes") : BlockCache.DEFAULT_BYTES;
  }

  WriterOptions writerOptions() {
    WriterOptions o = value("writerOptions", WriterOptions.class, WriterOptions.defaults());
    if (env.containsKey("compression")) {
      String label = text("compression").toLowerCase(Locale.ROOT);
      o = o.withCompression(Compression.fromLabel(label), null);
    }
    if (env.containsKey("compressionLevel")) {
      int level = (int) number("compressionLevel", 1, 22);
      o =
          switch (o.compression()) {
            case GZIP -> o.withCompression(Compression.GZIP, new GzipOptions(level, 15, 0));
            case ZSTD -> o.withCompression(Compression.ZSTD, new ZstdOptions(level));
            default ->
                throw new IllegalArgumentException(
                    "compressionLevel: " + o.compression().label() + " takes no level here");
          };
    }
    if (env.containsKey("blockSize")) {
      o = o.withBlockSize((int) size("blockSize"));
    }
    if (env.containsKey("mkfsTime")) {
      o = o.withMkfsTime(OptionalLong.of(seconds("mkfsTime")));
    }
    return o;
  }

  long defaultOwner() {
    return env.containsKey("defaultOwner") ? number("defaultOwner", 0, 0xFFFFFFFFL) : 0;
  }

  long defaultGroup() {
    return env.containsKey("defaultGroup") ? number("defaultGroup", 0, 0xFFFFFFFFL) : 0;
  }

  int defaultPermissions() {
    return permissions("defaultPermissions", 0644);
  }

  int defaultDirectoryPermissions() {
    return permissions("defaultDirectoryPermissions", 0755);
  }

  /** The fixed time of new entries, if one is given. */
  OptionalLong mtime() {
    return env.containsKey("mtime") ? OptionalLong.of(seconds("mtime")) : OptionalLong.empty();
  }

  Path tempDirectory() {
    Object v = env.get("tempDirectory");
    if (v == null) {
      return Path.of(System.getProperty("java.io.tmpdir"));
    }
    return v instanceof Path p ? p : Path.of(v.toString());
  }

  private boolean bool(String key) {
    Object v = env.get(key);
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s);
    }
    throw bad(key, v, "true or false");
  }

  private <T> T value(String key, Class<T> type, T otherwise) {
    Object v = env.get(key);
    if (v == null) {
      return otherwise;
    }
    if (!type.isInstance(v)) {
      throw bad(key, v, "a " + type.getSimpleName());
    }
    return type.cast(v);
  }

  private String text(String key) {
    return String.valueOf(env.get(key));
  }

  private long number(String key, long min, long max) {
    Object v = env.get(key);
    long n;
    if (v instanceof Number num) {
      n = num.longValue();
    } else {
      try {
        n = Long.parseLong(String.valueOf(v).trim());
      } catch (NumberFormatException e) {
        throw bad(key, v, "a number");
      }
    }
    if (n < min || n > max) {
      throw bad(key, v, "a number from " + min + " to " + max);
    }
    return n;
  }

  /** A byte count with an optional K or M suffix. */
  private long size(String key) {
    Object v = env.get(key);
    String s = String.valueOf(v).trim().toUpperCase(Locale.ROOT);
    long unit = 1;
    if (s.endsWith("K")) {
      unit = 1024;
    } else if (s.endsWith("M")) {
      unit = 1024 * 1024;
    } else if (s.endsWith("G")) {
      unit = 1024L * 1024 * 1024;
    }
    long n;
    try {
      n = Math.multiplyExact(Long.parseLong(unit == 1 ? s : s.substring(0, s.length() - 1)), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw bad(key, v, "a size in bytes (K, M and G suffixes allowed)");
    }
    if (n < 0) {
      throw bad(key, v, "a size in bytes (K, M and G suffixes allowed)");
    }
    return n;
  }

  private long seconds(String key) {
    Object v = env.get(key);
    if (v instanceof FileTime t) {
      return t.toInstant().getEpochSecond();
    }
    if (v instanceof Instant t) {
      return t.getEpochSecond();
    }
    return number(key, 0, 0xFFFFFFFFL);
  }

  private int permissions(String key, int otherwise) {
    Object v = env.get(key);
    if (v == null) {
      return otherwise;
    }
    if (v instanceof Set<?> set) {
      int bits = 0;
      for (Object p : set) {
        if (!(p instanceof PosixFilePermission perm)) {
          throw bad(key, v, "a set of PosixFilePermission");
        }
        bits |= NodeAttributes.permissionBits(Set.of(perm));
      }
      return bits;
    }
    try {
      return NodeAttributes.permissionBits(PosixFilePermissions.fromString(v.toString()));
    } catch (IllegalArgumentException e) {
      throw bad(key, v, "permissions such as rw-r--r--");
    }
  }

  private static IllegalArgumentException bad(String key, Object value, String expected) {
    return new IllegalArgumentException(
        "squashfs env: " + key + "=" + value + " is not " + expected);
  }
}

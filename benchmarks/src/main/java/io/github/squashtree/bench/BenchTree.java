package io.github.squashtree.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic tree shaped like a system directory: nested directories, many small files, some
 * large ones, text-like and incompressible content, symlinks, hard links, a few user xattrs. The
 * same {@code (bytes, seed)} always gives the same tree.
 */
final class BenchTree {
  private static final String[] WORDS = {
    "the",
    "squashfs",
    "inode",
    "block",
    "fragment",
    "directory",
    "table",
    "metadata",
    "java",
    "class",
    "lib",
    "share",
    "usr",
    "config",
    "value",
    "return",
    "static",
    "final",
    "void",
    "int",
    "public",
    "import",
    "package",
    "license",
    "copyright",
    "version",
    "=",
    "{",
    "}",
    "(",
    ")",
    ";"
  };
  private static final FileTime MTIME = FileTime.fromMillis(1_700_000_000_000L);

  private BenchTree() {}

  /** Writes about {@code bytes} of file content under {@code dir}, which must not exist yet. */
  static void generate(Path dir, long bytes, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    Files.createDirectories(dir);
    List<Path> dirs = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    dirs.add(dir);
    long written = 0;
    int n = 0;
    byte[] buf = new byte[4 << 20];
    while (written < bytes) {
      if (random.nextInt(12) == 0 || dirs.size() < 4) {
        Path parent = dirs.get(random.nextInt(dirs.size()));
        Path d = parent.resolve("dir" + n++);
        Files.createDirectory(d);
        dirs.add(d);
        continue;
      }
      Path parent = dirs.get(random.nextInt(dirs.size()));
      Path f = parent.resolve(fileName(random, n++));
      int size = (int) Math.min(fileSize(random), bytes - written);
      fill(random, buf, size);
      Files.write(f, size == buf.length ? buf : java.util.Arrays.copyOf(buf, size));
      Files.setLastModifiedTime(f, MTIME);
      files.add(f);
      written += size;
      int extra = random.nextInt(40);
      if (extra == 0) {
        Files.createSymbolicLink(parent.resolve("link" + n++), f.getFileName());
      } else if (extra == 1) {
        Files.createLink(parent.resolve("hard" + n++), f);
      } else if (extra == 2) {
        setXattr(f, "user.bench", ("value " + n).getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private static String fileName(SplittableRandom random, int n) {
    String[] ext = {".so", ".txt", ".class", ".h", ".png", ".conf", ""};
    return WORDS[random.nextInt(WORDS.length - 7)] + "-" + n + ext[random.nextInt(ext.length)];
  }

  /** Mostly small files, as in /usr: half under 4 KiB, a few of several MiB. */
  private static long fileSize(SplittableRandom random) {
    int r = random.nextInt(100);
    if (r < 50) {
      return random.nextInt(4096);
    }
    if (r < 85) {
      return 4096 + random.nextInt(60_000);
    }
    if (r < 98) {
      return 65_536 + random.nextInt(900_000);
    }
    return 1_000_000 + random.nextInt(3_000_000);
  }

  /** Three parts in four text-like (compresses about 3:1), the rest random bytes. */
  private static void fill(SplittableRandom random, byte[] buf, int size) {
    int at = 0;
    while (at < size) {
      int run = Math.min(size - at, 1024 + random.nextInt(16_384));
      if (random.nextInt(4) == 0) {
        for (int i = 0; i < run; i += 8) {
          long v = random.nextLong();
          for (int k = 0; k < 8 && i + k < run; k++) {
            buf[at + i + k] = (byte) (v >>> (8 * k));
          }
        }
      } else {
        int i = 0;
        while (i < run) {
          byte[] w = WORDS[random.nextInt(WORDS.length)].getBytes(StandardCharsets.US_ASCII);
          for (int k = 0; k < w.length && i < run; k++) {
            buf[at + i++] = w[k];
          }
          if (i < run) {
            buf[at + i++] = (byte) (random.nextInt(10) == 0 ? '\n' : ' ');
          }
        }
      }
      at += run;
    }
  }

  private static void setXattr(Path f, String name, byte[] value) {
    UserDefinedFileAttributeView view =
        Files.getFileAttributeView(f, UserDefinedFileAttributeView.class);
    try {
      if (view != null) {
        view.write(name.substring("user.".length()), ByteBuffer.wrap(value));
      }
    } catch (IOException | UnsupportedOperationException e) {
      // The temp file system may not take xattrs; the benchmark then runs without them.
    }
  }
}

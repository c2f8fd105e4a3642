package io.github.squashtree.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Images for the benchmarks, made with mksquashfs from a {@link BenchTree} and kept in {@code
 * $java.io.tmpdir/squashtree-bench} (or {@code -Dsquashtree.bench.dir}) so forks and later runs
 * reuse them.
 */
final class BenchImages {
  private BenchImages() {}

  static Path workDir() throws IOException {
    String configured = System.getProperty("squashtree.bench.dir");
    Path dir =
        configured != null
            ? Path.of(configured)
            : Path.of(System.getProperty("java.io.tmpdir"), "squashtree-bench");
    Files.createDirectories(dir);
    return dir;
  }

  /** A directory for extraction output: tmpfs ({@code /dev/shm}) when there is one. */
  static Path scratchDir() throws IOException {
    String configured = System.getProperty("squashtree.bench.scratch");
    Path base =
        configured != null
            ? Path.of(configured)
            : Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : workDir();
    return Files.createTempDirectory(base, "squashtree-extract-");
  }

  /** {@code imageFile} if given, else the generated image of {@code megabytes} in {@code codec}. */
  static Path image(String imageFile, String codec, int megabytes) throws IOException {
    if (imageFile != null && !imageFile.isEmpty()) {
      return Path.of(imageFile);
    }
    return image(codec, megabytes, 42);
  }

  /** The image of the tree {@code (megabytes, seed)} compressed with {@code codec}. */
  static synchronized Path image(String codec, int megabytes, long seed) throws IOException {
    Path dir = workDir();
    Path image = dir.resolve("bench-" + megabytes + "m-" + seed + "-" + codec + ".sqfs");
    if (Files.exists(image)) {
      return image;
    }
    Path root = tree(megabytes, seed);
    Path partial = dir.resolve(image.getFileName() + ".partial");
    Files.deleteIfExists(partial);
    run(
        List.of(
            "mksquashfs",
            root.toString(),
            partial.toString(),
            "-comp",
            codec,
            "-processors",
            "2",
            "-noappend",
            "-no-progress",
            "-quiet"));
    Files.move(partial, image, StandardCopyOption.ATOMIC_MOVE);
    return image;
  }

  /** The root of the generated tree {@code (megabytes, seed)}, made on first use. */
  static synchronized Path tree(int megabytes, long seed) throws IOException {
    Path tree = workDir().resolve("tree-" + megabytes + "m-" + seed);
    if (!Files.exists(tree.resolve(".complete"))) {
      deleteTree(tree);
      BenchTree.generate(tree.resolve("root"), megabytes * 1024L * 1024L, seed);
      Files.createFile(tree.resolve(".complete"));
    }
    return tree.resolve("root");
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    // rm is several times faster than a Java walk on big trees and does not follow links.
    run(List.of("rm", "-rf", "--one-file-system", root.toString()));
  }

  private static void run(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).inheritIO().start();
    try {
      if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException("failed: " + String.join(" ", command));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException(String.join(" ", command));
    }
  }
}

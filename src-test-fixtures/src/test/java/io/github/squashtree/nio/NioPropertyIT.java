package io.github.squashtree.nio;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.internal.host.HostFileSystem;
import io.github.squashtree.core.tree.Names;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriterOptions;
import io.github.squashtree.fixtures.FileSystemProbe;
import io.github.squashtree.fixtures.KernelMount;
import io.github.squashtree.fixtures.Mksquashfs;
import io.github.squashtree.fixtures.Require;
import io.github.squashtree.fixtures.TestDirectories;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Random trees (names that are not UTF-8, holes, hard links, symlinks to anything inside the tree,
 * dangling and looping ones, modes, times, user xattrs), imaged by our writer or mksquashfs: the
 * squashfs file system answers as the directory, and as the kernel's mount of the image.
 */
class NioPropertyIT {
  private static final String[] CODECS = {"gzip", "zstd", "xz", "lz4"};

  @Property(tries = 12)
  void randomTreesAnswerAsTheirSource(@ForAll long seed) throws IOException {
    check(seed, false);
  }

  @Property(tries = 8)
  void randomTreesAnswerAsTheirKernelMount(@ForAll long seed) throws IOException {
    Require.kernelSquashfsMount();
    check(seed, true);
  }

  private void check(long seed, boolean mount) throws IOException {
    Path work = Files.createTempDirectory("nio-property");
    try {
      Random random = new Random(seed);
      Path root = work.resolve("tree");
      new RandomTree(random, root).build();
      Path image = work.resolve("image.sqfs");
      String codec = CODECS[random.nextInt(CODECS.length)];
      int blockSize = 4096 << random.nextInt(6);
      String maker;
      if (random.nextBoolean() && Require.hasTool("mksquashfs")) {
        maker = "mksquashfs -comp " + codec + " -b " + blockSize;
        Mksquashfs.make(root, image, List.of("-comp", codec, "-b", "" + blockSize));
      } else {
        maker = "squashtree " + codec + " " + blockSize;
        try (DirectoryTree source = DirectoryTree.open(root)) {
          SquashfsWriter.write(
              source,
              image,
              WriterOptions.defaults()
                  .withCompression(Compression.fromLabel(codec), null)
                  .withBlockSize(blockSize)
                  .withProcessors(1));
        }
      }
      SortedMap<String, SortedMap<String, String>> ours;
      try (FileSystem fs = FileSystems.newFileSystem(image)) {
        ours = FileSystemProbe.probe(fs.getPath("/"));
      }
      SortedMap<String, SortedMap<String, String>> expected;
      String against;
      if (mount) {
        Path mnt = Files.createDirectory(work.resolve("mnt"));
        try (KernelMount m = KernelMount.squashfs(image, mnt)) {
          expected = FileSystemProbe.probe(mnt);
        }
        against = "its kernel mount";
      } else {
        expected = FileSystemProbe.probe(root);
        against = "its source";
      }
      List<String> diffs =
          FileSystemProbe.differences(
              expected, ours, (key, field) -> mount || !field.startsWith("image."));
      assertTrue(
          diffs.isEmpty(),
          "seed "
              + seed
              + ", "
              + maker
              + ", vs "
              + against
              + ":\n"
              + String.join("\n", diffs.subList(0, Math.min(30, diffs.size()))));
    } finally {
      TestDirectories.delete(work);
    }
  }

  /** A random tree on disk; every symlink points inside it (or nowhere), never out of it. */
  private static final class RandomTree {
    private final Random random;
    private final Path root;
    private final List<Path> dirs = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();
    private final List<Path> all = new ArrayList<>();
    private int counter;

    RandomTree(Random random, Path root) {
      this.random = random;
      this.root = root;
    }

    void build() throws IOException {
      Files.createDirectory(root);
      dirs.add(root);
      int entries = 5 + random.nextInt(40);
      for (int i = 0; i < entries; i++) {
        Path dir = dirs.get(random.nextInt(dirs.size()));
        Path p = Names.hostPath(dir, name());
        switch (random.nextInt(10)) {
          case 0, 1 -> {
            Files.createDirectory(p);
            dirs.add(p);
          }
          case 2, 3, 4 -> file(p);
          case 5 -> {
            if (!files.isEmpty()) {
              Files.createLink(p, files.get(random.nextInt(files.size())));
            }
          }
          case 6, 7 -> symlink(p);
          case 8 -> {
            if (random.nextInt(3) == 0) {
              HostFileSystem.get().symlink(p, p.getFileName().toString()); // a loop
            } else {
              Files.createSymbolicLink(p, Path.of("nowhere/" + counter));
            }
          }
          default -> {
            if (!files.isEmpty()) {
              xattr(files.get(random.nextInt(files.size())));
            }
            file(p);
          }
        }
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          all.add(p);
        }
      }
      // Modes and times last, deepest first, so that no later change moves a directory's time.
      List<Path> order = new ArrayList<>(all);
      order.sort((a, b) -> b.getNameCount() - a.getNameCount());
      order.add(root);
      for (Path p : order) {
        if (!Files.isSymbolicLink(p)) {
          // Unreadable modes only as root, who reads the source regardless.
          int[] modes =
              Files.isDirectory(p)
                  ? (root() ? new int[] {0755, 0700, 01777, 0555} : new int[] {0755, 01777})
                  : (root()
                      ? new int[] {0644, 0755, 0600, 04755, 0444, 0}
                      : new int[] {0644, 04755});
          Files.setAttribute(p, "unix:mode", modes[random.nextInt(modes.length)]);
        }
        FileTime t =
            FileTime.from(
                java.time.Instant.ofEpochSecond(
                    random.nextInt(2_000_000_000), random.nextInt(1_000_000_000)));
        Files.getFileAttributeView(
                p, java.nio.file.attribute.BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
            .setTimes(t, t, null);
      }
    }

    private static boolean root() {
      return Require.isRoot();
    }

    /** A fresh name: letters, a space, 'é', a byte that is not UTF-8, or a leading dot. */
    private String name() {
      String[] parts = {"a", "b", "Z", "é", " x", ".h", "~", "1"};
      StringBuilder s = new StringBuilder(parts[random.nextInt(parts.length)]);
      if (random.nextInt(5) == 0) {
        s.append(Names.decode(new byte[] {(byte) (0x80 + random.nextInt(0x40))}));
      }
      return s.append(counter++).toString();
    }

    private void file(Path p) throws IOException {
      int kind = random.nextInt(4);
      long size = kind == 0 ? 0 : kind == 1 ? random.nextInt(200) : random.nextInt(400_000);
      try (FileChannel ch =
          FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        if (kind == 3 && size > 0) {
          ch.write(
              ByteBuffer.wrap(bytes(1 + random.nextInt(1000))), size - 1000 > 0 ? size - 1000 : 0);
        } else {
          ch.write(ByteBuffer.wrap(bytes((int) size)));
        }
      }
      files.add(p);
    }

    private byte[] bytes(int n) {
      byte[] b = new byte[n];
      if (random.nextBoolean()) {
        random.nextBytes(b);
      } else {
        for (int i = 0; i < n; i++) {
          b[i] = (byte) ("squashfs tree\n".charAt(i % 14));
        }
      }
      return b;
    }

    /** A relative symlink to a random entry of the tree (or to a directory above). */
    private void symlink(Path p) throws IOException {
      Path target = all.isEmpty() ? root : all.get(random.nextInt(all.size()));
      if (random.nextInt(4) == 0) {
        target = dirs.get(random.nextInt(dirs.size()));
      }
      HostFileSystem.get().symlink(p, bytesOf(p.getParent(), target));
    }

    /** The relative path from {@code dir} to {@code target}, names kept as their bytes. */
    private String bytesOf(Path dir, Path target) {
      List<String> up = new ArrayList<>();
      Path common = dir;
      while (!target.startsWith(common)) {
        up.add("..");
        common = common.getParent();
      }
      for (Path name : common.relativize(target)) {
        up.add(Names.hostName(common.resolve(name)));
        common = common.resolve(name);
      }
      return up.isEmpty() ? "." : String.join("/", up);
    }

    private void xattr(Path p) {
      try {
        Files.getFileAttributeView(p, UserDefinedFileAttributeView.class)
            .write("k" + random.nextInt(3), ByteBuffer.wrap(bytes(random.nextInt(50))));
      } catch (IOException e) {
        // a file system without user xattrs: the tree has none then
      }
    }
  }
}

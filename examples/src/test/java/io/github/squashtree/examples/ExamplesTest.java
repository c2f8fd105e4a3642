package io.github.squashtree.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.image.SquashfsImage;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Tree;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the README's examples on a small tree and checks what they made. */
class ExamplesTest {
  @TempDir Path tmp;

  private Path sourceTree() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
    Files.writeString(root.resolve("etc/motd"), "hello\n");
    Files.write(root.resolve("big.bin"), new byte[500_000]);
    Files.createSymbolicLink(root.resolve("link"), Path.of("etc/motd"));
    return root;
  }

  private static String run(Main main, String... args) throws IOException {
    PrintStream saved = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      main.run(args);
    } finally {
      System.setOut(saved);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private interface Main {
    void run(String[] args) throws IOException;
  }

  @Test
  void theExamplesWriteReadExtractLayerAndFlatten() throws IOException {
    Path root = sourceTree();
    Path out = Files.createDirectories(tmp.resolve("out"));

    String wrote = run(WriteImage::main, root.toString(), out.toString());
    assertTrue(wrote.contains("3 files"), wrote);
    assertTrue(wrote.contains("300004 bytes read, 0 blocks, 3 holes"), wrote);
    try (SquashfsImage built = SquashfsImage.open(out.resolve("built.sqfs"))) {
      assertEquals(EntryType.CHAR_DEVICE, built.lookup("/dev/null").orElseThrow().type());
      assertEquals(1000, built.lookup("/home/app").orElseThrow().metadata().uid());
    }

    Path extracted = tmp.resolve("extracted");
    String read =
        run(
            ReadImage::main,
            out.resolve("dir.sqfs").toString(),
            "/etc/passwd",
            extracted.toString());
    assertTrue(read.startsWith("gzip, blocks of 131072\nroot:x:0:0::/root:/bin/sh\n4 bytes"), read);
    assertTrue(read.contains("symlink 777 /link"), read);
    assertEquals(contents(root), contents(extracted));

    Path next = tmp.resolve("next");
    copy(root, next);
    Files.writeString(next.resolve("etc/motd"), "hello again\n");
    Files.delete(next.resolve("big.bin"));
    String layered =
        run(
            OverlayLayers::main,
            out.resolve("dir.sqfs").toString(),
            next.toString(),
            out.toString());
    assertTrue(layered.contains("MODIFY /etc/motd"), layered);
    assertTrue(layered.contains("DELETE /big.bin"), layered);
    try (Tree flat = SquashfsImage.open(out.resolve("flat.sqfs"));
        Tree want = DirectoryTree.open(next)) {
      assertEquals(contents(want), contents(flat));
    }
  }

  private static Map<String, String> contents(Path dir) throws IOException {
    try (Tree t = DirectoryTree.open(dir)) {
      return contents(t);
    }
  }

  /** Each path with its type and, for files, content; symlinks with their targets. */
  private static Map<String, String> contents(Tree tree) throws IOException {
    Map<String, String> all = new TreeMap<>();
    Deque<Entry> pending = new ArrayDeque<>();
    pending.push(tree.root());
    while (!pending.isEmpty()) {
      for (Entry e : tree.children(pending.pop())) {
        String what = e.type().label();
        if (e.isDirectory()) {
          pending.push(e);
        } else if (e.type() == EntryType.FILE) {
          try (InputStream in = tree.open(e)) {
            what += " " + java.util.Arrays.hashCode(in.readAllBytes());
          }
        } else if (e.type() == EntryType.SYMLINK) {
          what += " " + e.metadata().symlinkTarget();
        }
        all.put(e.path(), what);
      }
    }
    return all;
  }

  private static void copy(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isSymbolicLink(p)) {
          Files.createSymbolicLink(t, Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }

  @Test
  void copyKeepsWhatTheTestNeeds() throws IOException {
    Path root = sourceTree();
    copy(root, tmp.resolve("c"));
    assertArrayEquals(
        Files.readAllBytes(root.resolve("big.bin")), Files.readAllBytes(tmp.resolve("c/big.bin")));
  }
}

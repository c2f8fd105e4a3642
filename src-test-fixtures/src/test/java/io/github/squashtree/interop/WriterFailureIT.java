package io.github.squashtree.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriterOptions;
import io.github.squashtree.fixtures.ProcessRunner;
import io.github.squashtree.fixtures.Require;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full disk: a clear error naming the image, and neither image nor temporary file left. */
class WriterFailureIT {
  @TempDir Path tmp;

  @Test
  void aFullDiskLeavesNothingBehind() throws IOException {
    Require.root();
    Path disk = Files.createDirectory(tmp.resolve("disk"));
    ProcessRunner.run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", disk.toString());
    try {
      byte[] random = new byte[3 << 20];
      new Random(1).nextBytes(random);
      Tree tree = new TreeBuilder().file("/random", random, Attributes.FILE).build();
      Path image = disk.resolve("image.sqfs");
      IOException e =
          assertThrows(
              IOException.class, () -> SquashfsWriter.write(tree, image, WriterOptions.defaults()));
      assertTrue(e.getMessage().contains(image.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
      try (Stream<Path> left = Files.list(disk)) {
        assertEquals(List.of(), left.toList());
      }
    } finally {
      ProcessRunner.run("umount", disk.toString());
    }
  }
}

package io.github.squashtree.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.squashtree.core.image.ExtractListener;
import io.github.squashtree.core.image.ExtractOptions;
import io.github.squashtree.core.image.ExtractResult;
import io.github.squashtree.core.internal.extract.Extractor;
import io.github.squashtree.core.internal.host.HandleStack;
import io.github.squashtree.core.internal.host.HostDirectory;
import io.github.squashtree.core.internal.host.HostFileSystem;
import io.github.squashtree.core.internal.host.TreeRemoval;
import io.github.squashtree.core.internal.io.ByteSource;
import io.github.squashtree.core.internal.read.ImageReader;
import io.github.squashtree.fixtures.ProcessRunner;
import io.github.squashtree.fixtures.Require;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image 12,000 directories deep (made by gensquashfs from a description, since no path can name
 * its bottom: 24,000 bytes against PATH_MAX's 4,096) extracts completely, on a stack of its own and
 * through directory descriptors.
 */
class DeepTreeExtractIT {
  private static final int DEPTH = 12_000;

  @TempDir Path dir;

  private Path deepImage() throws IOException {
    StringBuilder spec = new StringBuilder();
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < DEPTH; i++) {
      path.append("/d");
      spec.append("dir ").append(path).append(" 0755 0 0\n");
    }
    Files.writeString(dir.resolve("leaf"), "deep");
    spec.append("file ")
        .append(path)
        .append("/leaf 0644 0 0 ")
        .append(dir.resolve("leaf"))
        .append('\n');
    Path description = dir.resolve("deep.txt");
    Files.writeString(description, spec, StandardCharsets.UTF_8);
    Path image = dir.resolve("deep.sqfs");
    ProcessRunner.run(
        List.of("gensquashfs", "-q", "-F", description.toString(), "-f", image.toString()),
        Duration.ofMinutes(5));
    return image;
  }

  @Test
  void anImageFarDeeperThanAnyPathExtractsWithoutRecursion() throws IOException {
    Require.tool("gensquashfs");
    HostFileSystem host = HostFileSystem.get();
    Require.that(host.raceFree(), "needs libc through JNA: " + host.limitation());
    Path image = deepImage();
    Path dest = dir.resolve("out");
    try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ);
        ImageReader img = ImageReader.open(ByteSource.of(ch))) {
      ExtractResult r =
          new Extractor(img, ExtractOptions.forCurrentUser(false), ExtractListener.NONE)
              .extract("/", dest);
      assertEquals(DEPTH + 1, r.directories());
      assertEquals(1, r.files());
      try (HostDirectory root = host.openDirectory(dest);
          HandleStack stack = new HandleStack(root)) {
        for (int i = 0; i < DEPTH; i++) {
          assertEquals(List.of("d"), stack.top().list());
          stack.push(stack.top().openDirectory("d"));
        }
        assertEquals(List.of("leaf"), stack.top().list());
        assertEquals(4, stack.top().stat("leaf").size());
      }
    } finally {
      if (Files.exists(dest)) {
        try (HostDirectory parent = host.openDirectory(dir)) {
          TreeRemoval.remove(parent, "out", true); // JUnit's cleanup goes by path
        }
      }
    }
  }
}

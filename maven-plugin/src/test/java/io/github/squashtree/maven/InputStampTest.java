package io.github.squashtree.maven;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputStampTest {
  @TempDir Path tmp;

  private static Tree tree(Instant mtime, int mode, String content) {
    return new TreeBuilder()
        .file("/etc/a", content.getBytes(UTF_8), Attributes.of(mode).mtime(mtime))
        .symlink("/l", "etc/a", Attributes.SYMLINK)
        .build();
  }

  @Test
  void anImageIsUpToDateOnlyForTheSameInputsConfigurationAndImageFile() throws Exception {
    Instant t = Instant.ofEpochSecond(1_600_000_000L, 5);
    Path image = Files.writeString(tmp.resolve("x.sqfs"), "image");
    Path stamp = tmp.resolve("stamps/x.stamp");
    InputStamp s = InputStamp.of(tree(t, 0644, "abc"), List.of("gzip"));
    assertEquals(3, s.contentBytes());
    assertFalse(s.matches(stamp, image), "no stamp yet");
    s.record(stamp, image);
    assertTrue(InputStamp.of(tree(t, 0644, "abc"), List.of("gzip")).matches(stamp, image));
    assertFalse(InputStamp.of(tree(t, 0644, "abc"), List.of("xz")).matches(stamp, image));
    assertFalse(InputStamp.of(tree(t, 0600, "abc"), List.of("gzip")).matches(stamp, image));
    assertFalse(
        InputStamp.of(tree(t.plusNanos(1), 0644, "abc"), List.of("gzip")).matches(stamp, image),
        "a nanosecond later");
    assertFalse(InputStamp.of(tree(t, 0644, "abcd"), List.of("gzip")).matches(stamp, image));
    Files.setLastModifiedTime(image, FileTime.from(Instant.ofEpochSecond(1)));
    assertFalse(s.matches(stamp, image), "the image changed since");
    Files.delete(image);
    assertFalse(s.matches(stamp, image), "the image is gone");
  }
}

package io.github.squashtree.core.tree;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class MergedTreeTest {
  @Test
  void upperWinsAndDirectoriesMerge() throws IOException {
    Tree lower =
        new TreeBuilder()
            .file("/etc/a", "lower a".getBytes(UTF_8), Attributes.FILE)
            .file("/etc/b", "lower b".getBytes(UTF_8), Attributes.FILE)
            .file("/opt/x/deep", "deep".getBytes(UTF_8), Attributes.FILE)
            .charDevice("/dev/null", 1, 3, Attributes.of(0666))
            .build();
    Tree upper =
        new TreeBuilder()
            .directory("/etc", Attributes.of(0700))
            .file("/etc/b", "upper b".getBytes(UTF_8), Attributes.FILE)
            .file("/etc/c", "upper c".getBytes(UTF_8), Attributes.FILE)
            .file("/opt/x", "now a file".getBytes(UTF_8), Attributes.FILE)
            .charDevice("/gone", 0, 0, Attributes.of(0))
            .build();
    try (Tree merged = MergedTree.of(lower, upper)) {
      assertEquals(
          List.of(
              "/dev", "/dev/null", "/etc", "/etc/a", "/etc/b", "/etc/c", "/gone", "/opt", "/opt/x"),
          PathFilterTest.paths(merged));
      assertEquals(0700, merged.lookup("/etc").orElseThrow().metadata().permissions());
      assertEquals("lower a", content(merged, "/etc/a"));
      assertEquals("upper b", content(merged, "/etc/b"));
      assertEquals("now a file", content(merged, "/opt/x"));
      assertTrue(merged.lookup("/opt/x/deep").isEmpty(), "under a replaced directory");
      assertEquals(EntryType.CHAR_DEVICE, merged.lookup("/gone").orElseThrow().type());
    }
  }

  private static String content(Tree t, String path) throws IOException {
    try (InputStream in = t.open(t.lookup(path).orElseThrow())) {
      return new String(in.readAllBytes(), UTF_8);
    }
  }
}

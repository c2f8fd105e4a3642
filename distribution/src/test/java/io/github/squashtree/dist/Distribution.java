package io.github.squashtree.dist;

import io.github.squashtree.fixtures.Require;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The packages this module's build made (target/), or a skip saying why there are none. */
final class Distribution {
  static final Path TARGET = Path.of("target").toAbsolutePath();

  private Distribution() {}

  /** The file in target/ whose name ends with {@code suffix}; skips (fails on CI) when missing. */
  static Path built(String suffix) throws IOException {
    Path skipped = TARGET.resolve("distribution-skipped.txt");
    if (Files.exists(skipped)) {
      Require.that(false, Files.readString(skipped, StandardCharsets.UTF_8).strip());
    }
    List<Path> found;
    try (Stream<Path> s = Files.list(TARGET)) {
      found = s.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
    }
    Require.that(found.size() == 1, "mvn package makes one *" + suffix + " in " + TARGET);
    return found.get(0);
  }

  /** The demo image of the checkout. */
  static Path demoImage() {
    return TARGET.getParent().getParent().resolve("examples/demo-rootfs.sqfs");
  }
}

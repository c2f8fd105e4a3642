package io.github.squashtree.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriterOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image 20,000 directories deep (a hostile image can be far deeper than any path): the commands
 * that walk it work, where their walks once recursed once per level.
 */
class DeepTreeIT {
  @TempDir Path tmp;

  @Test
  void imageDeeperThanAnyPathIsVerifiedComparedAndRewritten() throws Exception {
    Path image = tmp.resolve("deep.sqfs");
    SquashfsWriter.write(
        new TreeBuilder()
            .file("/d".repeat(20_000) + "/bottom", "deep\n".getBytes(UTF_8), Attributes.FILE)
            .build(),
        image,
        WriterOptions.defaults());
    CliRun verify = CliRun.of("verify", image.toString());
    assertEquals(0, verify.code(), verify.err());
    assertTrue(verify.out().contains("20001 directories"), verify.out());
    CliRun same = CliRun.of("diff", image.toString(), image.toString());
    assertEquals(0, same.code(), same.err());
    Path copy = tmp.resolve("copy.sqfs");
    CliRun mk = CliRun.of("mk", image.toString(), copy.toString(), "--no-progress");
    assertEquals(0, mk.code(), mk.err());
    CliRun back = CliRun.of("diff", copy.toString(), image.toString());
    assertEquals(0, back.code(), back.err());
  }
}

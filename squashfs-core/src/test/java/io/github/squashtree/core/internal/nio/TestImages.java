package io.github.squashtree.core.internal.nio;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.github.squashtree.core.tree.Names;
import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriterOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.Random;

/** Small images for the provider's tests, written by our writer from a {@link TreeBuilder}. */
final class TestImages {
  /** A name whose bytes are not UTF-8 ("caf" + Latin-1 é), as the model holds it. */
  static final String LATIN1 = Names.decode(new byte[] {'c', 'a', 'f', (byte) 0xE9});

  /** 300 000 bytes: random, with a hole of a whole block in the middle; two blocks and a tail. */
  static final byte[] BIG = new byte[300_000];

  /** 400 000 bytes of numbered lines: compressible, so its blocks are stored compressed. */
  static final byte[] TEXT = new byte[400_000];

  static {
    new Random(3).nextBytes(BIG);
    Arrays.fill(BIG, 140_000, 270_000, (byte) 0);
    StringBuilder lines = new StringBuilder();
    for (int i = 0; lines.length() < TEXT.length; i++) {
      lines.append("line ").append(i).append(" of a compressible file\n");
    }
    System.arraycopy(lines.toString().getBytes(UTF_8), 0, TEXT, 0, TEXT.length);
  }

  private TestImages() {}

  /**
   * /etc/hostname (0640, 0:42, user.comment, trusted.x), /big, /dir/text, /link -> etc/hostname,
   * /abs -> /etc, /loop -> loop, /dangling -> nowhere, /etc/hard = /etc/hostname, /LATIN1 (a file),
   * /dir/sub/deep, /dir/up -> .., /empty (dir), /fifo, /dev/null-ish char device 1:3.
   */
  static Path sample(Path dir) throws IOException {
    Attributes host =
        Attributes.of(0640)
            .owner(0, 42)
            .mtime(Instant.ofEpochSecond(1_700_000_000L))
            .xattr("user.comment", "hello".getBytes(UTF_8))
            .xattr("trusted.x", new byte[] {1, 2});
    Path image = dir.resolve("sample.sqfs");
    SquashfsWriter.write(
        new TreeBuilder()
            .file("/etc/hostname", "box\n".getBytes(UTF_8), host)
            .hardLink("/etc/hard", "/etc/hostname")
            .file("/big", BIG, Attributes.FILE.owner(1000, 100))
            .file("/dir/text", TEXT, Attributes.FILE)
            .symlink("/link", "etc/hostname", Attributes.SYMLINK)
            .symlink("/abs", "/etc", Attributes.SYMLINK)
            .symlink("/loop", "loop", Attributes.SYMLINK)
            .symlink("/dangling", "nowhere", Attributes.SYMLINK)
            .file("/" + LATIN1, "latin\n".getBytes(UTF_8), Attributes.FILE)
            .file("/dir/sub/deep", new byte[] {42}, Attributes.FILE)
            .symlink("/dir/up", "..", Attributes.SYMLINK)
            .directory("/empty", Attributes.of(0700))
            .fifo("/fifo", Attributes.of(0600))
            .charDevice("/char", 1, 3, Attributes.of(0666))
            .build(),
        image,
        WriterOptions.defaults().withMkfsTime(OptionalLong.of(0)).withProcessors(1));
    return image;
  }
}

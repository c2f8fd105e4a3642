package io.github.squashtree.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriterOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The java.nio.file example needs the JDK alone to compile, and does what the README says. */
class ImageFilesTest {
  @TempDir Path tmp;

  @Test
  void compilesAgainstTheJdkAlone() {
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    Path source = Path.of("src/main/java/io/github/squashtree/examples/ImageFiles.java");
    int status =
        ToolProvider.getSystemJavaCompiler()
            .run(null, null, errors, "-cp", "", "-d", tmp.toString(), source.toString());
    assertEquals(0, status, errors.toString(UTF_8));
  }

  @Test
  void listsCopiesAndCreates() throws Exception {
    Path image = tmp.resolve("root.sqfs");
    SquashfsWriter.write(
        new TreeBuilder()
            .file("/etc/hostname", "box\n".getBytes(UTF_8), Attributes.of(0640).owner(0, 42))
            .symlink("/etc/localtime", "/usr/share/zoneinfo/UTC", Attributes.SYMLINK)
            .build(),
        image,
        WriterOptions.defaults());
    Path copy = tmp.resolve("hostname");
    Path created = tmp.resolve("app.sqfs");
    PrintStream saved = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, UTF_8));
    try {
      ImageFiles.main(new String[] {image.toString(), copy.toString(), created.toString()});
    } finally {
      System.setOut(saved);
    }
    String listing = out.toString(UTF_8);
    assertTrue(listing.contains("rw-r----- 0 42 4 /etc/hostname"), listing);
    assertTrue(listing.contains("rwxrwxrwx 0 0 23 /etc/localtime"), listing);
    assertEquals("box\n", Files.readString(copy));
    try (FileSystem fs = FileSystems.newFileSystem(created)) {
      Path run = fs.getPath("/opt/app/bin/run");
      assertEquals(0100755, Files.getAttribute(run, "unix:mode"));
      assertEquals(1000, Files.getAttribute(run, "unix:uid"));
      assertEquals(List.of("#!/bin/sh", "echo hello"), Files.readAllLines(run));
      assertEquals(fs.getPath("bin"), Files.readSymbolicLink(fs.getPath("/opt/app/current")));
      assertEquals(65536L, Files.getFileStore(run).getBlockSize());
    }
  }
}

package io.github.squashtree.core.internal.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's java.nio.file example compiles against the JDK alone (no squashtree type in it) and
 * does what it says when run with the core jar present.
 */
class ReadmeExampleTest {
  @TempDir Path tmp;

  @Test
  void theReadmeExampleCompilesAndRuns() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    String section = readme.substring(readme.indexOf("## java.nio.file"));
    int start = section.indexOf("```java") + "```java".length();
    String code = section.substring(start, section.indexOf("```", start));
    Path source = Files.writeString(tmp.resolve("ImageFiles.java"), code);
    Path classes = Files.createDirectory(tmp.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    // No class path: the example needs nothing but the JDK.
    int status =
        javac.run(null, null, errors, "-cp", "", "-d", classes.toString(), source.toString());
    assertEquals(0, status, errors.toString(StandardCharsets.UTF_8));

    Path image = TestImages.sample(tmp);
    Path created = tmp.resolve("app.sqfs");
    PrintStream out = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      loader
          .loadClass("ImageFiles")
          .getMethod("main", String[].class)
          .invoke(null, (Object) new String[] {image.toString(), created.toString()});
      assertEquals("box\n", Files.readString(Path.of("hostname.copy")));
    } finally {
      System.setOut(out);
      Files.deleteIfExists(Path.of("hostname.copy")); // the example writes it where it runs
    }
    assertTrue(
        printed.toString(StandardCharsets.UTF_8).contains("rw-r----- 0 42 4 /etc/hostname"),
        printed.toString(StandardCharsets.UTF_8));
    try (FileSystem fs = FileSystems.newFileSystem(created)) {
      Path run = fs.getPath("/opt/app/bin/run");
      assertEquals(0100755, Files.getAttribute(run, "unix:mode"));
      assertEquals(1000, Files.getAttribute(run, "unix:uid"));
      assertEquals(fs.getPath("bin"), Files.readSymbolicLink(fs.getPath("/opt/app/current")));
      assertEquals(List.of("echo hello"), Files.readAllLines(run).subList(1, 2));
    }
  }
}

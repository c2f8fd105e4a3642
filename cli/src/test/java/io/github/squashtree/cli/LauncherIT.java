package io.github.squashtree.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/sqfs on every JDK of the machine (this one at least; JDK 25 where installed): the commands
 * that load native code or use Unsafe (JNA, zstd-jni, lz4-java, aircompressor) print nothing on
 * stderr, where JDK 24+ warns unless the launcher and the jar's manifest allow it.
 */
class LauncherIT {
  private static final Path SQFS = Path.of("../bin/sqfs").toAbsolutePath().normalize();
  private static final Path DEMO =
      Path.of("../examples/demo-rootfs.sqfs").toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  void noJdkWarns() throws Exception {
    Set<Path> jdks = new LinkedHashSet<>();
    jdks.add(Path.of(System.getProperty("java.home")).toRealPath());
    try (Stream<Path> s = Files.list(Path.of("/usr/lib/jvm"))) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (Files.isExecutable(p.resolve("bin/java")) && Files.exists(p.resolve("release"))) {
          jdks.add(p.toRealPath());
        }
      }
    } catch (IOException e) {
      // no other JDKs here: this one is still tried
    }
    for (Path jdk : jdks) {
      Path out = Files.createDirectories(dir.resolve(jdk.getFileName().toString()));
      String tree = out.resolve("tree").toString();
      run(jdk, "extract", DEMO.toString(), tree);
      run(jdk, "diff", tree, DEMO.toString());
      for (String codec : List.of("zstd", "lzo", "lz4", "xz")) {
        run(jdk, "mk", "-q", "--comp", codec, tree, out.resolve(codec + ".sqfs").toString());
      }
      run(jdk, "mk", "-q", "--comp", "lz4", "--lz4-hc", tree, out.resolve("hc.sqfs").toString());
      run(jdk, "ls", "-l", "-R", out.resolve("zstd.sqfs").toString());
    }
  }

  private void run(Path jdk, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(SQFS.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("PATH", jdk.resolve("bin") + ":/usr/bin:/bin");
    pb.environment().put("SQFS_CDS", "0"); // no archive for a JDK that did not make it
    Path err = dir.resolve("err");
    Process p = pb.redirectOutput(dir.resolve("out").toFile()).redirectError(err.toFile()).start();
    assertFalse(!p.waitFor(2, TimeUnit.MINUTES), "timed out");
    String said = Files.readString(err, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), jdk + " " + command + ": " + said);
    assertEquals("", said, jdk + " " + command);
  }
}

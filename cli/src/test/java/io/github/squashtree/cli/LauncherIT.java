package io.github.squashtree.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * stderr, where JDK 24+ warns unless the launcher and the jar's manifest allow it. Its young
 * generation follows the heap the user sets.
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

  /**
   * A young generation of a quarter of the heap SQFS_JAVA_OPTS sets (the last -Xmx or
   * -XX:MaxHeapSize, as the JVM takes it), at most 16 MiB: a fixed -Xmn16m once took half of a 32
   * MiB heap (issue 17), so a user raising the heap got less of it than asked for.
   */
  @Test
  void youngGenerationFollowsTheHeapTheUserSets() throws Exception {
    long mib = 1024 * 1024;
    assertEquals(16 * mib, maxNewSize(""));
    assertEquals(8 * mib, maxNewSize("-Xmx32m"));
    assertEquals(8 * mib, maxNewSize("-XX:MaxHeapSize=33554432"));
    assertEquals(10 * mib, maxNewSize("-Xmx8m -Xmx40m"));
    assertEquals(12 * mib, maxNewSize("-Xmx48M"));
    assertEquals(16 * mib, maxNewSize("-Xmx4g"));
  }

  /**
   * JNA's, jlibdeflate's and zstd-jni's libraries are loaded from the copies unpacked once beside
   * the jar, not unpacked into a temporary file by every run (about 0.03 s of CPU a command).
   */
  @Test
  void nativeLibrariesAreLoadedFromBesideTheJar() throws Exception {
    Path natives = SQFS.getParent().getParent().resolve("cli/target/natives");
    String tree = dir.resolve("tree").toString();
    StringBuilder logs = new StringBuilder();
    for (String[] args :
        List.of(
            new String[] {"extract", DEMO.toString(), tree},
            new String[] {"mk", "-q", tree, dir.resolve("gzip.sqfs").toString()},
            new String[] {"mk", "-q", "--comp", "zstd", tree, dir.resolve("z.sqfs").toString()})) {
      ProcessBuilder pb = new ProcessBuilder(SQFS.toString());
      pb.command().addAll(List.of(args));
      pb.environment().put("SQFS_JAVA_OPTS", "-Xlog:library=info");
      Path out = dir.resolve("log");
      Process p = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
      assertFalse(!p.waitFor(2, TimeUnit.MINUTES), "timed out");
      String log = Files.readString(out, StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), log);
      logs.append(log);
    }
    for (String lib : List.of("libjnidispatch.so", "libjlibdeflate.so", "libzstd-jni-")) {
      List<String> loads =
          logs.toString()
              .lines()
              .filter(l -> l.contains("Loaded library") && l.contains(lib))
              .toList();
      assertFalse(loads.isEmpty(), lib + " never loaded: " + logs);
      for (String l : loads) {
        assertTrue(l.contains("Loaded library " + natives + "/" + lib), l);
      }
    }
  }

  /** MaxNewSize of bin/sqfs's JVM with SQFS_JAVA_OPTS {@code opts}, as the JVM reports it. */
  private long maxNewSize(String opts) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(SQFS.toString(), "--version");
    pb.environment().put("SQFS_CDS", "0");
    pb.environment().put("SQFS_JAVA_OPTS", opts + " -XX:+PrintFlagsFinal");
    Path out = dir.resolve("flags");
    Process p = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertFalse(!p.waitFor(2, TimeUnit.MINUTES), "timed out");
    assertEquals(0, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      String[] words = line.trim().split("\\s+");
      if (words.length >= 4 && words[1].equals("MaxNewSize")) {
        return Long.parseLong(words[3]);
      }
    }
    throw new AssertionError("no MaxNewSize in " + Files.readString(out, StandardCharsets.UTF_8));
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

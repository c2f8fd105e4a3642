package io.github.squashtree.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.fixtures.Require;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tar.gz as a user gets it: unpacked elsewhere than it was built, run with no java on the PATH
 * and no JAVA_HOME, through a symlink too; every codec works, nothing warns, the class-data archive
 * made at package time is used, and only linux-x86_64 native libraries are inside.
 */
class DistributionArchiveIT {
  @TempDir static Path dir;
  static Path home;

  /** A PATH without java: only readlink, which the launcher needs to follow a symlink to itself. */
  static Path tools;

  @BeforeAll
  static void unpack() throws Exception {
    Path archive = Distribution.built("-linux-x86_64.tar.gz");
    Path into = Files.createDirectories(dir.resolve("opt"));
    Process tar =
        new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", into.toString())
            .inheritIO()
            .start();
    assertEquals(0, tar.waitFor());
    try (Stream<Path> s = Files.list(into)) {
      home = s.findFirst().orElseThrow();
    }
    tools = Files.createDirectories(dir.resolve("tools"));
    Files.createSymbolicLink(tools.resolve("readlink"), Path.of("/usr/bin/readlink"));
  }

  record Run(int code, String out, String err) {}

  static Run sqfs(Path launcher, Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(launcher.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().clear();
    pb.environment().put("PATH", tools.toString());
    pb.environment().put("HOME", dir.toString());
    pb.environment().putAll(env);
    Path out = Files.createTempFile(dir, "out", "");
    Path err = Files.createTempFile(dir, "err", "");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), String.join(" ", command));
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  static Run sqfs(String... args) throws Exception {
    return sqfs(home.resolve("bin/sqfs"), Map.of(), args);
  }

  static void ok(Run r) {
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err(), "nothing on stderr (no JVM or JNA warnings)");
  }

  @Test
  void runsWithoutJavaOnThePath() throws Exception {
    assertFalse(Files.exists(tools.resolve("java")));
    Run v = sqfs("--version");
    ok(v);
    assertTrue(v.out().matches("sqfs \\S+\\n"), v.out());
    Run help = sqfs("help", "mk");
    ok(help);
    assertTrue(help.out().startsWith("Usage: sqfs mk"), help.out());
  }

  @Test
  void everyCodecRoundTrips() throws Exception {
    Path tree = dir.resolve("tree");
    ok(sqfs("extract", Distribution.demoImage().toString(), tree.toString()));
    for (String[] codec :
        List.of(
            new String[] {"gzip"},
            new String[] {"gzip", "--deflate", "zlib"},
            new String[] {"xz"},
            new String[] {"zstd"},
            new String[] {"lz4"},
            new String[] {"lz4", "--lz4-hc"},
            new String[] {"lzo"},
            new String[] {"lzma"})) {
      Path image = dir.resolve(String.join("", codec) + ".sqfs");
      List<String> mk = new ArrayList<>(List.of("mk", "--comp"));
      mk.addAll(List.of(codec));
      mk.addAll(List.of(tree.toString(), image.toString()));
      ok(sqfs(mk.toArray(String[]::new)));
      ok(sqfs("verify", image.toString()));
      Run same = sqfs("diff", tree.toString(), image.toString());
      assertEquals(0, same.code(), codec[0] + ": " + same.out() + same.err());
      Run info = sqfs("info", "--json", image.toString());
      ok(info);
      assertTrue(info.out().contains("\"compression\":\"" + codec[0] + "\""), info.out());
    }
  }

  @Test
  void hostAccessGoesThroughJna() throws Exception {
    Require.root(); // devices are made through libc (JNA) as root only
    Path tree = dir.resolve("devices");
    ok(sqfs("extract", Distribution.demoImage().toString(), tree.toString()));
    Run ls = sqfs("ls", "-l", "-R", Distribution.demoImage().toString());
    ok(ls);
    assertTrue(ls.out().contains("\ncrw"), "the demo image has a character device: " + ls.out());
    try (Stream<Path> s = Files.walk(tree)) {
      assertTrue(
          s.anyMatch(
              p ->
                  Files.exists(p)
                      && !Files.isRegularFile(p)
                      && !Files.isDirectory(p)
                      && !Files.isSymbolicLink(p)),
          "a device node was made");
    }
  }

  @Test
  void runsThroughASymlinkFromAnotherDirectory() throws Exception {
    Path link = Files.createDirectories(dir.resolve("elsewhere/bin")).resolve("sqfs");
    Files.createSymbolicLink(link, home.resolve("bin/sqfs"));
    Run v = sqfs(link, Map.of(), "--version");
    ok(v);
    assertTrue(v.out().startsWith("sqfs "), v.out());
  }

  @Test
  void theClassArchiveMadeAtPackageTimeIsUsedHere() throws Exception {
    Path log = dir.resolve("classes.log");
    // -Xshare:on fails instead of running without an archive that does not fit this place.
    Run r =
        sqfs(
            home.resolve("bin/sqfs"),
            Map.of("SQFS_JAVA_OPTS", "-Xshare:on -Xlog:class+load=info:file=" + log),
            "ls",
            Distribution.demoImage().toString());
    ok(r);
    String loaded = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(
        loaded.contains("io.github.squashtree.cli.LsCommand source: shared objects file"), loaded);
    assertTrue(
        loaded.contains("io.github.squashtree.core.internal.read.ImageReader source: shared"),
        "core's reader from the archive");
  }

  @Test
  void onlyThisPlatformsNativeLibrariesAreInside() throws Exception {
    Path runtime = home.resolve("lib/runtime");
    assertTrue(Files.isRegularFile(runtime.resolve("lib/libjnidispatch.so")));
    assertTrue(Files.isRegularFile(runtime.resolve("lib/libjlibdeflate.so")));
    List<String> natives = new ArrayList<>();
    try (FileSystem jrt =
        FileSystems.newFileSystem(URI.create("jrt:/"), Map.of("java.home", runtime.toString()))) {
      try (Stream<Path> s = Files.walk(jrt.getPath("/modules"))) {
        s.map(Path::toString)
            .filter(n -> n.matches(".*\\.(so|dll|dylib|jnilib)"))
            .forEach(natives::add);
      }
    }
    assertEquals(2, natives.size(), "zstd-jni's and lz4-java's for linux/amd64: " + natives);
    for (String n : natives) {
      assertTrue(n.contains("/linux/amd64/"), n);
    }
    for (String module : List.of("java.desktop", "java.sql", "jdk.compiler")) {
      assertFalse(Files.exists(runtime.resolve("legal/" + module)), module + " is not needed");
    }
  }
}

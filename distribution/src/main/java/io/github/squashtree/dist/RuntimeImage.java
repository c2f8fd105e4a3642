package io.github.squashtree.dist;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipFile;

/**
 * The Java runtime the distribution carries: jlinked from the JDK's jmods and sqfs's modules, so
 * that sqfs's classes are in the runtime image ({@code lib/modules}) and its default class-data
 * archive ({@code lib/server/classes.jsa}) can hold them. A JDK 17 archive of classes from a class
 * path is refused when the jar is found elsewhere than where it was dumped; classes in the runtime
 * image are not tied to a path, so the archive made here works wherever the archive is unpacked.
 */
final class RuntimeImage {
  /**
   * The modules the launcher resolves: sqfs, and aircompressor and jlibdeflate, which nothing
   * requires by name.
   */
  static final String ROOTS = "io.github.squashtree.cli,aircompressor,jlibdeflate";

  /** JNA's library, which goes to {@code lib/} as a file: see {@link Natives}. */
  private static final String JNA_NATIVE = "com/sun/jna/linux-x86-64/libjnidispatch.so";

  /** jlibdeflate's library, which goes to {@code lib/} as a file too. */
  private static final String LIBDEFLATE_NATIVE = "native/linux-x86_64/libjlibdeflate.so";

  private RuntimeImage() {}

  /**
   * jlinks the runtime into {@code runtime} (which must not exist). {@code jna} and {@code
   * jlibdeflate} are the original jars, which still hold the libraries for this platform.
   */
  static void link(Path jmods, Path mods, Path jna, Path jlibdeflate, Path runtime)
      throws IOException {
    Tools.jdk(
        "jlink",
        List.of(
            "--module-path",
            jmods + ":" + mods,
            "--add-modules",
            ROOTS,
            "--strip-debug",
            "--no-header-files",
            "--no-man-pages",
            "--output",
            runtime.toString()));
    try (ZipFile zip = new ZipFile(jna.toFile());
        InputStream in = zip.getInputStream(zip.getEntry(JNA_NATIVE))) {
      Files.copy(in, runtime.resolve("lib/libjnidispatch.so"));
    }
    // Loaded from there (-Djlibdeflate.library.path): nothing unpacked to /tmp at each run.
    try (ZipFile zip = new ZipFile(jlibdeflate.toFile());
        InputStream in = zip.getInputStream(zip.getEntry(LIBDEFLATE_NATIVE))) {
      Files.copy(in, runtime.resolve("lib/libjlibdeflate.so"));
    }
  }

  /**
   * Replaces the runtime's default class-data archive with one that also holds the classes sqfs
   * loads: the JDK's own list plus those of a training run ({@link Training}) over the demo image.
   */
  static void archiveClasses(Path runtime, Path trainingClasses, Path basedir, Path work)
      throws IOException, InterruptedException {
    Path java = runtime.resolve("bin/java");
    Path trained = work.resolve("training.classlist");
    Path demo = basedir.getParent().resolve("examples/demo-rootfs.sqfs");
    Tools.run(
        List.of(
            java.toString(),
            "-XX:DumpLoadedClassList=" + trained,
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "--add-modules",
            ROOTS,
            "--add-exports",
            "io.github.squashtree.cli/io.github.squashtree.cli=ALL-UNNAMED",
            "-Djna.boot.library.path=" + runtime.resolve("lib"),
            "-Djlibdeflate.library.path=" + runtime.resolve("lib"),
            "-cp",
            trainingClasses.toString(),
            Training.class.getName(),
            demo.toString(),
            work.resolve("training").toString()),
        work,
        Map.of("LC_ALL", "C.UTF-8"),
        work.resolve("training.log"));
    Set<String> lines = new LinkedHashSet<>();
    for (Path list : List.of(runtime.resolve("lib/classlist"), trained)) {
      for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
        // The training class itself was on the class path, which the archive does not cover.
        if (!line.startsWith("#") && !line.contains("io/github/squashtree/dist/")) {
          lines.add(line);
        }
      }
    }
    Path merged = work.resolve("sqfs.classlist");
    Files.write(merged, new ArrayList<>(lines), StandardCharsets.UTF_8);
    Tools.run(
        List.of(
            java.toString(),
            "-Xshare:dump",
            "-XX:SharedClassListFile=" + merged,
            "-XX:SharedArchiveFile=" + runtime.resolve("lib/server/classes.jsa"),
            "--add-modules",
            ROOTS),
        work,
        Map.of(),
        work.resolve("dump.log"));
  }
}

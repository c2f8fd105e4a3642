package io.github.squashtree.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Builds sqfs's distribution at {@code mvn package}: a jlinked runtime with sqfs as modules and a
 * class-data archive made from a training run, the launcher, man pages and bash completion; packed
 * as {@code sqfs-VERSION-linux-x86_64.tar.gz} and, where {@code dpkg-deb} exists, as a .deb.
 *
 * <p>Arguments: the module's directory, its build directory, the version, the build's output
 * timestamp (an ISO instant: the files' mtime in both packages, so that they are reproducible).
 * Runs in Maven's JVM, which must be a JDK with {@code jmods} (jlink links from them); without one
 * nothing is built and {@code target/distribution-skipped.txt} says why, for the tests to report.
 */
public final class DistributionBuild {
  /** What the archive and the runtime are for: other platforms' native libraries are left out. */
  static final String PLATFORM = "linux-x86_64";

  private DistributionBuild() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Path basedir = Path.of(args[0]);
    Path target = Path.of(args[1]);
    String version = args[2];
    long epoch = Instant.parse(args[3]).getEpochSecond();
    Path skipped = target.resolve("distribution-skipped.txt");
    Files.deleteIfExists(skipped);
    Path jmods = Path.of(System.getProperty("java.home"), "jmods");
    if (!Files.isDirectory(jmods)) {
      String why =
          "no jmods in "
              + System.getProperty("java.home")
              + ": jlink needs a JDK that has them (Debian: openjdk-17-jdk-headless)";
      Files.writeString(skipped, why + "\n");
      System.out.println("[distribution] skipped: " + why);
      return;
    }
    long start = System.nanoTime();
    Path work = target.resolve("distribution");
    Files.createDirectories(work);
    Tree.delete(work);
    Path home = work.resolve("sqfs-" + version);

    Path mods = ModularJars.prepare(target.resolve("jars"), basedir.resolve("src/modules"), work);
    Path runtime = home.resolve("lib/runtime");
    Path jars = target.resolve("jars");
    RuntimeImage.link(
        jmods, mods, ModularJars.jar(jars, "jna-"), ModularJars.jar(jars, "jlibdeflate-"), runtime);
    RuntimeImage.archiveClasses(runtime, target.resolve("classes"), basedir, work);
    Launcher.install(basedir.resolve("src/main/dist/sqfs"), home.resolve("bin/sqfs"));
    Documentation.write(home.resolve("share"));
    Path root = basedir.getParent();
    Files.copy(root.resolve("LICENSE"), home.resolve("LICENSE"));
    Files.copy(root.resolve("NOTICE"), home.resolve("NOTICE"));

    Path archive = target.resolve("sqfs-" + version + "-" + PLATFORM + ".tar.gz");
    Packages.tarball(home, archive, epoch);
    Path deb = Packages.debian(home, version, work, target, epoch);
    System.out.printf(
        "[distribution] %s (%d MB, runtime %d MB unpacked)%s in %.1f s%n",
        archive.getFileName(),
        Files.size(archive) >> 20,
        Tree.size(runtime) >> 20,
        deb == null ? "" : ", " + deb.getFileName() + " (" + (Files.size(deb) >> 20) + " MB)",
        (System.nanoTime() - start) / 1e9);
  }
}

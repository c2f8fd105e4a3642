package io.github.squashtree.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.internal.host.HostDirectory;
import io.github.squashtree.core.internal.host.HostFileSystem;
import io.github.squashtree.core.internal.host.HostStat;
import io.github.squashtree.core.internal.host.TreeRemoval;
import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriterOptions;
import io.github.squashtree.fixtures.KernelMount;
import io.github.squashtree.fixtures.Require;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's attack, for real: while root runs {@code sqfs extract}, {@code sync} or {@code apply}
 * on a 3,000-file directory, another user (uid 65534, owner of the directory it lands in) loops in
 * a process of its own swapping that directory for a symlink to a victim directory ({@link
 * SymlinkSwapper}). Over many runs, nothing in the victim may be created or changed (names,
 * content, mode, owner, mtime), and each run either succeeds or fails with one line.
 *
 * <p>Runs per command: {@code -Dsqfs.race.runs=N} (50).
 */
@Tag("kernel")
class SymlinkRaceIT {
  private static final HostFileSystem HOST = HostFileSystem.get();
  private static final int RUNS = Integer.getInteger("sqfs.race.runs", 50);
  private static final int FILES = 3000;
  private static final long NOBODY = 65534;

  @TempDir static Path junitTmp;

  /** Under /dev/shm where there is one: 3,000 files a run on a busy disk took seconds each. */
  static Path tmp;

  static Path victim;
  static Path image;

  @BeforeAll
  static void setUp() throws IOException {
    Require.root();
    Require.tool("setpriv");
    Path shm = Path.of("/dev/shm");
    tmp =
        Files.isDirectory(shm)
            ? Files.createTempDirectory(shm, "sqfs-race-")
            : Files.createDirectory(junitTmp.resolve("race"));
    HOST.chmod(junitTmp, 0755);
    HOST.chmod(tmp, 0755); // the attacker must reach its directories
    victim = Files.createDirectory(tmp.resolve("victim"));
    Files.writeString(victim.resolve("secret"), "the victim's");
    HOST.chmod(victim, 0700);
    // The lower image: /d belongs to the attacker.
    image = tmp.resolve("lower.sqfs");
    SquashfsWriter.write(
        new TreeBuilder().directory("/d", Attributes.of(0755).owner(NOBODY, NOBODY)).build(),
        image,
        WriterOptions.defaults());
  }

  @AfterAll
  static void tearDown() throws IOException {
    if (tmp != null && Files.exists(tmp)) {
      remove(tmp);
    }
  }

  /** A tree of {@code /d/SUB/f0000…} with 3,000 small files ({@code sub} null: in /d itself). */
  private static TreeBuilder files(String sub) {
    String dir = sub == null ? "/d" : "/d/" + sub;
    TreeBuilder b = new TreeBuilder().directory("/d", Attributes.of(0755).owner(NOBODY, NOBODY));
    for (int i = 0; i < FILES; i++) {
      b.file(
          dir + String.format("/f%04d", i),
          ("file " + i).getBytes(StandardCharsets.UTF_8),
          Attributes.of(0644));
    }
    return b;
  }

  @Test
  void extractNeverWritesThroughADirectorySwappedForASymlink() throws IOException {
    Path fileImage = tmp.resolve("extract.sqfs");
    SquashfsWriter.write(files(null).build(), fileImage, WriterOptions.defaults());
    Outcomes outcomes = new Outcomes("extract");
    try (Attacker attacker = new Attacker()) {
      for (int run = 0; run < RUNS; run++) {
        Path dest = Files.createDirectory(tmp.resolve("extract-" + run));
        HOST.lchown(dest, NOBODY, NOBODY);
        HOST.chmod(dest, 0755);
        SortedMap<String, String> before = snapshot(victim);
        attacker.attack(dest, "d");
        CliRun r = CliRun.of("extract", fileImage.toString(), dest.toString());
        outcomes.record(r, attacker.stop());
        assertEquals(before, snapshot(victim), "run " + run + ": " + r.err());
        remove(dest);
      }
    }
    outcomes.report();
  }

  @Test
  void syncNeverWritesThroughADirectorySwappedForASymlink() throws IOException {
    Require.kernelSquashfsMount();
    Require.overlayMount();
    Path newTree = tmp.resolve("sync-new");
    writeTree(newTree, "x");
    Path lower = Files.createDirectory(tmp.resolve("sync-lower"));
    Outcomes outcomes = new Outcomes("sync");
    try (KernelMount squashfs = KernelMount.squashfs(image, lower);
        Attacker attacker = new Attacker()) {
      for (int run = 0; run < RUNS; run++) {
        Path dir = Files.createDirectory(tmp.resolve("sync-" + run));
        Path upper = Files.createDirectory(dir.resolve("upper"));
        Path work = Files.createDirectory(dir.resolve("work"));
        Path merged = Files.createDirectory(dir.resolve("merged"));
        HOST.chmod(dir, 0755);
        SortedMap<String, String> before = snapshot(victim);
        CliRun r;
        long swaps;
        try (KernelMount overlay = KernelMount.overlay(List.of(lower), upper, work, merged)) {
          attacker.attack(merged.resolve("d"), "x");
          r = CliRun.of("sync", newTree.toString(), merged.toString());
          swaps = attacker.stop();
        }
        outcomes.record(r, swaps);
        assertEquals(before, snapshot(victim), "run " + run + ": " + r.err());
        remove(dir);
      }
    }
    outcomes.report();
  }

  @Test
  void applyNeverWritesThroughADirectorySwappedForASymlink() throws IOException {
    Path newTree = tmp.resolve("apply-new");
    writeTree(newTree, "x");
    Outcomes outcomes = new Outcomes("apply");
    try (Attacker attacker = new Attacker()) {
      for (int run = 0; run < RUNS; run++) {
        Path dir = Files.createDirectory(tmp.resolve("apply-" + run));
        HOST.chmod(dir, 0755);
        Path upper = Files.createDirectory(dir.resolve("upper"));
        HOST.chmod(upper, 0755);
        Path d = Files.createDirectory(upper.resolve("d"));
        HOST.lchown(d, NOBODY, NOBODY);
        HOST.chmod(d, 0755);
        SortedMap<String, String> before = snapshot(victim);
        attacker.attack(d, "x");
        CliRun r = CliRun.of("apply", newTree.toString(), image.toString(), upper.toString());
        outcomes.record(r, attacker.stop());
        assertEquals(before, snapshot(victim), "run " + run + ": " + r.err());
        remove(dir);
      }
    }
    outcomes.report();
  }

  /** NEW_TREE on disk: /d (the attacker's, as in the image) holding SUB with 3,000 files. */
  private static void writeTree(Path root, String sub) throws IOException {
    Files.createDirectories(root.resolve("d").resolve(sub));
    HOST.lchown(root.resolve("d"), NOBODY, NOBODY);
    HOST.chmod(root.resolve("d"), 0755);
    for (int i = 0; i < FILES; i++) {
      Files.writeString(root.resolve("d").resolve(sub).resolve(String.format("f%04d", i)), "f" + i);
    }
  }

  /** Every entry below {@code dir} and {@code dir} itself: type, mode, owner, mtime, content. */
  private static SortedMap<String, String> snapshot(Path dir) throws IOException {
    SortedMap<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        HostStat st = HOST.lstat(p);
        String content = Files.isRegularFile(p) ? sha256(Files.readAllBytes(p)) : "";
        out.put(
            dir.relativize(p).toString(),
            Integer.toOctalString(st.mode())
                + " "
                + st.uid()
                + ":"
                + st.gid()
                + " "
                + st.mtime()
                + " "
                + st.nlink()
                + " "
                + content);
      }
    }
    return out;
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** Removes {@code dir} without following the attacker's symlinks. */
  private static void remove(Path dir) throws IOException {
    try (HostDirectory parent = HOST.openDirectory(dir.getParent())) {
      TreeRemoval.remove(parent, dir.getFileName().toString(), true);
    }
  }

  /** How the runs of one command ended. */
  private static final class Outcomes {
    private final String command;
    private int succeeded;
    private int failed;
    private long swaps;
    private final SortedMap<String, Integer> reasons = new TreeMap<>();

    Outcomes(String command) {
      this.command = command;
    }

    void record(CliRun r, long swapsMade) {
      swaps += swapsMade;
      if (r.code() == 0) {
        succeeded++;
        return;
      }
      failed++;
      List<String> lines = r.err().lines().toList();
      assertEquals(2, r.code(), r.err());
      assertEquals(1, lines.size(), "one line: " + r.err());
      assertTrue(lines.get(0).startsWith("sqfs: "), r.err());
      // Group by the operation that refused, not by the run's paths.
      String reason = lines.get(0).replaceAll("^.*?: ([a-z ]+: [^(]*).*$", "$1");
      reasons.merge(reason, 1, Integer::sum);
    }

    void report() {
      System.out.printf(
          "symlink race, %s: %d runs, %d succeeded, %d failed with one line, %d swaps by the"
              + " attacker; failures: %s%n",
          command, succeeded + failed, succeeded, failed, swaps, reasons);
      assertTrue(swaps > 0, "the attacker never swapped: the test tested nothing");
    }
  }

  /** The attacker process, as uid 65534. */
  private static final class Attacker implements Closeable {
    private final Process process;
    private final BufferedReader out;
    private final Writer in;

    Attacker() throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      String classes;
      try {
        classes =
            Path.of(
                    SymlinkSwapper.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
      } catch (java.net.URISyntaxException e) {
        throw new IOException(e);
      }
      process =
          new ProcessBuilder(
                  "setpriv",
                  "--reuid=" + NOBODY,
                  "--regid=" + NOBODY,
                  "--clear-groups",
                  java,
                  "-Xshare:auto",
                  "-XX:TieredStopAtLevel=1",
                  "-cp",
                  classes,
                  SymlinkSwapper.class.getName())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    void attack(Path parent, String name) throws IOException {
      in.write(parent + " " + name + " " + victim + "\n");
      in.flush();
      String ack = out.readLine();
      if (!"attacking".equals(ack)) {
        throw new IOException("attacker did not start: " + ack);
      }
    }

    long stop() throws IOException {
      in.write("stop\n");
      in.flush();
      String done = out.readLine();
      if (done == null || !done.startsWith("swaps ")) {
        throw new IOException("attacker did not stop: " + done);
      }
      return Long.parseLong(done.substring(6));
    }

    @Override
    public void close() throws IOException {
      in.close();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}

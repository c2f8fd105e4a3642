package io.github.squashtree.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriterOptions;
import io.github.squashtree.fixtures.ProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real signals to a real {@code sqfs} process. SIGINT, SIGTERM and SIGHUP during mk, layer or
 * flatten once left {@code .IMAGE.*.partial} files forever: the JVM's shutdown now removes them and
 * the old image stays; what SIGKILL leaves is removed by the next write to the same image, while a
 * live writer's partial file is left alone. An extraction stopped by a signal removes what it
 * wrote, as a failed one does.
 */
class SignalsIT {
  /** Slow to write: incompressible, to xz in 1 MiB blocks on one thread. */
  private static final String[] SLOW = {"--comp", "xz", "-b", "1M", "--processors", "1"};

  @TempDir static Path shared;
  static Path big;
  static Path small;
  static Path bigImage;

  @TempDir Path tmp;

  @BeforeAll
  static void makeSources() throws IOException {
    big = Files.createDirectory(shared.resolve("big"));
    byte[] random = new byte[48 << 20];
    new Random(1).nextBytes(random);
    Files.write(big.resolve("random"), random);
    small = Files.createDirectory(shared.resolve("small"));
    Files.writeString(small.resolve("a"), "small\n");
    bigImage = shared.resolve("big.sqfs");
    assertEquals(0, CliRun.of("mk", big.toString(), bigImage.toString(), "--no-progress").code());
  }

  /**
   * Starts sqfs with SIGINT, SIGHUP and SIGTERM at their defaults. A process inherits ignored
   * signals: a build started in the background (`cmd &` without job control ignores SIGINT, nohup
   * ignores SIGHUP) would hand that to sqfs, which then could not be stopped as a user stops it. A
   * shell cannot undo an ignored signal it inherited; python3 can, then becomes sqfs.
   */
  private static Process start(Path log, String... args) throws IOException {
    List<String> command = new java.util.ArrayList<>();
    command.addAll(
        List.of(
            "python3",
            "-c",
            "import os, signal, sys\n"
                + "for s in (signal.SIGINT, signal.SIGHUP, signal.SIGTERM):\n"
                + "    signal.signal(s, signal.SIG_DFL)\n"
                + "os.execv(sys.argv[1], sys.argv[1:])\n"));
    command.addAll(SqfsProcess.command(List.of(), args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** The partial files beside {@code image}. */
  private static List<Path> partials(Path image) throws IOException {
    String prefix = "." + image.getFileName() + ".";
    try (Stream<Path> s = Files.list(image.getParent())) {
      return s.filter(
              p ->
                  p.getFileName().toString().startsWith(prefix)
                      && p.getFileName().toString().endsWith(".partial"))
          .toList();
    }
  }

  private static void await(String what, BooleanSupplier condition, Process p)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!condition.getAsBoolean()) {
      assertTrue(p.isAlive(), "sqfs ended before " + what);
      assertTrue(System.nanoTime() < end, "timed out waiting for " + what);
      Thread.sleep(20);
    }
  }

  /** Waits until a partial file beside {@code image} holds a MiB: the write is under way. */
  private static void awaitPartial(Path image, Process p) throws InterruptedException {
    await(
        "a partial file",
        () -> {
          try {
            for (Path q : partials(image)) {
              if (Files.size(q) > (1 << 20)) {
                return true;
              }
            }
            return false;
          } catch (IOException e) {
            return false;
          }
        },
        p);
  }

  private static int signal(Process p, String signal) throws Exception {
    ProcessRunner.run("kill", "-" + signal, Long.toString(p.pid()));
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "sqfs did not end on SIG" + signal);
    return p.exitValue();
  }

  private static int signalNumber(String signal) {
    return switch (signal) {
      case "HUP" -> 1;
      case "INT" -> 2;
      case "KILL" -> 9;
      case "TERM" -> 15;
      default -> throw new IllegalArgumentException(signal);
    };
  }

  private Path oldImage(String name) throws IOException {
    Path image = tmp.resolve(name);
    SquashfsWriter.write(
        new TreeBuilder()
            .file("/old", "old\n".getBytes(StandardCharsets.UTF_8), Attributes.FILE)
            .build(),
        image,
        WriterOptions.defaults().withMkfsTime(OptionalLong.of(0)));
    return image;
  }

  @ParameterizedTest
  @ValueSource(strings = {"INT", "TERM", "HUP"})
  void mkStoppedBySignalLeavesNoPartialFileAndTheOldImage(String signal) throws Exception {
    Path image = oldImage("img.sqfs");
    byte[] old = Files.readAllBytes(image);
    String[] args = concat(new String[] {"mk", big.toString(), image.toString()}, SLOW);
    Process p = start(tmp.resolve("log"), args);
    awaitPartial(image, p);
    assertEquals(128 + signalNumber(signal), signal(p, signal), log());
    assertEquals(List.of(), partials(image));
    assertArrayEquals(old, Files.readAllBytes(image), "the old image is as it was");
  }

  @Test
  void layerAndFlattenStoppedBySignalLeaveNoPartialFile() throws Exception {
    Path layer = tmp.resolve("layer.sqfs");
    Path base = oldImage("base.sqfs");
    Process p =
        start(
            tmp.resolve("log"),
            concat(
                new String[] {"layer", big.toString(), base.toString(), layer.toString()}, SLOW));
    awaitPartial(layer, p);
    assertEquals(143, signal(p, "TERM"), log());
    assertEquals(List.of(), partials(layer));
    assertFalse(Files.exists(layer));

    Path flat = tmp.resolve("flat.sqfs");
    p =
        start(
            tmp.resolve("log"),
            concat(
                new String[] {
                  "flatten", bigImage.toString(), "--layer", base.toString(), flat.toString()
                },
                SLOW));
    awaitPartial(flat, p);
    assertEquals(130, signal(p, "INT"), log());
    assertEquals(List.of(), partials(flat));
    assertFalse(Files.exists(flat));
  }

  @Test
  void whatSigkillLeavesIsRemovedByTheNextWriteAndALiveWritersPartialIsNot() throws Exception {
    Path image = oldImage("img.sqfs");
    String[] slow = concat(new String[] {"mk", big.toString(), image.toString()}, SLOW);
    Process live = start(tmp.resolve("log"), slow);
    try {
      awaitPartial(image, live);
      Process killed = start(tmp.resolve("log2"), slow);
      await("the second writer's partial file", () -> count(image) == 2, killed);
      assertEquals(137, signal(killed, "KILL"));
      assertEquals(2, partials(image).size(), "SIGKILL runs no hook");

      CliRun quick = CliRun.of("mk", small.toString(), image.toString(), "--no-progress");
      assertEquals(0, quick.code(), quick.err());
      List<Path> left = partials(image);
      assertEquals(1, left.size(), "the killed writer's is gone, the live one's stays: " + left);
      assertTrue(
          left.get(0).getFileName().toString().contains("." + live.pid() + "."),
          "the pid is in the name: " + left);
    } finally {
      if (live.isAlive()) {
        assertEquals(143, signal(live, "TERM"), log());
      }
    }
    assertEquals(List.of(), partials(image));
  }

  @Test
  void extractStoppedBySignalRemovesWhatItWrote() throws Exception {
    TreeBuilder b = new TreeBuilder();
    Random random = new Random(2);
    for (int i = 0; i < 3000; i++) {
      byte[] content = new byte[64 << 10];
      random.nextBytes(content);
      b.file(String.format("/d%02d/f%04d", i % 30, i), content, Attributes.FILE);
    }
    Path image = tmp.resolve("many.sqfs");
    SquashfsWriter.write(
        b.build(),
        image,
        WriterOptions.defaults()
            .withCompression(io.github.squashtree.core.compression.Compression.LZ4, null));
    Path dest = tmp.resolve("dest");
    Process p = start(tmp.resolve("log"), "extract", image.toString(), dest.toString());
    await("the extraction to begin", () -> Files.isDirectory(dest.resolve("d00")), p);
    assertEquals(130, signal(p, "INT"), log());
    assertFalse(Files.exists(dest), "the extraction's output is removed");
  }

  private long count(Path image) {
    try {
      return partials(image).size();
    } catch (IOException e) {
      return -1;
    }
  }

  private String log() {
    try {
      return Files.readString(tmp.resolve("log"));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static String[] concat(String[] a, String[] b) {
    return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
  }
}

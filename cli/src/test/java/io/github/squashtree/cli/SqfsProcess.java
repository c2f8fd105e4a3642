package io.github.squashtree.cli;

import io.github.squashtree.fixtures.ProcessRunner;
import io.github.squashtree.fixtures.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;

/**
 * {@code sqfs} as a process of its own: the jar this build made ({@code target/sqfs.jar}, packaged
 * before the integration tests run) on this JVM, with JVM options of the test's choosing. For what
 * an in-process run cannot show: exit on out of memory, signals, the shutdown hooks.
 */
final class SqfsProcess {
  static final Path JAR = Path.of("target/sqfs.jar").toAbsolutePath();

  private SqfsProcess() {}

  /** The command line that runs sqfs with {@code jvmOptions} and {@code args}. */
  static List<String> command(List<String> jvmOptions, String... args) {
    Assertions.assertTrue(Files.isRegularFile(JAR), JAR + " is built by mvn package");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    return command;
  }

  /** Runs sqfs to its end (at most two minutes), whatever its exit status. */
  static ToolResult run(List<String> jvmOptions, String... args) throws IOException {
    return ProcessRunner.run(command(jvmOptions, args), Duration.ofMinutes(2), 0, 1, 2, 130, 143);
  }
}

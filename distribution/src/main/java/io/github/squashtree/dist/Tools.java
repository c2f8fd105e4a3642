package io.github.squashtree.dist;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.spi.ToolProvider;

/** The JDK's tools in this JVM, and other programs as processes; each failure fails the build. */
final class Tools {
  private Tools() {}

  /** Runs the JDK tool {@code name} (jar, javac, jlink) in-process. */
  static void jdk(String name, List<String> args) throws IOException {
    ToolProvider tool =
        ToolProvider.findFirst(name)
            .orElseThrow(() -> new IOException(name + " is not in this JDK"));
    StringWriter said = new StringWriter();
    PrintWriter w = new PrintWriter(said);
    int code = tool.run(w, w, args.toArray(String[]::new));
    w.flush();
    if (code != 0) {
      throw new IOException(
          name + " " + String.join(" ", args) + " failed (" + code + "):\n" + said);
    }
  }

  /** Runs {@code command} in {@code dir}; its output goes to {@code log}, shown if it fails. */
  static void run(List<String> command, Path dir, Map<String, String> env, Path log)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    pb.environment().putAll(env);
    int code = pb.start().waitFor();
    if (code != 0) {
      throw new IOException(
          String.join(" ", command)
              + " failed ("
              + code
              + "):\n"
              + Files.readString(log, StandardCharsets.UTF_8));
    }
  }

  /** Whether an executable {@code name} is on the PATH. */
  static boolean onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return true;
      }
    }
    return false;
  }

  static List<String> list(String... words) {
    return new ArrayList<>(List.of(words));
  }
}

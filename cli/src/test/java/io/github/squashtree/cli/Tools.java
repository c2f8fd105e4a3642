package io.github.squashtree.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the peer tools (mksquashfs, unsquashfs, mknod, setfattr) for the tests. */
final class Tools {
  private Tools() {}

  /** Runs a command, fails on a non-zero exit, returns its stdout. */
  static String run(String... command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false);
    pb.environment().put("LC_ALL", "C.UTF-8");
    Process p = pb.start();
    p.getOutputStream().close();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread drain = new Thread(() -> copy(p.getErrorStream(), err));
    drain.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + String.join(" ", command));
    }
    drain.join();
    if (p.exitValue() != 0) {
      throw new IOException(
          String.join(" ", command)
              + " exited with "
              + p.exitValue()
              + ": "
              + err.toString(StandardCharsets.UTF_8));
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    try {
      in.transferTo(out);
    } catch (IOException ignored) {
      // the process ended
    }
  }

  /** Makes a gzip image of a directory with mksquashfs (the command is recorded in the name). */
  static Path mksquashfs(Path source, Path image, String... extra)
      throws IOException, InterruptedException {
    Require.tool("mksquashfs");
    List<String> cmd = new ArrayList<>(List.of("mksquashfs", source.toString(), image.toString()));
    cmd.addAll(List.of("-noappend", "-quiet", "-no-progress"));
    cmd.addAll(List.of(extra));
    run(cmd.toArray(String[]::new));
    return image;
  }
}

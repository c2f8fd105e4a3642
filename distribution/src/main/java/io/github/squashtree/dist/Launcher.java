package io.github.squashtree.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The {@code sqfs} script that starts the runtime (src/main/dist/sqfs). */
final class Launcher {
  private Launcher() {}

  static void install(Path script, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    Files.copy(script, to);
    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}

package io.github.squashtree.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Other platforms' native libraries left out of the jars, before jlink sees them: a linux-x86_64
 * distribution carries zstd-jni's and lz4-java's library for linux/amd64 only, and JNA's and
 * jlibdeflate's none (the launcher loads those from the runtime's {@code lib/}, see {@link
 * RuntimeImage}). Removed before the modules are described, so that no descriptor names a directory
 * that is gone.
 */
final class Natives {
  private static final Pattern OTHER_PLATFORMS =
      Pattern.compile(
          "com/sun/jna/[^/]+-[^/]+/.*"
              + "|(?!linux/amd64/)(aix|darwin|freebsd|linux|win)/[^/]+/(libzstd-jni.*)?"
              + "|(aix|darwin|freebsd|linux|win)/"
              + "|net/jpountz/util/(?!linux/amd64/)[^/]+/[^/]+/(liblz4-java.*)?"
              + "|net/jpountz/util/(darwin|linux|windows)/"
              + "|native/.*");

  private Natives() {}

  /** Copies {@code from} to {@code to} without other platforms' native libraries. */
  static void copyForPlatform(Path from, Path to) throws IOException {
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(from));
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (isOtherPlatform(e.getName())) {
          continue;
        }
        ZipEntry copy = new ZipEntry(e.getName());
        copy.setTime(e.getTime());
        out.putNextEntry(copy);
        in.transferTo(out);
        out.closeEntry();
      }
    }
  }

  static boolean isOtherPlatform(String entry) {
    return OTHER_PLATFORMS.matcher(entry).matches();
  }
}

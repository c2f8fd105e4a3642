package io.github.squashtree.core.write;

import io.github.squashtree.core.internal.host.WrittenFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The temporary files images are written to, {@code .NAME.PID.N.partial} beside {@code NAME}:
 * removed when the JVM shuts down on a signal (SIGINT, SIGTERM and SIGHUP run shutdown hooks) with
 * writes unfinished, and, after a process died without running them (SIGKILL, a crash), by the next
 * write to the same image. A live writer holds a lock on its partial file, which the system
 * releases when the process ends, however it ends: a partial file whose lock is free is stale (the
 * pid in its name could have been reused by now). On a file system without locks, the pid decides.
 */
final class PartialFiles {
  static final String SUFFIX = ".partial";

  /** The writes under way in this JVM, to stop when it shuts down. */
  private static final Set<ImageDestination> UNDER_WAY = ConcurrentHashMap.newKeySet();

  private static volatile boolean hooked;

  private PartialFiles() {}

  /** Notes a write begun: a shutdown removes what it made. */
  static void started(ImageDestination destination) {
    hook();
    UNDER_WAY.add(destination);
  }

  /** Notes a write ended, put in place or abandoned. */
  static void ended(ImageDestination destination) {
    UNDER_WAY.remove(destination);
  }

  private static synchronized void hook() {
    if (!hooked) {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> UNDER_WAY.forEach(ImageDestination::cancel), "sqfs-partial-cleanup"));
      hooked = true;
    }
  }

  /**
   * Removes from {@code dir} the partial files of images named {@code name} whose writer is gone.
   * Failures are left alone: another user's file, a file system without locks.
   */
  static void removeStale(Path dir, String name) {
    String prefix = "." + name + ".";
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(
            dir,
            p -> {
              String f = p.getFileName().toString();
              return f.startsWith(prefix)
                  && f.endsWith(SUFFIX)
                  && f.length() > prefix.length() + SUFFIX.length();
            })) {
      for (Path p : files) {
        String middle =
            p.getFileName()
                .toString()
                .substring(prefix.length(), p.getFileName().toString().length() - SUFFIX.length());
        int dot = middle.indexOf('.');
        if (dot > 0 && middle.substring(0, dot).chars().allMatch(Character::isDigit)) {
          removeIfStale(p, Long.parseLong(middle.substring(0, dot)));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // nothing to clean, or nothing we may clean
    }
  }

  private static void removeIfStale(Path p, long pid) {
    try {
      Map<String, Object> a =
          Files.readAttributes(p, "unix:dev,ino,mode", LinkOption.NOFOLLOW_LINKS);
      if (((Integer) a.get("mode") & 0170000) != 0100000
          || WrittenFiles.contains((Long) a.get("dev"), (Long) a.get("ino"))) {
        return; // not a file, or one this process writes (opening it would drop its lock)
      }
      try (FileChannel ch =
          FileChannel.open(p, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
        FileLock lock;
        try {
          lock = ch.tryLock();
        } catch (IOException noLocks) {
          // A file system without locks: the pid in the name is all there is to go by.
          if (ProcessHandle.of(pid).isEmpty()) {
            Files.deleteIfExists(p);
          }
          return;
        }
        if (lock != null) {
          Files.deleteIfExists(p); // no writer holds it: its process is gone
        }
      }
    } catch (IOException | OverlappingFileLockException | UnsupportedOperationException e) {
      // alive, or not ours to judge
    }
  }
}

package io.github.squashtree.cli;

import java.io.PrintStream;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Running out of memory is not corruption (exit 1) nor a bug: it is one line saying how to give
 * sqfs a larger heap, exit 2, whichever thread ran out (a compressing worker's error reaches the
 * command as the cause of another exception).
 */
final class OutOfMemory {
  /** Whether the line was printed: a worker's error and the command's may both report it. */
  private static final AtomicBoolean REPORTED = new AtomicBoolean();

  private OutOfMemory() {}

  /** Prints the line for {@code e} to {@code err}, once per process. */
  static void report(PrintStream err, OutOfMemoryError e) {
    if (REPORTED.compareAndSet(false, true)) {
      Diagnostics.print(err, message(e));
    }
  }

  /** The {@link OutOfMemoryError} among {@code t}, its causes and suppressed ones, or null. */
  static OutOfMemoryError find(Throwable t) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    return find(t, seen);
  }

  private static OutOfMemoryError find(Throwable t, Set<Throwable> seen) {
    // Bounded: a chain that loops back is seen once; an absurdly deep one is cut off.
    for (int depth = 0; t != null && depth < 64 && seen.add(t); depth++) {
      if (t instanceof OutOfMemoryError oom) {
        return oom;
      }
      for (Throwable s : t.getSuppressed()) {
        OutOfMemoryError found = find(s, seen);
        if (found != null) {
          return found;
        }
      }
      t = t.getCause();
    }
    return null;
  }

  /** The line to print for {@code e}: what ran out and, for the heap, how to raise it. */
  static String message(OutOfMemoryError e) {
    String what = e.getMessage() == null ? "Java heap space" : e.getMessage();
    if (!isHeap(what)) {
      return "out of memory (" + what + ")";
    }
    long mib = Runtime.getRuntime().maxMemory() >> 20;
    long suggested = Long.highestOneBit(Math.max(32, mib)) * 2;
    return "out of memory: the Java heap of "
        + mib
        + " MiB is too small for this; give it more, e.g. SQFS_JAVA_OPTS=-Xmx"
        + (suggested >= 4096 ? (suggested >> 10) + "g" : suggested + "m");
  }

  private static boolean isHeap(String what) {
    return what.contains("Java heap space")
        || what.contains("GC overhead limit exceeded")
        || what.contains("Requested array size exceeds VM limit");
  }
}

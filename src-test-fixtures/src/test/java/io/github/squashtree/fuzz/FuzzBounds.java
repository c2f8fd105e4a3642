package io.github.squashtree.fuzz;

import io.github.squashtree.core.SquashfsFormatException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the fuzz targets agree on: how long one input may take, how much file content a walk reads,
 * and which outcomes are not findings.
 *
 * <p>The time bound is enforced here rather than with JUnit's {@code @Timeout}: while fuzzing,
 * Jazzer runs the whole session as one test invocation, so {@code @Timeout} would end the session,
 * not the input.
 */
public final class FuzzBounds {
  /** How much CPU time one input may take on its thread before it counts as a hang. */
  public static final Duration CPU_PER_INPUT = Duration.ofSeconds(10);

  /**
   * How long one input may take by the clock, however little CPU it got: a deadlock or a wait that
   * never ends burns none. Longer than {@link #CPU_PER_INPUT} because a cold JVM on a busy machine
   * loads and instruments classes slowly (one seed took 10.75 s in the seventh round).
   */
  public static final Duration WALL_PER_INPUT = Duration.ofSeconds(60);

  /** File content a walk reads at most, so a valid image of huge sparse files is not a hang. */
  static final long READ_LIMIT = 64L << 20;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private static Thread workerThread;
  private static ExecutorService worker = newWorker();

  private FuzzBounds() {}

  /** A step of a target that may fail on bad input. */
  public interface Step {
    void run() throws Exception;
  }

  /**
   * Runs {@code step} on a worker thread within {@link #CPU_PER_INPUT} of its CPU time and {@link
   * #WALL_PER_INPUT} by the clock: a result or {@link SquashfsFormatException} is the contract; any
   * other exception or error is rethrown, and a hang becomes an AssertionError carrying the stuck
   * thread's stack, so that Jazzer reports either as a finding.
   */
  public static void expectResultOrFormatError(Step step) throws Exception {
    expectResultOrFormatError(step, CPU_PER_INPUT, WALL_PER_INPUT);
  }

  static synchronized void expectResultOrFormatError(
      Step step, Duration cpuBound, Duration wallBound) throws Exception {
    long cpuAtStart = workerCpuNanos();
    long start = System.nanoTime();
    Future<?> f =
        worker.submit(
            () -> {
              step.run();
              return null;
            });
    try {
      awaitWithinBounds(f, cpuAtStart, start, cpuBound.toNanos(), wallBound.toNanos());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SquashfsFormatException) {
        return; // bad input, rejected as the contract says
      }
      if (cause instanceof Exception ex) {
        throw ex;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new AssertionError(cause);
    }
  }

  private static void awaitWithinBounds(
      Future<?> f, long cpuAtStart, long start, long cpuBound, long wallBound)
      throws ExecutionException, InterruptedException {
    long wait = Math.min(cpuBound, wallBound);
    while (true) {
      try {
        f.get(wait, TimeUnit.NANOSECONDS);
        return;
      } catch (TimeoutException e) {
        long cpu = workerCpuNanos() - cpuAtStart;
        long wall = System.nanoTime() - start;
        if (cpu >= cpuBound || wall >= wallBound) {
          throw hang(f, cpu, wall, cpuBound, wallBound);
        }
        // The thread burns no more CPU than the clock advances, so the bound is not overshot.
        wait = Math.min(cpuBound - cpu, wallBound - wall);
      }
    }
  }

  private static AssertionError hang(
      Future<?> f, long cpuNanos, long wallNanos, long cpuBound, long wallBound) {
    AssertionError hang =
        new AssertionError(
            "one input ran "
                + TimeUnit.NANOSECONDS.toMillis(wallNanos)
                + " ms, "
                + TimeUnit.NANOSECONDS.toMillis(cpuNanos)
                + " ms of it on the CPU (bounds: "
                + TimeUnit.NANOSECONDS.toMillis(cpuBound)
                + " ms of CPU, "
                + TimeUnit.NANOSECONDS.toMillis(wallBound)
                + " ms)");
    hang.setStackTrace(workerThread.getStackTrace());
    f.cancel(true);
    worker.shutdownNow();
    worker = newWorker();
    return hang;
  }

  /**
   * The worker thread's CPU time so far; 0 where the JVM cannot tell, which leaves the clock's
   * bound to catch a busy loop too.
   */
  private static long workerCpuNanos() {
    if (!THREADS.isThreadCpuTimeSupported()) {
      return 0;
    }
    return Math.max(THREADS.getThreadCpuTime(workerThread.getId()), 0);
  }

  private static ExecutorService newWorker() {
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "fuzz-input");
              t.setDaemon(true);
              workerThread = t;
              return t;
            });
    executor.prestartAllCoreThreads(); // so that the CPU time read before a submit is this thread's
    return executor;
  }
}

package io.github.squashtree.tar;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The tar fuzz targets' contract, as src-test-fixtures' FuzzBounds states it for images: one input
 * takes at most 10 s of its thread's CPU time and 60 s by the clock (a hang is a finding carrying
 * the stuck stack), and a result or a {@link TarFormatException} is the contract; any other
 * exception or error is a finding.
 */
final class TarFuzzBounds {
  static final long CPU_NANOS = TimeUnit.SECONDS.toNanos(10);
  static final long WALL_NANOS = TimeUnit.SECONDS.toNanos(60);

  /** Content a target reads at most, so that a valid archive of huge files is not a hang. */
  static final long READ_LIMIT = 64L << 20;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static Thread workerThread;
  private static ExecutorService worker = newWorker();

  private TarFuzzBounds() {}

  interface Step {
    void run() throws Exception;
  }

  static synchronized void expectResultOrFormatError(Step step) throws Exception {
    long cpu0 = cpu();
    long start = System.nanoTime();
    Future<?> f =
        worker.submit(
            () -> {
              step.run();
              return null;
            });
    while (true) {
      try {
        f.get(1, TimeUnit.SECONDS);
        return;
      } catch (TimeoutException e) {
        if (cpu() - cpu0 >= CPU_NANOS || System.nanoTime() - start >= WALL_NANOS) {
          AssertionError hang = new AssertionError("one input ran past its bound");
          hang.setStackTrace(workerThread.getStackTrace());
          f.cancel(true);
          worker.shutdownNow();
          worker = newWorker();
          throw hang;
        }
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof TarFormatException) {
          return;
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
  }

  private static long cpu() {
    return THREADS.isThreadCpuTimeSupported()
        ? Math.max(THREADS.getThreadCpuTime(workerThread.getId()), 0)
        : 0;
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
    executor.prestartAllCoreThreads();
    return executor;
  }
}

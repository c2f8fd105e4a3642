package io.github.squashtree.fuzz;

import io.github.squashtree.core.SquashfsFormatException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
  /** How long one input may take before it counts as a hang. */
  public static final long SECONDS_PER_INPUT = 10;

  /** File content a walk reads at most, so a valid image of huge sparse files is not a hang. */
  static final long READ_LIMIT = 64L << 20;

  private static Thread workerThread;
  private static ExecutorService worker = newWorker();

  private FuzzBounds() {}

  /** A step of a target that may fail on bad input. */
  public interface Step {
    void run() throws Exception;
  }

  /**
   * Runs {@code step} on a worker thread for at most {@link #SECONDS_PER_INPUT}: a result or {@link
   * SquashfsFormatException} is the contract; any other exception or error is rethrown, and a hang
   * becomes an AssertionError carrying the stuck thread's stack, so that Jazzer reports either as a
   * finding.
   */
  public static synchronized void expectResultOrFormatError(Step step) throws Exception {
    Future<?> f =
        worker.submit(
            () -> {
              step.run();
              return null;
            });
    try {
      f.get(SECONDS_PER_INPUT, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      AssertionError hang =
          new AssertionError("one input ran longer than " + SECONDS_PER_INPUT + " s");
      hang.setStackTrace(workerThread.getStackTrace());
      f.cancel(true);
      worker.shutdownNow();
      worker = newWorker();
      throw hang;
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

  private static ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, "fuzz-input");
          t.setDaemon(true);
          workerThread = t;
          return t;
        });
  }
}

package io.github.squashtree.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A run that a signal (SIGINT, SIGTERM, SIGHUP: the JVM shuts down and runs its hooks) must end as
 * a failure, keeping the promise a failure keeps: while it runs, a shutdown hook stops it and waits
 * until it has cleaned up, or for {@link #GRACE_SECONDS} at most, before the JVM halts.
 */
final class SignalStop implements AutoCloseable {
  /** How long a hook waits for the cleanup; a larger output takes longer to remove. */
  static final int GRACE_SECONDS = 120;

  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook;

  /** Until {@link #close}, a shutdown runs {@code stop} and waits for {@link #close}. */
  SignalStop(Runnable stop) {
    this.hook =
        new Thread(
            () -> {
              stop.run();
              try {
                finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "sqfs-signal-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** The run ended, cleaned up if it failed: the hook need not wait, or run. */
  @Override
  public void close() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running and now returns
    }
  }
}

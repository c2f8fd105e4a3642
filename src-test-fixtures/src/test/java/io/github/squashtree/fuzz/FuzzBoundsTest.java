package io.github.squashtree.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.SquashfsFormatException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The fuzz targets' contract and hang bounds, which decide what Jazzer reports as a finding. */
class FuzzBoundsTest {
  private static final Duration CPU = Duration.ofMillis(300);
  private static final Duration WALL = Duration.ofSeconds(5);

  @Test
  void aFormatErrorIsAResultAndOtherFailuresAreFindings() throws Exception {
    FuzzBounds.expectResultOrFormatError(
        () -> {
          throw new SquashfsFormatException("bad superblock");
        });
    IllegalStateException other =
        assertThrows(
            IllegalStateException.class,
            () ->
                FuzzBounds.expectResultOrFormatError(
                    () -> {
                      throw new IllegalStateException("bug");
                    }));
    assertEquals("bug", other.getMessage());
    assertThrows(
        OutOfMemoryError.class,
        () ->
            FuzzBounds.expectResultOrFormatError(
                () -> {
                  throw new OutOfMemoryError("bound exceeded");
                }));
  }

  @Test
  void aBusyLoopIsAHangOnceItSpendsTheCpuBound() {
    long start = System.nanoTime();
    AssertionError hang =
        assertThrows(
            AssertionError.class,
            () ->
                FuzzBounds.expectResultOrFormatError(
                    FuzzBoundsTest::spinUntilInterrupted, CPU, WALL));
    assertTrue(hang.getMessage().contains("bounds: 300 ms of CPU"), hang.getMessage());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(WALL) < 0, "ended by CPU");
    assertTrue(hang.getStackTrace().length > 0, "carries the stuck thread's stack");
  }

  @Test
  void waitingIsNoHangUntilTheWallBound() throws Exception {
    // Three times the CPU bound, asleep: a slow machine, not a busy loop.
    FuzzBounds.expectResultOrFormatError(() -> Thread.sleep(3 * CPU.toMillis()), CPU, WALL);

    AtomicBoolean never = new AtomicBoolean();
    AssertionError hang =
        assertThrows(
            AssertionError.class,
            () ->
                FuzzBounds.expectResultOrFormatError(
                    () -> {
                      synchronized (never) {
                        never.wait();
                      }
                    },
                    CPU,
                    Duration.ofMillis(500)));
    assertTrue(hang.getMessage().contains("500 ms)"), hang.getMessage());
  }

  @Test
  void theNextInputRunsAfterAHang() throws Exception {
    assertThrows(
        AssertionError.class,
        () ->
            FuzzBounds.expectResultOrFormatError(FuzzBoundsTest::spinUntilInterrupted, CPU, WALL));
    AtomicBoolean ran = new AtomicBoolean();
    FuzzBounds.expectResultOrFormatError(() -> ran.set(true), CPU, WALL);
    assertTrue(ran.get());
  }

  private static void spinUntilInterrupted() {
    long x = 0;
    while (!Thread.currentThread().isInterrupted()) {
      x += System.nanoTime() & 1;
    }
    assertTrue(x >= 0);
  }
}

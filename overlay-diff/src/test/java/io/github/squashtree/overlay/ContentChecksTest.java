package io.github.squashtree.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ContentChecksTest {
  /**
   * Closed early (the walk failed), the checks return only once no worker runs: a comparison still
   * under way must not report a change after that, when a sync may be acting on what it hears.
   */
  @Test
  void noChangeReachesTheSinkOnceClosed() throws Exception {
    int size = (int) ContentChecks.PARALLEL_FROM * 2;
    CountDownLatch reading = new CountDownLatch(1);
    Tree before = new TreeBuilder().file("/big", new byte[size], Attributes.FILE).build();
    Tree after =
        new TreeBuilder()
            .file(
                "/big",
                size,
                () -> {
                  reading.countDown();
                  try {
                    Thread.sleep(60_000);
                  } catch (InterruptedException e) {
                    // a read under way takes a while to give up
                    long until = System.nanoTime() + 300_000_000L;
                    while (System.nanoTime() < until) {
                      Thread.onSpinWait();
                    }
                  }
                  byte[] other = new byte[size];
                  other[size - 1] = 1;
                  return (InputStream) new ByteArrayInputStream(other);
                },
                Attributes.FILE)
            .build();
    AtomicBoolean closed = new AtomicBoolean();
    AtomicInteger lateChanges = new AtomicInteger();
    CompareOptions options = CompareOptions.defaults().withChecksum(true).withThreads(2);
    ContentChecks checks =
        new ContentChecks(
            before,
            after,
            options,
            change -> {
              if (closed.get()) {
                lateChanges.incrementAndGet();
              }
            });
    Entry a = before.lookup("/big").orElseThrow();
    Entry b = after.lookup("/big").orElseThrow();
    checks.submit(a, b, EnumSet.noneOf(ChangeField.class));
    assertTrue(reading.await(10, TimeUnit.SECONDS), "the comparison runs on a worker");
    checks.close();
    closed.set(true);
    // Waits for the worker's slot: at once if close() waited for it, else until the worker has
    // finished and reported (late) what it found. Either way the count below is final.
    assertTimeoutPreemptively(Duration.ofSeconds(60), checks::finish);
    assertEquals(0, lateChanges.get(), "changes reported after close()");
  }
}

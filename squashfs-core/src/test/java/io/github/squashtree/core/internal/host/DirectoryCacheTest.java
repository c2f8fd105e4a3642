package io.github.squashtree.core.internal.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DirectoryCache opens only the names a path does not share with the last one: sync and apply of a
 * tree N levels deep once opened every parent from the top, N * N / 2 openat calls (a 20,000-deep
 * apply did not finish in 10 minutes).
 */
class DirectoryCacheTest {
  @TempDir Path tmp;

  private final AtomicInteger opened = new AtomicInteger();

  @Test
  void sharedLevelsCountWholeNames() {
    assertEquals(0, DirectoryCache.sharedLevels("/", "/a"));
    assertEquals(0, DirectoryCache.sharedLevels("/a", "/"));
    assertEquals(0, DirectoryCache.sharedLevels("/a", "/b"));
    assertEquals(0, DirectoryCache.sharedLevels("/a", "/ab"));
    assertEquals(0, DirectoryCache.sharedLevels("/ab", "/a/b"));
    assertEquals(1, DirectoryCache.sharedLevels("/a", "/a"));
    assertEquals(1, DirectoryCache.sharedLevels("/a", "/a/b"));
    assertEquals(1, DirectoryCache.sharedLevels("/a/b", "/a/c"));
    assertEquals(1, DirectoryCache.sharedLevels("/a/b", "/a/bc"));
    assertEquals(2, DirectoryCache.sharedLevels("/a/b/c", "/a/b"));
  }

  @Test
  void goingDownADeepTreeOpensEachDirectoryOnceAndComingBackUpOpensNone() throws IOException {
    int depth = HandleStack.MAX_OPEN * 2 + 10; // some levels are closed and opened again by ".."
    Files.createDirectories(tmp.resolve("d/".repeat(depth)));
    try (HostDirectory root = counting(HostFileSystem.get().openDirectory(tmp));
        DirectoryCache cache = new DirectoryCache(root)) {
      for (int level = 1; level <= depth; level++) {
        HostDirectory parent = cache.parentOf("/d".repeat(level) + "/new");
        assertEquals(inode("d/".repeat(level)), parent.stat().ino());
      }
      assertEquals(depth, opened.get());
      for (int level = depth - 1; level >= 1; level -= 7) {
        assertEquals(inode("d/".repeat(level)), cache.directory("/d".repeat(level)).stat().ino());
      }
      assertEquals(depth, opened.get());
    }
  }

  @Test
  void anotherBranchOpensOnlyWhatItDoesNotShare() throws IOException {
    for (String dir : new String[] {"a/b/c", "a/x", "ab/c"}) {
      Files.createDirectories(tmp.resolve(dir));
    }
    try (HostDirectory root = counting(HostFileSystem.get().openDirectory(tmp));
        DirectoryCache cache = new DirectoryCache(root)) {
      assertEquals(inode("a/b/c"), cache.parentOf("/a/b/c/f").stat().ino());
      assertEquals(3, opened.get());
      assertEquals(inode("a/x"), cache.parentOf("/a/x/f").stat().ino());
      assertEquals(4, opened.get());
      assertEquals(inode("a/b"), cache.directory("/a/b").stat().ino());
      assertEquals(5, opened.get());
      assertEquals(inode("ab/c"), cache.directory("/ab/c").stat().ino());
      assertEquals(7, opened.get());
      assertEquals(inode(""), cache.parentOf("/top").stat().ino());
      assertEquals(inode("ab"), cache.parentOf("/ab/c").stat().ino());
      assertEquals(7, opened.get());
      cache.close(); // as after a removal: everything is opened again
      assertEquals(inode("ab"), cache.parentOf("/ab/c").stat().ino());
      assertEquals(8, opened.get());
    }
  }

  private long inode(String relative) throws IOException {
    return ((Number) Files.getAttribute(tmp.resolve(relative), "unix:ino")).longValue();
  }

  /** {@code dir}, counting the directories opened through it and through those it opens. */
  private HostDirectory counting(HostDirectory dir) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          Object result;
          try {
            result = method.invoke(dir, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (method.getName().equals("openDirectory")) {
            opened.incrementAndGet();
          }
          return result instanceof HostDirectory d ? counting(d) : result;
        };
    return (HostDirectory)
        Proxy.newProxyInstance(
            HostDirectory.class.getClassLoader(), new Class<?>[] {HostDirectory.class}, handler);
  }
}

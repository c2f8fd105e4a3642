package io.github.squashtree.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The attacker of {@link SymlinkRaceIT}, run as another user in a process of its own: for each
 * target read from stdin ({@code PARENT NAME VICTIM}) it loops, as fast as it can, moving the
 * directory {@code PARENT/NAME} away whenever it is a real one and putting a symlink to {@code
 * VICTIM} in its place, and taking the link away again now and then so the victim process can make
 * the directory anew. A line "stop" ends the target; it answers with the swaps it made.
 */
public final class SymlinkSwapper {
  private static volatile boolean stop;

  private SymlinkSwapper() {}

  public static void main(String[] args) throws Exception {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] target = line.split(" ");
      if (target.length != 3) {
        return;
      }
      stop = false;
      long[] swaps = new long[1];
      Thread attacker =
          new Thread(
              () -> swaps[0] = attack(Path.of(target[0]), target[1], Path.of(target[2])), "attack");
      attacker.start();
      System.out.println("attacking");
      System.out.flush();
      if (!"stop".equals(in.readLine())) {
        stop = true;
        attacker.join();
        return;
      }
      stop = true;
      attacker.join();
      System.out.println("swaps " + swaps[0]);
      System.out.flush();
    }
  }

  private static long attack(Path parent, String name, Path victim) {
    Path link = parent.resolve(name);
    long swaps = 0;
    long round = 0;
    while (!stop) {
      round++;
      try {
        BasicFileAttributes a =
            Files.readAttributes(link, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isDirectory()) {
          Files.move(link, parent.resolve(name + ".moved" + swaps));
          Files.createSymbolicLink(link, victim);
          swaps++;
        } else if (a.isSymbolicLink() && round % 3 == 0) {
          Files.delete(link);
        }
      } catch (NoSuchFileException absent) {
        // Only once the victim process has made the directory: before, a link would just make
        // the run refuse to start.
        if (swaps > 0 && round % 5 == 0) {
          try {
            Files.createSymbolicLink(link, victim); // planted before the directory is made
          } catch (IOException ignored) {
            // made meanwhile
          }
        }
      } catch (IOException ignored) {
        // the victim process got there first; again
      }
    }
    return swaps;
  }
}

package io.github.squashtree.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.fixtures.Require;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Names come from the name service switch, as getent (and unsquashfs) sees them. */
class OwnerNamesTest {
  @Test
  void everyAccountGetentListsHasItsName() throws Exception {
    Require.tool("getent");
    OwnerNames names = OwnerNames.host();
    assertNotNull(OwnerNames.Libc.load(), "libc is reachable through JNA here");
    for (String db : List.of("passwd", "group")) {
      List<String[]> entries = getent(db);
      assertTrue(entries.size() > 1, db);
      for (String[] e : entries) {
        long id = Long.parseLong(e[2]);
        byte[] name = db.equals("passwd") ? names.user(id) : names.group(id);
        // Several names may share an id; the system answers with its first, as getent <id> does.
        String first = getentById(db, id);
        assertEquals(first, new String(name, StandardCharsets.UTF_8), db + " " + id);
      }
    }
  }

  @Test
  void anIdWithoutANameIsItsNumber() {
    OwnerNames names = OwnerNames.host();
    assertEquals("4000000123", new String(names.user(4_000_000_123L), StandardCharsets.US_ASCII));
    assertEquals("4000000124", new String(names.group(4_000_000_124L), StandardCharsets.US_ASCII));
    assertEquals("0", new String(OwnerNames.numeric().user(0), StandardCharsets.US_ASCII));
  }

  @Test
  void eachIdIsAskedOnce() {
    int[] asked = {0};
    OwnerNames names =
        new OwnerNames(
            new OwnerNames.Lookup() {
              @Override
              public byte[] user(long uid) {
                asked[0]++;
                return "u".getBytes(StandardCharsets.US_ASCII);
              }

              @Override
              public byte[] group(long gid) {
                asked[0]++;
                return null;
              }
            });
    for (int i = 0; i < 3; i++) {
      names.user(7);
      names.group(7);
    }
    assertEquals(2, asked[0]);
    assertEquals("7", new String(names.group(7), StandardCharsets.US_ASCII));
  }

  private static List<String[]> getent(String db) throws Exception {
    List<String[]> out = new ArrayList<>();
    for (String line : run("getent", db).split("\n")) {
      String[] f = line.split(":", -1);
      if (f.length >= 3) {
        out.add(f);
      }
    }
    return out;
  }

  private static String getentById(String db, long id) throws Exception {
    return run("getent", db, Long.toString(id)).split(":", 2)[0];
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }
}

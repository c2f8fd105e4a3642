package io.github.squashtree.core.tree;

import io.github.squashtree.core.tree.PseudoDefinitions.Accounts;
import io.github.squashtree.core.tree.PseudoDefinitions.Definition;
import java.io.IOException;
import java.util.OptionalLong;

/**
 * Reads one pseudo definition in mksquashfs 4.5.1's syntax ({@code pseudo.c}): a file name (quoted
 * with {@code "}, or spaces escaped with {@code \}), a type letter, then per type: {@code mode uid
 * gid} and the type's own fields; upper-case types put a time (seconds since the epoch) before the
 * mode. Errors are {@link IllegalArgumentException}s naming the definition.
 */
final class PseudoParser {
  private final String def;
  private final Accounts accounts;
  private int pos;

  private PseudoParser(String def, Accounts accounts) {
    this.def = def;
    this.accounts = accounts;
  }

  static Definition parse(String def, Accounts accounts) throws IOException {
    return new PseudoParser(def, accounts).definition();
  }

  private Definition definition() throws IOException {
    String name = fileName();
    String path = "/" + stripSlashes(name);
    skipSpaces();
    if (pos >= def.length()) {
      throw error("no type");
    }
    char type = def.charAt(pos++);
    skipSpaces();
    switch (type) {
      case 'f', 'F' ->
          throw error(
              "type "
                  + type
                  + " (a file holding a command's output) is refused: squashtree runs no"
                  + " commands while making an image; put the file into the source instead");
      case 'l', 'L' ->
          throw error("type " + type + " (a hard link) is not supported; link it in the source");
      case 'R' ->
          throw error(
              "type R (a file with inline data) is not supported; put the file into the source");
      default -> {}
    }
    boolean timed = Character.isUpperCase(type);
    char kind = Character.toLowerCase(type);
    if ("dmbcsi".indexOf(kind) < 0) {
      throw error("unsupported type " + type);
    }
    OptionalLong mtime = OptionalLong.empty();
    if (timed) {
      String t = token("time");
      mtime = OptionalLong.of(unsigned(t, 0xFFFFFFFFL, "time (seconds since the epoch)"));
    }
    String modeText = token("mode");
    int mode;
    try {
      mode = Integer.parseInt(modeText, 8);
    } catch (NumberFormatException e) {
      throw error("mode '" + modeText + "' is not an octal number");
    }
    if (mode < 0 || mode > 07777) {
      throw error("mode " + modeText + " out of range");
    }
    long uid = id(token("uid"), true);
    long gid = id(token("gid"), false);
    int major = 0;
    int minor = 0;
    String target = null;
    switch (kind) {
      case 'b', 'c' -> {
        major = (int) unsigned(token("major"), 0xFFF, "major");
        minor = (int) unsigned(token("minor"), 0xFFFFF, "minor");
      }
      case 'i' -> {
        String ipc = token("s or f");
        if (!ipc.equals("s") && !ipc.equals("f")) {
          throw error("expected s (socket) or f (fifo), not '" + ipc + "'");
        }
        kind = ipc.equals("s") ? 'S' : 'F'; // internal: socket or fifo
      }
      case 's' -> {
        target = def.substring(pos);
        pos = def.length();
        if (target.isEmpty()) {
          throw error("no symlink target");
        }
        if (Names.encode(target).length > 65535) {
          throw error("symlink target longer than 65535 bytes");
        }
        mode = 0777; // a symlink's permissions are always rwxrwxrwx
      }
      default -> {}
    }
    skipSpaces();
    if (pos < def.length()) {
      throw error("unexpected trailing characters '" + def.substring(pos) + "'");
    }
    EntryType entryType =
        switch (kind) {
          case 'd' -> EntryType.DIRECTORY;
          case 'b' -> EntryType.BLOCK_DEVICE;
          case 'c' -> EntryType.CHAR_DEVICE;
          case 's' -> EntryType.SYMLINK;
          case 'S' -> EntryType.SOCKET;
          case 'F' -> EntryType.FIFO;
          default -> null; // 'm': the existing entry's type
        };
    return new Definition(def, path, entryType, mode, uid, gid, mtime, major, minor, target);
  }

  /** The file name field: up to unquoted white space; '"' toggles quoting, '\' escapes. */
  private String fileName() {
    StringBuilder name = new StringBuilder();
    boolean quoted = false;
    while (pos < def.length() && (quoted || !isSpace(def.charAt(pos)))) {
      char c = def.charAt(pos);
      if (c == '"') {
        quoted = !quoted;
        pos++;
        continue;
      }
      if (c == '\\') {
        pos++;
        if (pos >= def.length()) {
          break;
        }
        c = def.charAt(pos);
      }
      name.append(c);
      pos++;
    }
    return name.toString();
  }

  private static String stripSlashes(String name) {
    int i = 0;
    while (i < name.length() && name.charAt(i) == '/') {
      i++;
    }
    String rest = name.substring(i);
    while (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    return rest.replaceAll("/+", "/");
  }

  private String token(String what) {
    skipSpaces();
    int start = pos;
    while (pos < def.length() && !isSpace(def.charAt(pos))) {
      pos++;
    }
    if (start == pos) {
      throw error("missing " + what);
    }
    String t = def.substring(start, pos);
    skipSpaces();
    return t;
  }

  private long unsigned(String text, long max, String what) {
    if (!text.chars().allMatch(Character::isDigit) || text.length() > 12) {
      throw error(what + " '" + text + "' is not an unsigned decimal number");
    }
    long n = Long.parseLong(text);
    if (n > max) {
      throw error(what + " " + text + " out of range (at most " + max + ")");
    }
    return n;
  }

  /** A number, or a user or group name of the host (as mksquashfs asks getpwnam/getgrnam). */
  private long id(String text, boolean user) throws IOException {
    String what = user ? "uid" : "gid";
    if (text.chars().allMatch(Character::isDigit) && text.length() <= 12) {
      return unsigned(text, 0xFFFFFFFFL, what);
    }
    OptionalLong id = user ? accounts.uid(text) : accounts.gid(text);
    if (id.isEmpty()) {
      throw error(what + " '" + text + "': unknown " + (user ? "user" : "group"));
    }
    return id.getAsLong();
  }

  private void skipSpaces() {
    while (pos < def.length() && isSpace(def.charAt(pos))) {
      pos++;
    }
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("pseudo definition '" + def + "': " + what);
  }
}

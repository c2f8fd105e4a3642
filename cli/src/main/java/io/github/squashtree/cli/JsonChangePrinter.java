package io.github.squashtree.cli;

import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.Metadata;
import io.github.squashtree.overlay.Change;
import io.github.squashtree.overlay.ChangeField;
import java.io.IOException;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * One JSON object per change and line: {@code path} (relative, "." for the root), {@code change}
 * (add, delete, replace, modify, metadata), {@code type} (the new type; the old one for a delete),
 * {@code fields} (what differs), and {@code old}/{@code new} with the old and new value of each
 * differing field (mode in octal, mtime as epoch seconds with nanoseconds, rdev as "major:minor",
 * xattrs as the names whose values differ).
 */
final class JsonChangePrinter implements ChangePrinter {
  private final LineWriter w;

  JsonChangePrinter(LineWriter w) {
    this.w = w;
  }

  @Override
  public void print(Change c) throws IOException {
    Entry shown = c.after() != null ? c.after() : c.before();
    w.ascii("{\"path\":");
    Json.string(w, c.relativePath());
    w.ascii(",\"change\":\"").ascii(c.kind().label()).ascii("\",\"type\":\"");
    w.ascii(shown.type().label()).ascii("\",\"fields\":[");
    boolean first = true;
    for (ChangeField f : c.fields()) {
      w.ascii(first ? "\"" : ",\"").ascii(f.label()).ch('"');
      first = false;
    }
    w.ch(']');
    if (c.fields().stream()
        .anyMatch(f -> f != ChangeField.CONTENT && f != ChangeField.HARD_LINKS)) {
      values("old", c, c.before().metadata(), c.after().metadata());
      values("new", c, c.after().metadata(), c.before().metadata());
    }
    w.ascii("}\n");
  }

  private void values(String key, Change c, Metadata m, Metadata other) throws IOException {
    w.ascii(",\"").ascii(key).ascii("\":{");
    boolean first = true;
    for (ChangeField f : c.fields()) {
      if (f == ChangeField.CONTENT || f == ChangeField.HARD_LINKS) {
        continue;
      }
      w.ascii(first ? "\"" : ",\"").ascii(f.label()).ascii("\":");
      first = false;
      switch (f) {
        case TYPE -> Json.string(w, m.type().label());
        case SIZE -> w.num(m.size());
        case MODE -> Json.string(w, Numbers.zeroPadded(Integer.toOctalString(m.permissions()), 4));
        case OWNER -> w.num(m.uid());
        case GROUP -> w.num(m.gid());
        case MTIME ->
            Json.string(
                w,
                m.mtime().getEpochSecond()
                    + "."
                    + Numbers.zeroPadded(Integer.toString(m.mtime().getNano()), 9));
        case TARGET -> {
          if (m.symlinkTarget() == null) {
            w.ascii("null");
          } else {
            Json.string(w, m.symlinkTarget());
          }
        }
        case RDEV -> Json.string(w, m.rdevMajor() + ":" + m.rdevMinor());
        case XATTRS -> {
          TreeSet<String> names = new TreeSet<>();
          m.xattrs()
              .forEach(
                  (k, v) -> {
                    if (!Arrays.equals(v, other.xattrs().get(k))) {
                      names.add(k);
                    }
                  });
          w.ch('[');
          boolean firstName = true;
          for (String n : names) {
            if (!firstName) {
              w.ch(',');
            }
            Json.string(w, n);
            firstName = false;
          }
          w.ch(']');
        }
        default -> w.ascii("null");
      }
    }
    w.ch('}');
  }
}

package io.github.squashtree.cli;

import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.Metadata;
import io.github.squashtree.core.tree.Names;
import io.github.squashtree.overlay.Change;
import io.github.squashtree.overlay.ChangeField;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * One JSON object per change and line: {@code path} (relative, "." for the root), {@code change}
 * (add, delete, replace, modify, metadata), {@code type} (the new type; the old one for a delete),
 * {@code fields} (what differs), and {@code old}/{@code new} with the old and new value of each
 * differing field in ls --json's representation (mode and uid/gid and mtime as integers, mtime_nsec
 * when the time has a fraction, rdev_major/rdev_minor, target with target_b64, xattrs as the
 * attributes whose values differ, name to base64 value); path_b64 when the path is not UTF-8.
 * docs/json/change.schema.json describes it.
 */
final class JsonChangePrinter implements ChangePrinter {
  private final LineWriter w;

  JsonChangePrinter(LineWriter w) {
    this.w = w;
  }

  @Override
  public void print(Change c) throws IOException {
    Entry shown = c.after() != null ? c.after() : c.before();
    w.ch('{');
    Json.name(w, "path", Names.encode(c.relativePath()));
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
      if (f == ChangeField.TARGET && m.symlinkTarget() == null) {
        continue; // not a symlink on this side: absent, as in ls --json
      }
      w.ascii(first ? "" : ",");
      first = false;
      switch (f) {
        case TYPE -> {
          w.ascii("\"type\":");
          Json.string(w, m.type().label());
        }
        case SIZE -> w.ascii("\"size\":").num(m.size());
        case MODE -> w.ascii("\"mode\":").num(m.permissions());
        case OWNER -> w.ascii("\"uid\":").num(m.uid());
        case GROUP -> w.ascii("\"gid\":").num(m.gid());
        case MTIME -> {
          w.ascii("\"mtime\":").num(m.mtime().getEpochSecond());
          if (m.mtime().getNano() != 0) {
            w.ascii(",\"mtime_nsec\":").num(m.mtime().getNano());
          }
        }
        case TARGET -> Json.name(w, "target", Names.encode(m.symlinkTarget()));
        case RDEV ->
            w.ascii("\"rdev_major\":")
                .num(m.rdevMajor())
                .ascii(",\"rdev_minor\":")
                .num(m.rdevMinor());
        case XATTRS -> {
          // The attributes whose values differ, with this side's values (base64), as ls --json.
          TreeMap<String, byte[]> differing = new TreeMap<>();
          m.xattrs()
              .forEach(
                  (k, v) -> {
                    if (!Arrays.equals(v, other.xattrs().get(k))) {
                      differing.put(k, v);
                    }
                  });
          w.ascii("\"xattrs\":{");
          boolean firstName = true;
          for (Map.Entry<String, byte[]> x : differing.entrySet()) {
            w.ascii(firstName ? "" : ",");
            firstName = false;
            Json.string(w, x.getKey());
            w.ch(':').ch('"').bytes(Base64.getEncoder().encode(x.getValue())).ch('"');
          }
          w.ch('}');
        }
        default -> throw new IllegalStateException(f.label());
      }
    }
    w.ch('}');
  }
}

package io.github.squashtree.tar;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a POSIX (pax) tar archive: a ustar header for each member, preceded by an extended header
 * when a field does not fit ustar (a long or non-ASCII-safe name, a large owner or size, a time
 * with nanoseconds, xattrs, a sparse map). Names and values are written as their bytes; a path that
 * is not UTF-8 goes with {@code hdrcharset=BINARY}, as bsdtar writes it. Sparse files use GNU's pax
 * format 1.0, which GNU tar and bsdtar restore with their holes. Output is deterministic.
 */
final class TarWriter {
  static final int BLOCK = TarHeader.BLOCK;
  private static final long MAX_OCTAL_7 = 07777777L;
  private static final long MAX_OCTAL_11 = 077777777777L;
  private static final byte[] ZEROS = new byte[BLOCK];

  private final OutputStream out;

  TarWriter(OutputStream out) {
    this.out = out;
  }

  /** One member's header fields; {@code name} and {@code link} are raw bytes. */
  static final class Member {
    byte[] name;
    byte type;
    int mode;
    long uid;
    long gid;
    long mtimeSeconds;
    int mtimeNanos;
    byte[] link;
    int devMajor;
    int devMinor;
    final List<PaxRecords.Record> extra = new ArrayList<>();
  }

  /** Writes the headers of {@code m} with a ustar size field of {@code size}. */
  void header(Member m, long size) throws IOException {
    List<PaxRecords.Record> pax = new ArrayList<>();
    byte[] name = m.name;
    byte[][] split = split(name);
    boolean binary = false;
    if (split == null) {
      pax.add(new PaxRecords.Record("path", name));
      binary |= !utf8(name);
      split = new byte[][] {new byte[0], Arrays.copyOf(name, Math.min(100, name.length))};
    }
    byte[] link = m.link == null ? new byte[0] : m.link;
    if (link.length > 100) {
      pax.add(new PaxRecords.Record("linkpath", link));
      binary |= !utf8(link);
      link = Arrays.copyOf(link, 100);
    }
    long uid = m.uid;
    if (uid > MAX_OCTAL_7) {
      pax.add(decimal("uid", uid));
      uid = 0;
    }
    long gid = m.gid;
    if (gid > MAX_OCTAL_7) {
      pax.add(decimal("gid", gid));
      gid = 0;
    }
    long ustarSize = size;
    if (size > MAX_OCTAL_11) {
      pax.add(decimal("size", size));
      ustarSize = 0;
    }
    long mtime = m.mtimeSeconds;
    if (mtime < 0 || mtime > MAX_OCTAL_11 || m.mtimeNanos != 0) {
      pax.add(new PaxRecords.Record("mtime", time(m.mtimeSeconds, m.mtimeNanos)));
      mtime = Math.max(0, Math.min(MAX_OCTAL_11, mtime));
    }
    pax.addAll(m.extra);
    if (binary) {
      pax.add(0, new PaxRecords.Record("hdrcharset", ascii("BINARY")));
    }
    if (!pax.isEmpty()) {
      byte[] records = encode(pax);
      byte[] paxName = paxName(split[1]);
      writeHeader(new byte[0], paxName, (byte) 'x', 0644, 0, 0, records.length, mtime, null, 0, 0);
      out.write(records);
      pad(records.length);
    }
    writeHeader(
        split[0],
        split[1],
        m.type,
        m.mode,
        uid,
        gid,
        ustarSize,
        mtime,
        link,
        m.devMajor,
        m.devMinor);
  }

  /** Member data: {@code len} bytes of it. */
  void data(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
  }

  /** Pads the data of a member of {@code size} bytes to a whole block. */
  void pad(long size) throws IOException {
    int rest = (int) (size % BLOCK);
    if (rest != 0) {
      out.write(ZEROS, 0, BLOCK - rest);
    }
  }

  /** The end-of-archive marker: two zero blocks. */
  void finish() throws IOException {
    out.write(ZEROS);
    out.write(ZEROS);
    out.flush();
  }

  /** Where {@code name} goes in ustar's prefix and name fields, or null if it does not fit. */
  private static byte[][] split(byte[] name) {
    if (name.length <= 100) {
      return new byte[][] {new byte[0], name};
    }
    // The prefix takes everything before a '/' (at most 155 bytes), the name the rest (1..100).
    for (int i = Math.min(155, name.length - 2); i >= name.length - 101 && i > 0; i--) {
      if (name[i] == '/') {
        return new byte[][] {
          Arrays.copyOfRange(name, 0, i), Arrays.copyOfRange(name, i + 1, name.length)
        };
      }
    }
    return null;
  }

  private static byte[] paxName(byte[] name) {
    int slash = name.length - 1;
    while (slash >= 0 && name[slash] != '/') {
      slash--;
    }
    byte[] base = Arrays.copyOfRange(name, slash + 1, name.length);
    byte[] prefix = ascii("PaxHeaders/");
    byte[] out = Arrays.copyOf(prefix, Math.min(100, prefix.length + base.length));
    System.arraycopy(base, 0, out, prefix.length, out.length - prefix.length);
    return out;
  }

  private void writeHeader(
      byte[] prefix,
      byte[] name,
      byte type,
      int mode,
      long uid,
      long gid,
      long size,
      long mtime,
      byte[] link,
      int devMajor,
      int devMinor)
      throws IOException {
    byte[] h = new byte[BLOCK];
    System.arraycopy(name, 0, h, 0, name.length);
    octal(h, 100, 8, mode & 07777);
    octal(h, 108, 8, uid);
    octal(h, 116, 8, gid);
    octal(h, 124, 12, size);
    octal(h, 136, 12, mtime);
    h[156] = type;
    if (link != null) {
      System.arraycopy(link, 0, h, 157, link.length);
    }
    System.arraycopy(ascii("ustar\0" + "00"), 0, h, 257, 8);
    octal(h, 329, 8, devMajor);
    octal(h, 337, 8, devMinor);
    System.arraycopy(prefix, 0, h, 345, prefix.length);
    Arrays.fill(h, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xFF;
    }
    octal(h, 148, 7, sum);
    h[155] = ' ';
    out.write(h);
  }

  /** An octal field: zero-padded digits and a NUL, in {@code len} bytes. */
  private static void octal(byte[] h, int off, int len, long value) {
    String digits = Long.toOctalString(value);
    int width = len - 1;
    int pad = width - digits.length();
    for (int i = 0; i < pad; i++) {
      h[off + i] = '0';
    }
    for (int i = 0; i < digits.length(); i++) {
      h[off + pad + i] = (byte) digits.charAt(i);
    }
    h[off + width] = 0;
  }

  static PaxRecords.Record decimal(String key, long value) {
    return new PaxRecords.Record(key, ascii(Long.toString(value)));
  }

  private static byte[] time(long seconds, int nanos) {
    if (nanos == 0) {
      return ascii(Long.toString(seconds));
    }
    // A negative time with a fraction is the seconds before it plus the nanoseconds after.
    long s = seconds;
    long n = nanos;
    String sign = "";
    if (s < 0) {
      sign = "-";
      s = -s - 1;
      n = 1_000_000_000 - n;
    }
    String fraction = String.format("%09d", n).replaceAll("0+$", "");
    return ascii(sign + s + "." + fraction);
  }

  /** The records as pax writes them: {@code "LEN KEY=VALUE\n"}, LEN counting itself. */
  static byte[] encode(List<PaxRecords.Record> records) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (PaxRecords.Record r : records) {
      byte[] key = r.key().getBytes(StandardCharsets.ISO_8859_1);
      int body = 1 + key.length + 1 + r.value().length + 1; // " KEY=VALUE\n"
      int len = body + 1;
      while (Integer.toString(len).length() + body != len) {
        len = Integer.toString(len).length() + body;
      }
      b.writeBytes(ascii(Integer.toString(len)));
      b.write(' ');
      b.writeBytes(key);
      b.write('=');
      b.writeBytes(r.value());
      b.write('\n');
    }
    return b.toByteArray();
  }

  private static boolean utf8(byte[] b) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(b));
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}

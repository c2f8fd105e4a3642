package io.github.squashtree.tar;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * Builds tar archives in memory for tests: well-formed members through {@link TarWriter}, and raw
 * headers with any field (GNU's, malformed ones) through {@link #raw}.
 */
final class Archive {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarWriter writer = new TarWriter(bytes);

  static TarWriter.Member member(String name, char type, int mode) {
    TarWriter.Member m = new TarWriter.Member();
    m.name = name.getBytes(UTF_8);
    m.type = (byte) type;
    m.mode = mode;
    m.mtimeSeconds = 1_700_000_000L;
    return m;
  }

  Archive file(String name, byte[] content) {
    return file(member(name, '0', 0644), content);
  }

  Archive file(TarWriter.Member m, byte[] content) {
    try {
      writer.header(m, content.length);
      writer.data(content, 0, content.length);
      writer.pad(content.length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  Archive dir(String name) {
    return add(member(name, '5', 0755));
  }

  Archive symlink(String name, String target) {
    TarWriter.Member m = member(name, '2', 0777);
    m.link = target.getBytes(UTF_8);
    return add(m);
  }

  Archive hardLink(String name, String target) {
    TarWriter.Member m = member(name, '1', 0644);
    m.link = target.getBytes(UTF_8);
    return add(m);
  }

  /** A member with no data. */
  Archive add(TarWriter.Member m) {
    try {
      writer.header(m, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** A member with pax records of its own. */
  Archive withPax(TarWriter.Member m, byte[] content, List<PaxRecords.Record> records) {
    m.extra.addAll(records);
    return file(m, content);
  }

  /** Raw bytes: a hand-made header, data, anything. */
  Archive raw(byte[] b) {
    bytes.writeBytes(b);
    return this;
  }

  /** The end marker. */
  Archive end() {
    try {
      writer.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  byte[] bytes() {
    return bytes.toByteArray();
  }

  /** A ustar header with the given fields (octal strings as given) and a correct checksum. */
  static byte[] header(String name, char type, String size) {
    byte[] h = new byte[512];
    put(h, 0, name.getBytes(UTF_8));
    put(h, 100, "0000644\0".getBytes(UTF_8));
    put(h, 108, "0000000\0".getBytes(UTF_8));
    put(h, 116, "0000000\0".getBytes(UTF_8));
    put(h, 124, size.getBytes(UTF_8));
    put(h, 136, "14672166400\0".getBytes(UTF_8));
    h[156] = (byte) type;
    put(h, 257, "ustar\0" + "00");
    return checksum(h);
  }

  /** A GNU header ({@code "ustar \0"}). */
  static byte[] gnuHeader(String name, char type, String size) {
    byte[] h = header(name, type, size);
    put(h, 257, "ustar  \0");
    return checksum(h);
  }

  static void put(byte[] h, int off, String s) {
    put(h, off, s.getBytes(UTF_8));
  }

  static void put(byte[] h, int off, byte[] b) {
    System.arraycopy(b, 0, h, off, b.length);
  }

  /** Sets the checksum field for the header's current bytes. */
  static byte[] checksum(byte[] h) {
    Arrays.fill(h, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xFF;
    }
    put(h, 148, String.format("%06o\0 ", sum));
    return h;
  }

  /** {@code content} padded with zeros to whole blocks. */
  static byte[] padded(byte[] content) {
    return Arrays.copyOf(content, (content.length + 511) / 512 * 512);
  }

  static byte[] zeros(int blocks) {
    return new byte[512 * blocks];
  }
}

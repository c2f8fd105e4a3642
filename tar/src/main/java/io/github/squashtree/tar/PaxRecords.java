package io.github.squashtree.tar;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of one pax extended header ({@code "LEN KEY=VALUE\n"}), in order: a key may come more
 * than once (GNU's sparse format 0.0 repeats its offsets and sizes). Values are bytes: a path or an
 * xattr value need not be text.
 */
final class PaxRecords {
  /** One record. An empty value removes what a global header set for the key. */
  record Record(String key, byte[] value) {}

  private final List<Record> records;

  private PaxRecords(List<Record> records) {
    this.records = records;
  }

  static final PaxRecords NONE = new PaxRecords(List.of());

  List<Record> records() {
    return records;
  }

  /** The value of the last record of {@code key}, or null. */
  byte[] get(String key) {
    for (int i = records.size() - 1; i >= 0; i--) {
      if (records.get(i).key().equals(key)) {
        return records.get(i).value();
      }
    }
    return null;
  }

  /** Parses {@code data}, an extended header's content; {@code where} names it in errors. */
  static PaxRecords parse(byte[] data, String where) throws TarFormatException {
    List<Record> out = new ArrayList<>();
    int pos = 0;
    while (pos < data.length) {
      if (data[pos] == 0 && allZero(data, pos)) {
        break; // padding some writers leave after the records
      }
      int i = pos;
      long length = 0;
      while (i < data.length && data[i] >= '0' && data[i] <= '9' && i - pos < 10) {
        length = length * 10 + (data[i] - '0');
        i++;
      }
      if (i == pos || i >= data.length || data[i] != ' ') {
        throw new TarFormatException(where + ": malformed pax record at byte " + pos);
      }
      if (length <= i - pos + 1 || length > data.length - pos) {
        throw new TarFormatException(
            where + ": pax record at byte " + pos + " has a length past its header: " + length);
      }
      int end = pos + (int) length; // exclusive; data[end - 1] is the newline
      if (data[end - 1] != '\n') {
        throw new TarFormatException(where + ": pax record at byte " + pos + " lacks its newline");
      }
      int keyStart = i + 1;
      int eq = keyStart;
      while (eq < end - 1 && data[eq] != '=') {
        eq++;
      }
      if (eq == keyStart || eq >= end - 1 && data[eq] != '=') {
        throw new TarFormatException(where + ": pax record at byte " + pos + " has no key=value");
      }
      String key = new String(data, keyStart, eq - keyStart, StandardCharsets.ISO_8859_1);
      byte[] value = java.util.Arrays.copyOfRange(data, eq + 1, end - 1);
      out.add(new Record(key, value));
      pos = end;
    }
    return new PaxRecords(out);
  }

  private static boolean allZero(byte[] data, int from) {
    for (int i = from; i < data.length; i++) {
      if (data[i] != 0) {
        return false;
      }
    }
    return true;
  }
}

package io.github.squashtree.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Names;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FormatTest {
  @Test
  void numbersFormatAsPrintfDoes() {
    // Sizes in KiB and MiB divide exactly in binary, so %.2f rounds their exact value half up,
    // ties (x.xx5) included: 1029.12 KiB is 1053819 bytes / 1024 = 1029.1201...
    long[] bytes = {0, 1, 5, 10, 512, 1023, 1024, 1536, 1053819, 10245, 109268992L, 1L << 40};
    for (long b : bytes) {
      for (long unit : new long[] {1024, 1024 * 1024}) {
        assertEquals(
            String.format(java.util.Locale.ROOT, "%.2f", b / (double) unit),
            Numbers.twoPlaces(b, unit),
            b + " / " + unit);
      }
    }
    assertEquals("0.01", Numbers.twoPlaces(5, 1000)); // 0.005 rounds up
    assertEquals("33.33", Numbers.twoPlaces(100, 3));
    assertEquals("37.50", Numbers.percent(3, 8));
    assertEquals(String.format("%04o", 0755), Numbers.zeroPadded(Integer.toOctalString(0755), 4));
    assertEquals(String.format("%09d", 1234), Numbers.zeroPadded("1234", 9));
    assertEquals("123456789", Numbers.zeroPadded("123456789", 9));
  }

  @Test
  void jsonEscapesQuotesBackslashesAndControls() {
    assertEquals("\"a\\\"b\\\\c\\n\\t\\u0001\\u001f\"", Json.quote("a\"b\\c\n\t\u0001\u001f"));
    assertEquals("\"\u00fc\u20ac\uD83D\uDE00\"", Json.quote("\u00fc\u20ac\uD83D\uDE00"));
    assertEquals("\"x\\ud800y\"", Json.quote("x\uD800y"));
  }

  @Test
  void diagnosticsEscapeWhatATerminalWouldNotShowAsText() {
    String latin1 = Names.decode(new byte[] {'c', 'a', 'f', (byte) 0xE9});
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Diagnostics.print(
        new PrintStream(err, true, StandardCharsets.UTF_8),
        "a\nb\u001b[1m \\ \u007f\u0085 " + latin1 + " \u00fc\u20ac\uD83D\uDE00");
    assertEquals(
        "sqfs: a\\x0ab\\x1b[1m \\\\ \\x7f\\xc2\\x85 caf\\xe9 \u00fc\u20ac\uD83D\uDE00\n",
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void itemizedNamesAreEscapedAsRsyncEscapesThem() throws IOException {
    assertEquals("a\\#012b\\#033[1m\\#x", rsyncEscaped("a\nb\u001b[1m\\#x"));
    assertEquals("caf\\#351", rsyncEscaped(Names.decode(new byte[] {'c', 'a', 'f', (byte) 0xE9})));
    assertEquals("x\\#134#012y x\\#01 p\\#q t\\x", rsyncEscaped("x\\#012y x\\#01 p\\#q t\\x"));
    assertEquals("tab\t \u00fc\u00a0\uD83D\uDE00", rsyncEscaped("tab\t \u00fc\u00a0\uD83D\uDE00"));
    // Stricter than rsync: DEL and C1 controls (U+0085 is C2 85 in UTF-8).
    assertEquals("del\\#177 \\#302\\#205", rsyncEscaped("del\u007f \u0085"));
    // Not well-formed UTF-8: a cut sequence, an encoded surrogate, an overlong '/'.
    assertEquals(
        "\\#342\\#202 \\#355\\#240\\#200 \\#300\\#257",
        rsyncEscaped(Names.decode(bytes(0xE2, 0x82, ' ', 0xED, 0xA0, 0x80, ' ', 0xC0, 0xAF))));
  }

  @Test
  void listedNamesAreEscapedAsLsBEscapesThem() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LineWriter w = new LineWriter(out);
    byte[] path = Names.encode("/dir/a\nb\u001b[1m \\ \t\u0007\r caf\uDCE9 \u0085\u007f \u00fc");
    LsEscapes.ESCAPED.write(w, path, 5); // the name after "/dir/"
    w.flush();
    assertEquals(
        "a\\nb\\033[1m\\ \\\\\\ \\t\\a\\r\\ caf\\351\\ \\302\\205\\177\\ \u00fc",
        out.toString(StandardCharsets.UTF_8));
  }

  private static String rsyncEscaped(String name) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LineWriter w = new LineWriter(out);
    RsyncEscapes.write(w, name);
    w.flush();
    return out.toString(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  @Test
  void jsonOfRawBytesReplacesMalformedUtf8() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LineWriter w = new LineWriter(out);
    Json.string(w, new byte[] {'a', (byte) 0xFF, '"'});
    w.flush();
    assertEquals("\"a\uFFFD\\\"\"", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void modeStrings() {
    assertEquals("drwxr-xr-x", mode(EntryType.DIRECTORY, 0755));
    assertEquals("-rwsr-sr-t", mode(EntryType.FILE, 07755));
    assertEquals("-rwSr-Sr-T", mode(EntryType.FILE, 07644));
    assertEquals("crw-rw-rw-", mode(EntryType.CHAR_DEVICE, 0666));
    assertEquals("lrwxrwxrwx", mode(EntryType.SYMLINK, 0777));
    assertEquals("prw-------", mode(EntryType.FIFO, 0600));
    assertEquals("srwxr-xr-x", mode(EntryType.SOCKET, 0755));
    assertEquals("b---------", mode(EntryType.BLOCK_DEVICE, 0));
  }

  @Test
  void numbersAlignRight() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LineWriter w = new LineWriter(out);
    w.num(42, 6).ch('|').num(1234567, 3).ch('|').num(0).ch('|').num(-5);
    w.flush();
    assertEquals("    42|1234567|0|-5", out.toString(StandardCharsets.US_ASCII));
  }

  private static String mode(EntryType t, int p) {
    return new String(ModeString.of(t, p), StandardCharsets.US_ASCII);
  }
}

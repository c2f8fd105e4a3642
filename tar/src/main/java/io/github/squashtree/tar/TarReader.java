package io.github.squashtree.tar;

import io.github.squashtree.core.tree.Names;
import io.github.squashtree.tar.TarEntry.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads a tar archive member by member: ustar, v7, GNU (long names and links, base-256 numbers, the
 * old sparse format) and pax (long names, large numbers, nanosecond times, {@code SCHILY.xattr.*}
 * and {@code LIBARCHIVE.xattr.*}, GNU's sparse formats 0.0, 0.1 and 1.0, global headers). Every
 * size, count and name is checked before it sizes an allocation or a loop; extended headers and
 * long names are capped at {@link #MAX_EXTENDED} bytes, global headers at {@link #MAX_GLOBAL} in
 * all. A bad archive raises {@link TarFormatException} naming the member and its offset.
 *
 * <p>The archive must end with its end marker (a zero block): one cut short is an error, even at a
 * member's boundary.
 */
final class TarReader {
  /** An extended header (pax) or GNU long name or link, in bytes. */
  static final int MAX_EXTENDED = 1 << 20;

  /** The records of all global pax headers together, in bytes. */
  static final int MAX_GLOBAL = 1 << 20;

  /** A file's length: a sparse file cannot claim more (its holes cost nothing in the archive). */
  static final long MAX_FILE_SIZE = 1L << 40;

  private static final int BLOCK = TarHeader.BLOCK;

  private final ArchiveInput in;
  private final byte[] block = new byte[BLOCK];
  private final Map<String, byte[]> global = new LinkedHashMap<>();
  private long globalBytes;

  /** Where the current member's data, padding included, ends. */
  private long dataEnd;

  private String current;
  private MemberContent content;
  private MemberContent stored;
  private SparseMap sparse;
  private boolean ended;

  TarReader(InputStream archive) {
    this.in = new ArchiveInput(archive);
  }

  /** Where the next byte of the archive lies. */
  long position() {
    return in.position();
  }

  /**
   * The next member, or null after the last. The previous member's content is skipped if it was not
   * read.
   */
  TarEntry next() throws IOException {
    if (ended) {
      return null;
    }
    skipRestOfMember();
    PaxRecords pax = PaxRecords.NONE;
    byte[] longName = null;
    byte[] longLink = null;
    long first = in.position();
    while (true) {
      long at = in.position();
      int n = in.read(block, 0, BLOCK);
      if (n < BLOCK && at == 0) {
        throw new TarFormatException(
            n == 0 ? "not a tar archive: it is empty" : "not a tar archive: " + n + " bytes");
      }
      if (n < BLOCK) {
        throw new TarFormatException(
            "truncated at byte "
                + (at + n)
                + (n == 0 ? ": the archive's end marker is missing" : ": a header is cut short"));
      }
      if (TarHeader.isZero(block)) {
        if (at != first) {
          throw new TarFormatException(
              "extended header at byte " + first + " is followed by the end of the archive");
        }
        ended = true;
        return null;
      }
      String where = "header at byte " + at;
      TarHeader h = TarHeader.decode(block, where);
      if (h.size() < 0) {
        throw new TarFormatException(where + ": negative size");
      }
      switch (h.type()) {
        case 'x' -> pax = PaxRecords.parse(readExtended(h.size(), where), where);
        case 'g' -> readGlobal(PaxRecords.parse(readExtended(h.size(), where), where), where);
        case 'L' -> longName = TarHeader.string(readExtended(h.size(), where), 0, (int) h.size());
        case 'K' -> longLink = TarHeader.string(readExtended(h.size(), where), 0, (int) h.size());
        case 'V' -> skipData(h.size(), where); // a volume label names no member
        default -> {
          return member(h, pax, longName, longLink, first, at);
        }
      }
    }
  }

  /**
   * The content of the member {@link #next} returned last, a regular file: exactly its size in
   * bytes (a sparse file's holes as zeros). Errors (the archive ends too soon) name the member.
   */
  InputStream content() {
    if (content == null) {
      throw new IllegalStateException("the current member is not a regular file");
    }
    return content;
  }

  /**
   * A sparse file's data ranges, {@code [offset0, length0, ...]}, or null for a file that is not
   * sparse. Its content is then best read as {@link #storedContent}, the ranges' bytes alone.
   */
  long[] sparseRanges() {
    if (sparse == null) {
      return null;
    }
    long[] r = new long[2 * sparse.count()];
    for (int i = 0; i < sparse.count(); i++) {
      r[2 * i] = sparse.offset(i);
      r[2 * i + 1] = sparse.length(i);
    }
    return r;
  }

  /** The bytes of a sparse file's data ranges, one after the other (read this or content). */
  InputStream storedContent() {
    if (stored == null) {
      throw new IllegalStateException("the current member is not a sparse file");
    }
    return stored;
  }

  private TarEntry member(
      TarHeader h, PaxRecords pax, byte[] longName, byte[] longLink, long first, long at)
      throws IOException {
    Kind kind = kind(h, at);
    Values v = new Values(pax);
    byte[] name = v.bytes("GNU.sparse.name");
    if (name == null) {
      name = v.bytes("path");
    }
    if (name == null) {
      name = longName != null ? longName : h.name();
    }
    if (kind == Kind.FILE && h.type() != 'S' && name.length > 0 && name[name.length - 1] == '/') {
      kind = Kind.DIRECTORY; // the old convention for directories, before type '5'
    }
    String where = TarNumbers.printable(name, 0, name.length) + " (at byte " + first + ")";
    current = where;
    byte[] link = null;
    if (kind == Kind.SYMLINK || kind == Kind.HARD_LINK) {
      link = v.bytes("linkpath");
      if (link == null) {
        link = longLink != null ? longLink : h.linkName();
      }
    }
    long uid = v.has("uid") ? v.decimal("uid", where) : h.uid();
    long gid = v.has("gid") ? v.decimal("gid", where) : h.gid();
    if (uid > 0xFFFFFFFFL || gid > 0xFFFFFFFFL) {
      throw new TarFormatException(where + ": owner " + uid + ":" + gid + " beyond 32 bits");
    }
    long seconds = h.mtime();
    long nanos = 0;
    if (v.has("mtime")) {
      long[] t = TarNumbers.time(v.bytes("mtime"), "mtime");
      seconds = t[0];
      nanos = t[1];
    }
    long storedSize = v.has("size") ? v.decimal("size", where) : h.size();
    long devMajor = h.devMajor();
    long devMinor = h.devMinor();
    if (kind == Kind.CHAR_DEVICE || kind == Kind.BLOCK_DEVICE) {
      if (devMajor > 0xFFF || devMinor > 0xFFFFF) {
        throw new TarFormatException(
            where + ": device " + devMajor + "," + devMinor + " beyond what SquashFS stores");
      }
    } else {
      devMajor = 0;
      devMinor = 0;
    }
    SortedMap<String, byte[]> xattrs = xattrs(v, where);

    long size = 0;
    content = null;
    stored = null;
    sparse = sparseMap(h, v, where);
    if (sparse != null && kind != Kind.FILE) {
      throw new TarFormatException(where + ": a sparse map on a member that is not a file");
    }
    long dataStart = in.position();
    dataEnd = dataStart + roundUp(storedSize, where);
    if (kind == Kind.FILE) {
      if (sparse == null) {
        size = storedSize;
        content = new MemberContent(in, null, storedSize, storedSize, where);
      } else {
        size = sparseSize(h, v, where);
        long data = storedSize;
        if (v.has("GNU.sparse.major")) {
          data -= readMapFromData(v, sparse, storedSize, where);
        }
        sparse.check(size, data, where);
        content = new MemberContent(in, sparse, size, data, where);
        stored = new MemberContent(in, null, data, data, where);
      }
    }
    if (size > MAX_FILE_SIZE) {
      throw new TarFormatException(
          where + ": " + size + " bytes, above the limit " + MAX_FILE_SIZE);
    }
    return new TarEntry(
        name,
        kind,
        h.mode(),
        uid,
        gid,
        seconds,
        (int) nanos,
        size,
        link,
        (int) devMajor,
        (int) devMinor,
        xattrs,
        first);
  }

  private static Kind kind(TarHeader h, long at) throws TarFormatException {
    return switch (h.type()) {
      case '0', 0, '7', 'S' -> Kind.FILE;
      case '1' -> Kind.HARD_LINK;
      case '2' -> Kind.SYMLINK;
      case '3' -> Kind.CHAR_DEVICE;
      case '4' -> Kind.BLOCK_DEVICE;
      case '5', 'D' -> Kind.DIRECTORY; // 'D': GNU's dump directory, its listing as content
      case '6' -> Kind.FIFO;
      default ->
          throw new TarFormatException(
              "header at byte "
                  + at
                  + ": unsupported member type '"
                  + TarNumbers.printable(new byte[] {h.type()}, 0, 1)
                  + "'");
    };
  }

  /** The pax values of a member: its own records over the global ones, an empty value unsets. */
  private final class Values {
    private final PaxRecords own;

    Values(PaxRecords own) {
      this.own = own;
    }

    byte[] bytes(String key) {
      byte[] v = own.get(key);
      if (v == null) {
        v = global.get(key);
      }
      return v == null || v.length == 0 ? null : v;
    }

    boolean has(String key) {
      return bytes(key) != null;
    }

    long decimal(String key, String where) throws TarFormatException {
      try {
        return TarNumbers.decimal(bytes(key), key);
      } catch (TarFormatException e) {
        throw new TarFormatException(where + ": " + e.getMessage());
      }
    }
  }

  /**
   * The member's xattrs: {@code SCHILY.xattr.NAME=raw} (GNU tar, bsdtar), {@code
   * LIBARCHIVE.xattr.NAME=base64} with NAME %-encoded (bsdtar) where SCHILY gives none, and {@code
   * RHT.security.selinux} (Red Hat's tar). Names keep their bytes.
   */
  private SortedMap<String, byte[]> xattrs(Values v, String where) throws TarFormatException {
    SortedMap<String, byte[]> out = new TreeMap<>();
    Map<String, byte[]> all = new LinkedHashMap<>(global);
    for (PaxRecords.Record r : v.own.records()) {
      all.put(r.key(), r.value());
    }
    for (Map.Entry<String, byte[]> e : all.entrySet()) {
      String key = e.getKey();
      if (key.startsWith(LIBARCHIVE_XATTR)) {
        byte[] rawName =
            percentDecode(
                key.substring(LIBARCHIVE_XATTR.length()).getBytes(StandardCharsets.ISO_8859_1),
                true);
        byte[] value;
        try {
          value = Base64.getDecoder().decode(unpadded(e.getValue()));
        } catch (IllegalArgumentException bad) {
          throw new TarFormatException(where + ": " + key + " is not base64");
        }
        out.put(xattrName(rawName, where), value);
      }
    }
    for (Map.Entry<String, byte[]> e : all.entrySet()) {
      String key = e.getKey();
      if (key.startsWith(SCHILY_XATTR)) {
        String encoded = key.substring(SCHILY_XATTR.length());
        if (all.containsKey(LIBARCHIVE_XATTR + encoded)) {
          continue; // libarchive's second record of the same attribute, its name %-encoded
        }
        // GNU tar writes '%' and '=' in a name as %25 and %3D.
        byte[] rawName = percentDecode(encoded.getBytes(StandardCharsets.ISO_8859_1), false);
        out.put(xattrName(rawName, where), e.getValue());
      } else if (key.equals("RHT.security.selinux")) {
        out.putIfAbsent("security.selinux", e.getValue());
      }
    }
    return out;
  }

  private static final String SCHILY_XATTR = "SCHILY.xattr.";
  private static final String LIBARCHIVE_XATTR = "LIBARCHIVE.xattr.";

  private static String xattrName(byte[] raw, String where) throws TarFormatException {
    if (raw.length == 0 || raw.length > 255) {
      throw new TarFormatException(where + ": xattr name of " + raw.length + " bytes");
    }
    for (byte b : raw) {
      if (b == 0) {
        throw new TarFormatException(where + ": xattr name with a NUL byte");
      }
    }
    return Names.decode(raw);
  }

  /** Base64 as libarchive writes it may lack its padding. */
  private static byte[] unpadded(byte[] b64) {
    int n = b64.length;
    while (n > 0 && b64[n - 1] == '=') {
      n--;
    }
    byte[] padded = Arrays.copyOf(b64, (n + 3) / 4 * 4);
    Arrays.fill(padded, n, padded.length, (byte) '=');
    return padded;
  }

  /** %XX escapes decoded: all of them, or only GNU tar's %25 and %3D. */
  private static byte[] percentDecode(byte[] s, boolean all) {
    byte[] out = new byte[s.length];
    int n = 0;
    for (int i = 0; i < s.length; i++) {
      if (s[i] == '%'
          && i + 2 < s.length
          && hex(s[i + 1]) >= 0
          && hex(s[i + 2]) >= 0
          && (all
              || (s[i + 1] == '2' && s[i + 2] == '5')
              || (s[i + 1] == '3' && s[i + 2] == 'D'))) {
        out[n++] = (byte) (hex(s[i + 1]) << 4 | hex(s[i + 2]));
        i += 2;
      } else {
        out[n++] = s[i];
      }
    }
    return Arrays.copyOf(out, n);
  }

  private static int hex(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    return -1;
  }

  /** The sparse map of a member, or null if it is not sparse (1.0's map comes with the data). */
  private SparseMap sparseMap(TarHeader h, Values v, String where) throws IOException {
    if (h.type() == 'S') {
      return oldGnuMap(where);
    }
    if (v.has("GNU.sparse.major")) {
      long major = v.decimal("GNU.sparse.major", where);
      long minor = v.has("GNU.sparse.minor") ? v.decimal("GNU.sparse.minor", where) : 0;
      if (major != 1 || minor != 0) {
        throw new TarFormatException(where + ": GNU sparse format " + major + "." + minor);
      }
      return new SparseMap(); // filled from the data
    }
    if (v.has("GNU.sparse.map")) {
      return pax01Map(v.bytes("GNU.sparse.map"), where);
    }
    if (v.own.get("GNU.sparse.offset") != null) {
      return pax00Map(v.own, where);
    }
    return null;
  }

  private long sparseSize(TarHeader h, Values v, String where) throws IOException {
    if (h.type() == 'S') {
      return TarNumbers.field(block, TarHeader.GNU_REAL_SIZE, 12, where + ": real size");
    }
    String key = v.has("GNU.sparse.realsize") ? "GNU.sparse.realsize" : "GNU.sparse.size";
    if (!v.has(key)) {
      throw new TarFormatException(where + ": sparse file without its size");
    }
    return v.decimal(key, where);
  }

  /**
   * GNU's old sparse map: four entries in the header, then, while the continuation flag is set,
   * blocks of 21 more before the data. The header block is still in {@link #block}.
   */
  private SparseMap oldGnuMap(String where) throws IOException {
    SparseMap map = new SparseMap();
    byte[] header = block.clone();
    int[] offsets = new int[TarHeader.GNU_SPARSE_ENTRIES];
    for (int i = 0; i < offsets.length; i++) {
      offsets[i] = TarHeader.GNU_SPARSE_OFFSET + 24 * i;
    }
    boolean more = addOldEntries(map, header, offsets, where);
    if (more && header[TarHeader.GNU_IS_EXTENDED] != 0) {
      int[] ext = new int[21];
      for (int i = 0; i < ext.length; i++) {
        ext[i] = 24 * i;
      }
      boolean extended = true;
      while (extended) {
        byte[] b = new byte[BLOCK];
        if (in.read(b, 0, BLOCK) < BLOCK) {
          throw new TarFormatException(where + ": truncated in its sparse map");
        }
        addOldEntries(map, b, ext, where);
        extended = b[504] != 0;
      }
    }
    System.arraycopy(header, 0, block, 0, BLOCK);
    return map;
  }

  /** Adds the entries at {@code offsets}; false once an empty one ends the map. */
  private static boolean addOldEntries(SparseMap map, byte[] b, int[] offsets, String where)
      throws TarFormatException {
    for (int off : offsets) {
      if (b[off] == 0) {
        return false;
      }
      map.add(
          TarNumbers.field(b, off, 12, where + ": sparse offset"),
          TarNumbers.field(b, off + 12, 12, where + ": sparse size"),
          where);
    }
    return true;
  }

  /** Format 0.1: {@code GNU.sparse.map=offset,size,offset,size,...}. */
  private static SparseMap pax01Map(byte[] text, String where) throws TarFormatException {
    SparseMap map = new SparseMap();
    String[] parts = new String(text, StandardCharsets.ISO_8859_1).split(",", -1);
    if (parts.length % 2 != 0) {
      throw new TarFormatException(where + ": GNU.sparse.map has an odd count of numbers");
    }
    for (int i = 0; i < parts.length; i += 2) {
      map.add(number(parts[i], where), number(parts[i + 1], where), where);
    }
    return map;
  }

  /** Format 0.0: {@code GNU.sparse.offset} and {@code GNU.sparse.numbytes} records, in pairs. */
  private static SparseMap pax00Map(PaxRecords own, String where) throws TarFormatException {
    SparseMap map = new SparseMap();
    long offset = -1;
    for (PaxRecords.Record r : own.records()) {
      if (r.key().equals("GNU.sparse.offset")) {
        if (offset >= 0) {
          throw new TarFormatException(where + ": GNU.sparse.offset without its numbytes");
        }
        offset = TarNumbers.decimal(r.value(), r.key());
      } else if (r.key().equals("GNU.sparse.numbytes")) {
        if (offset < 0) {
          throw new TarFormatException(where + ": GNU.sparse.numbytes without its offset");
        }
        map.add(offset, TarNumbers.decimal(r.value(), r.key()), where);
        offset = -1;
      }
    }
    if (offset >= 0) {
      throw new TarFormatException(where + ": GNU.sparse.offset without its numbytes");
    }
    return map;
  }

  private static long number(String s, String where) throws TarFormatException {
    try {
      return TarNumbers.decimal(s.getBytes(StandardCharsets.ISO_8859_1), "GNU.sparse.map");
    } catch (TarFormatException e) {
      throw new TarFormatException(where + ": " + e.getMessage());
    }
  }

  /**
   * Format 1.0: the map opens the data, decimal numbers one a line (the count, then offset and size
   * pairs), padded to a block. Returns the bytes it took.
   */
  private long readMapFromData(Values v, SparseMap map, long stored, String where)
      throws IOException {
    MapLines lines = new MapLines(stored, where);
    long count = lines.next();
    if (count > SparseMap.MAX_REGIONS) {
      throw new TarFormatException(where + ": " + count + " sparse regions");
    }
    for (long i = 0; i < count; i++) {
      map.add(lines.next(), lines.next(), where);
    }
    return lines.blocksTaken();
  }

  /** The number lines of a 1.0 sparse map, read a block at a time from the member's data. */
  private final class MapLines {
    private final long limit;
    private final String where;
    private final byte[] b = new byte[BLOCK];
    private int pos = BLOCK;
    private long taken;

    MapLines(long limit, String where) {
      this.limit = limit;
      this.where = where;
    }

    long next() throws IOException {
      long n = 0;
      int digits = 0;
      while (true) {
        if (pos == BLOCK) {
          if (taken + BLOCK > limit || in.read(b, 0, BLOCK) < BLOCK) {
            throw new TarFormatException(where + ": sparse map past the member's data");
          }
          taken += BLOCK;
          pos = 0;
        }
        byte c = b[pos++];
        if (c == '\n' && digits > 0) {
          return n;
        }
        if (c < '0' || c > '9' || ++digits > 18) {
          throw new TarFormatException(where + ": malformed sparse map");
        }
        n = n * 10 + (c - '0');
      }
    }

    long blocksTaken() {
      return taken;
    }
  }

  private void readGlobal(PaxRecords records, String where) throws TarFormatException {
    for (PaxRecords.Record r : records.records()) {
      if (r.value().length == 0) {
        byte[] old = global.remove(r.key());
        if (old != null) {
          globalBytes -= r.key().length() + old.length;
        }
      } else {
        byte[] old = global.put(r.key(), r.value());
        globalBytes +=
            r.key().length() + r.value().length - (old == null ? 0 : r.key().length() + old.length);
      }
      if (globalBytes > MAX_GLOBAL) {
        throw new TarFormatException(where + ": global pax records above " + MAX_GLOBAL + " bytes");
      }
    }
  }

  /** An extended header's content, at most {@link #MAX_EXTENDED} bytes, and its padding. */
  private byte[] readExtended(long size, String where) throws IOException {
    if (size > MAX_EXTENDED) {
      throw new TarFormatException(
          where + ": extended header of " + size + " bytes, above the limit " + MAX_EXTENDED);
    }
    byte[] data = new byte[(int) size];
    if (in.read(data, 0, data.length) < data.length) {
      throw new TarFormatException(where + ": truncated in an extended header");
    }
    skipPadding(size, where);
    return data;
  }

  private void skipData(long size, String where) throws IOException {
    long total = roundUp(size, where);
    if (in.skip(total) < total) {
      throw new TarFormatException(where + ": truncated in its data");
    }
  }

  private void skipPadding(long size, String where) throws IOException {
    long pad = roundUp(size, where) - size;
    if (in.skip(pad) < pad) {
      throw new TarFormatException(where + ": truncated in its padding");
    }
  }

  private static long roundUp(long size, String where) throws TarFormatException {
    if (size > Long.MAX_VALUE - BLOCK) {
      throw new TarFormatException(where + ": size " + size + " out of range");
    }
    return (size + BLOCK - 1) / BLOCK * BLOCK;
  }

  /** Skips what is left of the current member's data and padding. */
  private void skipRestOfMember() throws IOException {
    long rest = dataEnd - in.position();
    if (rest > 0 && in.skip(rest) < rest) {
      throw new TarFormatException(
          current + ": truncated: the archive ends " + (dataEnd - in.position()) + " bytes short");
    }
    content = null;
    stored = null;
    sparse = null;
  }
}

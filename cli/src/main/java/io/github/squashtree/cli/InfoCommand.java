package io.github.squashtree.cli;

import io.github.squashtree.core.internal.format.Superblock;
import io.github.squashtree.core.internal.read.ImageReader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code sqfs info}: the superblock, in the words of {@code unsquashfs -s}, or as JSON. */
@Command(
    name = "info",
    footerHeading = "%nExample:%n",
    footer = "  sqfs info --json root.sqfs",
    description = "Show the superblock of an image (like unsquashfs -s).")
final class InfoCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Parameters(
      index = "0",
      paramLabel = "IMAGE",
      description = "The SquashFS image (a file or a block device).")
  Path image;

  @Mixin OffsetOption offset = new OffsetOption();

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    main.subject = image.toString();
    try (ImageReader img = offset.open(image)) {
      if (json) {
        printJson(img, main.out);
      } else {
        printText(img, main.out);
      }
    }
    return Main.OK;
  }

  private void printText(ImageReader img, PrintStream out) {
    Superblock s = img.superblock();
    long used = s.bytesUsed();
    out.println("Found a valid SQUASHFS 4:0 superblock on " + image + ".");
    out.println("Creation or last append time " + ctime(s.modificationTime()));
    out.println(
        "Filesystem size "
            + used
            + " bytes ("
            + Numbers.twoPlaces(used, 1024)
            + " Kbytes / "
            + Numbers.twoPlaces(used, 1024 * 1024)
            + " Mbytes)");
    out.println("Compression " + img.compression().label());
    img.compressorOptions().ifPresent(o -> CompressorOptionsText.lines(o).forEach(out::println));
    out.println("Block size " + s.blockSize());
    out.println("Filesystem is " + (exportable(s) ? "" : "not ") + "exportable via NFS");
    out.println("Inodes are " + un(s, Superblock.FLAG_UNCOMPRESSED_INODES) + "compressed");
    out.println("Data is " + un(s, Superblock.FLAG_UNCOMPRESSED_DATA) + "compressed");
    out.println(
        "Uids/Gids (Id table) are " + un(s, Superblock.FLAG_UNCOMPRESSED_IDS) + "compressed");
    if (s.hasFlag(Superblock.FLAG_NO_FRAGMENTS)) {
      out.println("Fragments are not stored");
    } else {
      out.println("Fragments are " + un(s, Superblock.FLAG_UNCOMPRESSED_FRAGMENTS) + "compressed");
      out.println(
          "Always-use-fragments option is "
              + (s.hasFlag(Superblock.FLAG_ALWAYS_FRAGMENTS) ? "" : "not ")
              + "specified");
    }
    if (s.hasFlag(Superblock.FLAG_NO_XATTRS)) {
      out.println("Xattrs are not stored");
    } else {
      out.println("Xattrs are " + un(s, Superblock.FLAG_UNCOMPRESSED_XATTRS) + "compressed");
    }
    out.println(
        "Duplicates are " + (s.hasFlag(Superblock.FLAG_DUPLICATES) ? "" : "not ") + "removed");
    out.println("Number of fragments " + s.fragmentCount());
    out.println("Number of inodes " + s.inodeCount());
    out.println("Number of ids " + s.idCount());
    out.println("Number of xattr ids " + img.xattrSetCount());
  }

  private static void printJson(ImageReader img, PrintStream out) {
    Superblock s = img.superblock();
    StringBuilder j = new StringBuilder(512).append('{');
    field(j, "version", Json.quote("4.0"));
    field(j, "compression", Json.quote(img.compression().label()));
    // Absent, never null or -1, where the image has none.
    img.compressorOptions()
        .ifPresent(o -> field(j, "compressor_options", CompressorOptionsText.json(o)));
    field(j, "block_size", s.blockSize());
    field(j, "bytes_used", s.bytesUsed());
    field(j, "mkfs_time", s.modificationTime());
    field(j, "inode_count", s.inodeCount());
    field(j, "fragment_count", s.fragmentCount());
    field(j, "id_count", s.idCount());
    field(j, "xattr_id_count", img.xattrSetCount());
    field(j, "exportable", exportable(s));
    field(j, "flags_raw", s.flags());
    List<String> words = new ArrayList<>();
    for (String w : flagWords(s)) {
      words.add(Json.quote(w));
    }
    field(j, "flags", "[" + String.join(",", words) + "]");
    field(j, "root_inode", s.rootInodeRef());
    field(j, "inode_table_start", s.inodeTableStart());
    field(j, "directory_table_start", s.directoryTableStart());
    table(j, "fragment_table_start", s.fragmentTableStart());
    table(j, "export_table_start", s.exportTableStart());
    field(j, "id_table_start", s.idTableStart());
    table(j, "xattr_id_table_start", s.xattrIdTableStart());
    j.setLength(j.length() - 1);
    out.println(j.append('}'));
  }

  /** The names of the superblock flags that are set. */
  static List<String> flagWords(Superblock s) {
    String[] names = {
      "uncompressed_inodes",
      "uncompressed_data",
      "check",
      "uncompressed_fragments",
      "no_fragments",
      "always_fragments",
      "duplicates",
      "exportable",
      "uncompressed_xattrs",
      "no_xattrs",
      "compressor_options",
      "uncompressed_ids"
    };
    List<String> out = new ArrayList<>();
    for (int bit = 0; bit < names.length; bit++) {
      if ((s.flags() & (1 << bit)) != 0) {
        out.add(names[bit]);
      }
    }
    for (int bit = names.length; bit < 16; bit++) {
      if ((s.flags() & (1 << bit)) != 0) {
        out.add("unknown_0x" + Integer.toHexString(1 << bit));
      }
    }
    return out;
  }

  private static void table(StringBuilder j, String name, long start) {
    if (start != Superblock.NO_TABLE) {
      field(j, name, start);
    }
  }

  private static void field(StringBuilder j, String name, Object jsonValue) {
    j.append('"').append(name).append("\":").append(jsonValue).append(',');
  }

  private static boolean exportable(Superblock s) {
    return s.hasFlag(Superblock.FLAG_EXPORTABLE);
  }

  private static String un(Superblock s, int flag) {
    return s.hasFlag(flag) ? "un" : "";
  }

  /** The time as C's ctime() shows it, in the local time zone. */
  private static String ctime(long epochSeconds) {
    return DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT)
        .format(Instant.ofEpochSecond(epochSeconds).atZone(ZoneId.systemDefault()));
  }
}

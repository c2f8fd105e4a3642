package io.github.squashtree.cli;

import io.github.squashtree.core.write.FragmentMode;
import io.github.squashtree.core.write.WriteResult;
import io.github.squashtree.core.write.WriterOptions;
import java.io.PrintStream;
import java.nio.file.Path;

/** The closing summary of {@code mk}, laid out like mksquashfs's. */
final class MkSummary {
  private final PrintStream out;

  MkSummary(PrintStream out) {
    this.out = out;
  }

  void print(Path image, WriterOptions o, WriteResult r) {
    out.println(
        (o.exportTable() ? "Exportable " : "")
            + "Squashfs 4.0 filesystem "
            + image
            + ", "
            + o.compression().label()
            + " compressed, data block size "
            + o.blockSize());
    out.println(
        "\t"
            + (o.fragments() == FragmentMode.NONE
                ? "no fragments"
                : o.fragments() == FragmentMode.ALWAYS
                    ? "tails of all files packed in fragments"
                    : "small files packed in fragments")
            + ", "
            + (o.xattrs() ? "xattrs stored" : "no xattrs")
            + ", "
            + (o.deduplicate() ? "duplicates are removed" : "duplicates are not removed"));
    out.println(
        "Filesystem size " + kib(r.imageBytes()) + " Kbytes (" + mib(r.imageBytes()) + " Mbytes)");
    out.println(
        "\t"
            + percent(r.imageBytes(), r.sourceBytes())
            + "% of uncompressed file data ("
            + mib(r.sourceBytes())
            + " Mbytes)");
    line("Number of files", r.files());
    line("Number of duplicate files found", r.duplicateFiles());
    line("Number of hard links", r.hardLinks());
    line("Number of fragments", r.fragments());
    line("Number of data blocks", r.dataBlocks());
    if (r.reusedBlocks() > 0) {
      line("Number of data blocks copied compressed from the source image", r.reusedBlocks());
    }
    line("Number of sparse blocks", r.sparseBlocks());
    line("Number of symbolic links", r.symlinks());
    line("Number of device, fifo and socket nodes", r.specialFiles());
    line("Number of directories", r.directories());
    line("Number of ids (unique uids + gids)", r.ids());
    line("Number of xattr sets", r.xattrSets());
  }

  private void line(String label, long n) {
    out.println(label + " " + n);
  }

  private static String kib(long bytes) {
    return Numbers.twoPlaces(bytes, 1024);
  }

  private static String mib(long bytes) {
    return Numbers.twoPlaces(bytes, 1024 * 1024);
  }

  private static String percent(long part, long whole) {
    return whole == 0 ? "100.00" : Numbers.percent(part, whole);
  }
}

package io.github.squashtree.dist;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/** The distribution tree packed: a tar.gz to unpack anywhere, and a Debian package. */
final class Packages {
  /** The Debian package's name; the command it installs is sqfs. */
  static final String DEB_NAME = "squashtree";

  private Packages() {}

  /** {@code home} (sqfs-VERSION/) as a tar.gz: files owned by root, mtimes {@code epoch}. */
  static void tarball(Path home, Path archive, long epoch)
      throws IOException, InterruptedException {
    Files.deleteIfExists(archive);
    Tools.run(
        List.of(
            "tar",
            "--sort=name",
            "--owner=0",
            "--group=0",
            "--numeric-owner",
            "--mtime=@" + epoch,
            "-czf",
            archive.toString(),
            home.getFileName().toString()),
        home.getParent(),
        Map.of("GZIP", "-n"),
        home.getParent().resolve("tar.log"));
  }

  /**
   * The Debian package of {@code home}, or null where dpkg-deb is missing: the tree under {@code
   * /usr/lib/squashtree}, {@code /usr/bin/sqfs} a link to its launcher, man pages and completion
   * where man and bash-completion look.
   */
  static Path debian(Path home, String version, Path work, Path target, long epoch)
      throws IOException, InterruptedException {
    if (!Tools.onPath("dpkg-deb")) {
      System.out.println("[distribution] no dpkg-deb: no .deb");
      return null;
    }
    Path root = Files.createDirectories(work.resolve("deb"));
    Path lib = root.resolve("usr/lib/" + DEB_NAME);
    Files.createDirectories(lib);
    Tree.link(home.resolve("bin"), lib.resolve("bin"));
    Tree.link(home.resolve("lib"), lib.resolve("lib"));
    Path bin = Files.createDirectories(root.resolve("usr/bin"));
    Files.createSymbolicLink(bin.resolve("sqfs"), Path.of("../lib/" + DEB_NAME + "/bin/sqfs"));
    Path man = Files.createDirectories(root.resolve("usr/share/man/man1"));
    try (Stream<Path> pages = Files.list(home.resolve("share/man/man1"))) {
      for (Path page : (Iterable<Path>) pages::iterator) {
        gzip(page, man.resolve(page.getFileName() + ".gz"));
      }
    }
    Tree.link(home.resolve("share/bash-completion"), root.resolve("usr/share/bash-completion"));
    Path doc = Files.createDirectories(root.resolve("usr/share/doc/" + DEB_NAME));
    Files.writeString(
        doc.resolve("copyright"),
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
            + "Upstream-Name: squashtree\n\nFiles: *\nLicense: Apache-2.0\n"
            + " On Debian systems, the full text is in /usr/share/common-licenses/Apache-2.0.\n"
            + " The bundled Java runtime is OpenJDK (GPL-2.0 with the Classpath Exception): its\n"
            + " notices are in /usr/lib/squashtree/lib/runtime/legal.\n");
    Path control = Files.createDirectories(root.resolve("DEBIAN")).resolve("control");
    Files.writeString(
        control,
        "Package: "
            + DEB_NAME
            + "\nVersion: "
            + debianVersion(version)
            + "\nArchitecture: amd64\nSection: utils\nPriority: optional"
            + "\nMaintainer: The squashtree authors <squashtree@users.noreply.github.com>"
            + "\nInstalled-Size: "
            + (Tree.size(root) >> 10)
            + "\nDepends: libc6, zlib1g"
            + "\nHomepage: https://github.com/squashtree/squashtree"
            + "\nDescription: read, write and compare SquashFS images (sqfs)"
            + "\n sqfs reads and writes SquashFS 4.0 images without mounting them, extracts them"
            + "\n safely, and compares directory trees the way overlayfs sees them: delta layers,"
            + "\n sync into a mounted overlay, apply to an upper directory, flatten. It carries"
            + "\n its own Java runtime.\n",
        StandardCharsets.UTF_8);
    Path deb = target.resolve(DEB_NAME + "_" + debianVersion(version) + "_amd64.deb");
    Files.deleteIfExists(deb);
    Tools.run(
        List.of(
            "dpkg-deb", "--root-owner-group", "-Zgzip", "--build", root.toString(), deb.toString()),
        work,
        Map.of("SOURCE_DATE_EPOCH", Long.toString(epoch)),
        work.resolve("dpkg-deb.log"));
    return deb;
  }

  /** 0.1.0-SNAPSHOT becomes 0.1.0~SNAPSHOT, which Debian orders before 0.1.0. */
  static String debianVersion(String version) {
    return version.replace('-', '~');
  }

  private static void gzip(Path from, Path to) throws IOException {
    // GZIPOutputStream writes no name and a zero mtime: the same page gives the same bytes.
    try (InputStream in = Files.newInputStream(from);
        OutputStream out = new GZIPOutputStream(Files.newOutputStream(to))) {
      in.transferTo(out);
    }
  }
}

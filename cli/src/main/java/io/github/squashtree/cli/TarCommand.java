package io.github.squashtree.cli;

import io.github.squashtree.core.image.SquashfsImage;
import io.github.squashtree.tar.TarExport;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code sqfs tar}: an image, or the subtree at PATH, as a pax tar archive. */
@Command(
    name = "tar",
    footerHeading = "%nExample:%n",
    footer = "  sqfs tar root.sqfs /etc -o etc.tar",
    description = {
      "Write IMAGE (or PATH in it, with its parent directories) as a pax tar archive to stdout or"
          + " FILE, in the image's directory order: owners, modes, times, xattrs, hard links,"
          + " devices, fifos, symlinks, sparse files with their holes (GNU's pax sparse format"
          + " 1.0). Names keep their bytes. Sockets have no tar form and are left out.",
      "With --oci-whiteouts, an overlay layer (from sqfs layer) becomes an OCI layer: whiteouts"
          + " become .wh.NAME, opaque directories get .wh..wh..opq."
    })
final class TarCommand implements Callable<Integer> {
  private static final int BUFFER = 1 << 17;

  @ParentCommand Main main;

  @Parameters(
      index = "0",
      paramLabel = "IMAGE",
      description = "The SquashFS image (a file or a block device).")
  Path image;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "PATH",
      defaultValue = "/",
      description = "The directory or file of the image to archive (default: /).")
  String path;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the archive to FILE (replaced when complete) instead of stdout.")
  Path output;

  @Mixin ArchiveOptionsMixin archive = new ArchiveOptionsMixin();

  @Override
  public Integer call() throws Exception {
    main.subject = image.toString();
    if (output == null && main.outIsTerminal) {
      throw new Main.UsageException(
          "refusing to write an archive to a terminal: use -o FILE or a pipe");
    }
    TarExport.Result r;
    // The archive's bytes and their rate: its length is not known before it is written.
    Progress progress = new Progress(main.err, "archiving", main.progressWanted());
    try (SquashfsImage img = SquashfsImage.open(image)) {
      if (output == null) {
        r = TarExport.write(img, path, progress.counting(main.out), archive.options("char"));
        main.out.flush();
        if (main.out.checkError()) {
          throw new java.io.IOException("writing the archive to stdout failed");
        }
      } else {
        r = toFile(img, progress);
      }
    } finally {
      progress.finish();
    }
    if (r.socketsLeftOut() > 0) {
      Diagnostics.print(
          main.err,
          "warning: " + r.socketsLeftOut() + " sockets left out (tar has no form for them)");
    }
    return Main.OK;
  }

  /**
   * Writes the archive to FILE. A FIFO or a device (a tape, /dev/null) is written as a stream, as
   * GNU tar writes to it, never replaced. A regular file (or the file a symlink names) is written
   * beside it and renamed into place, keeping its mode and owner, so a failure or a signal leaves
   * it as it was; the image itself is refused as FILE.
   */
  private TarExport.Result toFile(SquashfsImage img, Progress progress)
      throws IOException, Main.UsageException {
    Path target = output.toAbsolutePath();
    if (Files.isDirectory(target)) {
      throw new Main.UsageException(output + ": is a directory");
    }
    if (Files.exists(target)) {
      target = target.toRealPath();
      if (Files.isSameFile(target, image)) {
        throw new Main.UsageException(output + ": is the image being read");
      }
      if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
        try (OutputStream out =
            new BufferedOutputStream(
                Files.newOutputStream(target, StandardOpenOption.WRITE), BUFFER)) {
          return TarExport.write(img, path, progress.counting(out), archive.options("char"));
        }
      }
    }
    return replace(img, progress, target);
  }

  private TarExport.Result replace(SquashfsImage img, Progress progress, Path target)
      throws IOException, Main.UsageException {
    PosixFileAttributes existing =
        Files.exists(target, LinkOption.NOFOLLOW_LINKS)
            ? Files.readAttributes(target, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
            : null;
    Path temp =
        Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".partial");
    PartialFile partial = new PartialFile(temp);
    Runtime.getRuntime().addShutdownHook(partial.hook);
    try {
      TarExport.Result r;
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), BUFFER)) {
        r = TarExport.write(img, path, progress.counting(out), archive.options("char"));
      }
      if (existing != null) {
        // as mk keeps a replaced image's: a private archive stays private
        try {
          Files.setOwner(temp, existing.owner());
          Files.getFileAttributeView(temp, PosixFileAttributeView.class).setGroup(existing.group());
        } catch (IOException e) {
          // not root: the archive is the caller's, as a new file would be
        }
        Files.setPosixFilePermissions(temp, existing.permissions());
      } else {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
      }
      partial.commit(target);
      return r;
    } catch (IOException | RuntimeException | Error e) {
      partial.abandon();
      throw e;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(partial.hook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook runs or has run
      }
    }
  }

  /** The archive being written: renamed into place once, or removed (by a signal's hook too). */
  private static final class PartialFile {
    private final Path temp;
    private boolean done;
    final Thread hook = new Thread(this::abandon, "sqfs tar: remove the partial archive");

    PartialFile(Path temp) {
      this.temp = temp;
    }

    synchronized void commit(Path target) throws IOException {
      if (done) {
        throw new IOException("stopped: the partial archive was removed");
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      done = true;
    }

    synchronized void abandon() {
      if (!done) {
        done = true;
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          // nothing more to do; the name says what it is
        }
      }
    }
  }
}

package io.github.squashtree.dist;

import io.github.squashtree.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The man pages and the bash completion script, from the same model as {@code sqfs --help}. */
final class Documentation {
  private static final List<String> ROOT_SECTIONS =
      List.of(
          "EXIT STATUS",
          "0 success; 1 corruption found (verify) or changes found (diff); 2 a usage error, a bad"
              + " image or an I/O error, with one line on standard error (--debug adds the stack"
              + " trace).",
          "ENVIRONMENT",
          "SQFS_JAVA_OPTS: options for the Java VM, e.g. -Xmx2g for a larger heap."
              + " SOURCE_DATE_EPOCH: the creation time of images written, and a clamp on later"
              + " mtimes (as mksquashfs).");

  private Documentation() {}

  /**
   * Writes {@code man/man1/*.1} and {@code bash-completion/completions/sqfs} below {@code share}.
   */
  static void write(Path share) throws IOException {
    CommandLine sqfs = Main.commandLine();
    CommandSpec root = sqfs.getCommandSpec();
    String version;
    try {
      version = String.join(" ", root.versionProvider().getVersion());
    } catch (Exception e) {
      throw new IOException("sqfs's version", e);
    }
    Path man = Files.createDirectories(share.resolve("man/man1"));
    write(man.resolve("sqfs.1"), ManPage.ofRoot(root, version, ROOT_SECTIONS));
    for (var e : sqfs.getSubcommands().entrySet()) {
      CommandSpec c = e.getValue().getCommandSpec();
      if (c.name().equals(e.getKey())) {
        write(man.resolve("sqfs-" + c.name() + ".1"), ManPage.of(c, version));
      }
    }
    Path completions = Files.createDirectories(share.resolve("bash-completion/completions"));
    write(completions.resolve("sqfs"), AutoComplete.bash("sqfs", sqfs));
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}

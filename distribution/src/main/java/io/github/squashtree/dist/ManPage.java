package io.github.squashtree.dist;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A man page in roff (man(7) macros), written straight from picocli's model of a command: picocli's
 * own generator writes AsciiDoc, whose conversion needs asciidoctor (JRuby), seconds of every build
 * for what a hundred lines do here.
 */
final class ManPage {
  private final StringBuilder roff = new StringBuilder(4096);

  private ManPage() {}

  /** The page of one command, {@code sqfs-NAME(1)}. */
  static String of(CommandSpec command, String version) {
    ManPage m = new ManPage();
    String name = command.qualifiedName("-");
    m.header(name, version);
    m.section("NAME").text(name + " - " + first(command.usageMessage().description()));
    m.section("SYNOPSIS").synopsis(command);
    m.section("DESCRIPTION").paragraphs(command.usageMessage().description());
    if (!command.positionalParameters().isEmpty()) {
      m.section("ARGUMENTS");
      for (PositionalParamSpec p : command.positionalParameters()) {
        m.macro(".TP").macro(".I " + escape(p.paramLabel())).paragraphs(p.description());
      }
    }
    m.options(command);
    String[] footer = command.usageMessage().footer();
    if (footer.length > 0) {
      m.section("EXAMPLE").macro(".nf");
      for (String line : footer) {
        m.text(plain(line));
      }
      m.macro(".fi");
    }
    m.section("SEE ALSO").text("sqfs(1), mksquashfs(1), unsquashfs(1)");
    return m.roff.toString();
  }

  /** The page of the command itself, {@code sqfs(1)}: what it is, every command, exit codes. */
  static String ofRoot(CommandSpec root, String version, List<String> extraSections) {
    ManPage m = new ManPage();
    m.header(root.name(), version);
    m.section("NAME").text(root.name() + " - " + first(root.usageMessage().description()));
    m.section("SYNOPSIS").macro(".B " + root.name()).text("COMMAND [OPTIONS] [ARGUMENTS]");
    m.section("DESCRIPTION").paragraphs(root.usageMessage().description());
    m.section("COMMANDS");
    List<String> seeAlso = new ArrayList<>();
    for (var e : root.subcommands().entrySet()) {
      CommandSpec c = e.getValue().getCommandSpec();
      if (c.usageMessage().hidden() || !c.name().equals(e.getKey())) {
        continue;
      }
      String page = root.name() + "-" + c.name();
      m.macro(".TP")
          .macro(".BR " + escape(page) + " (1)")
          .paragraphs(c.usageMessage().description());
      seeAlso.add(page + "(1)");
    }
    m.options(root);
    for (int i = 0; i + 1 < extraSections.size(); i += 2) {
      m.section(extraSections.get(i)).paragraphs(new String[] {extraSections.get(i + 1)});
    }
    m.section("SEE ALSO").text(String.join(", ", seeAlso) + ", mksquashfs(1), unsquashfs(1)");
    return m.roff.toString();
  }

  private void header(String name, String version) {
    macro(".TH " + escape(name.toUpperCase(Locale.ROOT)) + " 1 \"\" \"" + escape(version) + "\"");
  }

  private ManPage section(String title) {
    return macro(".SH " + title);
  }

  private void synopsis(CommandSpec command) {
    macro(".B " + escape(command.qualifiedName(" ")));
    StringBuilder line = new StringBuilder("[OPTIONS]");
    for (PositionalParamSpec p : command.positionalParameters()) {
      boolean optional = p.arity().min() == 0;
      line.append(' ').append(optional ? "[" : "").append(p.paramLabel());
      line.append(p.arity().max() > 1 ? "..." : "").append(optional ? "]" : "");
    }
    text(line.toString());
  }

  private void options(CommandSpec command) {
    List<OptionSpec> shown = new ArrayList<>();
    for (OptionSpec o : command.options()) {
      if (!o.hidden()) {
        shown.add(o);
      }
    }
    if (shown.isEmpty()) {
      return;
    }
    section("OPTIONS");
    for (OptionSpec o : shown) {
      macro(".TP");
      StringBuilder names = new StringBuilder();
      for (String n : o.names()) {
        names.append(names.length() == 0 ? "" : ", ").append("\\fB").append(escape(n));
        names.append("\\fR");
      }
      if (o.arity().max() > 0) {
        names.append(" \\fI").append(escape(o.paramLabel())).append("\\fR");
      }
      roff.append(names).append('\n');
      paragraphs(o.description());
    }
  }

  private ManPage paragraphs(String[] texts) {
    boolean first = true;
    for (String t : texts) {
      if (!first) {
        macro(".IP");
      }
      first = false;
      text(plain(t));
    }
    return this;
  }

  private ManPage macro(String line) {
    roff.append(line).append('\n');
    return this;
  }

  /** Running text: each line escaped so that roff reads it as text. */
  private ManPage text(String text) {
    for (String line : text.split("\n", -1)) {
      String e = escape(line.strip());
      if (e.startsWith(".") || e.startsWith("'")) {
        roff.append("\\&");
      }
      roff.append(e).append('\n');
    }
    return this;
  }

  /** picocli's format markup gone: {@code %n} is a line break, {@code %%} a percent sign. */
  private static String plain(String s) {
    return s.replace("%n", "\n").replace("%%", "%");
  }

  private static String first(String[] description) {
    String d = description.length == 0 ? "" : plain(description[0]);
    int end = d.indexOf(". ");
    return end < 0 ? d : d.substring(0, end + 1);
  }

  /** Backslashes and minus signs as roff writes them (a bare - may print as a hyphen). */
  static String escape(String s) {
    return s.replace("\\", "\\e").replace("-", "\\-");
  }
}

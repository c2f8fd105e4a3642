package io.github.squashtree.dist;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.cli.Main;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

class ManPageTest {
  private final CommandLine sqfs = Main.commandLine();

  @Test
  void aCommandsPageHasEveryArgumentAndOptionAndItsExample() {
    CommandSpec mk = sqfs.getSubcommands().get("mk").getCommandSpec();
    String page = ManPage.of(mk, "sqfs 1.0");
    assertTrue(page.startsWith(".TH SQFS\\-MK 1 \"\" \"sqfs 1.0\"\n"), page);
    for (String section : List.of("NAME", "SYNOPSIS", "DESCRIPTION", "ARGUMENTS", "OPTIONS")) {
      assertTrue(page.contains("\n.SH " + section + "\n"), section);
    }
    assertTrue(page.contains("\n.B sqfs mk\n[OPTIONS] SOURCE IMAGE\n"), page);
    for (OptionSpec o : mk.options()) {
      assertTrue(page.contains("\\fB" + ManPage.escape(o.longestName()) + "\\fR"), o.longestName());
    }
    assertTrue(page.contains("\n.SH EXAMPLE\n.nf\nsqfs mk "), page);
    assertFalse(page.contains("%n") || page.contains("%%") || page.contains("${"), page);
  }

  @Test
  void textCannotBeReadAsARequest() {
    // Every line is a macro we wrote or text; no text line starts with a dot or a quote.
    for (var e : sqfs.getSubcommands().entrySet()) {
      String page = ManPage.of(e.getValue().getCommandSpec(), "v");
      for (String line : page.split("\n")) {
        if (line.startsWith(".") || line.startsWith("'")) {
          assertTrue(line.matches("\\.(TH|SH|TP|IP|B|BR|I|nf|fi)( .*)?"), e.getKey() + ": " + line);
        }
      }
      assertFalse(page.matches("(?s).*[^\\\\]-.*"), "every minus escaped in " + e.getKey());
    }
  }

  @Test
  void theRootPageListsEveryCommand() {
    String page = ManPage.ofRoot(sqfs.getCommandSpec(), "v", List.of("EXIT STATUS", "0 ok"));
    for (String name : sqfs.getSubcommands().keySet()) {
      assertTrue(page.contains(".BR sqfs\\-" + name + " (1)"), name);
    }
    assertTrue(page.contains("\n.SH EXIT STATUS\n0 ok\n"), page);
  }

  @Test
  void onlyOtherPlatformsNativesAreLeftOut() {
    for (String other :
        List.of(
            "com/sun/jna/linux-x86-64/libjnidispatch.so",
            "com/sun/jna/darwin-aarch64/libjnidispatch.jnilib",
            "darwin/aarch64/libzstd-jni-1.5.7-6.dylib",
            "linux/aarch64/libzstd-jni-1.5.7-6.so",
            "win/amd64/",
            "net/jpountz/util/windows/amd64/liblz4-java.dll",
            "net/jpountz/util/linux/s390x/liblz4-java.so",
            "native/linux-x86_64/libjlibdeflate.so",
            "native/osx-aarch64/libjlibdeflate.dylib")) {
      assertTrue(Natives.isOtherPlatform(other), other);
    }
    for (String kept :
        List.of(
            "linux/amd64/libzstd-jni-1.5.7-6.so",
            "net/jpountz/util/linux/amd64/liblz4-java.so",
            "com/sun/jna/win32/StdCallLibrary.class",
            "com/sun/jna/Native.class",
            "net/jpountz/util/Native.class",
            "com/github/luben/zstd/Zstd.class")) {
      assertFalse(Natives.isOtherPlatform(kept), kept);
    }
  }
}

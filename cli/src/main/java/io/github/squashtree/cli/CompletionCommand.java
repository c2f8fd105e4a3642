package io.github.squashtree.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code sqfs completion bash}: the completion script for every command and option. */
@Command(
    name = "completion",
    description = {
      "Print a completion script for SHELL: commands, options and their values, file names.",
      "Load it with: source <(sqfs completion bash); the Debian package installs it."
    },
    footerHeading = "%nExample:%n",
    footer = "  sqfs completion bash > /etc/bash_completion.d/sqfs")
final class CompletionCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "SHELL",
      description = "bash (zsh reads the same script after bashcompinit).")
  String shell;

  @Override
  public Integer call() throws Exception {
    if (!shell.equals("bash")) {
      throw new Main.UsageException("completion: no script for '" + shell + "' (only bash)");
    }
    main.out.print(AutoComplete.bash("sqfs", spec.root().commandLine()));
    return Main.OK;
  }
}

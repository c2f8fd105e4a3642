package io.github.squashtree.cli;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.internal.host.HostFileSystem;
import io.github.squashtree.tar.TarFormatException;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code sqfs} command. Exit codes: 0 success, 1 corruption found by {@code verify}, 2 usage
 * error, bad image or I/O error. Errors are one line on stderr unless {@code --debug} is given.
 */
@Command(
    name = "sqfs",
    mixinStandardHelpOptions = true,
    // Every subcommand answers --help (and --version) too.
    scope = ScopeType.INHERIT,
    versionProvider = Main.Version.class,
    description = "Reads and writes SquashFS 4.0 images.")
public final class Main implements Callable<Integer> {
  /** Every command, in the order --help lists them. */
  static final List<Class<?>> COMMANDS =
      List.of(
          InfoCommand.class,
          LsCommand.class,
          CatCommand.class,
          ExtractCommand.class,
          VerifyCommand.class,
          MkCommand.class,
          TarCommand.class,
          DiffCommand.class,
          SyncCommand.class,
          LayerCommand.class,
          ApplyCommand.class,
          FlattenCommand.class);

  static final int OK = 0;
  static final int CORRUPT = 1;
  static final int FAILURE = 2;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Show stack traces of errors.")
  boolean debug;

  @Option(
      names = "--no-progress",
      scope = ScopeType.INHERIT,
      description = "Never show a progress bar.")
  boolean noProgress;

  @Option(
      names = {"-q", "--quiet"},
      scope = ScopeType.INHERIT,
      description =
          "No summaries and no progress (as mksquashfs -quiet); errors and warnings still go to"
              + " stderr, listings and changes to stdout.")
  boolean quiet;

  @Spec CommandSpec spec;

  final PrintStream out;
  final PrintStream err;

  /** Whether {@code out} is the process's terminal: listings then escape names ({@code ls -b}). */
  final boolean outIsTerminal;

  /**
   * The image a format error is about, or null (a format error's message does not name the image;
   * other errors name their own files).
   */
  String subject;

  Main(PrintStream out, PrintStream err, boolean outIsTerminal) {
    this.out = out;
    this.err = err;
    this.outIsTerminal = outIsTerminal;
  }

  public static void main(String[] args) {
    // A thread of its own that runs out of memory (none the command waits on should) ends the run
    // as an out-of-memory in the command does: one line, exit 2.
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, e) -> {
          OutOfMemoryError oom = OutOfMemory.find(e);
          if (oom == null) {
            System.err.print("Exception in thread \"" + thread.getName() + "\" ");
            e.printStackTrace();
            return;
          }
          try {
            OutOfMemory.report(System.err, oom);
          } catch (Throwable again) {
            // nothing more can be said; the exit status still tells
          }
          System.exit(FAILURE);
        });
    warmUpHostAccess(args);
    PrintStream out =
        new PrintStream(
            new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
            false,
            StandardCharsets.UTF_8);
    int code = run(args, out, System.err, System.console() != null);
    out.flush();
    System.exit(code);
  }

  /** Commands that read or write host files' owners, modes, times and xattrs through JNA. */
  private static final Set<String> HOST_COMMANDS =
      Set.of("diff", "sync", "mk", "layer", "apply", "flatten", "extract");

  /**
   * Binds libc through JNA on another thread while picocli builds the command line: both take about
   * a tenth of a second, and a short {@code diff} or {@code sync} feels it.
   */
  private static void warmUpHostAccess(String[] args) {
    String name = commandName(args);
    Runnable warmUp = null;
    if (name != null && HOST_COMMANDS.contains(name)) {
      warmUp = HostFileSystem::get;
    } else if ("ls".equals(name) && longListing(args)) {
      warmUp = OwnerNames.Libc::load; // ls -l asks libc for owner names
    }
    if (warmUp != null) {
      Thread t = new Thread(warmUp, "sqfs-host-init");
      t.setDaemon(true);
      t.start();
    }
  }

  /** Whether a short option cluster holds -l (ls -l, -lR, -Rl). */
  private static boolean longListing(String[] args) {
    for (String a : args) {
      if (a.startsWith("-") && !a.startsWith("--") && a.indexOf('l') > 0) {
        return true;
      }
    }
    return false;
  }

  /** The first word that is not an option: the command's name, if the line is right; or null. */
  private static String commandName(String[] args) {
    for (String a : args) {
      if (!a.startsWith("-")) {
        return a;
      }
    }
    return null;
  }

  /** Runs the command line and returns the exit code; output goes to the given streams. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, false);
  }

  private static int run(String[] args, PrintStream out, PrintStream err, boolean terminal) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      // The version needs no parser: picocli's model of every command was most of this run.
      out.println(Version.line());
      out.flush();
      return OK;
    }
    Main main = new Main(out, err, terminal);
    CommandLine cmd = commandLine(main, commandName(args));
    cmd.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cmd.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cmd.setParameterExceptionHandler(
        (e, a) -> {
          Diagnostics.print(err, e.getMessage() + suggestion(e));
          return FAILURE;
        });
    cmd.setExecutionExceptionHandler((e, c, parsed) -> main.report(e));
    int code;
    try {
      code = cmd.execute(args);
    } catch (Error e) {
      // picocli passes only exceptions to the handler; an error (out of memory, say) comes here.
      code = main.report(e);
    }
    out.flush();
    return code;
  }

  /**
   * The whole command line, every command and {@code help} and {@code completion} included: what
   * help, completion scripts and man pages are made from. Output goes to stdout and stderr.
   */
  public static CommandLine commandLine() {
    return commandLine(new Main(System.out, System.err, false), null);
  }

  /**
   * The command line for {@code name}: only that command when it is one of {@link #COMMANDS}
   * (picocli's reflective set-up of all of them was most of a short run's start-up), else all of
   * them, for help, completion and suggestions.
   */
  private static CommandLine commandLine(Main main, String name) {
    CommandLine cmd = new CommandLine(main);
    for (Class<?> c : COMMANDS) {
      if (c.getAnnotation(Command.class).name().equals(name)) {
        return cmd.addSubcommand(c);
      }
    }
    COMMANDS.forEach(cmd::addSubcommand);
    cmd.addSubcommand(HelpCommand.class);
    cmd.addSubcommand(new CompletionCommand());
    return cmd;
  }

  /** " (did you mean X?)" when picocli knows a close match for an unknown word, else "". */
  private static String suggestion(ParameterException e) {
    if (e instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
      List<String> close = u.getSuggestions();
      return "; did you mean "
          + String.join(" or ", close.subList(0, Math.min(3, close.size())))
          + "? (see sqfs help)";
    }
    return "";
  }

  @Override
  public Integer call() {
    // Listed from the registered subcommands, so a new command cannot be left out.
    Diagnostics.print(
        err,
        "a command is needed ("
            + String.join(", ", spec.subcommands().keySet())
            + "); see sqfs help");
    return FAILURE;
  }

  /** Whether stderr may show a progress bar: it is a terminal and none was refused. */
  boolean progressWanted() {
    return !noProgress && !quiet && System.console() != null;
  }

  /** Where a command's closing summary goes: stdout, or nowhere with --quiet. */
  PrintStream summary() {
    return quiet ? new PrintStream(OutputStream.nullOutputStream()) : out;
  }

  private int report(Throwable e) {
    out.flush();
    if (debug) {
      e.printStackTrace(err);
    }
    OutOfMemoryError oom = OutOfMemory.find(e);
    if (oom != null) {
      OutOfMemory.report(err, oom);
    } else if (!debug) {
      Diagnostics.print(err, message(e));
    }
    return FAILURE;
  }

  private String message(Throwable e) {
    String about = subject == null ? "" : subject + ": ";
    if (e instanceof SquashfsFormatException || e instanceof TarFormatException) {
      return about + e.getMessage();
    }
    if (e instanceof NoSuchFileException f) {
      return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : "no such file");
    }
    if (e instanceof AccessDeniedException f) {
      return f.getFile() + ": permission denied";
    }
    if (e instanceof FileAlreadyExistsException f) {
      return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : "already exists");
    }
    if (e instanceof FileSystemException f) {
      return f.getMessage();
    }
    if (e instanceof UsageException) {
      return e.getMessage();
    }
    if (e instanceof IOException) {
      return e.getMessage() != null ? e.getMessage() : e.toString();
    }
    return "internal error: " + e + " (run with --debug for details)";
  }

  /** Bad input that is neither a malformed image nor an I/O failure; exits with code 2. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /** The version from the build. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {line()};
    }

    /** "sqfs VERSION". */
    static String line() {
      Properties p = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException e) {
        // the jar is unreadable: say so in the version rather than fail
      }
      return "sqfs " + p.getProperty("version", "unknown");
    }
  }
}

package io.github.squashtree.core.tree;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Entries added to a tree, and metadata changed in it, by mksquashfs 4.5.1's pseudo file
 * definitions ({@code -p}, {@code -pf}), so that an image holds device nodes, owners and modes the
 * user building it cannot create on disk.
 *
 * <p>Supported types: {@code d} directory, {@code m} new mode, uid and gid of an existing entry,
 * {@code b}/{@code c} block and character devices, {@code s} symlink, {@code i} socket ({@code s})
 * or fifo ({@code f}); and their timed forms {@code D M B C S I}, which take the mtime in seconds
 * before the mode (mksquashfs also accepts a date string there, which it hands to {@code date}:
 * refused here). {@code f}/{@code F} (a file holding a command's output) are refused, as are {@code
 * l}, {@code L} and {@code R}. uid and gid are numbers or names of this host's accounts.
 *
 * <p>Applied as mksquashfs applies them, after the source was read and filtered: a definition whose
 * name the source already has is ignored (exclude the source's entry to replace it), an {@code m}
 * for a missing entry is ignored, definitions below a name that is neither in the source nor
 * defined as a directory are ignored; each with a warning. Of two definitions of one name the first
 * counts. Where mksquashfs gives the untimed types the clock's time, they get the mtime of the
 * source's root here, so that the same sources give the same image.
 */
public final class PseudoDefinitions {
  /** No definitions. */
  public static final PseudoDefinitions NONE = new PseudoDefinitions(List.of());

  /** Resolves the user and group names definitions may use instead of numbers. */
  public interface Accounts {
    /**
     * The uid of a user name, if there is such a user.
     *
     * @param name the user name
     * @return its uid, or empty
     * @throws IOException if the accounts cannot be read
     */
    OptionalLong uid(String name) throws IOException;

    /**
     * The gid of a group name, if there is such a group.
     *
     * @param name the group name
     * @return its gid, or empty
     * @throws IOException if the accounts cannot be read
     */
    OptionalLong gid(String name) throws IOException;

    /** Accepts numbers only. */
    Accounts NUMBERS_ONLY =
        new Accounts() {
          @Override
          public OptionalLong uid(String name) {
            return OptionalLong.empty();
          }

          @Override
          public OptionalLong gid(String name) {
            return OptionalLong.empty();
          }
        };
  }

  /**
   * One parsed definition.
   *
   * @param text the definition as written
   * @param path absolute path of the entry it defines ("/dev/console")
   * @param type the type of a new entry; {@code null} for {@code m}/{@code M} (modify)
   * @param permissions permission bits ({@code 07777}; 0777 for a symlink)
   * @param uid owner
   * @param gid group
   * @param mtime the time of a timed ({@code D M ...}) definition
   * @param major device major number
   * @param minor device minor number
   * @param symlinkTarget the target of a symlink, else {@code null}
   */
  public record Definition(
      String text,
      String path,
      EntryType type,
      int permissions,
      long uid,
      long gid,
      OptionalLong mtime,
      int major,
      int minor,
      String symlinkTarget) {
    /**
     * Checks that the text, path and mtime are given and that no name of the path is "." or "..".
     *
     * @param text the definition as written
     * @param path absolute path of the entry it defines ("/dev/console")
     * @param type the type of a new entry; {@code null} for {@code m}/{@code M} (modify)
     * @param permissions permission bits ({@code 07777}; 0777 for a symlink)
     * @param uid owner
     * @param gid group
     * @param mtime the time of a timed ({@code D M ...}) definition
     * @param major device major number
     * @param minor device minor number
     * @param symlinkTarget the target of a symlink, else {@code null}
     */
    public Definition {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(mtime, "mtime");
      for (String name : path.substring(1).split("/")) {
        if (name.equals(".") || name.equals("..")) {
          throw new IllegalArgumentException(
              "pseudo definition '" + text + "': '" + name + "' cannot be a name in an image");
        }
      }
    }

    /**
     * Whether this changes an existing entry ({@code m}, {@code M}) rather than adding one.
     *
     * @return true for {@code m} and {@code M}
     */
    public boolean modifies() {
      return type == null;
    }
  }

  private final List<Definition> definitions;

  private PseudoDefinitions(List<Definition> definitions) {
    this.definitions = List.copyOf(definitions);
  }

  /**
   * One definition, as given to mksquashfs's {@code -p}.
   *
   * @param definition the definition
   * @param accounts resolves user and group names
   * @return the one definition
   * @throws IllegalArgumentException if it is malformed or of a refused type
   * @throws IOException if the accounts cannot be read
   */
  public static PseudoDefinitions parse(String definition, Accounts accounts) throws IOException {
    return new PseudoDefinitions(List.of(PseudoParser.parse(definition, accounts)));
  }

  /**
   * The definitions of a pseudo file, as given to mksquashfs's {@code -pf}: one a line, a line
   * ending in {@code \} continued on the next, blank lines and lines starting with {@code #}
   * skipped. Bytes are taken as names are ({@link Names#decode}).
   *
   * @param file the pseudo file's bytes
   * @param fileName the file's name, for messages
   * @param accounts resolves user and group names
   * @return the definitions, in order
   * @throws IllegalArgumentException naming the line of a malformed definition
   * @throws IOException if the accounts cannot be read
   */
  public static PseudoDefinitions parseFile(byte[] file, String fileName, Accounts accounts)
      throws IOException {
    List<Definition> out = new ArrayList<>();
    String text = Names.decode(file);
    String[] lines = text.split("\n", -1);
    StringBuilder pending = new StringBuilder();
    int firstLine = 0;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (pending.length() == 0) {
        firstLine = i + 1;
      }
      // A trailing backslash continues the line, unless it is itself escaped ("\\").
      if (line.endsWith("\\") && !line.endsWith("\\\\")) {
        pending.append(line, 0, line.length() - 1);
        if (i < lines.length - 1) {
          continue;
        }
      } else {
        pending.append(line);
      }
      String def = pending.toString().stripLeading();
      pending.setLength(0);
      if (def.isEmpty() || def.startsWith("#")) {
        continue;
      }
      try {
        out.add(PseudoParser.parse(def, accounts));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(fileName + ":" + firstLine + ": " + e.getMessage(), e);
      }
    }
    return new PseudoDefinitions(out);
  }

  /**
   * These definitions followed by {@code more} (on a clash the first counts).
   *
   * @param more the definitions to add after these
   * @return all of them
   */
  public PseudoDefinitions plus(PseudoDefinitions more) {
    List<Definition> all = new ArrayList<>(definitions);
    all.addAll(more.definitions);
    return new PseudoDefinitions(all);
  }

  /**
   * The definitions, in the order given.
   *
   * @return the definitions
   */
  public List<Definition> definitions() {
    return definitions;
  }

  /**
   * Whether there are none.
   *
   * @return true when there is no definition
   */
  public boolean isEmpty() {
    return definitions.isEmpty();
  }

  /**
   * {@code tree} with these definitions applied; each definition that is ignored is reported to
   * {@code warnings} (one line, naming it and why). Closing the view closes {@code tree}.
   *
   * @param tree the tree, already filtered
   * @param warnings receives a line for each definition that is ignored
   * @return the view, or {@code tree} itself without definitions
   * @throws IOException if the tree cannot be read
   */
  public Tree apply(Tree tree, Consumer<String> warnings) throws IOException {
    return isEmpty() ? tree : PseudoTree.of(tree, definitions, warnings);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PseudoDefinitions p && definitions.equals(p.definitions);
  }

  @Override
  public int hashCode() {
    return definitions.hashCode();
  }
}

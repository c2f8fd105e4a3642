package io.github.squashtree.cli;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * User and group names for numeric ids, as {@code unsquashfs -lls} shows them: asked of the system
 * with {@code getpwuid_r} and {@code getgrgid_r}, so whatever the name service switch serves
 * (/etc/passwd, LDAP, systemd's dynamic users) is seen. Each id is asked once. An id without a
 * name, or a host where libc cannot be called (no JNA), prints as its number.
 */
final class OwnerNames {
  /** The lookups of a host: a name's bytes, or null. */
  interface Lookup {
    byte[] user(long uid);

    byte[] group(long gid);
  }

  private static final Lookup NONE =
      new Lookup() {
        @Override
        public byte[] user(long uid) {
          return null;
        }

        @Override
        public byte[] group(long gid) {
          return null;
        }
      };

  private final Lookup lookup;
  private final Map<Long, byte[]> users = new HashMap<>();
  private final Map<Long, byte[]> groups = new HashMap<>();

  OwnerNames(Lookup lookup) {
    this.lookup = lookup;
  }

  /** Names from the system's name services. */
  static OwnerNames host() {
    Lookup libc = Libc.load();
    return new OwnerNames(libc != null ? libc : NONE);
  }

  /** Numbers only, as {@code unsquashfs -lln}. */
  static OwnerNames numeric() {
    return new OwnerNames(NONE);
  }

  byte[] user(long uid) {
    return users.computeIfAbsent(uid, id -> orNumber(lookup.user(id), id));
  }

  byte[] group(long gid) {
    return groups.computeIfAbsent(gid, id -> orNumber(lookup.group(id), id));
  }

  private static byte[] orNumber(byte[] name, long id) {
    return name != null ? name : Long.toString(id).getBytes(StandardCharsets.US_ASCII);
  }

  /** getpwuid_r and getgrgid_r through JNA: the name is the first field of both structs. */
  static final class Libc implements Lookup {
    private static final int ERANGE = 34;
    private static final int STRUCT_BYTES = 64; // struct passwd is 48 bytes, struct group 32
    private static final int MAX_BUFFER = 1 << 20;

    private final Function getpwuid;
    private final Function getgrgid;

    private Libc(Function getpwuid, Function getgrgid) {
      this.getpwuid = getpwuid;
      this.getgrgid = getgrgid;
    }

    /** The lookups, or null where libc cannot be called. */
    static Libc load() {
      try {
        NativeLibrary c = NativeLibrary.getInstance("c");
        return new Libc(c.getFunction("getpwuid_r"), c.getFunction("getgrgid_r"));
      } catch (LinkageError | RuntimeException e) {
        return null;
      }
    }

    @Override
    public byte[] user(long uid) {
      return name(getpwuid, uid);
    }

    @Override
    public byte[] group(long gid) {
      return name(getgrgid, gid);
    }

    private static byte[] name(Function f, long id) {
      if (id < 0 || id > 0xFFFFFFFFL) {
        return null;
      }
      // The entry's strings go into the buffer; a long member list (of a group) needs a larger one.
      for (int size = 4096; size <= MAX_BUFFER; size *= 4) {
        try (Memory entry = new Memory(STRUCT_BYTES);
            Memory buffer = new Memory(size);
            Memory result = new Memory(Native.POINTER_SIZE)) {
          result.setPointer(0, null);
          int rc =
              f.invokeInt(new Object[] {(int) id, entry, buffer, new NativeLong(size), result});
          if (rc == ERANGE) {
            continue;
          }
          Pointer found = rc == 0 ? result.getPointer(0) : null;
          Pointer name = found == null ? null : found.getPointer(0);
          if (name == null) {
            return null;
          }
          long length = name.indexOf(0, (byte) 0);
          return length <= 0 ? null : name.getByteArray(0, (int) length);
        }
      }
      return null;
    }
  }
}

package io.github.squashtree.core.write;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Collects the distinct uid/gid values in order of first use; inodes store their index. */
final class IdTableBuilder {
  private static final int MAX_IDS = 65536;

  private final Map<Long, Integer> indexes = new HashMap<>();
  private final List<Long> ids = new ArrayList<>();

  int indexOf(long id) throws IOException {
    Integer index = indexes.get(id);
    if (index != null) {
      return index;
    }
    if (ids.size() == MAX_IDS) {
      throw new IOException("more than 65536 distinct uids and gids: SquashFS cannot hold them");
    }
    indexes.put(id, ids.size());
    ids.add(id);
    return ids.size() - 1;
  }

  List<Long> ids() {
    return ids;
  }
}

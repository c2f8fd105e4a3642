package io.github.squashtree.core.internal.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.internal.format.FileInode;
import io.github.squashtree.core.internal.format.Inode;
import io.github.squashtree.core.internal.io.ByteSource;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandImageReadTest {

  @Test
  void readsEveryEntryOfAHandBuiltImage() throws Exception {
    try (ImageReader img = ImageReader.open(ByteSource.of(HandImages.valid()));
        ImageTree tree = ImageTree.of(img)) {
      List<Entry> children = tree.children(tree.root());
      assertEquals(List.of("/a", "/l", "/p"), children.stream().map(Entry::path).toList());
      assertEquals(EntryType.FILE, children.get(0).type());
      assertEquals(5, children.get(0).metadata().size());
      assertEquals("a", children.get(1).metadata().symlinkTarget());
      assertEquals(EntryType.FIFO, children.get(2).type());
      try (InputStream in = tree.open(children.get(0))) {
        assertEquals("hello", new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      assertEquals(0644, children.get(0).metadata().permissions());
      assertEquals(1_700_000_000L, children.get(0).metadata().mtime().getEpochSecond());
    }
  }

  @Test
  void readsTheSameFromEverySourceKind() throws Exception {
    byte[] bytes = HandImages.valid();
    for (ByteSource source :
        List.of(ByteSource.of(bytes), ByteSource.of(ByteBuffer.wrap(bytes.clone())))) {
      try (ImageReader image = ImageReader.open(source)) {
        Inode a = image.lookup("/a").orElseThrow();
        byte[] buf = new byte[3];
        assertEquals(3, image.read((FileInode) a, 2, buf, 0, 3));
        assertArrayEquals("llo".getBytes(StandardCharsets.UTF_8), buf);
        assertEquals(-1, image.read((FileInode) a, 5, buf, 0, 3));
        assertTrue(image.lookup("/missing").isEmpty());
        assertTrue(image.lookup("/a/below-a-file").isEmpty());
      }
    }
  }
}

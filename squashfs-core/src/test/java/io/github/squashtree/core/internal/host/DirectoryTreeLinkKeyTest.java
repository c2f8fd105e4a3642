package io.github.squashtree.core.internal.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class DirectoryTreeLinkKeyTest {
  @Test
  void rootDeviceKeysAreInodeNumbers() {
    DirectoryLinkKeys keys = new DirectoryLinkKeys(0x801);
    assertEquals(12345L, keys.key(0x801, 12345L));
  }

  @Test
  void sameInodeOnOtherDevicesGetsOtherKeys() {
    DirectoryLinkKeys keys = new DirectoryLinkKeys(0x801);
    long root = keys.key(0x801, 7);
    long other = keys.key(0x2a, 7);
    long third = keys.key(0x2b, 7);
    assertNotEquals(root, other);
    assertNotEquals(other, third);
    assertNotEquals(root, third);
    assertEquals(other, keys.key(0x2a, 7), "stable for the life of the tree");
  }
}

package io.github.squashtree.overlay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading overlay mounts and their upper directories from mountinfo lines. */
class MountedUppersTest {
  @Test
  void upperDirsOfOverlayMountsAreReadWithTheKernelsEscapesUndone() {
    List<String> mountinfo =
        List.of(
            "22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw",
            "97 22 0:52 / /mnt/my\\040merged rw,relatime shared:50 - overlay overlay"
                + " rw,lowerdir=/l,upperdir=/srv/up\\054per\\040dir,workdir=/srv/work",
            "98 22 0:53 / /mnt/ro rw,relatime - overlay overlay rw,lowerdir=/a:/b",
            "99 22 0:54 / /mnt/x rw master:3 - tmpfs tmpfs rw,upperdir=/not/an/overlay");
    List<String[]> overlays = MountedUppers.overlays(mountinfo);
    assertEquals(1, overlays.size());
    assertArrayEquals(new String[] {"/mnt/my merged", "/srv/up,per dir"}, overlays.get(0));
  }

  @Test
  void aBackslashNotFollowedByThreeOctalDigitsStays() {
    assertEquals("a\\b", MountedUppers.unescape("a\\b"));
    assertEquals("a\\", MountedUppers.unescape("a\\"));
    assertEquals("tab\there", MountedUppers.unescape("tab\\011here"));
  }
}

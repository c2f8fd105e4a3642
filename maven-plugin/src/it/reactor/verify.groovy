// -T 2 built both images and the layer; each reads back; the layer over the base shows the new tree
// (unsquashfs; as root, the kernel's overlayfs); everything attached was installed.
import java.nio.file.*

def run(List<String> cmd) {
  def p = new ProcessBuilder(cmd.collect { it.toString() }).redirectErrorStream(true).start()
  def out = p.inputStream.text
  if (p.waitFor() != 0) throw new AssertionError("${cmd} failed: ${out}")
  return out
}
def names(File image) {
  run(['unsquashfs', '-lln', image.path]).readLines()
      .findAll { it =~ /^[-dlbcps][-rwxsStT]{9} / }
      .collect { it.split(/\s+/).with { f -> f[0].substring(0, 1) + ' ' + f[-1] } }
}

File base = new File(basedir, 'base/target/base-1.0.sqfs')
File app = new File(basedir, 'app/target/app-1.0.sqfs')
File layer = new File(basedir, 'update/target/update-1.0-layer.sqfs')
[base, app, layer].each { assert it.isFile() : "missing ${it}" }
assert names(app) == ['d squashfs-root', 'd squashfs-root/srv', '- squashfs-root/srv/index.html']
def l = names(layer)
// the changed file and the new directory are in the layer; the deleted one (its directory keeps
// another lower file, so it is no opaque directory) is a 0/0 whiteout (an
// unchanged file is there too when only its mtime differs: outputTimestamp clamped the base's)
assert l.contains('- squashfs-root/etc/version') : l
assert l.contains('- squashfs-root/opt/app/run') : l
assert l.contains('c squashfs-root/opt/obsolete') : l

def repo = new File(localRepositoryPath, 'io/github/squashtree/it')
assert new File(repo, 'base/1.0/base-1.0.sqfs').isFile()
assert new File(repo, 'app/1.0/app-1.0.sqfs').isFile()
assert new File(repo, 'update/1.0/update-1.0-layer.sqfs').isFile()

boolean root = run(['id', '-u']).trim() == '0'
if (root) {
  File t = new File(basedir, 'target')
  def lower1 = new File(t, 'l1'), lower2 = new File(t, 'l2'), merged = new File(t, 'merged')
  [lower1, lower2, merged].each { it.mkdirs() }
  run(['mount', '-t', 'squashfs', '-o', 'loop,ro', base.path, lower1.path])
  try {
    run(['mount', '-t', 'squashfs', '-o', 'loop,ro', layer.path, lower2.path])
    try {
      run(['mount', '-t', 'overlay', 'overlay', '-o', "lowerdir=${lower2.path}:${lower1.path}", merged.path])
      try {
        run(['diff', '-r', new File(basedir, 'update/src/new').path, merged.path])
      } finally {
        run(['umount', merged.path])
      }
    } finally {
      run(['umount', lower2.path])
    }
  } finally {
    run(['umount', lower1.path])
  }
} else if ((requireAll ?: '') == '1') {
  throw new AssertionError('SQUASHTREE_REQUIRE_ALL=1: the kernel mount needs root')
}
return true

// The image equals the expected tree (unsquashfs; the kernel as root), two clean builds gave the
// same bytes, the third build found it up to date, and install put it in the local repository.
import java.nio.file.*

def run(List<String> cmd) {
  def p = new ProcessBuilder(cmd.collect { it.toString() }).redirectErrorStream(true).start()
  def out = p.inputStream.text
  if (p.waitFor() != 0) throw new AssertionError("${cmd} failed: ${out}")
  return out
}

File image = new File(basedir, 'target/mk-image-1.0.sqfs')
File first = new File(basedir, 'first.sqfs')
assert image.isFile() : "no image"
assert first.isFile() : "no image from the first build"
assert Arrays.equals(Files.readAllBytes(image.toPath()), Files.readAllBytes(first.toPath())) :
    'two clean builds gave different bytes'

def listing = run(['unsquashfs', '-lln', image.path]).readLines()
    .findAll { it =~ /^[-dlbcps][-rwxsStT]{9} / }
    .collect { it.split(/\s+/).with { f -> f[0] + ' ' + f[1] + ' ' + f[-1] } }
def expected = [
  'drwxr-xr-x 0/0 squashfs-root',
  'drwxr-xr-x 0/0 squashfs-root/dev',
  'crw------- 0/0 squashfs-root/dev/console',
  'drwxr-xr-x 0/0 squashfs-root/etc',
  '-rw-r--r-- 0/0 squashfs-root/etc/hostname',
  '-rw-r--r-- 0/0 squashfs-root/etc/passwd',
  'drwxr-xr-x 0/0 squashfs-root/proc',
  'drwxr-xr-x 0/0 squashfs-root/tmp',
  '-rw-r--r-- 0/0 squashfs-root/tmp/.keep',
  'drwxr-xr-x 0/0 squashfs-root/usr',
  'drwxr-xr-x 0/0 squashfs-root/usr/bin',
  '-rwxr-xr-x 0/0 squashfs-root/usr/bin/hello',
  'drwxr-xr-x 0/0 squashfs-root/var',
  'drwxr-xr-x 0/0 squashfs-root/var/cache',
]
assert listing == expected : "listing:\n${listing.join('\n')}"
assert run(['unsquashfs', '-s', image.path]).contains('Compression zstd')
// mtimes later than project.build.outputTimestamp are clamped to it (2024-01-01)
assert run(['unsquashfs', '-lln', image.path]).contains('2024-01-01 00:00 squashfs-root/etc/hostname')

File out = new File(basedir, 'target/extracted')
run(['unsquashfs', '-d', out.path, image.path])
assert new File(out, 'usr/bin/hello').text == new File(basedir, 'src/root/usr/bin/hello').text
assert new File(out, 'etc/passwd').text == new File(basedir, 'src/root/etc/passwd').text

boolean root = run(['id', '-u']).trim() == '0'
boolean requireAll = (requireAll ?: '') == '1'
if (root) {
  File mnt = new File(basedir, 'target/mnt')
  mnt.mkdirs()
  run(['mount', '-t', 'squashfs', '-o', 'loop,ro', image.path, mnt.path])
  try {
    def seen = new ProcessBuilder(['find', '.', '-printf', '%p %y %m %U %G %s\\n']).directory(mnt)
        .start().inputStream.text.readLines().sort()
    assert seen.contains('./dev/console c 600 0 0 0') : seen
    assert seen.contains('./usr/bin/hello f 755 0 0 ' + new File(basedir, 'src/root/usr/bin/hello').length()) : seen
    assert !seen.any { it.startsWith('./var/cache/apt') } : seen
    assert new File(mnt, 'usr/bin/hello').text == new File(basedir, 'src/root/usr/bin/hello').text
    assert seen.size() == expected.size() : seen
  } finally {
    run(['umount', mnt.path])
  }
} else if (requireAll) {
  throw new AssertionError('SQUASHTREE_REQUIRE_ALL=1: the kernel mount needs root')
} else {
  println 'kernel mount skipped: not root'
}

String log = new File(basedir, 'build.log').text
assert log.contains('is up to date') : 'the third build wrote the image again'

File installed = new File(localRepositoryPath, 'io/github/squashtree/it/mk-image/1.0/mk-image-1.0.sqfs')
assert installed.isFile() : "not installed: ${installed}"
assert Arrays.equals(Files.readAllBytes(installed.toPath()), Files.readAllBytes(image.toPath()))
return true

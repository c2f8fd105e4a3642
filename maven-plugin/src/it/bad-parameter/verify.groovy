// A bad parameter fails the build with a message naming it, and writes nothing.
String log = new File(basedir, 'build.log').text
assert log.contains("squashtree:mk: parameter 'blockSize'") : log
assert !new File(basedir, 'target/bad-parameter-1.0.sqfs').exists()
return true

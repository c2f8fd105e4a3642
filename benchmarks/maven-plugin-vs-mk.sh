#!/usr/bin/env bash
# Issue 20: mvn package with squashtree-maven-plugin's mk goal on the minbase root against sqfs mk
# of it and Maven's own start (mvn validate of the same project), alternating whole-process runs;
# then the same package again (up to date: the image is not written). The plugin's and sqfs mk's
# images must be the same bytes.
# Needs: the reactor built with its invoker ITs (maven-plugin/target/local-repo holds the plugin),
# and the minbase tree (benchmarks/lib/minbase.sh; SRC=... to use another tree).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${data:-$root/benchmarks/data}"
. "$root/benchmarks/lib/minbase.sh"
if [[ -z "${SRC:-}" ]]; then minbase_t0; SRC="$base"; fi
R="$root/maven-plugin/target/local-repo"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
sed "s|@localRepositoryUrl@|file://$HOME/.m2/repository|" "$root/maven-plugin/src/it/settings.xml" >settings.xml
version="$(sed -n 's|^  <version>\(.*\)</version>|\1|p' "$root/pom.xml" | head -1)"
cat >pom.xml <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>minbase</artifactId><version>1.0</version><packaging>pom</packaging>
  <build><plugins><plugin>
    <groupId>io.github.squashtree</groupId><artifactId>squashtree-maven-plugin</artifactId><version>$version</version>
    <executions><execution><goals><goal>mk</goal></goals>
      <configuration><source>$SRC</source><attach>false</attach></configuration>
    </execution></executions>
  </plugin></plugins></build>
</project>
POM
M="mvn -B -o -q -s settings.xml -Daether.offline.protocols=file -Dmaven.repo.local=$R"
for i in 1 2 3; do
  rm -f "$work/sqfs.sqfs"
  echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -f "sqfs-mk $i %e s %U user %S sys %M KB" $root/bin/sqfs mk $SRC "$work/sqfs.sqfs" --no-progress >/dev/null
  rm -rf target
  /usr/bin/time -f "mvn-package $i %e s %U user %S sys %M KB" $M package
  /usr/bin/time -f "mvn-validate $i %e s %U user %S sys %M KB" $M validate
  /usr/bin/time -f "mvn-package-uptodate $i %e s %U user %S sys %M KB" $M package
  cmp target/minbase-1.0.sqfs "$work/sqfs.sqfs" && echo "same bytes $i"
done
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"

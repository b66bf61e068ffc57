#!/bin/sh
# Assembles a Fiji update site folder from the built plugin jar, its engine (TensorFlow Java
# 1.1.0 with the protobuf-java, JavaCPP, ndarray and jhdf versions it needs, and the native
# TensorFlow jars of every platform TensorFlow Java 1.1.0 provides: linux-x86_64, linux-arm64,
# macosx-arm64, windows-x86_64) and the scripts. The plugin jar goes to jars/; the engine goes
# to lib/layertracer-engine/, each native jar to lib/<platform>/layertracer-engine/ tagged with
# the updater's platform name (linux64, linux-arm64, macos-arm64, win64), so the updater
# installs it on that platform only. Usage:
#   update-site/build.sh [SITE_DIR]      (default: target/update-site)
# Building again into the same SITE_DIR keeps the site's history: unchanged files keep their
# timestamp, changed ones record their previous version, removed ones become obsolete.
# Then upload SITE_DIR to your web space (see update-site/README.md).
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
site=${1:-$root/target/update-site}
cd "$root"
mvn -B -q -DskipTests package
plugin=$(ls target/layertracer-*.jar | grep -v -e '-sources' -e '-tests' -e '-javadoc' | head -n 1)
engine=target/update-site-engine
rm -rf "$engine" && mkdir -p "$engine"
cp target/engine/*.jar "$engine/"
for platform in linux-x86_64 linux-arm64 windows-x86_64 macosx-arm64; do
	[ -f "$engine/tensorflow-core-native-1.1.0-$platform.jar" ] ||
		mvn -B -q dependency:copy -Dartifact=org.tensorflow:tensorflow-core-native:1.1.0:jar:$platform \
			-DoutputDirectory="$engine"
done
java -cp "target/classes:target/lib/*" io.github.layertracer.plugin.updatesite.UpdateSite "$site" \
	"$plugin" "$engine" scripts/*_*.ijm scripts/*_*.groovy

#!/bin/sh
# Assembles a Fiji update site folder from the built plugin jar, its engine (TensorFlow Java
# 1.1.0 with the protobuf-java, JavaCPP, ndarray and jhdf versions it needs, and the native
# TensorFlow jars for linux-x86_64, windows-x86_64 and macosx-arm64) and the scripts. The
# plugin jar goes to jars/; the engine goes to lib/layertracer-engine/ (natives to
# lib/<platform>/layertracer-engine/), off Fiji's class path: the plugin loads it in a class
# loader of its own. Usage:
#   update-site/build.sh [SITE_DIR]      (default: target/update-site)
# then upload SITE_DIR to your web space (see update-site/README.md).
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
site=${1:-$root/target/update-site}
cd "$root"
mvn -B -q -DskipTests package
plugin=$(ls target/layertracer-*.jar | grep -v -e '-sources' -e '-tests' -e '-javadoc' | head -n 1)
engine=target/update-site-engine
rm -rf "$engine" && mkdir -p "$engine"
cp target/engine/*.jar "$engine/"
for platform in linux-x86_64 windows-x86_64 macosx-arm64; do
	[ -f "$engine/tensorflow-core-native-1.1.0-$platform.jar" ] ||
		mvn -B -q dependency:copy -Dartifact=org.tensorflow:tensorflow-core-native:1.1.0:jar:$platform \
			-DoutputDirectory="$engine"
done
java -cp "target/classes:target/lib/*" io.github.layertracer.updatesite.UpdateSite "$site" \
	"$plugin" "$engine" scripts/*_*.ijm scripts/*_*.groovy

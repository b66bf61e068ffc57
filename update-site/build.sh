#!/bin/sh
# Assembles a Fiji update site folder from the built plugin jar, the runtime jars Fiji does not
# ship (TensorFlow Java with its native jars for linux-x86_64, windows-x86_64 and macosx-arm64,
# its protobuf-java and JavaCPP versions, jhdf) and the scripts. Usage:
#   update-site/build.sh [SITE_DIR]      (default: target/update-site)
# then upload SITE_DIR to your web space (see update-site/README.md).
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
site=${1:-$root/target/update-site}
cd "$root"
mvn -B -q -DskipTests package
staging=target/update-site-files
rm -rf "$staging" && mkdir -p "$staging"
version=$(ls target/layertracer-*.jar | grep -v -e '-sources' -e '-tests' -e '-javadoc' | head -n 1)
cp "$version" "$staging/"
for jar in target/lib/tensorflow-core-api-*.jar target/lib/tensorflow-core-native-1.1.0.jar \
	target/lib/tensorflow-framework-*.jar target/lib/ndarray-*.jar target/lib/javacpp-*.jar \
	target/lib/protobuf-java-*.jar target/lib/jhdf-*.jar target/lib/lz4-java-*.jar \
	target/lib/compress-lzf-*.jar; do
	cp "$jar" "$staging/"
done
for platform in linux-x86_64 windows-x86_64 macosx-arm64; do
	mvn -B -q dependency:copy -Dartifact=org.tensorflow:tensorflow-core-native:1.1.0:jar:$platform \
		-DoutputDirectory="$staging"
done
cp scripts/*_*.ijm scripts/*_*.groovy "$staging/" 2>/dev/null || true
java -cp "target/classes:target/lib/*" io.github.layertracer.updatesite.UpdateSite "$site" "$staging"/*

#!/usr/bin/env bash
# Regenerates strimzi/*.json: the openAPIV3Schema of the Strimzi CRDs this deployment uses
# (Kafka, KafkaNodePool, KafkaTopic), as Strimzi itself generates its CRDs, from the API classes
# on Maven Central (io.strimzi:api and io.strimzi:crd-generator). Needs Maven and Java 21+
# (JAVA=/path/to/java). Descriptions are dropped to keep the files small.
#   deploy/k8s/schemas/generate-strimzi.sh 1.2.0
set -euo pipefail
version="${1:-1.2.0}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat >"$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>chuishao</groupId><artifactId>strimzi-crds</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>io.strimzi</groupId><artifactId>api</artifactId><version>$version</version></dependency>
    <dependency><groupId>io.strimzi</groupId><artifactId>crd-generator</artifactId><version>$version</version></dependency>
  </dependencies>
</project>
POM
mvn -q -B -f "$work/pom.xml" dependency:copy-dependencies -DoutputDirectory="$work/lib"
"${JAVA:-java}" -cp "$work/lib/*" io.strimzi.crdgenerator.CrdGenerator --yaml \
  --crd-api-version v1 --api-versions v1 --storage-version v1 \
  io.strimzi.api.kafka.model.kafka.Kafka="$work/kafka.yaml" \
  io.strimzi.api.kafka.model.nodepool.KafkaNodePool="$work/kafkanodepool.yaml" \
  io.strimzi.api.kafka.model.topic.KafkaTopic="$work/kafkatopic.yaml"
for kind in kafka kafkanodepool kafkatopic; do
  node -e '
    const yaml = require("yaml");
    const fs = require("node:fs");
    const strip = (v) => Array.isArray(v) ? v.map(strip) : v && typeof v === "object"
      ? Object.fromEntries(Object.entries(v).filter(([k]) => k !== "description").map(([k, x]) => [k, strip(x)]))
      : v;
    const crd = yaml.parse(fs.readFileSync(process.argv[1], "utf8"));
    const version = crd.spec.versions.find((v) => v.storage);
    const out = { strimzi: process.argv[3], apiVersion: crd.spec.group + "/" + version.name, kind: crd.spec.names.kind,
      openAPIV3Schema: strip(version.schema.openAPIV3Schema) };
    fs.writeFileSync(process.argv[2], JSON.stringify(out) + "\n");
  ' "$work/$kind.yaml" "$here/strimzi/$kind.json" "$version"
done

// Package memory defines the memory pass: the Resource Isolation Sight of
// the plan's epic REV-PHY-01, over Docker Compose files, Kubernetes
// manifests and Dockerfiles.
//
// It reads the manifests through the manifest helper, which resolves what
// each container really runs, then checks four rules:
//
//   - PHY101 (PHY-REV-01-01): every JVM container has a memory limit and a
//     sized heap, and the effective heap, computed as HotSpot computes it
//     (JAVA_TOOL_OPTIONS, then JDK_JAVA_OPTIONS and the command line, then
//     _JAVA_OPTIONS; an explicit -Xmx beats -XX:MaxRAMPercentage), is at
//     most the plan's heap ratio of the limit. JVM product images that size
//     the heap from their own variables (Elasticsearch, Kafka, Cassandra,
//     Keycloak ...) are read through one table, manifest.JVMImages, with
//     each image's variables and documented default heap. A limit of 0 is
//     no limit, and each cause is reported once. Sizes are read with each
//     format's grammar, and unit mix-ups such as a Kubernetes "8000m" are
//     reported.
//   - PHY102 (PHY-REV-01-01): JAVA_OPTS that no JVM reads, and $JAVA_OPTS
//     in a Compose command, which Compose interpolates from the host, when
//     that leaves the flags out or differs from the container's value.
//   - PHY103 (PHY-REV-01-02): Postgres and Redis reachable from outside the
//     private network, and connections to localhost or literal IPs.
//   - PHY104 (PHY-REV-01-03): Postgres and Mage data not on a named volume
//     or a claim.
//
// Development, test, example and local-infrastructure manifests are
// recognised one way for every rule (manifest.Workload.Dev, set in
// manifest/dev.go): they may publish database ports, need no memory limits
// and may keep throwaway data; bugs that break them (a heap above the
// limit, the Postgres 18 data path) are still reported.
//
// `acrvet -memory docker-compose.yml` is the command-line form of the
// plan's check_memory_allocation.py --compose-file.
package memory

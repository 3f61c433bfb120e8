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
//     most the plan's heap ratio of the limit. Sizes are read with each
//     format's grammar, and unit mix-ups such as a Kubernetes "8000m" are
//     reported.
//   - PHY102 (PHY-REV-01-01): JAVA_OPTS that no JVM reads, and $JAVA_OPTS
//     in a Compose command, which Compose interpolates from the host.
//   - PHY103 (PHY-REV-01-02): Postgres and Redis reachable from outside the
//     private network, and connections to localhost or literal IPs.
//   - PHY104 (PHY-REV-01-03): Postgres and Mage data not on a named volume
//     or a claim.
//
// `acrvet -memory docker-compose.yml` is the command-line form of the
// plan's check_memory_allocation.py --compose-file.
package memory

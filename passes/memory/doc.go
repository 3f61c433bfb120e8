// Package memory defines the memory pass: the Resource Isolation Sight of
// the plan's epic REV-PHY-01, over Docker Compose files, Kubernetes
// manifests and Dockerfiles.
//
// # Analyzer memory
//
// memory: check the JVM heap against the container memory limit, the
// Physical view's resource isolation.
//
// The memory pass reads the manifests through the manifest helper, which
// resolves what each container really runs. For every JVM container it
// computes the effective heap as HotSpot does (JAVA_TOOL_OPTIONS, then
// JDK_JAVA_OPTIONS and the command line, then _JAVA_OPTIONS; an explicit
// -Xmx beats -XX:MaxRAMPercentage, -XX:MaxRAM replaces the limit as the
// percentage's base, and -Xms raises a computed maximum to itself); JVM
// product images that size the heap
// from their own variables (Elasticsearch, Kafka, Cassandra, Keycloak ...)
// are read through one table, manifest.JVMImages, with each image's
// variables and documented default heap. It checks the heap against the
// container memory limit and the plan's heap ratio (story PHY-REV-01-01): a
// heap above the ratio (PHY101), no memory limit where a heap is set, for
// H2O and for JVM product images (PHY105; a limit of 0 is none), no heap
// size (PHY106), sizes written in another format's grammar or left to
// unset variables, such as a Kubernetes "8000m" (PHY107), and JAVA_OPTS
// that no JVM reads or that Compose interpolates from the host (PHY102).
// Each cause is reported once.
//
// The Physical view's other stories have passes named for their subjects,
// which were part of this pass before v0.2.0: exposure (story
// PHY-REV-01-02, network isolation) and volumes (story PHY-REV-01-03,
// persistence). The name memory still selects them wherever passes are named,
// and -memory.allow-loopback and -memory.datastore-images still set their
// settings (now -exposure.allow-loopback and -manifest.datastore-images),
// each with a note.
//
// Development, test, example and local-infrastructure manifests are
// recognised one way for every rule (manifest.Workload.Dev, set in
// manifest/dev.go): they need no memory limits, but bugs that break them (a
// heap above the limit) are still reported.
//
// `acrvet -memory docker-compose.yml` is the command-line form of the
// plan's check_memory_allocation.py --compose-file.
package memory

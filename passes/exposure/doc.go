// Package exposure defines the exposure pass: story PHY-REV-01-02 of the
// plan's epic REV-PHY-01, network isolation of the Physical view, over
// Docker Compose files and Kubernetes manifests.
//
// # Analyzer exposure
//
// exposure: check that Postgres and Redis stay on the private network and
// are reached by service name.
//
// The exposure pass reads the manifests through the manifest helper,
// which resolves what each container really runs. Postgres and Redis
// containers (the images of the -manifest.datastore-images setting) must
// stay on the private network: no published ports outside loopback, host
// network, hostPort, or NodePort or LoadBalancer Service (PHY103).
// Connection settings of every container (database and broker URLs,
// *_HOST variables) must name a service, not localhost, the Docker host or
// a literal IP (PHY108).
//
// Development, test, example and local-infrastructure manifests are
// recognised one way for every Physical view rule (manifest.Workload.Dev,
// set in manifest/dev.go): they may publish database ports. A Compose
// datastore that no service of its project reaches serves an application
// run on the host, so its published port is how that application reaches
// it.
//
// Before v0.2.0 these rules belonged to the memory pass: the name memory
// still selects this pass in .acr.yaml, on the command line and in
// acr:ignore directives, and -memory.allow-loopback still sets
// -exposure.allow-loopback, each with a note (CHANGELOG.md).
package exposure

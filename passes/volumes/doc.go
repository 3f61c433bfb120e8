// Package volumes defines the volumes pass: story PHY-REV-01-03 of the
// plan's epic REV-PHY-01, persistence of the Physical view, over Docker
// Compose files and Kubernetes manifests.
//
// # Analyzer volumes
//
// volumes: check that Postgres and Mage keep their data on named volumes or
// claims.
//
// The volumes pass reads the manifests through the manifest helper, which
// resolves each container's mounts: Compose volumes in short and long
// syntax with their top-level declarations (tmpfs drivers included) and
// tmpfs, Kubernetes volumeMounts with the pod's volumes and claim
// templates. The mount that holds a container's state is the deepest one
// at or above its data directory; it must be a declared named volume, a
// PersistentVolumeClaim, a claim template or an in-line network volume.
// Postgres data (PHY104) follows the image: /var/lib/postgresql/data,
// $PGDATA, /var/lib/postgresql from Postgres 18 on, /bitnami/postgresql
// for Bitnami; an image's own anonymous volume between the mount and the
// data takes the data. Mage project data (PHY109) lives under /home/src,
// one directory per project.
//
// Development, test, example and local-infrastructure manifests are
// recognised one way for every Physical view rule (manifest.Workload.Dev):
// throwaway data is their point, but a mount the server refuses (the
// Postgres 18 data path) is still reported.
//
// Before v0.2.0 these rules belonged to the memory pass: the name memory
// still selects this pass in .acr.yaml, on the command line and in
// acr:ignore directives, with a note (CHANGELOG.md).
package volumes

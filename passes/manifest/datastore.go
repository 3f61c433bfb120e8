package manifest

import (
	"strings"

	"github.com/acrvet/acr/internal/listflag"
)

// datastoreImages is the -manifest.datastore-images setting (formerly
// -memory.datastore-images): the images exposure and volumes take for
// Postgres and Redis, kept here so both passes read one list.
var datastoreImages = DefaultDatastoreImages

// DefaultDatastoreImages are image names (as ImageRepo gives them) of
// Postgres and Redis; an entry without a slash also matches under any
// namespace (a mirror's library/postgres).
const DefaultDatastoreImages = "postgres,postgis/postgis,pgvector/pgvector,ankane/pgvector,timescale/timescaledb," +
	"timescale/timescaledb-ha,bitnami/postgresql,bitnami/postgresql-repmgr,supabase/postgres,citusdata/citus," +
	"cloudnative-pg/postgresql,redis,redis/redis-stack,redis/redis-stack-server,bitnami/redis,bitnami/redis-cluster," +
	"valkey/valkey,bitnami/valkey,eqalpha/keydb"

func init() {
	Analyzer.Flags.StringVar(&datastoreImages, "datastore-images", DefaultDatastoreImages,
		"comma-separated Postgres and Redis image names; a name without a slash matches under any namespace")
}

// Datastore returns "Postgres" or "Redis" for a workload whose image is one
// of the datastore images, else "".
func (w *Workload) Datastore() string {
	names := listflag.Split(strings.ToLower(datastoreImages))
	for _, img := range w.Images() {
		if !MatchImage(img, names) {
			continue
		}
		repo := ImageRepo(img)
		switch {
		case strings.Contains(repo, "redis") || strings.Contains(repo, "valkey") || strings.Contains(repo, "keydb"):
			return "Redis"
		default:
			return "Postgres"
		}
	}
	return ""
}

// consolePorts are the container ports of datastore images that serve a
// web console beside the datastore: redis/redis-stack runs RedisInsight on
// 8001. Publishing one exposes a user interface, not the database's own
// protocol port.
var consolePorts = map[string]string{"redis/redis-stack": "8001"}

// ConsolePort reports whether a container port of the workload serves its
// image's web console, not the datastore (consolePorts).
func (w *Workload) ConsolePort(target string) bool {
	for _, img := range w.Images() {
		if p, ok := consolePorts[ImageRepo(img)]; ok && p == target {
			return true
		}
	}
	return false
}

// Images returns the workload's image and the root image of the
// Dockerfile it builds, those it has.
func (w *Workload) Images() []string {
	var out []string
	if w.Image != nil && w.Image.Text != "" {
		out = append(out, w.Image.Text)
	}
	if w.BaseImage != "" {
		out = append(out, w.BaseImage)
	}
	return out
}

// HasImagePrefix reports whether the workload's image or the root image of
// its Dockerfile is a repository starting with prefix.
func (w *Workload) HasImagePrefix(prefix string) bool {
	for _, img := range w.Images() {
		if strings.HasPrefix(ImageRepo(img), prefix) {
			return true
		}
	}
	return false
}

// MatchImage reports whether an image is one of the names: equal, or under
// any namespace for a name without a slash.
func MatchImage(ref string, names []string) bool {
	repo := ImageRepo(ref)
	for _, n := range names {
		if repo == n || !strings.Contains(n, "/") && strings.HasSuffix(repo, "/"+n) {
			return true
		}
	}
	return false
}

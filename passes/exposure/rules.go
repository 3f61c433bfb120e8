package exposure

import "github.com/acrvet/acr"

// storyNetwork is the plan's story of network isolation, in epic REV-PHY-01.
const storyNetwork = "PHY-REV-01-02"

const (
	refComposePorts = "https://docs.docker.com/reference/compose-file/services/#ports"
	refKubeService  = "https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types"
)

// Rules of the exposure pass (part of the memory pass before v0.2.0).
var (
	RuleExposedDatastore = &acr.Rule{
		ID: "PHY103", Name: "datastore-exposed", Title: "database or cache reachable from outside the private network",
		Severity: acr.SeverityError, View: acr.Physical, Story: storyNetwork, Since: "v0.1.0",
		Criteria: []string{"PHY-REV-01-02.1"},
		What: "Reports Postgres and Redis containers (recognized by image: postgres, postgis, pgvector, " +
			"timescaledb, bitnami/postgresql, redis, redis-stack, valkey, bitnami/redis ...) that publish ports " +
			"to the host (Compose `ports`, short or long syntax, ranges and bare container ports), run with " +
			"`network_mode: host` or Kubernetes `hostNetwork`, use a `hostPort`, or are selected by a NodePort " +
			"or LoadBalancer Service. Ports are allowed when bound to loopback, and in development, test and " +
			"local-infrastructure files, recognized one way for every PHY rule: a file name with a word such as " +
			"dev, local, debug, override, test, testing, it, e2e, ci, integration, quickstart, example, sample or demo " +
			"(`docker-compose.dev.yml`, `compose.test.yaml`); a `dev`, `local`, `debug`, `test` or `ci` profile; " +
			"a test, example or development directory (`tests/`, `examples/`, `.devcontainer/`); a Makefile target " +
			"or package.json script named for development or tests, or a README or development guide section about " +
			"them, that starts the file with `docker compose -f`; a GitHub Actions job named for tests " +
			"(`test-docker-build`) that names the file; a directory below the root whose README is titled for " +
			"development or tests (\"# Phoenix Development Environment\"), and what is below it; a project that builds a development Dockerfile or stage (`target: dev`) or runs a service with live reload in a file that is not itself for development (uvicorn or gunicorn " +
			"`--reload`, `manage.py runserver`, nodemon, watchmedo, `npm run dev`); " +
			"a stack of a repository of samples (no Compose file at the root, one in each of five or more top-level " +
			"directories, as in awesome-compose); " +
			"or a Compose datastore that no service of its project reaches (depends_on, links or its name as a " +
			"host), so its port serves an application run on the host. Connection settings that bypass the " +
			"service names are PHY108 (part of PHY103 before v0.2.0). A port that serves the image's web console, not " +
			"the datastore (RedisInsight, port 8001 of `redis/redis-stack`), is not reported.",
		Why: "The plan keeps Postgres and Redis on a private bridge network that only the services reach, by " +
			"their internal DNS names. A published port makes the database reachable by anything that reaches " +
			"the host.",
		Example:    "services:\n  db:\n    image: postgres:16\n    ports:\n      - \"5432:5432\"",
		UseInstead: "services:\n  db:\n    image: postgres:16\n    expose:\n      - \"5432\"",
		Options: "manifest.datastore-images (formerly memory.datastore-images): comma-separated image names recognized as Postgres or Redis; " +
			"allow-loopback (formerly memory.allow-loopback): accept ports bound to 127.0.0.1 or ::1 (default true).",
		References: []string{refComposePorts, refKubeService},
	}
	RuleDatastoreAddress = &acr.Rule{
		ID: "PHY108", Name: "datastore-address-not-service-name", Title: "connection setting bypasses the service's DNS name",
		Severity: acr.SeverityError, View: acr.Physical, Story: storyNetwork, Since: "v0.2.0",
		Criteria: []string{"PHY-REV-01-02.2"},
		Aliases:  []string{"PHY103"},
		What: "Reports connection settings of containers (database and broker URLs, `*_HOST` variables of " +
			"databases, caches and brokers) that point at localhost, 127.0.0.1, host.docker.internal or a literal " +
			"IP instead of a service name.",
		Why: "Services reach each other by their internal DNS names on the private network. A connection to " +
			"localhost inside a container reaches the container itself, not the database; host.docker.internal " +
			"goes through the host's published port; a literal IP breaks when the container is rescheduled.",
		Example:    "services:\n  api:\n    environment:\n      DATABASE_URL: postgresql://app@localhost:5432/app",
		UseInstead: "services:\n  api:\n    environment:\n      DATABASE_URL: postgresql://app@db:5432/app",
		References: []string{refComposePorts},
	}
	// Rules lists the pass's rules.
	Rules = []*acr.Rule{RuleExposedDatastore, RuleDatastoreAddress}
)

package memory

import "github.com/acrvet/acr"

// Story ids of the plan's epic REV-PHY-01.
const (
	storySplit   = "PHY-REV-01-01"
	storyNetwork = "PHY-REV-01-02"
	storyVolumes = "PHY-REV-01-03"
	since        = "v0.1.0"
)

const (
	refH2OXGBoost   = "https://docs.h2o.ai/h2o/latest-stable/h2o-docs/data-science/xgboost.html"
	refH2OK8s       = "https://docs.h2o.ai/h2o/latest-stable/h2o-docs/welcome.html#kubernetes-integration"
	refJVMEnv       = "https://docs.oracle.com/en/java/javase/21/docs/specs/man/java.html#using-the-jdk_java_options-launcher-environment-variable"
	refJVMToolOpts  = "https://docs.oracle.com/en/java/javase/21/troubleshoot/environment-variables-and-system-properties.html"
	refComposeMem   = "https://docs.docker.com/reference/compose-file/services/#mem_limit"
	refComposeInter = "https://docs.docker.com/reference/compose-file/interpolation/"
	refKubeQuantity = "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#meaning-of-memory"
	refComposePorts = "https://docs.docker.com/reference/compose-file/services/#ports"
	refKubeService  = "https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types"
	refComposeVols  = "https://docs.docker.com/reference/compose-file/volumes/"
	refPostgresData = "https://hub.docker.com/_/postgres#pgdata"
	refKubePV       = "https://kubernetes.io/docs/concepts/storage/persistent-volumes/"
)

// Rules of the memory pass.
var (
	RuleMemorySplit = &acr.Rule{
		ID: "PHY101", Name: "jvm-memory-split", Title: "JVM heap above the plan's share of the container memory limit",
		Severity: acr.SeverityError, View: acr.Physical, Story: storySplit, Since: since,
		Criteria: []string{"§3.4.memory", "PHY-REV-01-01.3"},
		What: "For every JVM container (H2O and Java images, a `java` command, `JAVA_*` environment) in Compose " +
			"files, Kubernetes manifests and Dockerfiles, reports a heap larger than the plan's share of the memory " +
			"limit. JVM product images that size the heap from their own variables (Elasticsearch `ES_JAVA_OPTS`, " +
			"OpenSearch `OPENSEARCH_JAVA_OPTS`, Logstash `LS_JAVA_OPTS`, Kafka `KAFKA_HEAP_OPTS`, Cassandra " +
			"`MAX_HEAP_SIZE`, Atlassian `JVM_MAXIMUM_MEMORY`, Keycloak, SonarQube, Spark, Flink, Trino, Jenkins, " +
			"Tomcat, Solr, Neo4j, Nexus) are checked with those variables, or with the image's documented default " +
			"heap when a fixed size; a default that is the vendor's share of the memory is not second-guessed. The " +
			"effective heap is computed as HotSpot does: `JAVA_TOOL_OPTIONS` first, then `JDK_JAVA_OPTIONS` and the " +
			"command line, then `_JAVA_OPTIONS`; the last `-Xmx` or `-XX:MaxHeapSize` wins and takes precedence over " +
			"`-XX:MaxRAMPercentage` (or the deprecated `-XX:MaxRAMFraction`), which is a share of the limit. " +
			"`-XX:MaxRAM` replaces the limit as the base of that share, so with it the heap is a fixed size; an " +
			"initial heap (`-Xms`, `-XX:InitialHeapSize`) above the share raises the maximum to itself; and " +
			"`-XX:-UseContainerSupport` sizes a computed heap from the host's memory, not the limit. A " +
			"missing limit (PHY105, a limit of 0 is none; development files need none), an unsized heap (PHY106) and " +
			"sizes written in the wrong grammar (PHY107) have rules of their own; all three were reported as PHY101 " +
			"before v0.2.0.",
		Why: "H2O runs its engine on the JVM heap while XGBoost, threads, metaspace and direct buffers live in " +
			"native memory outside it. A heap near the container limit leaves native allocations nowhere to go and " +
			"the kernel OOM-kills the container under load. The plan caps the heap at 70% of the limit; H2O's own " +
			"XGBoost guidance is no more than two thirds, and H2O's Kubernetes image uses `-XX:MaxRAMPercentage=50`.",
		Example: "services:\n  h2o:\n    image: h2oai/h2o-open-source-k8s:3.46.0.1\n    mem_limit: 8g\n" +
			"    environment:\n      JAVA_TOOL_OPTIONS: -Xmx7g",
		UseInstead: "services:\n  h2o:\n    image: h2oai/h2o-open-source-k8s:3.46.0.1\n    mem_limit: 8g\n" +
			"    environment:\n      JAVA_TOOL_OPTIONS: -XX:MaxRAMPercentage=60",
		FixSafety: "For an `-Xmx` written in the manifest, the fix rewrites it to the plan's share of the limit, " +
			"rounded down to whole MiB. It changes how much heap the application gets: review it with the workload's " +
			"real heap needs.",
		Options:    "plan.heap_ratio: the largest heap share of the limit (default 0.70).",
		References: []string{refH2OXGBoost, refH2OK8s, refJVMToolOpts, refComposeMem, refKubeQuantity},
	}
	RuleNoMemoryLimit = &acr.Rule{
		ID: "PHY105", Name: "jvm-memory-limit-missing", Title: "JVM container without a memory limit",
		Severity: acr.SeverityError, View: acr.Physical, Story: storySplit, Since: "v0.2.0",
		Criteria: []string{"§3.4.memory", "PHY-REV-01-01.2"},
		Aliases:  []string{"PHY101"},
		What: "Reports a JVM container of a Compose file or Kubernetes manifest that sets no memory limit " +
			"(`mem_limit`, `deploy.resources.limits.memory`, `resources.limits.memory`; a reservation (`mem_reservation`, " +
			"`deploy.resources.reservations`) or a Kubernetes request is not a limit, a limit of 0 is none, and a " +
			"Kubernetes container without a limit gets the pod-level limit, or the default of a LimitRange of its " +
			"namespace in the repository): H2O, a heap the manifest sets, or a JVM product image. A JVM nobody " +
			"sized runs on the JVM's container defaults and is not reported; development files need no limit.",
		Why: "Without a limit the JVM sizes its default heap from the host's memory and nothing bounds the native " +
			"memory XGBoost, threads and metaspace use: one container can starve its neighbours, and the heap share " +
			"the plan requires cannot be checked.",
		Example:    "services:\n  h2o:\n    image: h2oai/h2o-open-source-k8s:3.46.0.1\n    environment:\n      JAVA_TOOL_OPTIONS: -Xmx4g",
		UseInstead: "services:\n  h2o:\n    image: h2oai/h2o-open-source-k8s:3.46.0.1\n    mem_limit: 8g\n    environment:\n      JAVA_TOOL_OPTIONS: -Xmx5g",
		References: []string{refComposeMem, refKubeQuantity},
	}
	RuleHeapNotSized = &acr.Rule{
		ID: "PHY106", Name: "jvm-heap-unsized", Title: "JVM heap not sized for the container",
		Severity: acr.SeverityError, View: acr.Physical, Story: storySplit, Since: "v0.2.0",
		Criteria: []string{"§3.4.memory", "PHY-REV-01-01.1"},
		Aliases:  []string{"PHY101"},
		What: "Reports a container that runs `java` (its command is known) with neither `-Xmx`/`-XX:MaxHeapSize` nor " +
			"`-XX:MaxRAMPercentage` in any place the JVM reads (`JAVA_TOOL_OPTIONS`, `JDK_JAVA_OPTIONS`, the command " +
			"line, `_JAVA_OPTIONS`); `-XX:InitialRAMPercentage` or `-XX:MinRAMPercentage` alone size only the initial " +
			"or the small-memory heap, so they are reported at the flag.",
		Why: "An unsized JVM takes 25% of the container limit, a share nobody chose for the workload: H2O then runs " +
			"out of heap long before the container is full, or, raised by hand later, crowds out native memory.",
		Example:    "services:\n  h2o:\n    image: eclipse-temurin:21\n    command: [\"java\", \"-jar\", \"h2o.jar\"]\n    mem_limit: 8g",
		UseInstead: "services:\n  h2o:\n    image: eclipse-temurin:21\n    command: [\"java\", \"-jar\", \"h2o.jar\"]\n    mem_limit: 8g\n    environment:\n      JAVA_TOOL_OPTIONS: -XX:MaxRAMPercentage=70",
		Options:    "plan.heap_ratio: the heap share the message suggests (default 0.70).",
		References: []string{refJVMToolOpts, refH2OK8s},
	}
	RuleMemorySize = &acr.Rule{
		ID: "PHY107", Name: "memory-size-unreadable", Title: "memory size written in the wrong grammar or left to an unset variable",
		Severity: acr.SeverityError, View: acr.Physical, Story: storySplit, Since: "v0.2.0",
		Criteria: []string{"§3.4.memory", "PHY-REV-01-01.1", "PHY-REV-01-01.2", "PHY-REV-01-01.3"},
		Aliases:  []string{"PHY101"},
		What: "Reports memory limits and heap flags that do not mean what they seem: a Kubernetes `8000m` (8 bytes: " +
			"`m` is milli), `8g` (not a quantity), a Compose `mem_limit: 512` (bytes), a `-Xmx4096` without unit " +
			"(bytes) or an invalid JVM size, an initial heap (`-Xms`, `-XX:InitialHeapSize`) above an explicit maximum " +
			"(the JVM refuses to start), two Compose limits that differ, and limits or heap flags that depend " +
			"on variables no `.env` sets.",
		Why: "A size read in another unit than meant starves the container or the JVM, or makes it refuse to start; " +
			"a size acr cannot read is a heap split nobody can check.",
		Example:    "services:\n  h2o:\n    image: h2oai/h2o-open-source-k8s:3.46.0.1\n    mem_limit: 8192",
		UseInstead: "services:\n  h2o:\n    image: h2oai/h2o-open-source-k8s:3.46.0.1\n    mem_limit: 8g",
		References: []string{refComposeMem, refKubeQuantity, refComposeInter},
	}
	RuleJavaOpts = &acr.Rule{
		ID: "PHY102", Name: "java-opts-ignored", Title: "JVM flags in JAVA_OPTS that no JVM reads",
		Severity: acr.SeverityError, View: acr.Physical, Story: storySplit, Since: since,
		Criteria: []string{"§3.4.memory", "PHY-REV-01-01.1"},
		What: "Reports `JAVA_OPTS` set on a container whose command runs `java` without expanding `$JAVA_OPTS` " +
			"(an exec-form command, a Kubernetes command without `$(JAVA_OPTS)`, a shell script that never " +
			"mentions it, H2O's image); `$JAVA_OPTS` in a Compose `command` or `entrypoint`, which Compose " +
			"replaces with the host's value when it reads the file, when the host leaves it unset or its value or " +
			"default differs from the container's; `JAVA_OPTS` on a JVM product image whose start script reads its " +
			"own variable instead (Elasticsearch, Logstash, Kafka ...); and `$$JAVA_OPTS` passed to java by a command " +
			"that has no shell to expand it. Only JVM containers are reviewed.",
		Why: "The JVM never reads `JAVA_OPTS`: it is a convention of start scripts such as catalina.sh. Only " +
			"`JAVA_TOOL_OPTIONS`, `JDK_JAVA_OPTIONS` and `_JAVA_OPTIONS` reach the JVM by themselves. A heap set " +
			"in an unread `JAVA_OPTS` is silently ignored, so the JVM runs with its default (25% of the limit) or " +
			"the image's own sizing while the manifest claims otherwise.",
		Example:    "services:\n  h2o:\n    image: h2oai/h2o-open-source-k8s:3.46.0.1\n    environment:\n      JAVA_OPTS: -Xmx5g",
		UseInstead: "services:\n  h2o:\n    image: h2oai/h2o-open-source-k8s:3.46.0.1\n    environment:\n      JAVA_TOOL_OPTIONS: -Xmx5g",
		FixSafety: "For `$JAVA_OPTS` in a Compose command the fix writes `$$JAVA_OPTS`, so the container's " +
			"shell expands its own variable; it is safe when the command runs through a shell.",
		References: []string{refJVMEnv, refJVMToolOpts, refComposeInter},
	}
	RuleExposedDatastore = &acr.Rule{
		ID: "PHY103", Name: "datastore-exposed", Title: "database or cache reachable from outside the private network",
		Severity: acr.SeverityError, View: acr.Physical, Story: storyNetwork, Since: since,
		Criteria: []string{"PHY-REV-01-02.1"},
		What: "Reports Postgres and Redis containers (recognized by image: postgres, postgis, pgvector, " +
			"timescaledb, bitnami/postgresql, redis, redis-stack, valkey, bitnami/redis ...) that publish ports " +
			"to the host (Compose `ports`, short or long syntax, ranges and bare container ports), run with " +
			"`network_mode: host` or Kubernetes `hostNetwork`, use a `hostPort`, or are selected by a NodePort " +
			"or LoadBalancer Service. Ports are allowed when bound to loopback, and in development, test and " +
			"local-infrastructure files, recognized one way for every PHY rule: a file name with a word such as " +
			"dev, local, debug, override, test, testing, it, e2e, ci, quickstart, example or demo " +
			"(`docker-compose.dev.yml`, `compose.test.yaml`); a `dev`, `local`, `debug`, `test` or `ci` profile; " +
			"a test, example or development directory (`tests/`, `examples/`, `.devcontainer/`); a Makefile target " +
			"or package.json script named for development or tests, or a README or development guide section about " +
			"them, that starts the file with `docker compose -f`; a project that builds a development Dockerfile; " +
			"or a Compose datastore that no service of its project reaches (depends_on, links or its name as a " +
			"host), so its port serves an application run on the host. Connection settings that bypass the " +
			"service names are PHY108 (part of PHY103 before v0.2.0).",
		Why: "The plan keeps Postgres and Redis on a private bridge network that only the services reach, by " +
			"their internal DNS names. A published port makes the database reachable by anything that reaches " +
			"the host.",
		Example:    "services:\n  db:\n    image: postgres:16\n    ports:\n      - \"5432:5432\"",
		UseInstead: "services:\n  db:\n    image: postgres:16\n    expose:\n      - \"5432\"",
		Options: "datastore-images: comma-separated image names recognized as Postgres or Redis; " +
			"allow-loopback: accept ports bound to 127.0.0.1 or ::1 (default true).",
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
	RuleEphemeralData = &acr.Rule{
		ID: "PHY104", Name: "data-not-persistent", Title: "database data not on a named volume",
		Severity: acr.SeverityError, View: acr.Physical, Story: storyVolumes, Since: since,
		Criteria: []string{"§3.4.persistence", "PHY-REV-01-03.1"},
		What: "Reports Postgres containers whose data directory (`/var/lib/postgresql/data`, `$PGDATA`, " +
			"`/var/lib/postgresql` from Postgres 18 on, `/bitnami/postgresql` for Bitnami) is on a bind mount, an " +
			"anonymous volume, tmpfs (the `tmpfs` key, a long-syntax `type: tmpfs` mount, or a named volume the local " +
			"driver keeps in tmpfs), `emptyDir` (on disk or `medium: Memory`), a generic ephemeral or in-line CSI " +
			"volume, `hostPath`, a named volume the file does not declare, or no volume at all. Claims, " +
			"`volumeClaimTemplates` and in-line network volumes (NFS, iSCSI, cloud disks) persist. A mount above the " +
			"image's own volume path does not count, since the image's anonymous volume shadows it; a mount at " +
			"`/var/lib/postgresql/data` on Postgres 18 is reported unless `PGDATA` points there. Mage project data is " +
			"PHY109 (part of PHY104 before v0.2.0).",
		Why: "The plan requires stateful components on named volumes (or PersistentVolumeClaims). Anonymous " +
			"volumes and container layers disappear with the container or the project; bind mounts tie the data " +
			"to one host's directory layout and permissions; emptyDir and tmpfs live only as long as the pod.",
		Example:    "services:\n  db:\n    image: postgres:16\n    volumes:\n      - ./pgdata:/var/lib/postgresql/data",
		UseInstead: "services:\n  db:\n    image: postgres:16\n    volumes:\n      - pgdata:/var/lib/postgresql/data\nvolumes:\n  pgdata:",
		References: []string{refComposeVols, refPostgresData, refKubePV},
	}
	RuleEphemeralMageData = &acr.Rule{
		ID: "PHY109", Name: "mage-data-not-persistent", Title: "Mage project data not on a named volume",
		Severity: acr.SeverityError, View: acr.Physical, Story: storyVolumes, Since: "v0.2.0",
		Criteria: []string{"§3.4.persistence", "PHY-REV-01-03.2"},
		Aliases:  []string{"PHY104"},
		What: "Reports Mage containers whose project directory (`/home/src`) is on a bind mount, an anonymous " +
			"volume, tmpfs, `emptyDir`, `hostPath`, a named volume the file does not declare, or no volume at all.",
		Why: "Mage keeps its pipelines, run history and variables in the project directory: on anything but a " +
			"named volume (or a PersistentVolumeClaim) they are lost with the container or tied to one host.",
		Example:    "services:\n  mage:\n    image: mageai/mageai:latest\n    volumes:\n      - ./mage:/home/src",
		UseInstead: "services:\n  mage:\n    image: mageai/mageai:latest\n    volumes:\n      - mage:/home/src\nvolumes:\n  mage:",
		References: []string{refComposeVols, refKubePV},
	}
	// Rules lists the pass's rules.
	Rules = []*acr.Rule{RuleMemorySplit, RuleJavaOpts, RuleExposedDatastore, RuleEphemeralData,
		RuleNoMemoryLimit, RuleHeapNotSized, RuleMemorySize, RuleDatastoreAddress, RuleEphemeralMageData}
)

package memory

import "github.com/acrvet/acr"

// Story ids of the plan's epic REV-PHY-01.
const (
	storySplit = "PHY-REV-01-01"
	since      = "v0.1.0"
)

const (
	refH2OXGBoost   = "https://docs.h2o.ai/h2o/latest-stable/h2o-docs/data-science/xgboost.html"
	refH2OK8s       = "https://docs.h2o.ai/h2o/latest-stable/h2o-docs/welcome.html#kubernetes-integration"
	refJVMEnv       = "https://docs.oracle.com/en/java/javase/21/docs/specs/man/java.html#using-the-jdk_java_options-launcher-environment-variable"
	refJVMToolOpts  = "https://docs.oracle.com/en/java/javase/21/troubleshoot/environment-variables-and-system-properties.html"
	refComposeMem   = "https://docs.docker.com/reference/compose-file/services/#mem_limit"
	refComposeInter = "https://docs.docker.com/reference/compose-file/interpolation/"
	refKubeQuantity = "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#meaning-of-memory"
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
			"sized runs on the JVM's container defaults and is not reported; development files need no limit. In a file " +
			"that limits no workload at all, leaving memory to the host is the deployment's design: a JVM other than H2O " +
			"is then reported as a note.",
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
	// Rules lists the pass's rules.
	Rules = []*acr.Rule{RuleMemorySplit, RuleJavaOpts, RuleNoMemoryLimit, RuleHeapNotSized, RuleMemorySize}
)

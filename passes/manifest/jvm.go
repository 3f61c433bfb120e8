package manifest

import "strings"

// JDKImages are image name prefixes of JVM runtimes, comma-separated (the
// memory pass's -jvm-images default): they run whatever java command the
// manifest or Dockerfile gives, so their heap is read from that command.
const JDKImages = "h2oai/h2o,eclipse-temurin,openjdk,amazoncorretto,azul/zulu-openjdk,bellsoft/liberica," +
	"ibm-semeru-runtimes,ibmjava,sapmachine,adoptopenjdk,graalvm/"

// A JVMImage is the image of a JVM product whose start script sizes the
// heap from the product's own variables rather than from the java command
// line a manifest shows: Elasticsearch reads ES_JAVA_OPTS, Kafka
// KAFKA_HEAP_OPTS, Cassandra MAX_HEAP_SIZE. Without them the script
// applies its own default.
type JVMImage struct {
	Product string
	// Repos are image repositories as ImageRepo gives them; an entry ending
	// in "/" matches every repository of that namespace.
	Repos []string
	// JVMs are the JVM processes the image starts, each with its own heap
	// (SonarQube runs three).
	JVMs []JVMProcess
	// ReadsJavaOpts is true when the start script passes JAVA_OPTS to java
	// (Jenkins, Tomcat, Keycloak); for the others JAVA_OPTS is ignored.
	ReadsJavaOpts bool
	// Doc is where the variables and defaults are documented.
	Doc string
}

// A JVMProcess is one JVM an image starts and how its heap is set.
type JVMProcess struct {
	Name string // "" for an image with one JVM
	// OptsVars hold JVM flags (-Xmx, -XX:MaxRAMPercentage) the script puts
	// on java's command line, in the order it puts them.
	OptsVars []string
	// SizeVar holds a bare heap size ("4G", "2048m") the script turns into
	// -Xmx.
	SizeVar string
	// DefaultBytes is the heap when no variable sets it, as a fixed size;
	// DefaultPercent as a share of the container memory; both 0 when the
	// default follows a formula of the host's memory.
	DefaultBytes   int64
	DefaultPercent float64
	// Default says the default in words, for messages.
	Default string
}

// Vars returns every variable that sets the process's heap.
func (p JVMProcess) Vars() []string {
	if p.SizeVar == "" {
		return p.OptsVars
	}
	return append(append([]string(nil), p.OptsVars...), p.SizeVar)
}

// JVMImages is the one table of JVM product images acr knows, with the
// variables each start script reads for the heap and the default it
// applies without them. Images of plain JDK runtimes are JDKImages.
var JVMImages = []JVMImage{
	{Product: "Elasticsearch", Repos: []string{"elasticsearch", "elasticsearch/elasticsearch", "bitnami/elasticsearch"},
		JVMs: []JVMProcess{{OptsVars: []string{"ES_JAVA_OPTS"}, DefaultPercent: 50,
			Default: "half of the container memory (automatic heap sizing, Elasticsearch 7.11 and later)"}},
		Doc: "https://www.elastic.co/guide/en/elasticsearch/reference/current/advanced-configuration.html#set-jvm-heap-size"},
	{Product: "OpenSearch", Repos: []string{"opensearchproject/opensearch", "bitnami/opensearch"},
		JVMs: []JVMProcess{{OptsVars: []string{"OPENSEARCH_JAVA_OPTS"}, DefaultBytes: 1 * gib, Default: "1g (jvm.options)"}},
		Doc:  "https://opensearch.org/docs/latest/install-and-configure/install-opensearch/docker/"},
	{Product: "Logstash", Repos: []string{"logstash", "logstash/logstash", "bitnami/logstash"},
		JVMs: []JVMProcess{{OptsVars: []string{"LS_JAVA_OPTS"}, DefaultBytes: 1 * gib, Default: "1g (jvm.options)"}},
		Doc:  "https://www.elastic.co/guide/en/logstash/current/jvm-settings.html"},
	{Product: "Kafka", Repos: []string{"apache/kafka", "confluentinc/cp-kafka", "confluentinc/cp-server", "bitnami/kafka", "wurstmeister/kafka", "ubuntu/kafka"},
		JVMs: []JVMProcess{{OptsVars: []string{"KAFKA_HEAP_OPTS"}, DefaultBytes: 1 * gib, Default: "1g (kafka-server-start.sh)"}},
		Doc:  "https://kafka.apache.org/documentation/#java"},
	{Product: "ZooKeeper", Repos: []string{"confluentinc/cp-zookeeper"},
		JVMs: []JVMProcess{{OptsVars: []string{"KAFKA_HEAP_OPTS"}, DefaultBytes: 512 * mib, Default: "512m (zookeeper-server-start.sh)"}},
		Doc:  "https://docs.confluent.io/platform/current/installation/docker/config-reference.html"},
	{Product: "ZooKeeper", Repos: []string{"zookeeper", "bitnami/zookeeper"},
		JVMs: []JVMProcess{{OptsVars: []string{"SERVER_JVMFLAGS", "JVMFLAGS"}, DefaultBytes: 1000 * mib, Default: "1000m (zkEnv.sh ZK_SERVER_HEAP)"}},
		Doc:  "https://hub.docker.com/_/zookeeper"},
	{Product: "Cassandra", Repos: []string{"cassandra", "bitnami/cassandra"},
		JVMs: []JVMProcess{{SizeVar: "MAX_HEAP_SIZE",
			Default: "the larger of min(half the memory, 1g) and min(a quarter of the memory, 8g) (cassandra-env.sh)"}},
		Doc: "https://cassandra.apache.org/doc/latest/cassandra/getting-started/production.html"},
	{Product: "Jira", Repos: []string{"atlassian/jira-software", "atlassian/jira-core", "atlassian/jira-servicemanagement"},
		JVMs: []JVMProcess{{SizeVar: "JVM_MAXIMUM_MEMORY", DefaultBytes: 2048 * mib, Default: "2048m (setenv.sh)"}},
		Doc:  "https://hub.docker.com/r/atlassian/jira-software"},
	{Product: "Confluence", Repos: []string{"atlassian/confluence", "atlassian/confluence-server"},
		JVMs: []JVMProcess{{SizeVar: "JVM_MAXIMUM_MEMORY", DefaultBytes: 1024 * mib, Default: "1024m (setenv.sh)"}},
		Doc:  "https://hub.docker.com/r/atlassian/confluence"},
	{Product: "Bitbucket", Repos: []string{"atlassian/bitbucket", "atlassian/bitbucket-server"},
		JVMs: []JVMProcess{{SizeVar: "JVM_MAXIMUM_MEMORY", DefaultBytes: 1 * gib, Default: "1g (_start-webapp.sh)"}},
		Doc:  "https://hub.docker.com/r/atlassian/bitbucket"},
	{Product: "Keycloak", Repos: []string{"keycloak/keycloak", "bitnami/keycloak"}, ReadsJavaOpts: true,
		JVMs: []JVMProcess{{OptsVars: []string{"JAVA_OPTS_KC_HEAP", "JAVA_OPTS", "JAVA_OPTS_APPEND"}, DefaultPercent: 70,
			Default: "70% of the container memory (kc.sh JAVA_OPTS_KC_HEAP, Keycloak 24 and later)"}},
		Doc: "https://www.keycloak.org/server/containers#_specifying_different_memory_settings"},
	{Product: "SonarQube", Repos: []string{"sonarqube", "bitnami/sonarqube"},
		JVMs: []JVMProcess{
			{Name: "web server", OptsVars: []string{"SONAR_WEB_JAVAOPTS"}, DefaultBytes: 512 * mib, Default: "512m (sonar.web.javaOpts)"},
			{Name: "compute engine", OptsVars: []string{"SONAR_CE_JAVAOPTS"}, DefaultBytes: 512 * mib, Default: "512m (sonar.ce.javaOpts)"},
			{Name: "search", OptsVars: []string{"SONAR_SEARCH_JAVAOPTS"}, DefaultBytes: 512 * mib, Default: "512m (sonar.search.javaOpts)"},
		},
		Doc: "https://docs.sonarsource.com/sonarqube-server/latest/setup-and-upgrade/configure-and-operate-a-server/environment-variables/"},
	{Product: "Spark", Repos: []string{"apache/spark", "spark", "bitnami/spark"},
		JVMs: []JVMProcess{{SizeVar: "SPARK_DAEMON_MEMORY", DefaultBytes: 1 * gib, Default: "1g for the master or worker daemon (SPARK_DAEMON_MEMORY)"}},
		Doc:  "https://spark.apache.org/docs/latest/spark-standalone.html#cluster-launch-scripts"},
	{Product: "Flink", Repos: []string{"flink", "apache/flink", "bitnami/flink"},
		JVMs: []JVMProcess{{OptsVars: []string{"FLINK_ENV_JAVA_OPTS"},
			Default: "derived from jobmanager.memory.process.size (1600m) or taskmanager.memory.process.size (1728m) in FLINK_PROPERTIES"}},
		Doc: "https://nightlies.apache.org/flink/flink-docs-stable/docs/deployment/memory/mem_setup/"},
	{Product: "Trino", Repos: []string{"trinodb/trino", "bitnami/trino"},
		JVMs: []JVMProcess{{DefaultPercent: 80, Default: "80% of the container memory (the image's jvm.config)"}},
		Doc:  "https://trino.io/docs/current/installation/containers.html"},
	{Product: "Jenkins", Repos: []string{"jenkins/jenkins", "jenkins", "jenkinsci/blueocean", "bitnami/jenkins"}, ReadsJavaOpts: true,
		JVMs: []JVMProcess{{OptsVars: []string{"JAVA_OPTS"}, DefaultPercent: 25, Default: "the JVM's default, 25% of the container memory"}},
		Doc:  "https://github.com/jenkinsci/docker#passing-jvm-parameters"},
	{Product: "Tomcat", Repos: []string{"tomcat", "bitnami/tomcat"}, ReadsJavaOpts: true,
		JVMs: []JVMProcess{{OptsVars: []string{"JAVA_OPTS", "CATALINA_OPTS"}, DefaultPercent: 25, Default: "the JVM's default, 25% of the container memory"}},
		Doc:  "https://tomcat.apache.org/tomcat-10.1-doc/RUNNING.txt"},
	{Product: "Solr", Repos: []string{"solr", "bitnami/solr"},
		JVMs: []JVMProcess{{OptsVars: []string{"SOLR_JAVA_MEM"}, SizeVar: "SOLR_HEAP", DefaultBytes: 512 * mib, Default: "512m (solr.in.sh)"}},
		Doc:  "https://solr.apache.org/guide/solr/latest/deployment-guide/jvm-settings.html"},
	{Product: "Neo4j", Repos: []string{"neo4j"},
		JVMs: []JVMProcess{{SizeVar: "NEO4J_server_memory_heap_max__size",
			Default: "a share of the memory Neo4j computes at start (server.memory.heap.max_size unset)"}},
		Doc: "https://neo4j.com/docs/operations-manual/current/docker/ref-settings/"},
	{Product: "Nexus", Repos: []string{"sonatype/nexus3"},
		JVMs: []JVMProcess{{OptsVars: []string{"INSTALL4J_ADD_VM_PARAMS"}, DefaultBytes: 2703 * mib, Default: "2703m (INSTALL4J_ADD_VM_PARAMS)"}},
		Doc:  "https://hub.docker.com/r/sonatype/nexus3"},
}

// LookupJVMImage returns the JVM product an image reference runs, or nil.
func LookupJVMImage(ref string) *JVMImage {
	repo := ImageRepo(ref)
	if repo == "" {
		return nil
	}
	for i := range JVMImages {
		for _, r := range JVMImages[i].Repos {
			if repo == r || strings.HasSuffix(r, "/") && strings.HasPrefix(repo, r) {
				return &JVMImages[i]
			}
		}
	}
	return nil
}

package exposure

import (
	"net"
	"net/url"
	"strings"

	"github.com/acrvet/acr/passes/manifest"
)

func isLoopback(host string) bool {
	h := strings.Trim(strings.ToLower(host), "[]")
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// devOnly says why a workload serves development, tests or local
// infrastructure rather than a deployment, or "": a development file,
// profile or path (manifest.Workload.Dev), or a Compose datastore that no
// service of its project reaches, so its published port is how the
// applications on the host reach it.
func devOnly(w *manifest.Workload) string {
	if w.Dev != "" {
		return w.Dev
	}
	if w.Platform == manifest.Compose && !w.Reached && w.Datastore() != "" {
		return "local infrastructure: no service of its project reaches it"
	}
	return ""
}

func (c *checker) checkNetwork(w *manifest.Workload) {
	if kind := w.Datastore(); kind != "" && w.Platform != manifest.Docker {
		dev := devOnly(w)
		for _, p := range w.Ports {
			if !p.Publishes || p.Dev != "" || dev != "" || w.ConsolePort(p.Target) {
				continue
			}
			if allowLoopback && isLoopback(p.HostIP) {
				continue
			}
			where := "on all host interfaces"
			if p.HostIP != "" && p.HostIP != "0.0.0.0" && p.HostIP != "::" {
				where = "on host address " + p.HostIP
			}
			port := p.Published
			if port == "" {
				port = "a random port"
			}
			if w.Platform == manifest.Kubernetes {
				c.report(RuleExposedDatastore, p.Loc, "%s %s binds hostPort %s %s: the database is reachable by "+
					"anything that reaches the node; remove hostPort and reach it through a ClusterIP Service",
					kind, w.Name, port, where)
				continue
			}
			c.report(RuleExposedDatastore, p.Loc, "%s %s publishes container port %s as host port %s %s: anything that "+
				"reaches the host reaches the database; remove the mapping (services reach it by name on the Compose "+
				"network), bind it to 127.0.0.1, or move it to a dev override file", kind, w.Name, p.Target, port, where)
		}
		if dev == "" {
			if w.NetworkMode != nil && w.NetworkMode.Text == "host" {
				c.report(RuleExposedDatastore, w.NetworkMode.Loc, "%s %s runs with network_mode: host: it listens on "+
					"the host's interfaces outside the private network; use the Compose network", kind, w.Name)
			}
			if w.HostNetwork != nil {
				c.report(RuleExposedDatastore, w.HostNetwork.Loc, "%s %s runs with hostNetwork: true: it listens on "+
					"the node's interfaces outside the cluster network; remove hostNetwork", kind, w.Name)
			}
		}
	}
	c.checkConnections(w)
}

// checkServices reports NodePort and LoadBalancer Services that select a
// datastore's pods.
func (c *checker) checkServices(res *manifest.Result) {
	for _, s := range res.KubeServices {
		if s.Type == nil || (s.Type.Text != "NodePort" && s.Type.Text != "LoadBalancer") || len(s.Selector) == 0 {
			continue
		}
		for _, w := range res.Workloads {
			if w.Platform != manifest.Kubernetes || w.Init || w.Namespace != s.Namespace || w.Dev != "" || !selects(s.Selector, w.Labels) {
				continue
			}
			if kind := w.Datastore(); kind != "" {
				c.report(RuleExposedDatastore, s.Type.Loc, "Service %q of type %s exposes %s %s outside the cluster: "+
					"use type ClusterIP so only the services reach it by its DNS name", s.Name, s.Type.Text, kind, w.Name)
				break
			}
		}
	}
}

func selects(selector, labels map[string]string) bool {
	for k, v := range selector {
		if labels[k] != v {
			return false
		}
	}
	return true
}

// connectionSchemes are URL schemes of databases, caches and brokers.
var connectionSchemes = []string{"postgres", "postgresql", "redis", "rediss", "mysql", "mariadb", "mongodb",
	"amqp", "amqps", "kafka", "nats", "clickhouse", "memcached", "cassandra"}

// serviceWords are name parts of variables that configure a connection to
// another service of the platform.
var serviceWords = []string{"DB", "DATABASE", "POSTGRES", "PG", "REDIS", "CACHE", "MYSQL", "MONGO", "RABBIT",
	"AMQP", "KAFKA", "BROKER", "CELERY", "H2O", "MLFLOW", "MAGE", "FEATURE", "STORE"}

func hasServiceWord(name string) bool {
	for _, part := range strings.FieldsFunc(strings.ToUpper(name), func(r rune) bool { return r == '_' || r == '-' }) {
		for _, w := range serviceWords {
			if part == w {
				return true
			}
		}
	}
	return false
}

// connectionHost returns the host a connection setting points at, if the
// variable is one: a URL of a datastore or broker scheme, an HTTP URL or a
// *_HOST variable named for a platform service.
func connectionHost(name, value string) (string, bool) {
	value = strings.TrimSpace(value)
	if value == "" {
		return "", false
	}
	if i := strings.Index(value, "://"); i > 0 {
		scheme := strings.ToLower(value[:i])
		base, _, _ := strings.Cut(scheme, "+")
		isConn := false
		for _, s := range connectionSchemes {
			if base == s || strings.HasPrefix(base, s) {
				isConn = true
			}
		}
		if (base == "http" || base == "https") && hasServiceWord(name) {
			isConn = true
		}
		if !isConn {
			return "", false
		}
		u, err := url.Parse(value)
		if err != nil {
			return "", false
		}
		return u.Hostname(), true
	}
	upper := strings.ToUpper(name)
	if (strings.HasSuffix(upper, "_HOST") || strings.HasSuffix(upper, "_HOSTNAME")) && hasServiceWord(strings.TrimSuffix(strings.TrimSuffix(upper, "NAME"), "_HOST")) {
		host := value
		if h, _, err := net.SplitHostPort(value); err == nil {
			host = h
		}
		return host, true
	}
	return "", false
}

// checkConnections reports connection settings that point at the
// container itself, the Docker host or a fixed address.
func (c *checker) checkConnections(w *manifest.Workload) {
	if w.Platform == manifest.Docker || w.Dev != "" || w.SharedNetwork || (w.NetworkMode != nil && w.NetworkMode.Text == "host") || w.HostNetwork != nil {
		return
	}
	seen := map[string]bool{}
	for i := len(w.Env) - 1; i >= 0; i-- {
		e := w.Env[i]
		if seen[e.Name] {
			continue // overridden by a later entry
		}
		seen[e.Name] = true
		if e.Value == nil || !e.Value.Known() || e.Source == "Dockerfile ENV" {
			continue
		}
		host, ok := connectionHost(e.Name, e.Value.Text)
		if !ok || host == "" {
			continue
		}
		c.connections++
		lower := strings.ToLower(host)
		var why string
		switch {
		case lower == "0.0.0.0" || lower == "::":
			continue // a bind address, not a destination
		case isLoopback(lower):
			if w.Platform == manifest.Kubernetes && w.PodContainers > 1 {
				continue // a sidecar of the same pod listens on localhost
			}
			why = "inside a container " + host + " is the container itself, not the service"
		case lower == "host.docker.internal" || lower == "gateway.docker.internal":
			why = host + " leaves the private network through the Docker host"
		case net.ParseIP(strings.Trim(lower, "[]")) != nil:
			why = "a literal IP address breaks when the service is recreated or rescheduled"
		default:
			continue
		}
		loc := e.Value.Loc
		if !loc.Valid() {
			loc = e.Loc
		}
		c.report(RuleDatastoreAddress, loc, "%s of %s points at %s: %s; use the service's DNS name on the private network",
			e.Name, w.Name, host, why)
	}
}

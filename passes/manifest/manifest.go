package manifest

import (
	"reflect"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
)

// Analyzer reads the Compose files, Kubernetes manifests and Dockerfiles of
// the repository into workloads. It reports nothing itself except files it
// cannot parse; its result is a *Result.
var Analyzer = &acr.Analyzer{
	Name: "manifest",
	Doc: "read Compose files, Kubernetes manifests and Dockerfiles into containers\n\n" +
		"The manifest helper resolves what each container really runs: Compose interpolation from .env, " +
		"env_file, extends, YAML anchors and merge keys, override files with !reset and !override; " +
		"Kubernetes pod templates of every workload kind, env, envFrom and volumes; the ENV, ENTRYPOINT " +
		"and CMD of the Dockerfile a Compose service builds. Passes that review deployment manifests " +
		"require it and read its *manifest.Result.",
	Kinds: []pass.Kind{pass.Compose, pass.Kubernetes, pass.Dockerfile, pass.DotEnv},
	// Its datastore-images setting was the memory pass's.
	Formerly:   []string{"memory"},
	Run:        run,
	ResultType: reflect.TypeOf((*Result)(nil)),
}

// Platform is where a workload is declared.
type Platform string

const (
	Compose    Platform = "compose"
	Kubernetes Platform = "kubernetes"
	Docker     Platform = "dockerfile" // an image a Dockerfile builds, reviewed on its own
)

// Result is what the helper read.
type Result struct {
	// Workloads are Compose services, Kubernetes containers and the final
	// stage of each Dockerfile, in file and position order. A Compose
	// service appears once per project it belongs to (the base file with
	// its override, and each other file layered on the base).
	Workloads []*Workload
	// KubeServices are the Kubernetes Service objects.
	KubeServices []*KubeService
	// Problems are reading problems a reviewing pass should report:
	// configurations Compose or Kubernetes would refuse or misread.
	Problems []*Problem
}

// A Loc is a byte range in a file of the run (pass.Span).
type Loc = pass.Span

// A Value is a scalar as written and as the tool reads it.
type Value struct {
	Raw  string // as written
	Text string // after Compose interpolation; Raw elsewhere
	Loc  Loc
	// Refs are the Compose variable references in Raw; Unresolved names
	// those without a value or default.
	Refs       []VarRef
	Unresolved []string
	// rawStart is the file offset of Raw[0] when Raw is exactly the file
	// text at that offset (no escapes or folding), else -1.
	rawStart int
}

// Sub returns the location of Raw[start:end], or the whole value's when
// the scalar's text is not a plain copy of the file.
func (v *Value) Sub(start, end int) Loc {
	if v.rawStart < 0 || v.Loc.File == nil {
		return v.Loc
	}
	return Loc{File: v.Loc.File, Start: v.rawStart + start, End: v.rawStart + end}
}

// Known reports whether the value does not depend on unset variables.
func (v *Value) Known() bool { return v != nil && len(v.Unresolved) == 0 }

// A Workload is one container: a Compose service, a container of a
// Kubernetes pod template, or the image of a Dockerfile.
type Workload struct {
	Platform Platform
	// Name names the workload in messages: `service "h2o"`,
	// `container "h2o" of Deployment "ml"`, `image of Dockerfile`.
	Name string
	// Service is the Compose service name or the Kubernetes object name.
	Service   string
	Container string // Kubernetes container name
	Kind      string // Kubernetes object kind
	Namespace string
	Init      bool // a Kubernetes init container
	File      *pass.File
	// Loc is the service's key or the container's entry.
	Loc Loc
	// Project names the Compose files the service was read from, base
	// first.
	Project []string

	Image *Value
	// BaseImage is the root image of the Dockerfile the service builds.
	BaseImage string
	Build     *Build

	// Launch is what the container runs.
	Launch *Launch
	// Env is the container's environment in precedence order: image ENV,
	// then env_file, then environment (Compose) or envFrom then env
	// (Kubernetes); the last entry of a name wins.
	Env []*EnvVar

	MemLimit       *Quantity // mem_limit or resources.limits.memory
	MemLimitDeploy *Quantity // Compose deploy.resources.limits.memory
	MemRequest     *Quantity // mem_reservation, deploy reservations, resources.requests.memory

	Ports       []*Port
	NetworkMode *Value // Compose network_mode
	HostNetwork *Value // Kubernetes hostNetwork: true
	Mounts      []*Mount
	Profiles    []string
	// Dev is non-empty when the workload is declared for development,
	// tests or examples only, and says why (an override or dev file, a
	// dev or test profile, a test or example path, a Makefile or
	// package.json target that starts the file for development).
	Dev string
	// Reached is true for a Compose service that another service of its
	// project depends on, links to or names as a host: a datastore nobody
	// in its project reaches serves applications on the host, as local
	// development infrastructure does.
	Reached bool
	// Labels are the pod template's labels (Kubernetes).
	Labels map[string]string
	// PodContainers counts the containers of the pod (Kubernetes): with
	// more than one, localhost reaches a sidecar.
	PodContainers int
	// SharedNetwork is true when the container shares another's network
	// namespace (Compose network_mode: service:x or container:x).
	SharedNetwork bool

	// kobj and container are the Kubernetes object and container entry the
	// workload was read from, for Kustomize patches to re-read its launch.
	kobj      *kobj
	container *yaml.Node
}

// Getenv returns the effective value of an environment variable.
func (w *Workload) Getenv(name string) (*EnvVar, bool) {
	for i := len(w.Env) - 1; i >= 0; i-- {
		if w.Env[i].Name == name {
			return w.Env[i], true
		}
	}
	return nil, false
}

// An EnvVar is one environment variable of a container.
type EnvVar struct {
	Name string
	// Value is nil for a value the manifest does not hold (valueFrom,
	// secretRef, a Compose `- NAME` passed from the host).
	Value *Value
	// Source says where it is set: "environment", "env_file", "Dockerfile
	// ENV", "env", "envFrom".
	Source string
	Loc    Loc // the name, or the whole entry
}

// A Quantity is a memory size setting.
type Quantity struct {
	Value *Value
	Bytes int64
	// Err says why the value could not be read; Bytes is then 0.
	Err string
	// From says where a value the container does not set itself comes
	// from (LimitRangeFrom or PodLimitFrom and its owner); "" for its own.
	From string
}

// A Port is a published or declared port.
type Port struct {
	Loc Loc
	Raw string
	// HostIP is the address the host side binds, "" for all.
	HostIP string
	// Published is the host port or range; "" with Publishes true means
	// an ephemeral host port.
	Published string
	Target    string
	// Publishes is true when the port is reachable from outside the
	// container network: Compose ports:, Kubernetes hostPort.
	Publishes bool
	// Dev is non-empty when only a development file publishes the port.
	Dev string
}

// MountType is the kind of storage behind a mount.
type MountType string

const (
	NamedVolume     MountType = "named volume"
	AnonymousVolume MountType = "anonymous volume"
	BindMount       MountType = "bind mount"
	Tmpfs           MountType = "tmpfs"
	PVC             MountType = "persistentVolumeClaim"
	ClaimTemplate   MountType = "volumeClaimTemplate"
	EmptyDir        MountType = "emptyDir"
	HostPath        MountType = "hostPath"
	// EphemeralClaim is a generic ephemeral volume or an inline CSI
	// volume: storage that lives and dies with the pod.
	EphemeralClaim MountType = "ephemeral volume"
	// NetworkVolume is a persistent volume written inline in the pod: NFS,
	// iSCSI, a cloud disk. It outlives the pod as a claim does.
	NetworkVolume MountType = "persistent volume"
	OtherVolume   MountType = "volume"
)

// A Mount is storage mounted into the container.
type Mount struct {
	Loc    Loc
	Type   MountType
	Source string // volume name, host path, claim name
	Target string
	// Declared is true for a Compose named volume declared in the
	// top-level volumes section.
	Declared bool
	// ReadOnly is true for a read-only mount: configuration, not data.
	ReadOnly bool
	// InMemory is true for storage kept in memory: an emptyDir with
	// medium Memory, a Compose volume the local driver keeps in tmpfs. It
	// is lost with the container or pod and counts against its memory.
	InMemory bool
	// Unresolved names Compose variables without value in the entry: its
	// real source or target is unknown.
	Unresolved []string
}

// A Build is the Dockerfile a Compose service builds.
type Build struct {
	Loc        Loc
	Context    string // repo-relative, slash-separated
	Dockerfile string // repo-relative path of the Dockerfile
	Target     string
	File       *pass.File // nil when the Dockerfile is not in the run
}

// A KubeService is a Kubernetes Service.
type KubeService struct {
	Name, Namespace string
	Type            *Value // nil for the default ClusterIP
	Selector        map[string]string
	Loc             Loc
	File            *pass.File
}

// A Problem is a configuration the platform would refuse or misread.
type Problem struct {
	Loc      Loc
	Workload *Workload
	// Kind classifies it: "conflicting-limits", "unresolved", "interpolation".
	Kind    string
	Message string
}

func run(p *acr.Pass) (any, error) {
	r := &reader{pass: p, res: &Result{}, repo: p.Repo}
	var compose, kube, docker []*pass.File
	for _, f := range p.Files {
		switch f.Kind {
		case pass.Compose:
			compose = append(compose, f)
		case pass.Kubernetes:
			kube = append(kube, f)
		case pass.Dockerfile:
			docker = append(docker, f)
		}
	}
	r.readCompose(compose)
	r.readKubeFiles(kube)
	for _, f := range docker {
		r.readDockerfile(f)
	}
	sort.SliceStable(r.res.Workloads, func(i, j int) bool {
		a, b := r.res.Workloads[i], r.res.Workloads[j]
		if a.File.Path != b.File.Path {
			return a.File.Path < b.File.Path
		}
		if a.Loc.Start != b.Loc.Start {
			return a.Loc.Start < b.Loc.Start
		}
		return strings.Join(a.Project, ",") < strings.Join(b.Project, ",")
	})
	return r.res, nil
}

type reader struct {
	pass *acr.Pass
	repo *pass.Repo
	res  *Result
	// ci holds the jobs of the CI workflows once ciRead (ciJobs).
	ci     []ciJob
	ciRead bool
	// readmeTitles memoizes devReadme per directory.
	readmeTitles map[string]string
	// starts memoizes composeStarts per directory.
	starts map[string][]composeStart
	// scripts memoizes scriptsIn per directory.
	scripts map[string]*dirScripts
}

func (r *reader) problem(l Loc, w *Workload, kind, msg string) {
	r.res.Problems = append(r.res.Problems, &Problem{Loc: l, Workload: w, Kind: kind, Message: msg})
}

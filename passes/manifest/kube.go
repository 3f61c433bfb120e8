package manifest

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/yamlsrc"
)

// A kobj is one Kubernetes object of a manifest.
type kobj struct {
	kind, name, ns string
	node           *yaml.Node
	f              *pass.File
	s              *yamlsrc.Stream
}

func (o *kobj) loc(n *yaml.Node) Loc {
	if n == nil {
		return Loc{File: o.f}
	}
	return Loc{File: o.f, Start: o.s.Offset(n), End: o.s.End(n)}
}

func (o *kobj) value(n *yaml.Node) *Value {
	n = yamlsrc.Resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" {
		return nil
	}
	v := &Value{Raw: n.Value, Text: n.Value, Loc: o.loc(n)}
	v.rawStart = scalarStart(n, v.Loc.Start, o.f.Content())
	return v
}

// scalarStart returns the offset in src where the value of the scalar
// node written at offset at appears verbatim (after an opening quote), or
// -1 when it does not: a block scalar, or a quoted one with escapes.
func scalarStart(n *yaml.Node, at int, src []byte) int {
	switch {
	case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		at++
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return -1
	}
	if at >= 0 && at+len(n.Value) <= len(src) && string(src[at:at+len(n.Value)]) == n.Value {
		return at
	}
	return -1
}

func scalar(n *yaml.Node, keys ...string) string {
	v, _ := yamlsrc.Scalar(yamlsrc.Lookup(n, keys...))
	return v
}

// kubeObjects returns the objects of a parsed manifest, with the items of
// a List (kind: List or any *List) in place.
func kubeObjects(f *pass.File, s *yamlsrc.Stream) []*kobj {
	var out []*kobj
	var add func(n *yaml.Node, depth int)
	add = func(n *yaml.Node, depth int) {
		n = yamlsrc.Resolve(n)
		if n == nil || n.Kind != yaml.MappingNode || depth > 4 {
			return
		}
		kind := scalar(n, "kind")
		if strings.HasSuffix(kind, "List") {
			for _, it := range yamlsrc.Items(yamlsrc.Lookup(n, "items")) {
				add(it, depth+1)
			}
			return
		}
		ns := scalar(n, "metadata", "namespace")
		if ns == "" {
			ns = "default"
		}
		out = append(out, &kobj{kind: kind, name: scalar(n, "metadata", "name"), ns: ns, node: n, f: f, s: s})
	}
	for _, root := range s.Roots() {
		add(root, 0)
	}
	return out
}

// podTemplate returns the pod spec and pod labels of a workload object.
func podTemplate(o *kobj) (spec, labels *yaml.Node) {
	n := o.node
	switch o.kind {
	case "Pod":
		return yamlsrc.Lookup(n, "spec"), yamlsrc.Lookup(n, "metadata", "labels")
	case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "Rollout":
		return yamlsrc.Lookup(n, "spec", "template", "spec"), yamlsrc.Lookup(n, "spec", "template", "metadata", "labels")
	case "CronJob":
		t := yamlsrc.Lookup(n, "spec", "jobTemplate", "spec", "template")
		return yamlsrc.Lookup(t, "spec"), yamlsrc.Lookup(t, "metadata", "labels")
	case "PodTemplate":
		return yamlsrc.Lookup(n, "template", "spec"), yamlsrc.Lookup(n, "template", "metadata", "labels")
	}
	return nil, nil
}

func (r *reader) readKubeFiles(files []*pass.File) {
	var objs []*kobj
	for _, f := range files {
		s, err := yamlsrc.Parse(f)
		if err != nil && !isTemplate(f.Content()) {
			r.pass.ReportSyntaxError(err)
		}
		if s == nil {
			continue
		}
		objs = append(objs, kubeObjects(f, s)...)
	}
	configMaps := map[string]*kobj{}
	for _, o := range objs {
		if o.kind == "ConfigMap" {
			configMaps[o.ns+"/"+o.name] = o
		}
	}
	patches := r.kustomizations(files)
	limitRanges := limitRangeDefaults(objs)
	for _, o := range objs {
		if o.kind == "Service" {
			svc := &KubeService{Name: o.name, Namespace: o.ns, Loc: o.loc(o.node), File: o.f, Selector: map[string]string{}}
			svc.Type = o.value(yamlsrc.Lookup(o.node, "spec", "type"))
			for _, p := range yamlsrc.MappingPairs(yamlsrc.Lookup(o.node, "spec", "selector")) {
				v, _ := yamlsrc.Scalar(p.Value)
				svc.Selector[p.KeyString()] = v
			}
			r.res.KubeServices = append(r.res.KubeServices, svc)
			continue
		}
		spec, labels := podTemplate(o)
		if spec == nil {
			continue
		}
		first := len(r.res.Workloads)
		r.readPod(o, spec, labels, configMaps)
		for _, w := range r.res.Workloads[first:] {
			applyLimitRange(w, limitRanges[o.ns])
		}
	}
	r.renderKustomizations(patches)
}

// limitRangeDefaults returns, per namespace, the default memory limit and
// request that LimitRanges of type Container give containers that set
// none: the admission controller writes them into the pod.
func limitRangeDefaults(objs []*kobj) map[string]*limitDefaults {
	out := map[string]*limitDefaults{}
	for _, o := range objs {
		if o.kind != "LimitRange" {
			continue
		}
		for _, l := range yamlsrc.Items(yamlsrc.Lookup(o.node, "spec", "limits")) {
			if scalar(l, "type") != "Container" {
				continue
			}
			d := out[o.ns]
			if d == nil {
				d = &limitDefaults{}
				out[o.ns] = d
			}
			if q := yamlsrc.Lookup(l, "default", "memory"); q != nil && d.limit == nil {
				d.limit, d.name = kubeQuantity(o, q), o.name
			}
			if q := yamlsrc.Lookup(l, "defaultRequest", "memory"); q != nil && d.request == nil {
				d.request = kubeQuantity(o, q)
			}
		}
	}
	return out
}

// Quantity.From of a limit a container does not set itself starts with
// one of these.
const (
	LimitRangeFrom = "the default of LimitRange "
	PodLimitFrom   = "the pod-level limit of "
)

// limitDefaults are the memory defaults of a namespace's LimitRange.
type limitDefaults struct {
	name           string
	limit, request *Quantity
}

// applyLimitRange gives a container without a memory limit or request the
// namespace's defaults. A container with a limit and no request gets its
// limit as request, which changes nothing acr checks.
func applyLimitRange(w *Workload, d *limitDefaults) {
	if d == nil {
		return
	}
	if w.MemLimit == nil && d.limit != nil {
		q := *d.limit
		q.From = LimitRangeFrom + strconv.Quote(d.name)
		w.MemLimit = &q
	}
	if w.MemRequest == nil && d.request != nil {
		q := *d.request
		q.From = LimitRangeFrom + strconv.Quote(d.name)
		w.MemRequest = &q
	}
}

func (r *reader) readPod(o *kobj, spec, labelsNode *yaml.Node, configMaps map[string]*kobj) {
	labels := map[string]string{}
	for _, p := range yamlsrc.MappingPairs(labelsNode) {
		v, _ := yamlsrc.Scalar(p.Value)
		labels[p.KeyString()] = v
	}
	var hostNetwork *Value
	if v := o.value(yamlsrc.Lookup(spec, "hostNetwork")); v != nil && v.Text == "true" {
		hostNetwork = v
	}
	claimTemplates := map[string]bool{}
	if o.kind == "StatefulSet" {
		for _, it := range yamlsrc.Items(yamlsrc.Lookup(o.node, "spec", "volumeClaimTemplates")) {
			claimTemplates[scalar(it, "metadata", "name")] = true
		}
	}
	volumes := map[string]*yaml.Node{}
	for _, it := range yamlsrc.Items(yamlsrc.Lookup(spec, "volumes")) {
		volumes[scalar(it, "name")] = it
	}
	containers := yamlsrc.Items(yamlsrc.Lookup(spec, "containers"))
	inits := yamlsrc.Items(yamlsrc.Lookup(spec, "initContainers"))
	dev := r.devManifest(o.f.Path)
	for i, c := range append(append([]*yaml.Node{}, containers...), inits...) {
		name := scalar(c, "name")
		w := &Workload{
			Platform: Kubernetes, Service: o.name, Container: name, Kind: o.kind, Namespace: o.ns,
			Init: i >= len(containers), File: o.f, Loc: o.loc(c), Labels: labels,
			PodContainers: len(containers), HostNetwork: hostNetwork, Dev: dev, kobj: o, container: c,
		}
		if nameNode := yamlsrc.Lookup(c, "name"); nameNode != nil {
			w.Loc = o.loc(nameNode)
		}
		w.Name = fmt.Sprintf("container %q of %s %q", name, o.kind, o.name)
		if w.Init {
			w.Name = "init " + w.Name
		}
		w.Image = o.value(yamlsrc.Lookup(c, "image"))
		r.kubeEnv(o, c, w, configMaps)
		if q := yamlsrc.Lookup(c, "resources", "limits", "memory"); q != nil {
			w.MemLimit = kubeQuantity(o, q)
		} else if q := yamlsrc.Lookup(spec, "resources", "limits", "memory"); q != nil && kubeQuantity(o, q) != nil {
			// Pod-level resources (Kubernetes 1.32 and later) bound every
			// container that sets no limit of its own.
			w.MemLimit = kubeQuantity(o, q)
			w.MemLimit.From = PodLimitFrom + o.kind + " " + strconv.Quote(o.name)
		}
		if q := yamlsrc.Lookup(c, "resources", "requests", "memory"); q != nil {
			w.MemRequest = kubeQuantity(o, q)
		}
		for _, p := range yamlsrc.Items(yamlsrc.Lookup(c, "ports")) {
			hp := o.value(yamlsrc.Lookup(p, "hostPort"))
			if hp == nil || hp.Text == "0" {
				continue
			}
			pt := &Port{Loc: hp.Loc, Raw: "hostPort " + hp.Text, Published: hp.Text, Publishes: true, Dev: dev}
			pt.Target = scalar(p, "containerPort")
			pt.HostIP = scalar(p, "hostIP")
			w.Ports = append(w.Ports, pt)
		}
		for _, vm := range yamlsrc.Items(yamlsrc.Lookup(c, "volumeMounts")) {
			vname := scalar(vm, "name")
			m := &Mount{Loc: o.loc(vm), Target: scalar(vm, "mountPath"), Source: vname, Type: OtherVolume,
				ReadOnly: scalar(vm, "readOnly") == "true"}
			switch vol := volumes[vname]; {
			case vol == nil && claimTemplates[vname]:
				m.Type = ClaimTemplate
			case vol == nil:
			case yamlsrc.Lookup(vol, "persistentVolumeClaim") != nil:
				m.Type, m.Source = PVC, scalar(vol, "persistentVolumeClaim", "claimName")
			case yamlsrc.Lookup(vol, "emptyDir") != nil:
				m.Type, m.InMemory = EmptyDir, scalar(vol, "emptyDir", "medium") == "Memory"
			case yamlsrc.Lookup(vol, "hostPath") != nil:
				m.Type, m.Source = HostPath, scalar(vol, "hostPath", "path")
			case yamlsrc.Lookup(vol, "ephemeral") != nil || yamlsrc.Lookup(vol, "csi") != nil:
				m.Type = EphemeralClaim
			case networkVolume(vol) != "":
				m.Type, m.Source = NetworkVolume, networkVolume(vol)
			}
			w.Mounts = append(w.Mounts, m)
		}
		r.kubeLaunch(o, c, w)
		r.res.Workloads = append(r.res.Workloads, w)
	}
}

// networkVolumeTypes are the in-line pod volume sources that are
// persistent storage outside the node.
var networkVolumeTypes = []string{"nfs", "iscsi", "cephfs", "rbd", "glusterfs", "fc", "awsElasticBlockStore",
	"gcePersistentDisk", "azureDisk", "azureFile", "cinder", "vsphereVolume", "portworxVolume", "quobyte",
	"storageos", "scaleIO", "photonPersistentDisk", "flocker", "flexVolume"}

// networkVolume returns the type of an in-line persistent volume, or "".
func networkVolume(vol *yaml.Node) string {
	for _, t := range networkVolumeTypes {
		if yamlsrc.Lookup(vol, t) != nil {
			return t
		}
	}
	return ""
}

func kubeQuantity(o *kobj, n *yaml.Node) *Quantity {
	v := o.value(n)
	if v == nil {
		return nil
	}
	q := &Quantity{Value: v}
	b, err := ParseKubeQuantity(v.Text)
	if err != nil {
		q.Err = err.Error()
	}
	q.Bytes = b
	return q
}

// kubeEnv reads envFrom (ConfigMaps the repository defines) then env, the
// order in which env wins.
func (r *reader) kubeEnv(o *kobj, c *yaml.Node, w *Workload, configMaps map[string]*kobj) {
	for _, ef := range yamlsrc.Items(yamlsrc.Lookup(c, "envFrom")) {
		prefix := scalar(ef, "prefix")
		cmName := scalar(ef, "configMapRef", "name")
		cm := configMaps[o.ns+"/"+cmName]
		if cm == nil {
			continue
		}
		for _, p := range yamlsrc.MappingPairs(yamlsrc.Lookup(cm.node, "data")) {
			w.Env = append(w.Env, &EnvVar{Name: prefix + p.KeyString(), Value: cm.value(p.Value),
				Source: "envFrom ConfigMap " + cmName, Loc: cm.loc(p.Key)})
		}
	}
	for _, e := range yamlsrc.Items(yamlsrc.Lookup(c, "env")) {
		nameNode := yamlsrc.Lookup(e, "name")
		ev := &EnvVar{Name: scalar(e, "name"), Source: "env", Loc: o.loc(nameNode)}
		if vn := yamlsrc.Lookup(e, "value"); vn != nil {
			ev.Value = o.value(vn)
		} else if ref := yamlsrc.Lookup(e, "valueFrom", "configMapKeyRef"); ref != nil {
			// A key of a ConfigMap the repository defines holds the value.
			if cm := configMaps[o.ns+"/"+scalar(ref, "name")]; cm != nil {
				if vn := yamlsrc.Lookup(cm.node, "data", scalar(ref, "key")); vn != nil {
					ev.Value, ev.Source = cm.value(vn), "env from ConfigMap "+scalar(ref, "name")
				}
			}
		}
		if ev.Value != nil && strings.Contains(ev.Value.Text, "$(") {
			ev.Value = expandKubeEnv(ev.Value, w)
		}
		w.Env = append(w.Env, ev)
	}
}

// expandKubeEnv expands $(VAR) in an env value with the variables defined
// before it, as the kubelet does: $$ escapes a $, and a reference to a
// variable without a known value stays as written.
func expandKubeEnv(v *Value, w *Workload) *Value {
	var b strings.Builder
	s := v.Text
	changed := false
	for i := 0; i < len(s); i++ {
		if s[i] != '$' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		if s[i+1] == '$' {
			b.WriteByte('$')
			i++
			changed = true
			continue
		}
		if s[i+1] == '(' {
			if end := strings.IndexByte(s[i:], ')'); end > 0 {
				name := s[i+2 : i+end]
				if e, ok := w.Getenv(name); ok && validName(name) && e.Value != nil && e.Value.Known() {
					b.WriteString(e.Value.Text)
					i += end
					changed = true
					continue
				}
			}
		}
		b.WriteByte(s[i])
	}
	if !changed {
		return v
	}
	out := *v
	out.Text = b.String()
	return &out
}

// kubeLaunch: command replaces the image's ENTRYPOINT and args its CMD.
func (r *reader) kubeLaunch(o *kobj, c *yaml.Node, w *Workload) {
	var cmd, args []*Value
	cmdNode, argsNode := yamlsrc.Lookup(c, "command"), yamlsrc.Lookup(c, "args")
	for _, it := range yamlsrc.Items(cmdNode) {
		if v := o.value(it); v != nil {
			cmd = append(cmd, v)
		}
	}
	for _, it := range yamlsrc.Items(argsNode) {
		if v := o.value(it); v != nil {
			args = append(args, v)
		}
	}
	var img *imageInfo
	if w.Image != nil {
		img = knownImage(w.Image.Text)
	}
	var argv []*Value
	known, from := true, ""
	switch {
	case cmdNode != nil:
		argv, from = append(cmd, args...), "command"
	case img != nil:
		argv, from = append(append([]*Value{}, img.entrypoint...), args...), img.from
	case argsNode != nil:
		// Most images either have no ENTRYPOINT or one that execs its
		// arguments: take args as the command.
		argv, from = args, "args"
	default:
		known = false
	}
	w.Launch = analyzeLaunch(argv, known && len(argv) > 0, from, w.lookup, true)
}

package scenario

import (
	"path"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/yamlsrc"
)

// What the pass knows of Mage's file formats, checked against mage-ai's
// sources (mage_ai/data_preparation/models):
//
//   - a pipeline is <project>/pipelines/<uuid>/metadata.yaml with a blocks:
//     list; each block has uuid, name, type, language (python by default),
//     upstream_blocks, downstream_blocks and configuration;
//   - a block's code is <project>/<type>s/<uuid>.<ext> (custom blocks live
//     in custom/, not customs/), unless configuration.file_source.path or
//     configuration.file_path names the file;
//   - dynamic blocks, version 1: configuration.dynamic: true, and
//     configuration.reduce_output: true on a block whose output is gathered
//     before it reaches the blocks below; version 2: configuration.dynamic
//     is a mapping whose parent (true or a list of downstream uuids) and
//     reduce_output (true or a list) say the same per downstream block;
//   - a block is a dynamic child when an upstream block is dynamic for it,
//     or is itself a dynamic child, and does not reduce its output;
//   - triggers in code are <project>/pipelines/<uuid>/triggers.yaml with a
//     triggers: list of name, schedule_type (time, api, event),
//     schedule_interval, status (inactive when omitted); an api trigger is
//     fired by POST /api/pipeline_schedules/<id>/pipeline_runs/<token>
//     whatever its status, and code can start a pipeline with
//     mage_ai.orchestration.triggers.api.trigger_pipeline(uuid).

// A magePipeline is one parsed metadata.yaml.
type magePipeline struct {
	UUID    string // the pipeline directory name
	Project string // repo-relative project directory ("" for the root)
	File    *pass.File
	Stream  *yamlsrc.Stream
	Anchor  *yaml.Node // the node findings about the whole pipeline point at
	Blocks  []*mageBlock
	byUUID  map[string]*mageBlock

	TriggersFile   *pass.File // pipelines/<uuid>/triggers.yaml, or nil
	TriggersStream *yamlsrc.Stream
	Triggers       []*mageTrigger

	parentOf map[*mageBlock]*mageBlock
	visiting map[*mageBlock]bool
}

// A mageBlock is one entry of a pipeline's blocks list.
type mageBlock struct {
	UUID, Name, Type, Language string
	Node                       *yaml.Node // the block mapping
	UUIDNode                   *yaml.Node // the uuid value, where findings point
	Upstream                   []string
	Config                     *yaml.Node // configuration mapping, or nil

	// CodePath is where the block's code is expected; Code is that file
	// when the repository has it.
	CodePath string
	Code     *pass.File
}

// A mageTrigger is one entry of triggers.yaml.
type mageTrigger struct {
	Name, ScheduleType, Interval, Status string
	Node                                 *yaml.Node // the schedule_type value, or the entry
}

// parsePipeline reads a Mage metadata.yaml. It returns nil and the syntax
// error for a file that is not valid YAML; a file without a blocks list
// yields a pipeline without blocks.
func parsePipeline(f *pass.File, repo *pass.Repo) (*magePipeline, error) {
	s, err := yamlsrc.Parse(f)
	if err != nil {
		return nil, err
	}
	dir := path.Dir(f.Path)
	p := &magePipeline{UUID: path.Base(dir), Project: projectDir(f.Path), File: f, Stream: s, byUUID: map[string]*mageBlock{}}
	for _, root := range s.Roots() {
		if root == nil || yamlsrc.Resolve(root).Kind != yaml.MappingNode {
			continue
		}
		if pr, ok := yamlsrc.LookupPair(root, "uuid"); ok {
			p.Anchor = pr.Value
			if v, ok := yamlsrc.Scalar(pr.Value); ok && v != "" {
				p.UUID = v
			}
		} else if pr, ok := yamlsrc.LookupPair(root, "name"); ok {
			p.Anchor = pr.Value
		}
		for _, item := range yamlsrc.Items(yamlsrc.Lookup(root, "blocks")) {
			if b := parseBlock(item); b != nil {
				p.Blocks = append(p.Blocks, b)
				if _, dup := p.byUUID[b.UUID]; !dup {
					p.byUUID[b.UUID] = b
				}
			}
		}
		break // Mage reads the first document only
	}
	for _, b := range p.Blocks {
		b.CodePath, b.Code = locateBlockCode(p.Project, b, repo)
	}
	if tf := repo.Lookup(path.Join(dir, "triggers.yaml")); tf != nil {
		ts, err := yamlsrc.Parse(tf)
		if err != nil {
			return p, err
		}
		p.TriggersFile, p.TriggersStream = tf, ts
		p.Triggers = parseTriggers(ts)
	}
	return p, nil
}

// projectDir returns the Mage project of a pipeline metadata path:
// <project>/pipelines/<uuid>/metadata.yaml.
func projectDir(p string) string {
	dir := path.Dir(path.Dir(p)) // <project>/pipelines
	if path.Base(dir) == "pipelines" {
		dir = path.Dir(dir)
	}
	if dir == "." {
		return ""
	}
	return dir
}

func parseBlock(n *yaml.Node) *mageBlock {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	b := &mageBlock{Node: n, Language: "python"}
	if pr, ok := yamlsrc.LookupPair(n, "uuid"); ok {
		b.UUIDNode = pr.Value
		b.UUID, _ = yamlsrc.Scalar(pr.Value)
	}
	b.Name, _ = yamlsrc.Scalar(yamlsrc.Lookup(n, "name"))
	if b.UUID == "" {
		b.UUID = b.Name
	}
	if b.UUID == "" {
		return nil
	}
	if b.UUIDNode == nil {
		b.UUIDNode = n
	}
	b.Type, _ = yamlsrc.Scalar(yamlsrc.Lookup(n, "type"))
	if lang, ok := yamlsrc.Scalar(yamlsrc.Lookup(n, "language")); ok && lang != "" {
		b.Language = lang
	}
	for _, u := range yamlsrc.Items(yamlsrc.Lookup(n, "upstream_blocks")) {
		if v, ok := yamlsrc.Scalar(u); ok && v != "" {
			b.Upstream = append(b.Upstream, v)
		}
	}
	if c := yamlsrc.Lookup(n, "configuration"); c != nil && c.Kind == yaml.MappingNode {
		b.Config = c
	}
	return b
}

var languageExt = map[string]string{"python": "py", "sql": "sql", "r": "r", "yaml": "yaml", "markdown": "md"}

// locateBlockCode finds the file of a block's code as Mage does: an
// explicit file_source.path or file_path first, else the directory of
// the block type under the project.
func locateBlockCode(project string, b *mageBlock, repo *pass.Repo) (string, *pass.File) {
	for _, key := range [][]string{{"file_source", "path"}, {"file_path"}} {
		v, ok := yamlsrc.Scalar(yamlsrc.Lookup(b.Config, key...))
		if !ok || v == "" {
			continue
		}
		v = strings.TrimPrefix(path.Clean(strings.ReplaceAll(v, "\\", "/")), "/")
		// Mage resolves the path against the project, or against the
		// directory above it when the path starts with the project name.
		for _, cand := range []string{path.Join(project, v), path.Join(path.Dir(project), v), v} {
			if f := repo.Lookup(cand); f != nil {
				return cand, f
			}
		}
		for _, f := range repo.Files() {
			if strings.HasSuffix(f.Path, "/"+v) {
				return f.Path, f
			}
		}
		return path.Join(project, v), nil
	}
	ext, ok := languageExt[strings.ToLower(b.Language)]
	if !ok {
		ext = "py"
	}
	dir := b.Type + "s"
	if b.Type == "custom" {
		dir = "custom"
	}
	p := path.Join(project, dir, b.UUID+"."+ext)
	return p, repo.Lookup(p)
}

func parseTriggers(s *yamlsrc.Stream) []*mageTrigger {
	var out []*mageTrigger
	for _, root := range s.Roots() {
		for _, item := range yamlsrc.Items(yamlsrc.Lookup(root, "triggers")) {
			if item == nil || item.Kind != yaml.MappingNode {
				continue
			}
			t := &mageTrigger{Node: item}
			t.Name, _ = yamlsrc.Scalar(yamlsrc.Lookup(item, "name"))
			if pr, ok := yamlsrc.LookupPair(item, "schedule_type"); ok {
				t.ScheduleType, _ = yamlsrc.Scalar(pr.Value)
				t.Node = pr.Value
			}
			t.Interval, _ = yamlsrc.Scalar(yamlsrc.Lookup(item, "schedule_interval"))
			t.Status, _ = yamlsrc.Scalar(yamlsrc.Lookup(item, "status"))
			out = append(out, t)
		}
		break
	}
	return out
}

// dynamicFor reports whether block u generates dynamic copies of its
// downstream block child.
func (u *mageBlock) dynamicFor(child string) bool {
	d := yamlsrc.Lookup(u.Config, "dynamic")
	if d == nil {
		return false
	}
	if d.Kind == yaml.MappingNode {
		return truthyOrNames(yamlsrc.Lookup(d, "parent"), child)
	}
	return yamlTrue(d)
}

// isDynamic reports whether the block is dynamic for any downstream block.
func (u *mageBlock) isDynamic() bool {
	d := yamlsrc.Lookup(u.Config, "dynamic")
	if d == nil {
		return false
	}
	if d.Kind == yaml.MappingNode {
		p := yamlsrc.Lookup(d, "parent")
		if p != nil && p.Kind == yaml.SequenceNode {
			return len(p.Content) > 0
		}
		return truthyOrNames(p, "")
	}
	return yamlTrue(d)
}

// reducesFor reports whether block u gathers its dynamic output before it
// reaches child.
func (u *mageBlock) reducesFor(child string) bool {
	if yamlTrue(yamlsrc.Lookup(u.Config, "reduce_output")) {
		return true
	}
	if d := yamlsrc.Lookup(u.Config, "dynamic"); d != nil && d.Kind == yaml.MappingNode {
		return truthyOrNames(yamlsrc.Lookup(d, "reduce_output"), child)
	}
	return false
}

// truthyOrNames reports whether n is true, or a list holding name.
func truthyOrNames(n *yaml.Node, name string) bool {
	n = yamlsrc.Resolve(n)
	if n == nil {
		return false
	}
	if n.Kind == yaml.SequenceNode {
		for _, it := range yamlsrc.Items(n) {
			if v, ok := yamlsrc.Scalar(it); ok && v == name {
				return true
			}
		}
		return false
	}
	return yamlTrue(n)
}

// yamlTrue reports whether n is the boolean true as Mage reads it: Mage
// loads YAML with PyYAML, whose YAML 1.1 resolver makes plain yes, on and
// true (in lower, title or upper case) booleans, while a quoted "true" is
// a string, which Mage's isinstance(value, bool) checks reject.
func yamlTrue(n *yaml.Node) bool {
	n = yamlsrc.Resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return false
	}
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return false
	}
	if n.Style&yaml.TaggedStyle != 0 && n.ShortTag() != "!!bool" {
		return false
	}
	switch n.Value {
	case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON":
		return true
	}
	return false
}

// dynamicParent returns the upstream block through which b is a dynamic
// child, or nil when b is not one. Results are memoized, so a wide block
// graph costs linear time; a cycle, which Mage refuses, ends the search
// instead of looping.
func (p *magePipeline) dynamicParent(b *mageBlock) *mageBlock {
	if p.parentOf == nil {
		p.parentOf = map[*mageBlock]*mageBlock{}
		p.visiting = map[*mageBlock]bool{}
	}
	if r, ok := p.parentOf[b]; ok {
		return r
	}
	if p.visiting[b] {
		return nil
	}
	p.visiting[b] = true
	var parent *mageBlock
	for _, uid := range b.Upstream {
		u := p.byUUID[uid]
		if u == nil || u.reducesFor(b.UUID) {
			continue
		}
		if u.dynamicFor(b.UUID) {
			parent = u
			break
		}
		if anc := p.dynamicParent(u); anc != nil {
			parent = anc
			break
		}
	}
	delete(p.visiting, b)
	p.parentOf[b] = parent
	return parent
}

// ancestors returns the blocks upstream of b, transitively.
func (p *magePipeline) ancestors(b *mageBlock) []*mageBlock {
	seen := map[*mageBlock]bool{b: true}
	var out []*mageBlock
	stack := []*mageBlock{b}
	for len(stack) > 0 {
		cur := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, uid := range cur.Upstream {
			if u := p.byUUID[uid]; u != nil && !seen[u] {
				seen[u] = true
				out = append(out, u)
				stack = append(stack, u)
			}
		}
	}
	return out
}

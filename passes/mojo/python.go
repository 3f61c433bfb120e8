package mojo

import (
	"path"
	"strings"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/python"
	"github.com/acrvet/acr/passes/pyindex"
)

// pyFacts is what one Python module contributes to the repository-wide
// rules.
type pyFacts struct {
	file     *pass.File
	test     bool
	pipeline bool
	exports  []Site // download_mojo and save_mojo calls
	trains   []Site // train calls of H2O estimators and AutoML
	loaders  []Site // h2o-genmodel loaders: h2o.import_mojo, h2o.mojo_predict_pandas ...
	daimojo  []Site // imports of daimojo
}

// binaryDumps are the H2O functions that write a binary model.
var binaryDumps = map[string]bool{
	"h2o.save_model": true, "h2o.download_model": true, "h2o.h2o.save_model": true, "h2o.h2o.download_model": true,
}

// pickleDumps serialize Python objects; an H2O estimator pickles as a
// handle to a model that lives only in the cluster.
var pickleDumps = map[string]bool{
	"pickle.dump": true, "pickle.dumps": true, "joblib.dump": true, "cloudpickle.dump": true,
	"cloudpickle.dumps": true, "dill.dump": true, "dill.dumps": true, "_pickle.dump": true,
}

// genmodelLoaders score or import H2O-3 MOJOs through h2o-genmodel.
var genmodelLoaders = map[string]bool{
	"h2o.import_mojo": true, "h2o.upload_mojo": true, "h2o.mojo_predict_pandas": true, "h2o.mojo_predict_csv": true,
	"h2o.utils.shared_utils.mojo_predict_pandas": true, "h2o.estimators.H2OGenericEstimator.from_file": true,
}

// h2oModelFactories return a trained model or a handle to one.
var h2oModelFactories = map[string]bool{
	"h2o.get_model": true, "h2o.load_model": true, "h2o.upload_model": true, "h2o.import_mojo": true, "h2o.upload_mojo": true,
}

func (s *state) checkPython(idx *pyindex.Index, f *pass.File) {
	m, err := idx.Module(f)
	if err != nil {
		s.pass.ReportSyntaxError(err)
	}
	if m == nil {
		return
	}
	facts := &pyFacts{file: f, test: s.isTest(f.Path), pipeline: acr.InTree(f.Path, s.plan.Pipeline) || isMageBlock(m)}
	for _, imp := range m.Imports {
		if imp.Module == "daimojo" || strings.HasPrefix(imp.Module, "daimojo.") {
			facts.daimojo = append(facts.daimojo, pass.SpanOf(f, imp.Node.Start(), imp.Node.End()))
		}
	}
	for _, c := range m.Calls {
		s.pythonCall(m, facts, c)
	}
	s.mu.Lock()
	s.py = append(s.py, facts)
	s.mu.Unlock()
}

// isMageBlock reports whether a module is a Mage block: it has a function
// decorated as a loader, transformer, exporter, custom block or sensor.
func isMageBlock(m *pyindex.Module) bool {
	for _, fn := range m.Functions {
		if pyindex.MageBlock(fn) != "" {
			return true
		}
	}
	return false
}

func callSite(f *pass.File, c *pyindex.Call) Site {
	return pass.SpanOf(f, c.Node.Start(), c.Node.End())
}

func (s *state) pythonCall(m *pyindex.Module, facts *pyFacts, c *pyindex.Call) {
	f := facts.file
	name := pyindex.LastName(c.Text)
	switch {
	case name == "download_pojo" && onH2O(m, facts, c, true):
		if !facts.test {
			s.pass.Reportf(RulePOJOExport, c.Node.Pos(), c.Node.EndPos(),
				"%s exports a POJO, which the plan forbids: generated Java source may not compile (64 KB method limit) and must be compiled before it scores; export a MOJO with download_mojo(<directory>, get_genmodel_jar=True), which writes <model_id>.zip and h2o-genmodel.jar into the directory", c.Text)
		}
	case binaryDumps[c.Callee] || (c.Method == "download_model" && c.Callee == "" && onH2O(m, facts, c, false)):
		if !facts.test {
			s.pass.Reportf(RuleBinaryDump, c.Node.Pos(), c.Node.EndPos(),
				"%s writes a binary H2O model, which loads only into a running cluster of the same H2O version and is not a deployable artifact; export a MOJO with download_mojo or save_mojo", c.Text)
		}
	case pickleDumps[c.Callee]:
		if a := c.Positional(0); a != nil && !facts.test {
			if kind := h2oObject(m, a.Value, 0); kind != "" {
				s.pass.Reportf(RuleBinaryDump, c.Node.Pos(), c.Node.EndPos(),
					"%s pickles %s (%s), which holds only a handle to a model living in the H2O cluster; export a MOJO with download_mojo or save_mojo", c.Text, a.Text(), kind)
			}
		}
	case (c.Method == "download_mojo" || c.Method == "save_mojo") && onH2O(m, facts, c, true):
		facts.exports = append(facts.exports, callSite(f, c))
		if !facts.test {
			s.checkExportCall(c)
		}
	case c.Method == "train":
		if c.Receiver != nil && h2oObject(m, c.Receiver, 0) != "" {
			facts.trains = append(facts.trains, callSite(f, c))
		}
	case genmodelLoaders[c.Callee]:
		facts.loaders = append(facts.loaders, callSite(f, c))
	}
}

// onH2O reports whether a call is made on H2O: an h2o module function, a
// method of an object that is an H2O model or estimator by its type or
// constructor, or, when the receiver's type is unknown, a method in a
// module that imports h2o (or, for H2O's own method names, a pipeline
// block that receives the model). A receiver of another known type
// (an MLflow client, a Hugging Face hub) is not H2O whatever the method's
// name.
func onH2O(m *pyindex.Module, facts *pyFacts, c *pyindex.Call, h2oName bool) bool {
	if strings.HasPrefix(c.Callee, "h2o.") {
		return true
	}
	if c.Receiver == nil {
		return false
	}
	if h2oObject(m, c.Receiver, 0) != "" {
		return true
	}
	if t := m.TypeOf(c.Receiver); t != "" {
		return strings.HasPrefix(t, "h2o.")
	}
	return importsH2O(m) || h2oName && facts.pipeline
}

func importsH2O(m *pyindex.Module) bool {
	for _, imp := range m.Imports {
		if imp.Level == 0 && (imp.Module == "h2o" || strings.HasPrefix(imp.Module, "h2o.")) {
			return true
		}
	}
	return false
}

// checkExportCall checks the arguments of download_mojo and save_mojo.
func (s *state) checkExportCall(c *pyindex.Call) {
	jar := c.Arg(1, "get_genmodel_jar")
	jarValue := "" // "True", "False", or "" when absent or not a literal
	if jar != nil {
		switch jar.Value.Unparen().Type() {
		case "true":
			jarValue = "True"
		case "false":
			jarValue = "False"
		default:
			jarValue = "?"
		}
	}
	if c.Method == "download_mojo" {
		pathArg := c.Arg(0, "path")
		switch {
		case jarValue == "True":
			// h2o-py joins the jar's name to path, so path always ends up a
			// directory and the MOJO is written into it.
			s.checkPathIsDirectory(c, pathArg)
		case jarValue != "?" && !c.HasStarArgs():
			s.checkZipName(pathArg)
		}
		if s.plan.Runtime != "daimojo" && !c.HasStarArgs() && (jarValue == "" || jarValue == "False") {
			pos, end := c.Node.Pos(), c.Node.EndPos()
			if jar != nil {
				pos, end = jar.Node.Pos(), jar.Node.EndPos()
			}
			s.pass.Reportf(RuleGenmodelJar, pos, end,
				"download_mojo without get_genmodel_jar=True: the plan scores MOJOs with the JVM h2o-genmodel, so export the runtime that wrote the MOJO beside it: pass get_genmodel_jar=True with a directory path, and download_mojo writes h2o-genmodel.jar and <model_id>.zip into it")
		}
		return
	}
	// save_mojo(path, force, filename): path is a directory and filename
	// the MOJO's name in it.
	s.checkPathIsDirectory(c, c.Arg(0, "path"))
	s.checkZipName(c.Arg(2, "filename"))
}

// checkZipName reports a MOJO file name that does not end in .zip.
func (s *state) checkZipName(a *pyindex.Arg) {
	if a == nil {
		return
	}
	v, ok := pyindex.StringValue(a.Value)
	if !ok {
		return
	}
	base := path.Base(strings.TrimRight(v, "/"))
	if !strings.HasSuffix(v, "/") && strings.Contains(base, ".") && base != "." && base != ".." && !strings.HasSuffix(strings.ToLower(base), ".zip") {
		s.pass.Reportf(RuleMOJOPathNotZip, a.Value.Pos(), a.Value.EndPos(),
			"MOJO saved as %q: a MOJO is a zip archive and deployment tooling, artifact checks and h2o-genmodel loaders find it by its .zip name; name it %s.zip", base, strings.TrimSuffix(base, path.Ext(base)))
	}
}

// artifactExts are the extensions that show a path meant as the MOJO file
// itself, not as the directory to write it into.
var artifactExts = []string{".zip", ".mojo", ".bin"}

// checkPathIsDirectory reports a path that names a MOJO file where the
// export treats it as a directory (MOJO106): download_mojo with
// get_genmodel_jar=True, and save_mojo.
func (s *state) checkPathIsDirectory(c *pyindex.Call, a *pyindex.Arg) {
	if a == nil {
		return
	}
	tail, ok := literalTail(a.Value)
	if !ok || strings.HasSuffix(tail, "/") {
		return
	}
	ext := ""
	for _, e := range artifactExts {
		if strings.HasSuffix(strings.ToLower(tail), e) {
			ext = e
		}
	}
	if ext == "" {
		return
	}
	written := a.Value.Text()
	if c.Method == "download_mojo" {
		s.pass.Reportf(RuleMOJOPathIsDirectory, a.Value.Pos(), a.Value.EndPos(),
			"download_mojo with get_genmodel_jar=True makes %s a directory: the h2o client first saves h2o-genmodel.jar inside the path, creating a directory of that name, then writes the MOJO into it as <model_id>.zip, so nothing loads a MOJO from %s; pass a directory path and use the file path download_mojo returns",
			written, written)
		return
	}
	s.pass.Reportf(RuleMOJOPathIsDirectory, a.Value.Pos(), a.Value.EndPos(),
		"save_mojo treats path %s as a directory and writes the MOJO into it as <model_id>.zip (or filename), so nothing loads a MOJO from %s; pass the directory as path and the file name as filename=",
		written, written)
}

// literalTail returns the constant text a string literal ends with: the
// whole value of a plain string, the part after the last placeholder of an
// f-string.
func literalTail(n *python.Node) (string, bool) {
	if v, ok := pyindex.StringValue(n); ok {
		return v, true
	}
	n = n.Unparen()
	if n.Type() != "string" {
		return "", false
	}
	tail, seen := "", false
	for part := range n.NamedChildren() {
		switch part.Type() {
		case "interpolation":
			tail, seen = "", true
		case "string_content":
			tail += part.Text()
		}
	}
	return tail, seen
}

// maxValueDepth bounds how many assignments h2oObject follows.
const maxValueDepth = 6

// h2oObject says what H2O object an expression holds: "an H2O estimator",
// "H2O AutoML", "an H2O model", or "" when it is none or cannot tell.
func h2oObject(m *pyindex.Module, n *python.Node, depth int) string {
	if n == nil || depth > maxValueDepth {
		return ""
	}
	n = n.Unparen()
	switch n.Type() {
	case "call":
		fn := n.ChildByField("function")
		if fn == nil {
			return ""
		}
		q := m.QualifiedName(fn)
		switch {
		case h2oModelFactories[q]:
			return "an H2O model"
		case isH2OClass(q, "H2OAutoML"):
			return "H2O AutoML"
		case isH2OEstimator(q):
			return "an H2O estimator"
		}
		if fu := fn.Unparen(); fu.Type() == "attribute" {
			if attr := fu.ChildByField("attribute"); attr != nil && (attr.Text() == "get_best_model" || attr.Text() == "get_model") {
				if h2oObject(m, fu.ChildByField("object"), depth+1) != "" {
					return "an H2O model"
				}
			}
		}
		if t := m.TypeOf(n); isH2OEstimator(t) {
			return "an H2O estimator"
		}
	case "attribute":
		if attr := n.ChildByField("attribute"); attr != nil && attr.Text() == "leader" {
			if h2oObject(m, n.ChildByField("object"), depth+1) == "H2O AutoML" {
				return "an H2O model"
			}
		}
		if t := m.TypeOf(n); isH2OEstimator(t) {
			return "an H2O estimator"
		}
	case "identifier":
		b := m.Lookup(n.Text(), n)
		if b == nil {
			return ""
		}
		if b.Value != nil {
			return h2oObject(m, b.Value, depth+1)
		}
		if b.Annotation != nil {
			if q := m.QualifiedName(b.Annotation); isH2OEstimator(q) || strings.HasPrefix(q, "h2o.model.") {
				return "an H2O model"
			}
		}
	}
	return ""
}

// isH2OEstimator reports whether a qualified name is an H2O estimator or
// grid search class.
func isH2OEstimator(q string) bool {
	if !strings.HasPrefix(q, "h2o.") {
		return false
	}
	last := pyindex.LastName(q)
	return strings.HasPrefix(last, "H2O") && (strings.HasSuffix(last, "Estimator") || last == "H2OGridSearch")
}

func isH2OClass(q, class string) bool {
	return strings.HasPrefix(q, "h2o.") && pyindex.LastName(q) == class
}

// checkMandate applies the repository-wide MOJO mandate: pipelines that
// train H2O models must export a MOJO.
func (s *state) checkMandate() {
	exported := false
	var trains []Site
	for _, m := range s.py {
		if m.test || !m.pipeline {
			continue
		}
		if len(m.exports) > 0 {
			exported = true
		}
		trains = append(trains, m.trains...)
	}
	if exported {
		return
	}
	for _, t := range trains {
		s.pass.Reportf(RuleNoMOJOExport, t.Pos(), t.EndPos(),
			"the pipeline trains an H2O model but no pipeline code exports a MOJO: the service would keep scoring a stale artifact; call download_mojo or save_mojo in the exporter block")
	}
}

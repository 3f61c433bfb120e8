package mojo

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass/zipsrc"
)

// ArtifactKind classifies a model archive.
type ArtifactKind int

const (
	// NotMOJO is an archive with no model.ini at its root and no MOJO2 pipeline.
	NotMOJO ArtifactKind = iota
	// H2O3MOJO is an H2O-3 MOJO, loaded by the JVM h2o-genmodel runtime.
	H2O3MOJO
	// MOJO2Pipeline is a Driverless AI MOJO2 scoring pipeline
	// (mojo/pipeline.pb), loaded by daimojo or the mojo2 Java runtime.
	MOJO2Pipeline
	// Unreadable is an archive that could not be read safely.
	Unreadable
)

func (k ArtifactKind) String() string {
	switch k {
	case H2O3MOJO:
		return "H2O-3 MOJO"
	case MOJO2Pipeline:
		return "Driverless AI MOJO2 pipeline"
	case Unreadable:
		return "unreadable archive"
	}
	return "not a MOJO"
}

// A Report is the verdict of the validator on one artifact.
type Report struct {
	// Path is the artifact as given to Validate.
	Path string
	Kind ArtifactKind
	// Ini is the parsed model.ini of an H2O-3 MOJO.
	Ini *ModelIni
	// Algorithm, Algo, H2OVersion and MojoVersion are the [info] values.
	Algorithm, Algo, H2OVersion, MojoVersion string
	// Reader is the h2o-genmodel reader of Algorithm, if there is one.
	Reader *Reader
	// Problems are the reasons the artifact would not load or score; a
	// submodel's problems are included with its entry paths.
	Problems []Problem
	// Submodels are the nested MOJOs of ensembles and pipelines.
	Submodels []*Report
	// Entries is the number of archive entries; BytesRead is how many
	// bytes of the artifact the validator read.
	Entries   int
	BytesRead int64
	// nestedIni is the first model.ini found below the root of an archive
	// that has none at its root.
	nestedIni string
}

// A Problem is one finding of the validator.
type Problem struct {
	Rule *acr.Rule
	// Entry is the archive entry (or file of a MOJO folder) concerned,
	// "" for the archive as a whole; Line is a 1-based line in it, or 0.
	Entry   string
	Line    int
	Message string
	// Silent marks damage that h2o-genmodel does not notice: it loads the
	// artifact and scores with it, wrongly (a tree group left out, entry
	// bytes that no longer match their checksum, which genmodel never
	// verifies). The differential test against genmodel relies on it.
	Silent bool
}

func (p Problem) String() string {
	loc := p.Entry
	if loc != "" && p.Line > 0 {
		loc += ":" + strconv.Itoa(p.Line)
	}
	if loc != "" {
		return fmt.Sprintf("%s: %s [%s]", loc, p.Message, p.Rule.ID)
	}
	return fmt.Sprintf("%s [%s]", p.Message, p.Rule.ID)
}

// Valid reports whether the artifact is an H2O-3 MOJO or MOJO2 pipeline
// without problems.
func (r *Report) Valid() bool {
	return (r.Kind == H2O3MOJO || r.Kind == MOJO2Pipeline) && len(r.Problems) == 0
}

// Loads reports whether h2o-genmodel would load the artifact and score a
// row with it: it is a MOJO and every problem is Silent.
func (r *Report) Loads() bool {
	if r.Kind != H2O3MOJO && r.Kind != MOJO2Pipeline {
		return false
	}
	for _, p := range r.Problems {
		if !p.Silent {
			return false
		}
	}
	return true
}

// Options tune the validator. The zero value is the default.
type Options struct {
	// ReadBlobs also reads every entry of the MOJO to its end, so that the
	// CRC of each tree and booster blob is checked. By default only the
	// central directory and the small text entries (model.ini, domain
	// files) are read.
	ReadBlobs bool
	// MaxTextEntry is the largest model.ini or domain file read, in bytes;
	// 0 means 16 MiB.
	MaxTextEntry int64
	// Limits are the zip front's limits; the zero value is its defaults.
	Limits zipsrc.Limits
}

const defaultMaxText = 16 << 20

// maxNesting bounds submodel recursion; H2O nests one level (an ensemble's
// base models), a pipeline at most two.
const maxNesting = 8

// Validate checks the MOJO at path, a zip or .mojo archive or a MOJO
// folder, without a JVM. The error is non-nil only when path cannot be
// opened at all; everything wrong with the artifact is in the Report.
func Validate(path string) (*Report, error) { return ValidateWith(path, Options{}) }

// ValidateWith is Validate with options.
func ValidateWith(p string, opt Options) (*Report, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return validateFolder(p, opt), nil
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	cr := &countingReaderAt{r: f}
	a, err := zipsrc.NewReader(cr, st.Size(), p, opt.Limits)
	if err != nil {
		f.Close()
		r := &Report{Path: p, Kind: Unreadable}
		r.addUnreadable("", err)
		r.BytesRead = cr.n
		return r, nil
	}
	defer a.Close()
	r := ValidateArchive(a, p, opt)
	r.BytesRead = cr.n
	return r, nil
}

// ValidateArchive checks an opened archive; name labels the report. It
// does not set BytesRead.
func ValidateArchive(a *zipsrc.Archive, name string, opt Options) *Report {
	src := &zipSource{a: a}
	r := &Report{Path: name, Entries: len(a.Entries)}
	switch {
	case a.Lookup("model.ini") != nil:
		r.Kind = H2O3MOJO
		v := &validator{src: src, opt: opt.withDefaults()}
		v.validate(r, "", 0, nil)
	case isMOJO2(a):
		r.Kind = MOJO2Pipeline
	default:
		r.Kind = NotMOJO
		for _, e := range a.Entries {
			if !e.Dir && path.Base(e.Name) == "model.ini" {
				r.nestedIni = e.Name
				break
			}
		}
		if r.nestedIni != "" {
			r.add(RuleNoModelIni, "", 0, "no model.ini at the archive root, but %s: h2o-genmodel reads model.ini only at the root; zip the MOJO folder's content, not the folder", r.nestedIni)
		} else {
			r.add(RuleNoModelIni, "", 0, "archive holds no model.ini, so h2o-genmodel cannot load it as a MOJO; export models with download_mojo")
		}
	}
	if opt.ReadBlobs && r.Kind != NotMOJO {
		for _, e := range a.Entries {
			if e.Dir {
				continue
			}
			if err := src.drain(e.Name); err != nil {
				r.addUnreadable(e.Name, err)
			}
		}
	}
	return r
}

func validateFolder(dir string, opt Options) *Report {
	src := &dirSource{root: dir}
	r := &Report{Path: dir}
	if !src.exists("model.ini") {
		r.Kind = NotMOJO
		r.add(RuleNoModelIni, "", 0, "folder holds no model.ini, so h2o-genmodel cannot load it as a MOJO")
		return r
	}
	r.Kind = H2O3MOJO
	v := &validator{src: src, opt: opt.withDefaults()}
	v.validate(r, "", 0, nil)
	if opt.ReadBlobs {
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			rel, _ := filepath.Rel(dir, p)
			if err := src.drain(filepath.ToSlash(rel)); err != nil {
				r.add(RuleUnreadable, filepath.ToSlash(rel), 0, "%v", err)
			}
			return nil
		})
	}
	r.BytesRead = src.n
	return r
}

func (o Options) withDefaults() Options {
	if o.MaxTextEntry <= 0 {
		o.MaxTextEntry = defaultMaxText
	}
	return o
}

// isMOJO2 reports whether a is a Driverless AI MOJO2 pipeline, or the
// mojo.zip download that wraps one.
func isMOJO2(a *zipsrc.Archive) bool {
	if a.Lookup("mojo/pipeline.pb") != nil {
		return true
	}
	for _, e := range a.Entries {
		if !e.Dir && (path.Base(e.Name) == "pipeline.mojo" || strings.HasSuffix(e.Name, "/mojo/pipeline.pb")) {
			return true
		}
	}
	return false
}

func (r *Report) add(rule *acr.Rule, entry string, line int, format string, args ...any) {
	r.Problems = append(r.Problems, Problem{Rule: rule, Entry: entry, Line: line, Message: fmt.Sprintf(format, args...)})
}

// addSilent adds a problem that genmodel loads and scores through.
func (r *Report) addSilent(rule *acr.Rule, entry string, line int, format string, args ...any) {
	r.add(rule, entry, line, format, args...)
	r.Problems[len(r.Problems)-1].Silent = true
}

// addUnreadable adds the problem of an entry or archive that could not be
// read. A checksum mismatch is silent: the bytes inflate, and genmodel,
// which never checks CRCs, loads them as they are.
func (r *Report) addUnreadable(entry string, err error) {
	if errors.Is(err, zipsrc.ErrChecksum) {
		r.addSilent(RuleUnreadable, entry, 0, "%s: h2o-genmodel does not verify checksums, so it would load the damaged bytes without an error and score with them; regenerate the artifact with the pipeline and do not deploy this file", zipMessage(err))
		return
	}
	r.add(RuleUnreadable, entry, 0, "%s", unreadable(err))
}

// zipMessage is the zip front's message without the archive path, which
// the finding's position already names.
func zipMessage(err error) string {
	var ze *zipsrc.Error
	if errors.As(err, &ze) {
		c := *ze
		c.Path = ""
		return c.Error()
	}
	return err.Error()
}

// unreadable is the message of an archive that cannot be read safely.
func unreadable(err error) string {
	return zipMessage(err) + ": the artifact cannot be loaded safely; regenerate it with the pipeline and do not deploy this file"
}

// source is a MOJO's storage: an archive or a folder.
type source interface {
	exists(name string) bool
	read(name string, max int64) ([]byte, error)
	// countLines counts lines as BufferedReader.readLine would, streaming.
	countLines(name string, max int64) (int, error)
	// names lists the files whose names start with prefix.
	names(prefix string) []string
}

type zipSource struct {
	a   *zipsrc.Archive
	buf []byte // reused by drain
}

func (z *zipSource) exists(name string) bool {
	e := z.a.Lookup(name)
	return e != nil && !e.Dir
}

func (z *zipSource) read(name string, max int64) ([]byte, error) {
	return z.a.Read(z.a.Lookup(name), max)
}

func (z *zipSource) countLines(name string, max int64) (int, error) {
	e := z.a.Lookup(name)
	if e.Size > uint64(max) {
		return 0, fmt.Errorf("%s: %d bytes, more than the %d read for a domain file", name, e.Size, max)
	}
	rc, err := z.a.Open(e)
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	return countJavaLines(rc)
}

func (z *zipSource) names(prefix string) []string {
	var out []string
	for _, e := range z.a.Entries {
		if !e.Dir && strings.HasPrefix(e.Name, prefix) {
			out = append(out, e.Name)
		}
	}
	return out
}

func (z *zipSource) drain(name string) error {
	rc, err := z.a.Open(z.a.Lookup(name))
	if err != nil {
		return err
	}
	defer rc.Close()
	if z.buf == nil {
		z.buf = make([]byte, 32<<10)
	}
	_, err = io.CopyBuffer(io.Discard, rc, z.buf)
	return err
}

// dirSource is a MOJO folder, the layout of a MOJO unzipped or written by
// a FolderMojoReaderBackend.
type dirSource struct {
	root string
	n    int64
}

func (d *dirSource) osPath(name string) (string, bool) {
	if !fs.ValidPath(name) {
		return "", false
	}
	return filepath.Join(d.root, filepath.FromSlash(name)), true
}

func (d *dirSource) exists(name string) bool {
	p, ok := d.osPath(name)
	if !ok {
		return false
	}
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

func (d *dirSource) read(name string, max int64) ([]byte, error) {
	p, ok := d.osPath(name)
	if !ok {
		return nil, fmt.Errorf("%s: invalid name", name)
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	d.n += int64(len(b))
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%s: more than %d bytes", name, max)
	}
	return b, err
}

func (d *dirSource) countLines(name string, max int64) (int, error) {
	p, ok := d.osPath(name)
	if !ok {
		return 0, fmt.Errorf("%s: invalid name", name)
	}
	f, err := os.Open(p)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > max {
		return 0, fmt.Errorf("%s: %d bytes, more than the %d read for a domain file", name, st.Size(), max)
	}
	cr := &countingReader{r: f}
	n, err := countJavaLines(cr)
	d.n += cr.n
	return n, err
}

func (d *dirSource) names(prefix string) []string {
	var out []string
	base := d.root
	_ = filepath.WalkDir(base, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(base, p)
		rel = filepath.ToSlash(rel)
		if strings.HasPrefix(rel, prefix) {
			out = append(out, rel)
		}
		return nil
	})
	return out
}

func (d *dirSource) drain(name string) error {
	p, ok := d.osPath(name)
	if !ok {
		return fmt.Errorf("%s: invalid name", name)
	}
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	n, err := io.Copy(io.Discard, f)
	d.n += n
	return err
}

// countJavaLines counts the lines of r as java.io.BufferedReader.readLine
// returns them: \n, \r and \r\n end a line, and a final line without a
// terminator counts.
func countJavaLines(r io.Reader) (int, error) {
	buf := make([]byte, 32<<10)
	n := 0
	pending := false // bytes seen since the last terminator
	prevCR := false
	for {
		k, err := r.Read(buf)
		for _, c := range buf[:k] {
			switch {
			case c == '\n' && prevCR:
				prevCR = false
			case c == '\n' || c == '\r':
				n++
				pending = false
				prevCR = c == '\r'
			default:
				pending = true
				prevCR = false
			}
		}
		if err == io.EOF {
			if pending {
				n++
			}
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

type countingReaderAt struct {
	r interface {
		io.ReaderAt
		io.Closer
	}
	n int64
}

func (c *countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(p, off)
	c.n += int64(n)
	return n, err
}

func (c *countingReaderAt) Close() error { return c.r.Close() }

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// validator checks one MOJO and its submodels.
type validator struct {
	src source
	opt Options
}

// validate checks the MOJO whose entries start with prefix; ancestors are
// the prefixes of the enclosing MOJOs, to refuse a submodel that points
// back at one of them.
func (v *validator) validate(r *Report, prefix string, depth int, ancestors []string) {
	iniName := prefix + "model.ini"
	data, err := v.src.read(iniName, v.opt.MaxTextEntry)
	if err != nil {
		r.addUnreadable(iniName, err)
		if data == nil {
			return
		}
		// A checksum mismatch: judge the damaged bytes as genmodel would.
	}
	ini := ParseModelIni(data)
	r.Ini = ini
	for _, p := range ini.Problems {
		r.add(RuleBadModelIni, iniName, p.Line, "%s", p.Msg)
	}
	for _, s := range []string{sectionInfo, sectionColumns, sectionDomains} {
		if _, ok := ini.Sections[s]; !ok {
			r.add(RuleBadModelIni, iniName, 0, "model.ini has no %s section, which the reader requires", s)
		}
	}
	r.Algorithm, _ = ini.Lookup("algorithm")
	r.Algo, _ = ini.Lookup("algo")
	r.H2OVersion, _ = ini.Lookup("h2o_version")
	r.MojoVersion, _ = ini.Lookup("mojo_version")

	c := &iniCheck{r: r, ini: ini, name: iniName}
	c.required()
	mojoVersion, versionOK := c.mojoVersion()

	if r.Algorithm != "" {
		r.Reader = LookupReader(r.Algorithm)
		if r.Reader == nil {
			line := 0
			if kv := ini.kv("algorithm"); kv != nil {
				line = kv.Line
			}
			r.add(RuleUnknownAlgo, iniName, line, "h2o-genmodel has no reader for algorithm %q (algo = %s): the MOJO cannot be loaded", r.Algorithm, orNone(r.Algo))
		}
	}
	if r.Reader != nil && versionOK {
		max, _ := parseJavaDouble(r.Reader.MaxMojoVersion)
		if mojoVersion > max {
			r.add(RuleMOJOVersion, iniName, ini.kv("mojo_version").Line,
				"mojo_version %s is newer than %s reads (up to %s): h2o-genmodel refuses it with a MOJO version incompatibility; score it with the genmodel of H2O %s or re-export",
				r.MojoVersion, r.Reader.Class, r.Reader.MaxMojoVersion, orNone(r.H2OVersion))
		}
	}
	nColumns, haveColumns := c.counts()
	v.domains(r, ini, prefix, nColumns, haveColumns)
	if r.Reader != nil {
		switch r.Reader.data {
		case dataSharedTrees:
			v.sharedTrees(r, ini, prefix, versionOK && mojoVersion > 1.0)
		case dataEIFTrees:
			v.eifTrees(r, ini, prefix)
		case dataXGBoostBooster:
			if !v.src.exists(prefix + "boosterBytes") {
				r.add(RuleModelData, prefix+"boosterBytes", 0, "XGBoost MOJO has no boosterBytes entry, the serialized booster the reader loads: re-export the model")
			}
		case dataSubmodels:
			v.submodels(r, ini, prefix, depth, ancestors)
		}
	}
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// iniCheck checks the [info] keys of one model.ini.
type iniCheck struct {
	r    *Report
	ini  *ModelIni
	name string
}

// infoKeys are the [info] keys every MOJO must have: the ones
// ModelMojoReader needs to load (a missing one is a NullPointerException
// or an IllegalStateException) and the ones AbstractMojoWriter always
// writes. The check says what value each takes.
var infoKeys = []infoKey{
	{"h2o_version", nonEmpty},
	{"mojo_version", isNumber},
	{"algo", nonEmpty},
	{"algorithm", nonEmpty},
	{"category", func(s string) string {
		if !modelCategories[s] {
			return "not a model category the reader knows"
		}
		return ""
	}},
	{"supervised", isBool},
	{"n_features", isCount},
	{"n_classes", isCount},
	{"n_columns", isCount},
	{"n_domains", isCount},
	{"balance_classes", isBool},
	{"default_threshold", isNumber},
}

func nonEmpty(s string) string {
	if s == "" || s == "null" {
		return "empty"
	}
	return ""
}

func isNumber(s string) string {
	if _, ok := parseJavaDouble(s); !ok {
		return "not a number"
	}
	return ""
}

func isBool(s string) string {
	if !parseJavaBool(s) {
		return "not true or false"
	}
	return ""
}

func isCount(s string) string {
	if n, err := strconv.Atoi(s); err != nil || n < 0 {
		return "not a non-negative integer"
	}
	return ""
}

// algorithmKeys are the [info] keys an algorithm's reader needs beyond
// infoKeys: the reader unboxes them (a missing boolean or count is a
// NullPointerException) or looks them up by name (a missing distribution
// is "Name is null"). Read from the readers of h2o-genmodel 3.46.0.11 and
// confirmed by the differential test in verify/genmodel.
var algorithmKeys = map[string][]infoKey{
	"Deep Learning": {
		{"mini_batch_size", isCount}, {"use_all_factor_levels", isBool}, {"activation", nonEmpty},
		{"mean_imputation", isBool}, {"distribution", nonEmpty}, {"neural_network_sizes", nonEmpty},
	},
	"Gradient Boosting Machine":     {{"distribution", nonEmpty}},
	"Generalized Additive Model":    {{"family", nonEmpty}},
	"Cox Proportional Hazards":      {{"use_all_factor_levels", isBool}},
	"Principal Components Analysis": {{"use_all_factor_levels", isBool}},
	"XGBoost":                       {{"use_all_factor_levels", isBool}},
}

// An infoKey is a required [info] key and the check of its value.
type infoKey struct {
	key   string
	check func(string) string // returns why the value is wrong, or ""
}

func (c *iniCheck) required() {
	infoLine := c.ini.Sections[sectionInfo]
	var missing []string
	algorithm, _ := c.ini.Lookup("algorithm")
	for _, k := range append(infoKeys[:len(infoKeys):len(infoKeys)], algorithmKeys[algorithm]...) {
		kv := c.ini.kv(k.key)
		if kv == nil {
			missing = append(missing, k.key)
			continue
		}
		if why := k.check(kv.Value); why != "" {
			c.r.add(RuleBadModelIni, c.name, kv.Line, "[info] %s = %q is %s: h2o-genmodel cannot load the MOJO; re-export it", k.key, clip(kv.Value), why)
		}
	}
	if len(missing) > 0 {
		c.r.add(RuleBadModelIni, c.name, infoLine, "[info] lacks %s, which h2o-genmodel reads when loading the MOJO: re-export the model", strings.Join(missing, ", "))
	}
	c.glmLink()
	c.numberArrays()
}

// glmLink checks what GlmMojoReader needs to pick the link function: the
// family for multinomial and ordinal models, the link for every other.
func (c *iniCheck) glmLink() {
	if a, _ := c.ini.Lookup("algorithm"); a != "Generalized Linear Modeling" {
		return
	}
	family, _ := c.ini.Lookup("family")
	link, hasLink := c.ini.Lookup("link")
	switch {
	case family == "multinomial" || family == "ordinal":
	case family == "" && (link == "multinomial" || link == "ologit"):
		c.r.add(RuleBadModelIni, c.name, c.ini.kv("link").Line, "[info] has link = %s but no family: h2o-genmodel fails with \"Unexpected link function\"; re-export the model", link)
	case !hasLink || link == "" || link == "null":
		c.r.add(RuleBadModelIni, c.name, c.ini.Sections[sectionInfo], "[info] lacks link, which h2o-genmodel reads to score a GLM of family %s: re-export the model", orNone(family))
	}
}

// numberArrays checks the [info] arrays of numbers (GLM and GAM
// coefficients, normalisation vectors) that readers parse element by
// element with Double.parseDouble: one element that is not a number fails
// the load with a NumberFormatException. An array is taken for numeric
// when its first element is a number.
func (c *iniCheck) numberArrays() {
	for i := range c.ini.Info {
		kv := &c.ini.Info[i]
		v := kv.Value
		if len(v) < 2 || v[0] != '[' || v[len(v)-1] != ']' {
			continue
		}
		elems := strings.Split(v[1:len(v)-1], ", ")
		if _, ok := parseJavaDouble(elems[0]); !ok {
			continue
		}
		for _, e := range elems[1:] {
			if _, ok := parseJavaDouble(e); !ok {
				c.r.add(RuleBadModelIni, c.name, kv.Line, "[info] %s holds %q, which is not a number: the reader parses every element and fails with a NumberFormatException; re-export the model", kv.Key, clip(e))
				break
			}
		}
	}
}

func (c *iniCheck) mojoVersion() (float64, bool) {
	v, ok := c.ini.Lookup("mojo_version")
	if !ok {
		return 0, false
	}
	return parseJavaDouble(v)
}

// counts checks that the column, feature, domain and class counts agree,
// and returns n_columns.
func (c *iniCheck) counts() (int, bool) {
	ini := c.ini
	nColumns, ok := ini.Int("n_columns")
	if !ok {
		return 0, false
	}
	if nColumns < 0 {
		return 0, false // reported as not a non-negative integer; the counts cannot be compared
	}
	if _, have := ini.Sections[sectionColumns]; have && len(ini.Columns) != nColumns {
		line := ini.Sections[sectionColumns]
		if len(ini.Columns) > nColumns {
			line = ini.Columns[nColumns].Line
			c.r.add(RuleBadModelIni, c.name, line, "[columns] lists %d columns but n_columns = %d: the reader fails with \"n_columns variable is too small\"", len(ini.Columns), nColumns)
		} else {
			c.r.add(RuleBadModelIni, c.name, line, "[columns] lists %d columns but n_columns = %d: the model would read missing column names", len(ini.Columns), nColumns)
		}
	}
	if nFeatures, ok := ini.Int("n_features"); ok {
		supervised, _ := ini.Lookup("supervised")
		switch {
		case nFeatures > nColumns:
			c.r.add(RuleBadModelIni, c.name, ini.kv("n_features").Line, "n_features = %d exceeds n_columns = %d", nFeatures, nColumns)
		case supervised == "true" && nFeatures == nColumns:
			c.r.add(RuleBadModelIni, c.name, ini.kv("n_features").Line, "supervised model has n_features = n_columns = %d: there is no column left for the response", nColumns)
		}
	}
	if nDomains, ok := ini.Int("n_domains"); ok {
		if _, have := ini.Sections[sectionDomains]; have && nDomains != len(ini.Domains) {
			c.r.add(RuleBadModelIni, c.name, ini.kv("n_domains").Line, "n_domains = %d but [domains] lists %d domain files", nDomains, len(ini.Domains))
		}
	}
	category, _ := ini.Lookup("category")
	supervised, _ := ini.Lookup("supervised")
	nClasses, okClasses := ini.Int("n_classes")
	if okClasses && supervised == "true" && nColumns > 0 && (category == "Binomial" || category == "Multinomial" || category == "Ordinal") {
		var response *Domain
		for i := range ini.Domains {
			if ini.Domains[i].Column == nColumns-1 {
				response = &ini.Domains[i]
			}
		}
		switch {
		case response == nil:
			if _, have := ini.Sections[sectionDomains]; have {
				c.r.add(RuleBadModelIni, c.name, ini.Sections[sectionDomains], "%s model has no domain for its response column %d: predictions cannot be labeled", category, nColumns-1)
			}
		case response.Count != nClasses:
			c.r.add(RuleBadModelIni, c.name, response.Line, "response domain lists %d classes but n_classes = %d", response.Count, nClasses)
		}
		if category == "Binomial" && nClasses != 2 {
			c.r.add(RuleBadModelIni, c.name, ini.kv("n_classes").Line, "Binomial model has n_classes = %d, not 2", nClasses)
		}
	}
	return nColumns, true
}

// domains checks that every domain file the reader opens exists and holds
// the declared number of levels.
func (v *validator) domains(r *Report, ini *ModelIni, prefix string, nColumns int, haveColumns bool) {
	for _, d := range ini.Domains {
		if haveColumns && d.Column >= nColumns {
			continue // the reader skips domains past the last column
		}
		name := prefix + "domains/" + d.File
		if !v.src.exists(name) {
			r.add(RuleDomains, prefix+"model.ini", d.Line, "domain file %s of column %d is missing from the MOJO: the reader fails without it; re-export the model", name, d.Column)
			continue
		}
		n, err := v.src.countLines(name, v.opt.MaxTextEntry)
		if err != nil {
			r.addUnreadable(name, err)
			continue
		}
		if n != d.Count {
			r.add(RuleDomains, prefix+"model.ini", d.Line, "domain file %s holds %d levels but model.ini declares %d for column %d: the reader fails on it; re-export the model", name, n, d.Count, d.Column)
		}
	}
}

// sharedTrees checks the tree blobs SharedTreeMojoReader loads:
// trees/tCC_GGG.bin for class CC of tree group GGG, and its _aux.bin when
// mojo_version is above 1.00.
func (v *validator) sharedTrees(r *Report, ini *ModelIni, prefix string, needAux bool) {
	nTrees, ok := ini.Int("n_trees")
	name := prefix + "model.ini"
	if !ok {
		line := ini.Sections[sectionInfo]
		if kv := ini.kv("n_trees"); kv != nil {
			line = kv.Line
		}
		r.add(RuleBadModelIni, name, line, "tree model has no integer n_trees, which the reader needs to find its trees")
		return
	}
	groups := map[int]bool{}
	var noAux []string
	for _, e := range v.src.names(prefix + "trees/") {
		rel := strings.TrimPrefix(e, prefix+"trees/")
		class, group, ok := parseTreeName(rel)
		if !ok || group >= nTrees {
			continue
		}
		groups[group] = true
		if needAux {
			aux := prefix + fmt.Sprintf("trees/t%02d_%03d_aux.bin", class, group)
			if !v.src.exists(aux) {
				noAux = append(noAux, aux)
			}
		}
	}
	if missing := nTrees - len(groups); missing > 0 {
		first := 0
		for groups[first] {
			first++
		}
		r.addSilent(RuleModelData, prefix+"trees/", 0, "%d of the %d tree groups declared by n_trees have no tree file (first missing: %strees/t00_%03d.bin): h2o-genmodel loads the model without an error and scores without them; re-export it", missing, nTrees, prefix, first)
	}
	if len(noAux) > 0 {
		sort.Strings(noAux)
		r.add(RuleModelData, noAux[0], 0, "%d trees lack the _aux.bin blob the reader loads for mojo_version above 1.00 (first: %s): the reader fails on them; re-export the model", len(noAux), noAux[0])
	}
}

// parseTreeName parses "tCC_GGG.bin" as written with %02d and %03d.
func parseTreeName(s string) (class, group int, ok bool) {
	if !strings.HasPrefix(s, "t") || !strings.HasSuffix(s, ".bin") || strings.HasSuffix(s, "_aux.bin") {
		return 0, 0, false
	}
	cs, gs, ok := strings.Cut(strings.TrimSuffix(strings.TrimPrefix(s, "t"), ".bin"), "_")
	if !ok {
		return 0, 0, false
	}
	c, err1 := strconv.Atoi(cs)
	g, err2 := strconv.Atoi(gs)
	if err1 != nil || err2 != nil || c < 0 || g < 0 || fmt.Sprintf("t%02d_%03d.bin", c, g) != s {
		return 0, 0, false
	}
	return c, g, true
}

// eifTrees checks the trees/tNN.bin blobs of an Extended Isolation Forest,
// one per tree, all of which the reader loads.
func (v *validator) eifTrees(r *Report, ini *ModelIni, prefix string) {
	nTrees, _ := ini.Int("ntrees")
	present := map[int]bool{}
	for _, e := range v.src.names(prefix + "trees/") {
		rel := strings.TrimPrefix(e, prefix+"trees/")
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(rel, "t"), ".bin"))
		if err == nil && n >= 0 && n < nTrees && fmt.Sprintf("t%02d.bin", n) == rel {
			present[n] = true
		}
	}
	if missing := nTrees - len(present); missing > 0 {
		first := 0
		for present[first] {
			first++
		}
		r.add(RuleModelData, prefix+"trees/", 0, "%d of the %d trees declared by ntrees are missing (first: %strees/t%02d.bin): the reader fails without them; re-export the model", missing, nTrees, prefix, first)
	}
}

// submodels validates the nested MOJOs of a MultiModelMojoReader.
func (v *validator) submodels(r *Report, ini *ModelIni, prefix string, depth int, ancestors []string) {
	name := prefix + "model.ini"
	n, _ := ini.Int("submodel_count")
	// Each submodel needs two [info] keys, so a count beyond that is a lie
	// to report, not a loop to run.
	if n > len(ini.Info) {
		r.add(RuleModelData, name, ini.kv("submodel_count").Line, "submodel_count = %d but model.ini declares at most %d submodels: re-export the model", n, len(ini.Info)/2)
		n = 0
		for _, kv := range ini.Info {
			if strings.HasPrefix(kv.Key, "submodel_key_") {
				n++
			}
		}
	}
	keys := map[string]bool{}
	for i := 0; i < n; i++ {
		keyKV := ini.kv(fmt.Sprintf("submodel_key_%d", i))
		dirKV := ini.kv(fmt.Sprintf("submodel_dir_%d", i))
		if keyKV == nil || dirKV == nil {
			r.add(RuleModelData, name, ini.Sections[sectionInfo], "submodel %d of %d has no submodel_key_%d or submodel_dir_%d", i, n, i, i)
			continue
		}
		keys[keyKV.Value] = true
		sub := prefix + dirKV.Value
		if sub != "" && !strings.HasSuffix(sub, "/") {
			sub += "/" // the reader concatenates; a missing slash finds nothing
		}
		if sub == prefix || contains(ancestors, sub) || depth >= maxNesting {
			r.add(RuleModelData, name, dirKV.Line, "submodel_dir_%d = %q points back at an enclosing model: the reader would recurse forever", i, dirKV.Value)
			continue
		}
		if !v.src.exists(sub + "model.ini") {
			r.add(RuleModelData, name, dirKV.Line, "submodel %q has no %smodel.ini", keyKV.Value, sub)
			continue
		}
		sr := &Report{Path: r.Path + "!" + sub, Kind: H2O3MOJO}
		v.validate(sr, sub, depth+1, append(ancestors, prefix))
		r.Submodels = append(r.Submodels, sr)
		r.Problems = append(r.Problems, sr.Problems...)
	}
	refs := []string{"metalearner", "main_model"}
	if bn, ok := ini.Int("base_models_num"); ok {
		for i := 0; i < bn && i < n+1; i++ {
			refs = append(refs, fmt.Sprintf("base_model%d", i))
		}
	}
	for _, k := range refs {
		kv := ini.kv(k)
		if kv == nil || kv.Value == "null" {
			continue
		}
		if !keys[kv.Value] {
			r.add(RuleModelData, name, kv.Line, "%s = %q names no submodel of this MOJO", k, kv.Value)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

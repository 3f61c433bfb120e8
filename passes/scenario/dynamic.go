package scenario

import (
	"regexp"
	"strings"

	"github.com/acrvet/acr/passes/pyindex"
)

// estimatorRE matches the constructors of model estimators: H2O's
// H2OGradientBoostingEstimator and H2OAutoML, scikit-learn's
// RandomForestClassifier and LinearRegression, XGBRegressor, LGBMClassifier.
var estimatorRE = regexp.MustCompile(`(Estimator|AutoML|Classifier|Regressor|Regression|Forest|Boost|Booster|SVC|SVR|KMeans|NearestNeighbors)$`)

// trainingFuncs are functions that train a model when called.
var trainingFuncs = map[string]bool{
	"xgboost.train": true, "lightgbm.train": true, "catboost.train": true,
	"xgboost.cv": true, "lightgbm.cv": true,
}

// trainingCall returns a description of the model training c performs,
// or "" when it trains nothing the pass recognizes.
func trainingCall(m *pyindex.Module, c *pyindex.Call) string {
	name := callName(c)
	if trainingFuncs[name] {
		return name
	}
	if pyindex.LastName(name) == "H2OAutoML" && c.Method == "" || strings.HasSuffix(name, ".H2OAutoML") {
		return "H2OAutoML"
	}
	if c.Method != "train" && c.Method != "fit" || c.Receiver == nil {
		return ""
	}
	typ := m.TypeOf(c.Receiver)
	if typ == "" && c.Receiver.Unparen().Type() == "call" {
		if inner := m.Call(c.Receiver.Unparen()); inner != nil {
			typ = callName(inner)
		}
	}
	switch {
	case strings.HasPrefix(typ, "h2o.") || strings.HasPrefix(pyindex.LastName(typ), "H2O"):
		return pyindex.LastName(typ) + "." + c.Method
	case estimatorRE.MatchString(pyindex.LastName(typ)):
		return pyindex.LastName(typ) + "." + c.Method
	case c.Method == "train" && m.Imported("h2o") != nil:
		// An estimator handed in as a parameter: in a module that imports
		// h2o, train is H2O's.
		return c.Text
	}
	return ""
}

// blockTraining returns the first training call of a block's code, or
// nil, with its description.
func (s *state) blockTraining(b *mageBlock) (*pyFile, *pyindex.Call, string) {
	pf := s.module(b.Code)
	if pf == nil {
		return nil, nil, ""
	}
	for _, c := range pf.Mod.Calls {
		if what := trainingCall(pf.Mod, c); what != "" {
			return pf, c, what
		}
	}
	return pf, nil, ""
}

// checkDynamicTraining applies SCN105: every Mage block that trains a
// model must be a dynamic child.
func (s *state) checkDynamicTraining() {
	row := s.rec.row(CritDynamicTraining)
	for _, pl := range s.pipelines {
		for _, b := range pl.Blocks {
			_, call, what := s.blockTraining(b)
			if call == nil {
				continue
			}
			row.Applies = true
			start, end := pl.Stream.Offset(b.UUIDNode), pl.Stream.End(b.UUIDNode)
			if parent := pl.dynamicParent(b); parent != nil {
				s.rec.found(CritDynamicTraining, pl.File, start,
					"block "+b.UUID+" ("+what+") fans out under dynamic block "+parent.UUID)
				continue
			}
			if b.isDynamic() {
				s.rec.gap(CritDynamicTraining, pl.File, start, end,
					"training block %s (%s) is itself dynamic, which fans out the blocks below it and runs its own training once: "+
						"make the block that yields the training configurations or data partitions dynamic, with %s as its child",
					b.UUID, what, b.UUID)
				continue
			}
			if reduced := reducedDynamicAncestor(pl, b); reduced != nil {
				s.rec.gap(CritDynamicTraining, pl.File, start, end,
					"training block %s (%s) is not a dynamic child: the output of dynamic block %s is reduced before it reaches %s, "+
						"so pipeline %s trains every model one after the other; reduce after the training block instead",
					b.UUID, what, reduced.UUID, b.UUID, pl.UUID)
				continue
			}
			s.rec.gap(CritDynamicTraining, pl.File, start, end,
				"training block %s (%s) is not a dynamic child, so pipeline %s trains every model one after the other: "+
					"set configuration: {dynamic: true} on the upstream block that yields the training configurations or partitions",
				b.UUID, what, pl.UUID)
		}
	}
	if !row.Applies {
		row.Note = "no Mage block trains a model"
	}
}

// reducedDynamicAncestor returns a dynamic block upstream of b whose
// fan-out is reduced on the way, or nil.
func reducedDynamicAncestor(pl *magePipeline, b *mageBlock) *mageBlock {
	for _, u := range pl.ancestors(b) {
		if u.isDynamic() {
			return u
		}
	}
	return nil
}

// trainingPipelines returns the pipelines with a block that trains, and
// for each its training blocks.
func (s *state) trainingPipelines() ([]*magePipeline, map[*magePipeline][]*mageBlock) {
	var out []*magePipeline
	blocks := map[*magePipeline][]*mageBlock{}
	for _, pl := range s.pipelines {
		for _, b := range pl.Blocks {
			if _, call, _ := s.blockTraining(b); call != nil {
				blocks[pl] = append(blocks[pl], b)
			}
		}
		if len(blocks[pl]) > 0 {
			out = append(out, pl)
		}
	}
	return out, blocks
}

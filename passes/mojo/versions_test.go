package mojo

import (
	"go/token"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/acrvet/acr/pass"
)

func scan(kind pass.Kind, name, src string) []*VersionSite {
	f := pass.NewFile(token.NewFileSet(), name, name, kind, []byte(src), 0)
	s := &state{}
	s.scanVersions(f)
	return s.versions
}

func TestScanVersions(t *testing.T) {
	src := "FROM h2oai/h2o-open-source-k8s:3.46.0.11 AS cluster\n" +
		"# RUN pip install h2o==3.40.0.1\n" +
		"ARG H2O_VERSION=3.46.0.11\n" +
		"ENV H2O_VERSION 3.46.0.11\n" +
		"RUN pip install 'h2o[extras]==3.46.0.11' h2o-wave==1.0.0 pysparkling-h2o==3.46.0.10\n" +
		"RUN curl -O http://h2o-release.s3.amazonaws.com/h2o/rel-3.46.0/10/h2o-3.46.0.10.zip  # 3.1.1.1\n" +
		"ADD https://repo1.maven.org/maven2/ai/h2o/h2o-genmodel/3.44.0.3/h2o-genmodel-3.44.0.3.jar /opt/\n" +
		"RUN gradle add ai.h2o:h2o-genmodel-ext-xgboost:3.44.0.3\n" +
		"RUN pip install h2o==${H2O_VERSION}\n"
	var got []string
	for _, v := range scan(pass.Dockerfile, "Dockerfile", src) {
		p := v.File.Position(v.Start)
		got = append(got, v.Kind.String()+" "+v.Version+" "+p.String())
	}
	assert.Equal(t, []string{
		"H2O image 3.46.0.11 Dockerfile:1:32",
		"build argument 3.46.0.11 Dockerfile:3:17",
		"build argument 3.46.0.11 Dockerfile:4:17",
		"pip install 3.46.0.11 Dockerfile:5:31",
		"H2O download 3.46.0.10 Dockerfile:6:71",
		"h2o-genmodel jar 3.44.0.3 Dockerfile:7:56",
		"h2o-genmodel jar 3.44.0.3 Dockerfile:8:48",
	}, got)
}

func TestReference(t *testing.T) {
	site := func(kind SiteKind, v string) *VersionSite { return &VersionSite{Kind: kind, Version: v} }
	assert.Equal(t, "3.46.0.11", reference([]*VersionSite{site(SiteImage, "3.46.0.12"), site(SiteImage, "3.46.0.12"), site(SitePin, "3.46.0.11")}),
		"a pin wins over more numerous other places")
	assert.Equal(t, "3.46.0.12", reference([]*VersionSite{site(SiteImage, "3.46.0.11"), site(SiteImage, "3.46.0.12"), site(SiteDownload, "3.46.0.12")}))
	assert.Equal(t, "3.46.0.11", reference([]*VersionSite{site(SiteImage, "3.46.0.11"), site(SiteDownload, "3.46.0.12")}), "ties go to the first")
	assert.Equal(t, "", reference(nil))
}

// FuzzScanVersions feeds arbitrary Dockerfile and manifest text to the
// version scanner: it must not panic and every site must parse and lie in
// the file.
func FuzzScanVersions(f *testing.F) {
	f.Add("FROM h2oai/h2o-open-source-k8s:3.46.0.11\nRUN pip install h2o==3.46.0.11\n")
	f.Add("image: h2oai/h2o-3:3.46.0.12 # x\nH2O_VERSION: \"3.44.0.3\"\n")
	f.Add("ADD https://h2o-release.s3.amazonaws.com/h2o/rel-3.46.0/11/h2o-3.46.0.11.zip /tmp\r\n#\n")
	f.Fuzz(func(t *testing.T, src string) {
		for _, v := range scan(pass.Compose, "compose.yaml", src) {
			if _, ok := ParseH2OVersion(v.Version); !ok {
				t.Fatalf("site with unparsable version %q", v.Version)
			}
			off := v.Start
			if off < 0 || off > len(src) || v.End < v.Start {
				t.Fatalf("site outside the file: %d", off)
			}
		}
	})
}

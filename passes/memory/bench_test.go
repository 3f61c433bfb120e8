package memory_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/passes/memory"
)

// writeCorpus writes n Compose projects and n Kubernetes manifests, each
// with a JVM service, a database and an API, half of them misconfigured.
func writeCorpus(b *testing.B, n int) string {
	dir := b.TempDir()
	for i := 0; i < n; i++ {
		heap := "5g"
		if i%2 == 0 {
			heap = "7g"
		}
		proj := filepath.Join(dir, fmt.Sprintf("compose%03d", i))
		kube := filepath.Join(dir, fmt.Sprintf("k8s%03d", i))
		if err := os.MkdirAll(proj, 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.MkdirAll(kube, 0o755); err != nil {
			b.Fatal(err)
		}
		compose := fmt.Sprintf(`x-jvm: &jvm
  image: h2oai/h2o-open-source-k8s:3.46.0.1
  mem_limit: ${H2O_MEM:-8g}
services:
  h2o:
    <<: *jvm
    environment:
      JAVA_TOOL_OPTIONS: -Xmx%s
  db:
    image: postgres:16
    ports: ["5432:5432"]
    volumes: [pgdata:/var/lib/postgresql/data]
  api:
    image: python:3.12-slim
    command: uvicorn app:app
    environment:
      - DATABASE_URL=postgresql://app@db:5432/app
volumes:
  pgdata:
`, heap)
		manifest := fmt.Sprintf(`apiVersion: apps/v1
kind: Deployment
metadata: {name: h2o}
spec:
  template:
    metadata: {labels: {app: h2o}}
    spec:
      containers:
        - name: h2o
          image: eclipse-temurin:21-jre
          command: ["sh", "-c", "exec java $JAVA_OPTS -jar /app.jar"]
          env: [{name: JAVA_OPTS, value: "-Xmx%s"}]
          resources: {limits: {memory: 8Gi}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: pg}
spec:
  template:
    metadata: {labels: {app: pg}}
    spec:
      containers: [{name: pg, image: postgres:16, volumeMounts: [{name: data, mountPath: /var/lib/postgresql/data}]}]
  volumeClaimTemplates: [{metadata: {name: data}}]
`, heap)
		for name, content := range map[string]string{
			filepath.Join(proj, "docker-compose.yml"): compose,
			filepath.Join(proj, ".env"):               "H2O_MEM=8g\n",
			filepath.Join(kube, "app.yaml"):           manifest,
		} {
			if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	return dir
}

// BenchmarkManifests measures manifests (Compose files and Kubernetes
// files) reviewed per second through the driver.
func BenchmarkManifests(b *testing.B) {
	const n = 100
	dir := writeCorpus(b, n)
	b.ResetTimer()
	var findings int
	for i := 0; i < b.N; i++ {
		res, err := checker.Run([]string{dir + "/..."}, []*acr.Analyzer{memory.Analyzer}, checker.Options{Root: dir})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Errors) > 0 {
			b.Fatal(res.Errors)
		}
		findings = len(res.Findings)
	}
	b.StopTimer()
	if want := n / 2 * 2; findings < want {
		b.Fatalf("%d findings, want at least %d", findings, want)
	}
	b.ReportMetric(float64(2*n*b.N)/b.Elapsed().Seconds(), "manifests/s")
	b.ReportMetric(float64(findings), "findings")
}

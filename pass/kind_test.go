package pass_test

import (
	"go/token"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/acrvet/acr/pass"
)

func TestDetectKind(t *testing.T) {
	cases := []struct {
		path, head string
		want       pass.Kind
	}{
		{"src/service/app.py", "", pass.Python},
		{"stubs/x.pyi", "", pass.Python},
		{"bin/serve", "#!/usr/bin/env python3\nprint(1)\n", pass.Python},
		{"bin/run", "#!/bin/sh\n", pass.Text},
		{"db/V1__init.sql", "", pass.SQL},
		{"models/churn.zip", "", pass.Zip},
		{"models/pipeline.mojo", "", pass.Zip},
		{"pojo/Model.java", "", pass.Java},
		{"Dockerfile", "", pass.Dockerfile},
		{"docker/Dockerfile.h2o", "", pass.Dockerfile},
		{"api.dockerfile", "", pass.Dockerfile},
		{"Containerfile", "", pass.Dockerfile},
		{"requirements.txt", "", pass.Requirements},
		{"requirements-dev.txt", "", pass.Requirements},
		{"constraints.txt", "", pass.Requirements},
		{"requirements/base.txt", "", pass.Requirements},
		{"notes.txt", "", pass.Text},
		{"pyproject.toml", "", pass.Pyproject},
		{"Pipfile", "", pass.Pyproject},
		{".env", "", pass.DotEnv},
		{"deploy/prod.env", "", pass.DotEnv},
		{".env.local", "", pass.DotEnv},
		{"docker-compose.yml", "", pass.Compose},
		{"compose.yaml", "", pass.Compose},
		{"docker-compose.override.yml", "", pass.Compose},
		{"compose.prod.yaml", "", pass.Compose},
		{"stack.yml", "version: '3'\nservices:\n  a: {}\n", pass.Compose},
		{"k8s/api.yaml", "apiVersion: apps/v1\nkind: Deployment\n", pass.Kubernetes},
		{"k8s/all.yaml", "# comment\n---\napiVersion: v1\nkind: List\n", pass.Kubernetes},
		{"mage/pipelines/train/metadata.yaml", "blocks:\n- name: load\n", pass.Mage},
		{"config/settings.yaml", "debug: true\n", pass.YAML},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, pass.DetectKind(c.path, []byte(c.head)), c.path)
	}
}

func TestPositions(t *testing.T) {
	fset := token.NewFileSet()
	content := []byte("a = 1\nb = 'é😀' + x\n")
	f := pass.NewFile(fset, "a.py", "/tmp/a.py", pass.Python, content, 0)
	off := len("a = 1\nb = 'é😀' + ")
	p := f.Position(off)
	assert.Equal(t, 2, p.Line)
	assert.Equal(t, 1+len("b = 'é😀' + "), p.Column)
	assert.Equal(t, 1+len("b = '")+1+2+len("' + "), p.Column16)
	assert.Equal(t, off, f.Offset(f.Pos(off)))
	assert.Equal(t, len("a = 1\nb = '"), f.OffsetOf(2, 6))
	assert.Equal(t, len(content), f.Offset(f.Pos(1<<20)), "offsets past the end clamp")
	assert.Equal(t, "a.py:2:", p.String()[:7])

	n := 0
	for i := 0; i < 3; i++ {
		f.Memo("k", func() any { n++; return n })
	}
	assert.Equal(t, 1, n, "memo computes once")
}

func TestNotSourceReason(t *testing.T) {
	for _, tc := range []struct {
		kind pass.Kind
		src  string
		skip bool
	}{
		{pass.Python, "{% extends \"data_loaders/default.jinja\" %}\n{% block imports %}\nimport io\n{% endblock %}\n", true},
		{pass.Python, "import io\n\n{{ code }}\n{% if x %}\npass\n{% endif %}\n", true},
		{pass.Python, "TEMPLATE = \"\"\"\n{% for x in xs %}\n{{ x }}\n{% endfor %}\n\"\"\"\n", false},
		{pass.Python, "x = {'a': 1}\nd = {\n  'k': 2}\n", false},
		{pass.Python, "rows = [\n    {# the first row\n     'a': 1},\n]\n", false},
		{pass.Python, "{# a Jinja comment #}\nimport io\n", true},
		{pass.Dockerfile, "\"use strict\";/*!---\n * Copyright\n */define(\"vs/basic-languages/dockerfile\",[],()=>{})\n", true},
		{pass.Dockerfile, "# syntax=docker/dockerfile:1\n\nFROM python:3.12\nRUN pip install .\n", false},
		{pass.Dockerfile, "FROM python:3.12\nCOPY . .\n{args}\n{pip}\n", true},
		{pass.Dockerfile, "", false},
		{pass.Compose, "{% if x %}\n", false},
	} {
		got := pass.NotSourceReason(tc.kind, []byte(tc.src))
		if (got != "") != tc.skip {
			t.Errorf("%s %q: NotSourceReason = %q, want skip %v", tc.kind, tc.src, got, tc.skip)
		}
	}
}

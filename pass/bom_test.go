package pass_test

import (
	"go/token"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/acrvet/acr/pass"
)

func TestBOM(t *testing.T) {
	assert.Equal(t, 3, pass.BOMLen([]byte("\ufeffx")))
	assert.Equal(t, 0, pass.BOMLen([]byte("x\ufeff")))
	src := []byte("\ufeffkey: 1\n")
	blank := pass.BlankBOM(src)
	assert.Equal(t, "   key: 1\n", string(blank))
	assert.Equal(t, "\ufeffkey: 1\n", string(src), "the file's bytes are not changed")
	plain := []byte("key: 1\n")
	assert.Same(t, &plain[0], &pass.BlankBOM(plain)[0], "no copy without a mark")

	// Kind detection by content looks past the mark.
	assert.Equal(t, pass.Compose, pass.DetectKind("stack.yml", []byte("\ufeffservices:\n  db:\n    image: postgres\n")))
	assert.Equal(t, pass.Python, pass.DetectKind("bin/tool", []byte("\ufeff#!/usr/bin/env python3\n")))

	// Parsers count line 1's columns after the mark.
	f := pass.NewFile(token.NewFileSet(), "c.yml", "c.yml", pass.Compose, src, 0)
	assert.Equal(t, 3, f.OffsetOf(1, 1))
	assert.Equal(t, 5, f.OffsetOf(1, 3))
}

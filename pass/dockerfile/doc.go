// Package dockerfile is the Dockerfile front of the polyglot source model:
// it splits a Dockerfile (or Containerfile) into instructions the way
// BuildKit's parser does, keeping each instruction's byte range so passes
// report at the line that matters and can edit it.
//
// It honors the parser directives at the top of the file (`# escape=` for
// the continuation character, `# syntax=`, `# check=`), line continuations
// (with comment and blank lines inside a continuation dropped), comments,
// the JSON (exec) and shell forms of RUN, CMD, ENTRYPOINT, SHELL, COPY, ADD
// and VOLUME, leading `--flag=value` options, heredocs on RUN, COPY and ADD
// (`<<EOF`, `<<-EOF`, quoted delimiters), build stages (`FROM image AS
// name`), and ENV, ARG and LABEL in both the `key=value` and the legacy
// `ENV key value` forms.
//
// Logical lines joined from several physical lines keep a byte map, so
// every word and key/value of an instruction has its exact range in the
// file. Problems such as an unknown instruction, a missing argument or an
// unterminated heredoc are *pass.SyntaxErrors; Parse still returns every
// instruction it read, with the first error, as go/parser does.
package dockerfile

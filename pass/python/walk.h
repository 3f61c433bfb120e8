// Declarations of the tree-sitter C API used by the flattening walker.
// The library itself is compiled and linked by github.com/smacker/go-tree-sitter;
// these prototypes and struct layouts follow its api.h (language ABI 14), and
// TestWalkMatchesBindings checks the result against the Go bindings.
#ifndef ACR_PYTHON_WALK_H
#define ACR_PYTHON_WALK_H

#include <stdbool.h>
#include <stdint.h>

typedef struct TSParser TSParser;
typedef struct TSTree TSTree;
typedef struct TSLanguage TSLanguage;
typedef uint16_t TSSymbol;
typedef uint16_t TSFieldId;

typedef struct TSNode {
	uint32_t context[4];
	const void *id;
	const TSTree *tree;
} TSNode;

typedef struct TSTreeCursor {
	const void *tree;
	const void *id;
	uint32_t context[3];
} TSTreeCursor;

const TSLanguage *tree_sitter_python(void);

uint32_t ts_language_symbol_count(const TSLanguage *);
const char *ts_language_symbol_name(const TSLanguage *, TSSymbol);
uint32_t ts_language_field_count(const TSLanguage *);
const char *ts_language_field_name_for_id(const TSLanguage *, TSFieldId);

// acr_node is one node of the flattened tree, in preorder.
typedef struct {
	uint16_t sym;
	uint16_t field;
	uint32_t flags;
	uint32_t start;
	uint32_t end;
	int32_t parent;
	int32_t next; // index of the next sibling, or -1
	int32_t last; // index of the last node of the subtree
} acr_node;

enum {
	ACR_NAMED = 1,
	ACR_MISSING = 2,
	ACR_EXTRA = 4,
	ACR_ERROR = 8,
	ACR_HAS_ERROR = 16,
};

enum {
	ACR_ERR_NOMEM = -1,
	ACR_ERR_TIMEOUT = -2,
	ACR_ERR_LANGUAGE = -3,
};

// acr_parser is a tree-sitter parser for Python and what bounds the CPU
// time of its current parse.
typedef struct acr_parser acr_parser;

// acr_parser_new returns a parser, or NULL when out of memory;
// acr_parser_delete frees it.
acr_parser *acr_parser_new(void);
void acr_parser_delete(acr_parser *p);

// acr_parse parses src as Python with p (one parse at a time) and flattens
// the tree into *out (allocated with malloc; the caller frees it). It
// returns the number of nodes or a negative ACR_ERR_* code: ACR_ERR_TIMEOUT
// when acr_parser_check cancelled it, or after wall_micros of wall time, a
// backstop.
int64_t acr_parse(acr_parser *p, const char *src, uint32_t len, uint64_t wall_micros, acr_node **out);

// acr_parse_only parses src as Python with p, frees the tree and returns
// the CPU time of the calling thread that the parse took, in microseconds,
// or a negative ACR_ERR_* code.
int64_t acr_parse_only(acr_parser *p, const char *src, uint32_t len);

// acr_parser_check cancels the parse running on p, from another thread,
// once its thread has spent more than cpu_micros of CPU time in it. It
// returns 1 when it cancelled.
int acr_parser_check(acr_parser *p, uint64_t cpu_micros);

#endif

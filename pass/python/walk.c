#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include "walk.h"

TSParser *ts_parser_new(void);
void ts_parser_delete(TSParser *);
bool ts_parser_set_language(TSParser *, const TSLanguage *);
void ts_parser_set_timeout_micros(TSParser *, uint64_t);
void ts_parser_reset(TSParser *);
void ts_parser_set_cancellation_flag(TSParser *, const size_t *);
TSTree *ts_parser_parse_string(TSParser *, const TSTree *, const char *, uint32_t);
void ts_tree_delete(TSTree *);
TSNode ts_tree_root_node(const TSTree *);
TSSymbol ts_node_symbol(TSNode);
uint32_t ts_node_start_byte(TSNode);
uint32_t ts_node_end_byte(TSNode);
bool ts_node_is_named(TSNode);
bool ts_node_is_missing(TSNode);
bool ts_node_is_extra(TSNode);
bool ts_node_has_error(TSNode);
TSTreeCursor ts_tree_cursor_new(TSNode);
void ts_tree_cursor_delete(TSTreeCursor *);
TSNode ts_tree_cursor_current_node(const TSTreeCursor *);
TSFieldId ts_tree_cursor_current_field_id(const TSTreeCursor *);
bool ts_tree_cursor_goto_parent(TSTreeCursor *);
bool ts_tree_cursor_goto_next_sibling(TSTreeCursor *);
bool ts_tree_cursor_goto_first_child(TSTreeCursor *);

// TRIM_AFTER_BYTES is the source size from which a parse returns the
// memory of its tree to the system.
#define TRIM_AFTER_BYTES (1 << 20)

typedef struct {
	acr_node *nodes;
	int64_t len, cap;
	int32_t *stack; // indices of the open ancestors
	int32_t *lastc; // lastc[i]: the last child seen of stack[i], or -1
	int64_t depth, stack_cap;
} walker;

static bool emit(walker *w, TSTreeCursor *c, int32_t parent) {
	if (w->len == w->cap) {
		int64_t cap = w->cap * 2;
		acr_node *n = realloc(w->nodes, (size_t)cap * sizeof(acr_node));
		if (!n) return false;
		w->nodes = n;
		w->cap = cap;
	}
	if (w->depth == w->stack_cap) {
		int64_t cap = w->stack_cap * 2;
		int32_t *s = realloc(w->stack, (size_t)cap * sizeof(int32_t));
		if (!s) return false;
		w->stack = s;
		int32_t *l = realloc(w->lastc, (size_t)cap * sizeof(int32_t));
		if (!l) return false;
		w->lastc = l;
		w->stack_cap = cap;
	}
	TSNode n = ts_tree_cursor_current_node(c);
	acr_node *a = &w->nodes[w->len];
	a->sym = ts_node_symbol(n);
	a->field = ts_tree_cursor_current_field_id(c);
	a->start = ts_node_start_byte(n);
	a->end = ts_node_end_byte(n);
	a->parent = parent;
	a->next = -1;
	a->last = (int32_t)w->len;
	if (w->depth > 0) {
		int32_t prev = w->lastc[w->depth - 1];
		if (prev >= 0) w->nodes[prev].next = (int32_t)w->len;
		w->lastc[w->depth - 1] = (int32_t)w->len;
	}
	uint32_t flags = 0;
	if (ts_node_is_named(n)) flags |= ACR_NAMED;
	if (ts_node_is_missing(n)) flags |= ACR_MISSING;
	if (ts_node_is_extra(n)) flags |= ACR_EXTRA;
	if (a->sym == (TSSymbol)-1) flags |= ACR_ERROR; // ts_node_is_error: ts_builtin_sym_error
	if (ts_node_has_error(n)) flags |= ACR_HAS_ERROR;
	a->flags = flags;
	w->lastc[w->depth] = -1;
	w->stack[w->depth++] = (int32_t)w->len;
	w->len++;
	return true;
}

struct acr_parser {
	TSParser *ts;
	size_t cancel;      // read by tree-sitter every few operations
	int running;        // a parse is under way on thread, since start
	clockid_t thread;   // CPU-time clock of the parsing thread
	uint64_t start;     // its reading when the parse began, in microseconds
};

static uint64_t cpu_micros(clockid_t c) {
	struct timespec ts;
	if (clock_gettime(c, &ts) != 0) return 0;
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

acr_parser *acr_parser_new(void) {
	acr_parser *p = calloc(1, sizeof(acr_parser));
	if (!p) return NULL;
	p->ts = ts_parser_new();
	if (!p->ts || !ts_parser_set_language(p->ts, tree_sitter_python())) {
		if (p->ts) ts_parser_delete(p->ts);
		free(p);
		return NULL;
	}
	ts_parser_set_cancellation_flag(p->ts, &p->cancel);
	return p;
}

void acr_parser_delete(acr_parser *p) {
	ts_parser_delete(p->ts);
	free(p);
}

int acr_parser_check(acr_parser *p, uint64_t limit) {
	if (!__atomic_load_n(&p->running, __ATOMIC_ACQUIRE)) return 0;
	uint64_t now = cpu_micros(p->thread);
	if (now > p->start && now - p->start > limit) {
		__atomic_store_n(&p->cancel, 1, __ATOMIC_RELEASE);
		return 1;
	}
	return 0;
}

int64_t acr_parse(acr_parser *ap, const char *src, uint32_t len, uint64_t wall_micros, acr_node **out) {
	*out = NULL;
	TSParser *p = ap->ts;
	// A parser that was cancelled keeps the state to resume; start afresh.
	ts_parser_reset(p);
	ts_parser_set_timeout_micros(p, wall_micros);
	__atomic_store_n(&ap->cancel, 0, __ATOMIC_RELEASE);
	int measured = pthread_getcpuclockid(pthread_self(), &ap->thread) == 0;
	if (measured) {
		ap->start = cpu_micros(ap->thread);
		__atomic_store_n(&ap->running, 1, __ATOMIC_RELEASE);
	}
	TSTree *t = ts_parser_parse_string(p, NULL, src, len);
	__atomic_store_n(&ap->running, 0, __ATOMIC_RELEASE);
	if (!t) {
		ts_parser_reset(p);
		return ACR_ERR_TIMEOUT;
	}

	walker w = {0};
	w.cap = (int64_t)len / 4 + 16;
	w.nodes = malloc((size_t)w.cap * sizeof(acr_node));
	w.stack_cap = 64;
	w.stack = malloc((size_t)w.stack_cap * sizeof(int32_t));
	w.lastc = malloc((size_t)w.stack_cap * sizeof(int32_t));
	int64_t result = ACR_ERR_NOMEM;
	TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(t));
	if (!w.nodes || !w.stack || !w.lastc || !emit(&w, &c, -1)) goto done;
	for (;;) {
		if (ts_tree_cursor_goto_first_child(&c)) {
			if (!emit(&w, &c, w.stack[w.depth - 1])) goto done;
			continue;
		}
		// Close finished subtrees until one has a next sibling.
		for (;;) {
			int32_t closed = w.stack[--w.depth];
			if (w.depth > 0) {
				int32_t parent = w.stack[w.depth - 1];
				if (w.nodes[closed].last > w.nodes[parent].last) w.nodes[parent].last = w.nodes[closed].last;
			}
			if (ts_tree_cursor_goto_next_sibling(&c)) {
				if (!emit(&w, &c, w.stack[w.depth - 1])) goto done;
				break;
			}
			if (!ts_tree_cursor_goto_parent(&c)) {
				result = w.len;
				goto done;
			}
		}
	}
done:
	ts_tree_cursor_delete(&c);
	ts_tree_delete(t);
	free(w.stack);
	free(w.lastc);
#ifdef __GLIBC__
	// A large tree is millions of small blocks in malloc's arena: hand the
	// freed pages back now, or they stay resident while the passes run.
	if (len >= TRIM_AFTER_BYTES) malloc_trim(0);
#endif
	if (result < 0) {
		free(w.nodes);
	} else {
		*out = w.nodes;
	}
	return result;
}

int64_t acr_parse_only(acr_parser *ap, const char *src, uint32_t len) {
	TSParser *p = ap->ts;
	ts_parser_reset(p);
	ts_parser_set_timeout_micros(p, 0);
	__atomic_store_n(&ap->cancel, 0, __ATOMIC_RELEASE);
	clockid_t self;
	if (pthread_getcpuclockid(pthread_self(), &self) != 0) return ACR_ERR_TIMEOUT;
	uint64_t start = cpu_micros(self);
	TSTree *t = ts_parser_parse_string(p, NULL, src, len);
	if (!t) return ACR_ERR_TIMEOUT;
	ts_tree_delete(t);
	return (int64_t)(cpu_micros(self) - start);
}

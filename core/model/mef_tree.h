/*
 * core/model/mef_tree.h — the elements of an XML document as a compact,
 * read-only tree for the MEF reader (mef.c): names, lines and attributes
 * only. Built from libxml2's SAX2 callbacks into a few arrays instead of
 * libxml2's DOM (a malloc'd node per element, attribute and attribute text,
 * each freed again), which cost over half the time of reading a model of
 * 10^5 elements.
 */
#ifndef HS_MODEL_MEF_TREE_H
#define HS_MODEL_MEF_TREE_H

#include "util/error.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct hs_mef_attr {
    const char *name;  /* local name (any namespace), the parser's dictionary */
    const char *value; /* entities decoded, as xmlGetProp gives it */
    size_t off;        /* value's offset while the document is read */
} hs_mef_attr;

/* One element. Text, comments and processing instructions are not kept:
 * the MEF reader reads none of them. */
typedef struct hs_mef_node {
    const char *name; /* as the DOM names it: local name, but prefix:name when
                       * the prefix is undeclared; the parser's dictionary */
    int line;         /* where the start tag ends, as libxml2's DOM has it; 0 unknown */
    int nattr;
    const hs_mef_attr *attrs;
    const struct hs_mef_node *children, *next; /* first child, next sibling */
    int child_ix, next_ix, attr_ix;            /* the same as indices while reading */
} hs_mef_node;

typedef struct hs_mef_tree {
    hs_mef_node *nodes; /* nodes[0] is the root element once read */
    size_t n_nodes, cap_nodes;
    hs_mef_attr *attrs;
    size_t n_attrs, cap_attrs;
    char *strs;
    size_t n_strs, cap_strs;
    struct hs_mef_open {
        int node, last; /* an open element and its last child so far (-1) */
    } * open;           /* while reading */
    size_t depth, cap_depth;
    bool oom;
    void *ctxt; /* xmlParserCtxt: owns the names */
    void *doc;  /* xmlDoc without elements: entities, DTD defaults */
} hs_mef_tree;

/* Parses BUF (LEN bytes, FILE for messages) into *T, which the caller
 * zero-initialises and frees with hs_mef_tree_free whatever this returns.
 * Accepts exactly what xmlCtxtReadMemory does with the MEF reader's
 * options; a document that is not well-formed fails with libxml2's
 * message at its line ("XML error: ..."). 0 or -1 with ERR set. */
int hs_mef_tree_read(hs_mef_tree *t, const char *buf, size_t len, const char *file, hs_error *err);

/* The root element; NULL when the document has none. */
const hs_mef_node *hs_mef_tree_root(const hs_mef_tree *t);

/* The value of N's attribute NAME (in no namespace) as xmlGetProp gives
 * it, a DTD's default included; NULL when absent. Owned by T. */
const char *hs_mef_tree_attr(const hs_mef_tree *t, const hs_mef_node *n, const char *name);

/* Frees what T holds (not T itself); T may be partly built. */
void hs_mef_tree_free(hs_mef_tree *t);

#endif

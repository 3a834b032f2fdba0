/*
 * core/model/mef_tree.c — an XML document's elements and attributes read
 * through libxml2's SAX2 callbacks into flat arrays (mef_tree.h). Only the
 * two element callbacks are ours: libxml2's own handlers still keep the
 * DTD and entities, so an attribute reads as xmlGetProp would read it in
 * the DOM, and every check of well-formedness is libxml2's.
 */
#include "model/mef_tree.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/valid.h>

static bool grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap : 64;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * elem);
    if (!q)
        return false;
    *p = q;
    *cap = n;
    return true;
}

static bool add_str(hs_mef_tree *t, const char *s, size_t len, size_t *off)
{
    if (!grow((void **)&t->strs, &t->cap_strs, t->n_strs + len + 1, 1))
        return false;
    *off = t->n_strs;
    memcpy(t->strs + t->n_strs, s, len);
    t->strs[t->n_strs + len] = '\0';
    t->n_strs += len + 1;
    return true;
}

/* An attribute value with '&' holds references the DOM would keep as
 * nodes and xmlGetProp expand: the same two calls here give the same
 * text. */
static bool add_value(hs_mef_tree *t, xmlParserCtxt *ctxt, const xmlChar *v, const xmlChar *end,
                      size_t *off)
{
    size_t len = (size_t)(end - v);
    if (!memchr(v, '&', len))
        return add_str(t, (const char *)v, len, off);
    xmlNode *list = xmlStringLenGetNodeList(ctxt->myDoc, v, (int)len);
    xmlChar *s = xmlNodeListGetString(ctxt->myDoc, list, 1);
    bool ok = add_str(t, s ? (const char *)s : "", s ? strlen((const char *)s) : 0, off);
    xmlFree(s);
    xmlFreeNodeList(list);
    return ok;
}

/* The attributes as the DOM keeps them, for xmlGetProp, which matches
 * the local name in any namespace: an undeclared prefix stays in the
 * name (so it never matches), the DTD's defaults are left to
 * hs_mef_tree_attr. */
static bool add_attrs(hs_mef_tree *t, xmlParserCtxt *ctxt, hs_mef_node *n, int nb,
                      const xmlChar **a)
{
    for (int i = 0; i < nb; i++, a += 5) {
        if (a[1] && !a[2])
            continue;
        if (!grow((void **)&t->attrs, &t->cap_attrs, t->n_attrs + 1, sizeof *t->attrs))
            return false;
        hs_mef_attr *at = &t->attrs[t->n_attrs];
        at->name = (const char *)a[0];
        if (!add_value(t, ctxt, a[3], a[4], &at->off))
            return false;
        t->n_attrs++;
        n->nattr++;
    }
    return true;
}

static bool add_node(hs_mef_tree *t, xmlParserCtxt *ctxt, const xmlChar *name, int nb_attr,
                     const xmlChar **attrs)
{
    if (!grow((void **)&t->nodes, &t->cap_nodes, t->n_nodes + 1, sizeof *t->nodes) ||
        !grow((void **)&t->open, &t->cap_depth, t->depth + 1, sizeof *t->open))
        return false;
    int ix = (int)t->n_nodes++;
    long line = ctxt->input ? ctxt->input->line : 0;
    hs_mef_node *n = &t->nodes[ix];
    *n = (hs_mef_node){.name = (const char *)name,
                       .line = line > 0 && line < 1000000000 ? (int)line : 0,
                       .child_ix = -1,
                       .next_ix = -1,
                       .attr_ix = (int)t->n_attrs};
    if (t->depth) {
        struct hs_mef_open *up = &t->open[t->depth - 1];
        if (up->last < 0)
            t->nodes[up->node].child_ix = ix;
        else
            t->nodes[up->last].next_ix = ix;
        up->last = ix;
    }
    t->open[t->depth++] = (struct hs_mef_open){ix, -1};
    return add_attrs(t, ctxt, n, nb_attr, attrs);
}

static void on_start(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri,
                     int nb_ns, const xmlChar **ns, int nb_attr, int nb_defaulted,
                     const xmlChar **attrs)
{
    xmlParserCtxt *ctxt = ctx;
    hs_mef_tree *t = ctxt->_private;
    /* an entity's content is parsed apart, in a context of its own: it
     * stays libxml2's, as in the DOM (where it is no element's child) */
    if (!t || t->ctxt != ctxt) {
        xmlSAX2StartElementNs(ctx, name, prefix, uri, nb_ns, ns, nb_attr, nb_defaulted, attrs);
        return;
    }
    if (t->oom)
        return;
    /* an undeclared prefix stays in the DOM's name */
    if (prefix && !uri)
        name = xmlDictQLookup(ctxt->dict, prefix, name);
    if (!name || !add_node(t, ctxt, name, nb_attr - nb_defaulted, attrs)) {
        t->oom = true;
        xmlStopParser(ctxt);
    }
}

static void on_end(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri)
{
    xmlParserCtxt *ctxt = ctx;
    hs_mef_tree *t = ctxt->_private;
    if (!t || t->ctxt != ctxt)
        xmlSAX2EndElementNs(ctx, name, prefix, uri);
    else if (t->depth)
        t->depth--;
}

/* Indices become pointers once the arrays no longer move. */
static void link_nodes(hs_mef_tree *t)
{
    for (size_t i = 0; i < t->n_attrs; i++)
        t->attrs[i].value = t->strs + t->attrs[i].off;
    for (size_t i = 0; i < t->n_nodes; i++) {
        hs_mef_node *n = &t->nodes[i];
        n->children = n->child_ix >= 0 ? &t->nodes[n->child_ix] : NULL;
        n->next = n->next_ix >= 0 ? &t->nodes[n->next_ix] : NULL;
        n->attrs = n->nattr ? t->attrs + n->attr_ix : NULL;
    }
}

static int xml_error(xmlParserCtxt *ctxt, const char *file, hs_error *err)
{
    const xmlError *e = xmlCtxtGetLastError(ctxt);
    char msg[256] = "not well-formed XML";
    if (e && e->message) {
        snprintf(msg, sizeof msg, "%s", e->message);
        size_t l = strlen(msg);
        while (l && (msg[l - 1] == '\n' || msg[l - 1] == ' '))
            msg[--l] = '\0';
    }
    return hs_error_fail(err, file, e ? e->line : 0, "XML error: %s", msg);
}

int hs_mef_tree_read(hs_mef_tree *t, const char *buf, size_t len, const char *file, hs_error *err)
{
    if (len > 0x7fffffff)
        return hs_error_fail(err, file, 0, "file too large");
    xmlParserCtxt *ctxt = xmlNewParserCtxt();
    if (!ctxt)
        return hs_error_fail(err, file, 0, "out of memory");
    t->ctxt = ctxt;
    ctxt->_private = t;
    ctxt->sax->startElementNs = on_start;
    ctxt->sax->endElementNs = on_end;
    /* blanks between elements need not reach the text handler */
    t->doc = xmlCtxtReadMemory(ctxt, buf, (int)len, file, NULL,
                               XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                   XML_PARSE_BIG_LINES | XML_PARSE_NOBLANKS | XML_PARSE_COMPACT);
    if (t->oom)
        return hs_error_fail(err, file, 0, "out of memory");
    if (!t->doc)
        return xml_error(ctxt, file, err);
    link_nodes(t);
    return 0;
}

const hs_mef_node *hs_mef_tree_root(const hs_mef_tree *t)
{
    return t->n_nodes ? &t->nodes[0] : NULL;
}

/* The DTD's default for an attribute the element lacks, looked up as
 * xmlGetProp does (by the element's DOM name). */
static const char *dtd_default(const hs_mef_tree *t, const hs_mef_node *n, const char *name)
{
    const xmlDoc *doc = t->doc;
    if (!doc || !doc->intSubset)
        return NULL;
    const xmlChar *e = (const xmlChar *)n->name, *a = (const xmlChar *)name;
    xmlAttribute *d = xmlGetDtdAttrDesc(doc->intSubset, e, a);
    if (!d && doc->extSubset)
        d = xmlGetDtdAttrDesc(doc->extSubset, e, a);
    return d && d->defaultValue ? (const char *)d->defaultValue : NULL;
}

const char *hs_mef_tree_attr(const hs_mef_tree *t, const hs_mef_node *n, const char *name)
{
    for (int i = 0; i < n->nattr; i++)
        if (strcmp(n->attrs[i].name, name) == 0)
            return n->attrs[i].value;
    return dtd_default(t, n, name);
}

void hs_mef_tree_free(hs_mef_tree *t)
{
    xmlFreeDoc(t->doc);
    if (t->ctxt)
        xmlFreeParserCtxt(t->ctxt);
    free(t->nodes);
    free(t->attrs);
    free(t->strs);
    free(t->open);
    *t = (hs_mef_tree){0};
}

/*
 * json: the JSON writer (see json.h).
 *
 * Invariant: items[depth] is true once the innermost open object or array
 * (or the top level, at depth 0) has a value, so the next one is preceded
 * by a comma.  Output stops, rather than going wrong, when nesting goes
 * past JSON_MAXDEPTH: a truncated document fails to parse, a mis-nested
 * one might not.  No number other than a 64-bit integer is written: Porch
 * has no fractions to export.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "json.h"

void
json_init(struct json *j, struct buf *b)
{
	size_t	 i;

	j->b = b;
	j->depth = 0;
	j->overflow = false;
	for (i = 0; i <= JSON_MAXDEPTH; i++)
		j->items[i] = false;
}

void
json_quote(struct buf *b, const char *s)
{
	const unsigned char	*p;

	buf_putc(b, '"');
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (char)*p);
		} else if (*p < 0x20 || *p == 0x7f)
			buf_printf(b, "\\u%04x", *p);
		else
			buf_putc(b, (char)*p);
	}
	buf_putc(b, '"');
}

/* The comma and key before any value; false when output has stopped. */
static bool
value_start(struct json *j, const char *key)
{
	if (j->overflow)
		return false;
	if (j->items[j->depth])
		buf_putc(j->b, ',');
	j->items[j->depth] = true;
	if (key != NULL) {
		json_quote(j->b, key);
		buf_putc(j->b, ':');
	}
	return true;
}

static void
open_level(struct json *j, const char *key, char c)
{
	if (!value_start(j, key))
		return;
	if (j->depth == JSON_MAXDEPTH) {
		j->overflow = true;
		return;
	}
	buf_putc(j->b, c);
	j->items[++j->depth] = false;
}

static void
close_level(struct json *j, char c)
{
	if (j->overflow || j->depth == 0)
		return;
	buf_putc(j->b, c);
	j->depth--;
}

void
json_obj_open(struct json *j, const char *key)
{
	open_level(j, key, '{');
}

void
json_obj_close(struct json *j)
{
	close_level(j, '}');
}

void
json_arr_open(struct json *j, const char *key)
{
	open_level(j, key, '[');
}

void
json_arr_close(struct json *j)
{
	close_level(j, ']');
}

void
json_str(struct json *j, const char *key, const char *val)
{
	if (!value_start(j, key))
		return;
	if (val == NULL)
		buf_puts(j->b, "null");
	else
		json_quote(j->b, val);
}

void
json_int(struct json *j, const char *key, int64_t val)
{
	if (value_start(j, key))
		buf_printf(j->b, "%" PRId64, val);
}

void
json_bool(struct json *j, const char *key, bool val)
{
	if (value_start(j, key))
		buf_puts(j->b, val ? "true" : "false");
}

void
json_null(struct json *j, const char *key)
{
	if (value_start(j, key))
		buf_puts(j->b, "null");
}

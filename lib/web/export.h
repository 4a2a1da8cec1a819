/*
 * export: everything Porch holds about the signed-in customer as one JSON
 * document (see export.c for what it holds and leaves out).
 */
#ifndef PORCH_EXPORT_H
#define PORCH_EXPORT_H

#include "page.h"

/* Writes the signed-in customer's data into b; DB_OK or the failure. */
enum db_rc	 export_customer(struct req *, struct buf *b);

#endif

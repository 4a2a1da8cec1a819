/*
 * schema: the database's numbered migrations, applied by db_open() in
 * order, each in its own transaction, tracked with PRAGMA user_version.
 *
 * A migration is never edited once released: a change to the schema is a
 * new script at the end of the list.  Each script ends by setting
 * user_version to its own number, so the version and the tables change in
 * the same transaction.  The SQL is standard where a standard form exists
 * (INTEGER PRIMARY KEY ids stay internal; anything shown in a URL has a
 * random public id, pid; times are Unix seconds in INTEGER columns), so the
 * same shape can be created on another engine.
 *
 * This file holds data only; applying it is db.c's job.
 */
#include <stddef.h>

#include "db.h"

/*
 * A public id made in SQL, for rows that had none before their table got
 * a pid column: 21 base64url characters and a last one whose low four
 * bits are zero (A, Q, g or w), 128 random bits written as
 * crypto_public_id_new writes them, so valid_public_id takes it.
 * random() draws from SQLite's own generator, seeded from the system's.
 */
#define PID_CHAR	"substr('ABCDEFGHIJKLMNOPQRSTUVWXYZ" \
			"abcdefghijklmnopqrstuvwxyz0123456789-_', " \
			"1 + (random() & 63), 1)"
#define PID_CHARS_3	PID_CHAR " || " PID_CHAR " || " PID_CHAR
#define PID_CHARS_21	PID_CHARS_3 " || " PID_CHARS_3 " || " PID_CHARS_3 \
			" || " PID_CHARS_3 " || " PID_CHARS_3 " || " \
			PID_CHARS_3 " || " PID_CHARS_3
#define SQL_PUBLIC_ID	"(" PID_CHARS_21 " || " \
			"substr('AQgw', 1 + (random() & 3), 1))"

/*
 * The inbox's counts (schema 27): three triggers keep one kind's rows of
 * inbox_counts, by status, as the table under it changes.  `st` writes a
 * row's status word and `keep` says whether the row is in the inbox, for
 * the new row ("NEW") and the old one ("OLD"); `cols` are the columns
 * they read.
 */
#define INBOX_COUNTED(tbl, kind, st, keep, cols)			\
	"CREATE TRIGGER inbox_counts_" tbl "_insert AFTER INSERT ON " tbl \
	"  WHEN " keep("NEW") " BEGIN INSERT INTO inbox_counts"		\
	"  VALUES ('" kind "', " st("NEW") ", 1)"			\
	"  ON CONFLICT DO UPDATE SET n = n + 1; END;"			\
	"CREATE TRIGGER inbox_counts_" tbl "_delete AFTER DELETE ON " tbl \
	"  WHEN " keep("OLD") " BEGIN UPDATE inbox_counts SET n = n - 1"	\
	"  WHERE kind = '" kind "' AND status = " st("OLD") "; END;"	\
	"CREATE TRIGGER inbox_counts_" tbl "_update"			\
	"  AFTER UPDATE OF " cols " ON " tbl				\
	"  WHEN " st("OLD") " IS NOT " st("NEW") " OR ("		\
	keep("OLD") ") IS NOT (" keep("NEW") ") BEGIN"			\
	"  UPDATE inbox_counts SET n = n - 1 WHERE " keep("OLD")	\
	"  AND kind = '" kind "' AND status = " st("OLD") ";"		\
	"  INSERT INTO inbox_counts SELECT '" kind "', " st("NEW") ", 1"	\
	"  WHERE " keep("NEW") " ON CONFLICT DO UPDATE SET n = n + 1;"	\
	"END;"
#define STATUS(row)		row ".status"
#define ACTIVE(row)		"CASE WHEN " row ".active = 1 THEN 'active' " \
				"ELSE 'invited' END"
#define ALWAYS(row)		"1"
#define A_CUSTOMERS(row)	row ".customer_id IS NOT NULL"

static const char *const migrations[] = {
	/* 1: customers, team members, sessions, sign-in links,
	 * appointments, the mail outbox and rate limits */
	"CREATE TABLE customers ("
	"  id INTEGER PRIMARY KEY,"
	"  pid TEXT NOT NULL UNIQUE,"
	"  email TEXT NOT NULL UNIQUE CHECK (email = lower(email)),"
	"  name TEXT NOT NULL DEFAULT '',"
	"  phone TEXT NOT NULL DEFAULT '',"
	"  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),"
	"  created INTEGER NOT NULL"
	");"
	"CREATE TABLE members ("
	"  id INTEGER PRIMARY KEY,"
	"  pid TEXT NOT NULL UNIQUE,"
	"  email TEXT NOT NULL UNIQUE CHECK (email = lower(email)),"
	"  name TEXT NOT NULL DEFAULT '',"
	"  role TEXT NOT NULL CHECK (role IN ('admin', 'agent', 'viewer')),"
	"  created INTEGER NOT NULL"
	");"
	/* principal_id is a customer's or a member's id, by kind */
	"CREATE TABLE sessions ("
	"  id INTEGER PRIMARY KEY,"
	"  token_hash BLOB NOT NULL UNIQUE,"
	"  kind TEXT NOT NULL CHECK (kind IN ('customer', 'member')),"
	"  principal_id INTEGER NOT NULL,"
	"  csrf TEXT NOT NULL,"
	"  agent TEXT NOT NULL DEFAULT '',"
	"  created INTEGER NOT NULL,"
	"  last_seen INTEGER NOT NULL"
	");"
	"CREATE INDEX sessions_principal ON sessions (kind, principal_id);"
	"CREATE TABLE login_tokens ("
	"  token_hash BLOB NOT NULL PRIMARY KEY,"
	"  customer_id INTEGER NOT NULL"
	"    REFERENCES customers (id) ON DELETE CASCADE,"
	"  portal TEXT NOT NULL,"
	"  next TEXT NOT NULL DEFAULT '',"
	"  created INTEGER NOT NULL,"
	"  expires INTEGER NOT NULL,"
	"  used INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX login_tokens_customer ON login_tokens (customer_id);"
	"CREATE TABLE projects ("
	"  id INTEGER PRIMARY KEY,"
	"  pid TEXT NOT NULL UNIQUE,"
	"  title TEXT NOT NULL,"
	"  created INTEGER NOT NULL"
	");"
	"CREATE TABLE agendas ("
	"  id INTEGER PRIMARY KEY,"
	"  pid TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  created INTEGER NOT NULL"
	");"
	"CREATE TABLE appointments ("
	"  id INTEGER PRIMARY KEY,"
	"  pid TEXT NOT NULL UNIQUE,"
	"  customer_id INTEGER NOT NULL"
	"    REFERENCES customers (id) ON DELETE CASCADE,"
	"  project_id INTEGER REFERENCES projects (id),"
	"  agenda_id INTEGER REFERENCES agendas (id),"
	"  starts INTEGER NOT NULL,"
	"  ends INTEGER NOT NULL CHECK (ends >= starts),"
	"  location TEXT NOT NULL DEFAULT '',"
	"  meeting_url TEXT NOT NULL DEFAULT '',"
	"  status TEXT NOT NULL CHECK (status IN"
	"    ('requested', 'invited', 'confirmed', 'cancelled')),"
	"  source TEXT NOT NULL CHECK (source IN"
	"    ('portal', 'link', 'plugin', 'team')),"
	"  created INTEGER NOT NULL,"
	"  updated INTEGER NOT NULL"
	");"
	"CREATE INDEX appointments_customer"
	"  ON appointments (customer_id, ends);"
	"CREATE INDEX appointments_project ON appointments (project_id);"
	"CREATE INDEX appointments_agenda ON appointments (agenda_id);"
	/* sent is 0 while queued; a message is never deleted on failure */
	"CREATE TABLE outbox ("
	"  id INTEGER PRIMARY KEY,"
	"  recipient TEXT NOT NULL,"
	"  subject TEXT NOT NULL,"
	"  body TEXT NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  next_attempt INTEGER NOT NULL,"
	"  sent INTEGER NOT NULL DEFAULT 0,"
	"  last_error TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE INDEX outbox_due ON outbox (sent, next_attempt);"
	"CREATE TABLE ratelimits ("
	"  key TEXT NOT NULL PRIMARY KEY,"
	"  window_start INTEGER NOT NULL,"
	"  hits INTEGER NOT NULL"
	");"
	"PRAGMA user_version = 1;",

	/* 2: stored password hashes (Argon2id strings); NULL means none */
	"ALTER TABLE customers ADD COLUMN password_hash TEXT;"
	"ALTER TABLE members ADD COLUMN password_hash TEXT;"
	"PRAGMA user_version = 2;",

	/* 3: single-use e-mailed links for account actions (password reset,
	 * confirming a new e-mail address); data holds the new address */
	"CREATE TABLE link_tokens ("
	"  token_hash BLOB NOT NULL PRIMARY KEY,"
	"  customer_id INTEGER NOT NULL"
	"    REFERENCES customers (id) ON DELETE CASCADE,"
	"  purpose TEXT NOT NULL CHECK (purpose IN ('reset', 'email')),"
	"  data TEXT NOT NULL DEFAULT '',"
	"  created INTEGER NOT NULL,"
	"  expires INTEGER NOT NULL,"
	"  used INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX link_tokens_customer ON link_tokens (customer_id);"
	"PRAGMA user_version = 3;",

	/* 4: the audit log of what team members did; rows are only added.
	 * member_id is NULL for an action no member took. */
	"CREATE TABLE audit ("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  member_id INTEGER REFERENCES members (id) ON DELETE SET NULL,"
	"  action TEXT NOT NULL,"
	"  subject TEXT NOT NULL DEFAULT '',"
	"  detail TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE INDEX audit_at ON audit (at);"
	"PRAGMA user_version = 4;",

	/* 5: customers' requests to delete their personal data.  Once done
	 * the row keeps only its pid, the hash of the address, the status
	 * and the times: customer_id goes NULL with the customer.  At most
	 * one open request per customer. */
	"CREATE TABLE deletion_requests ("
	"  id INTEGER PRIMARY KEY,"
	"  pid TEXT NOT NULL UNIQUE,"
	"  customer_id INTEGER"
	"    REFERENCES customers (id) ON DELETE SET NULL,"
	"  email_hash TEXT NOT NULL,"
	"  status TEXT NOT NULL CHECK (status IN ('open', 'cancelled', 'done')),"
	"  created INTEGER NOT NULL,"
	"  processed INTEGER NOT NULL DEFAULT 0,"
	"  processed_by INTEGER REFERENCES members (id) ON DELETE SET NULL"
	");"
	"CREATE UNIQUE INDEX deletion_requests_open"
	"  ON deletion_requests (customer_id) WHERE status = 'open';"
	"CREATE INDEX deletion_requests_customer"
	"  ON deletion_requests (customer_id);"
	"PRAGMA user_version = 5;",

	/* 6: which kinds of e-mail a customer wants (1: send).  Mail about
	 * signing in and the account itself has no setting: it always goes. */
	"ALTER TABLE customers ADD COLUMN notify_appointments"
	"  INTEGER NOT NULL DEFAULT 1 CHECK (notify_appointments IN (0, 1));"
	"ALTER TABLE customers ADD COLUMN notify_updates"
	"  INTEGER NOT NULL DEFAULT 1 CHECK (notify_updates IN (0, 1));"
	"PRAGMA user_version = 6;",

	/* 7: OpenID Connect.  A sign-in in progress is found by the hash of
	 * its state (the browser holds the state itself) and lives ten
	 * minutes; nonce and verifier are useless once it is gone.  An
	 * identity ties a provider's subject to one customer and goes with
	 * the customer. */
	"CREATE TABLE oidc_flows ("
	"  state_hash BLOB NOT NULL PRIMARY KEY,"
	"  portal TEXT NOT NULL,"
	"  provider TEXT NOT NULL,"
	"  nonce TEXT NOT NULL,"
	"  verifier TEXT NOT NULL,"
	"  next TEXT NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  expires INTEGER NOT NULL"
	");"
	"CREATE TABLE customer_identities ("
	"  id INTEGER PRIMARY KEY,"
	"  customer_id INTEGER NOT NULL"
	"    REFERENCES customers (id) ON DELETE CASCADE,"
	"  issuer TEXT NOT NULL,"
	"  subject TEXT NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  last_used INTEGER NOT NULL,"
	"  UNIQUE (issuer, subject)"
	");"
	"CREATE INDEX customer_identities_customer"
	"  ON customer_identities (customer_id);"
	"PRAGMA user_version = 7;",

	/* 8: team members' single-use links, shaped like the customers':
	 * sign-in links bound to the portal they were asked on, and account
	 * links by purpose (an invitation sets the first password).  They go
	 * with their member. */
	"CREATE TABLE member_login_tokens ("
	"  token_hash BLOB NOT NULL PRIMARY KEY,"
	"  member_id INTEGER NOT NULL"
	"    REFERENCES members (id) ON DELETE CASCADE,"
	"  portal TEXT NOT NULL,"
	"  next TEXT NOT NULL DEFAULT '',"
	"  created INTEGER NOT NULL,"
	"  expires INTEGER NOT NULL,"
	"  used INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX member_login_tokens_member"
	"  ON member_login_tokens (member_id);"
	"CREATE TABLE member_link_tokens ("
	"  token_hash BLOB NOT NULL PRIMARY KEY,"
	"  member_id INTEGER NOT NULL"
	"    REFERENCES members (id) ON DELETE CASCADE,"
	"  purpose TEXT NOT NULL CHECK (purpose IN ('invite')),"
	"  data TEXT NOT NULL DEFAULT '',"
	"  created INTEGER NOT NULL,"
	"  expires INTEGER NOT NULL,"
	"  used INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX member_link_tokens_member"
	"  ON member_link_tokens (member_id);"
	"PRAGMA user_version = 8;",

	/* 9: a customer's timeline reads the team's actions about them on
	 * every view of their page: by subject, not the whole log. */
	"CREATE INDEX audit_subject ON audit (subject, action);"
	"PRAGMA user_version = 9;",

	/* 10: two permissions beside a member's role (1: held).  Members
	 * had portal access before it could be taken away, so they keep it;
	 * agenda edit access is given by an admin. */
	"ALTER TABLE members ADD COLUMN portal_access"
	"  INTEGER NOT NULL DEFAULT 1 CHECK (portal_access IN (0, 1));"
	"ALTER TABLE members ADD COLUMN agenda_edit"
	"  INTEGER NOT NULL DEFAULT 0 CHECK (agenda_edit IN (0, 1));"
	"PRAGMA user_version = 10;",

	/* 11: when an account became active (0: not yet; the creation time
	 * for accounts made active), for the team's timeline.  A cancelled
	 * deletion request's processed time is when it was cancelled. */
	"ALTER TABLE customers ADD COLUMN activated INTEGER NOT NULL DEFAULT 0;"
	"UPDATE customers SET activated = created WHERE active = 1;"
	"PRAGMA user_version = 11;",

	/* 12: a sign-up waits here, not as an account, until its own link
	 * is used (signup.c); a password an unconfirmed sign-up left on an
	 * inactive account goes.  A sent message no longer keeps its body,
	 * which may hold a working link. */
	"CREATE TABLE signups ("
	"  token_hash BLOB NOT NULL PRIMARY KEY,"
	"  email TEXT NOT NULL UNIQUE CHECK (email = lower(email)),"
	"  name TEXT NOT NULL,"
	"  password_hash TEXT,"
	"  portal TEXT NOT NULL,"
	"  next TEXT NOT NULL DEFAULT '',"
	"  created INTEGER NOT NULL,"
	"  expires INTEGER NOT NULL"
	");"
	"UPDATE customers SET password_hash = NULL WHERE active = 0;"
	"UPDATE outbox SET body = '' WHERE sent <> 0;"
	"PRAGMA user_version = 12;",

	/* 13: mail is multipart: beside the plain text (body), its HTML.
	 * NULL in a message queued before, which still goes as text alone;
	 * erased on delivery like the body. */
	"ALTER TABLE outbox ADD COLUMN body_html TEXT;"
	"PRAGMA user_version = 13;",

	/* 14: team members' password reset links.  SQLite cannot change a
	 * CHECK constraint, so member_link_tokens is made again with its
	 * purpose allowing 'reset', its rows copied over (no table refers
	 * to it). */
	"CREATE TABLE member_link_tokens_new ("
	"  token_hash BLOB NOT NULL PRIMARY KEY,"
	"  member_id INTEGER NOT NULL"
	"    REFERENCES members (id) ON DELETE CASCADE,"
	"  purpose TEXT NOT NULL CHECK (purpose IN ('invite', 'reset')),"
	"  data TEXT NOT NULL DEFAULT '',"
	"  created INTEGER NOT NULL,"
	"  expires INTEGER NOT NULL,"
	"  used INTEGER NOT NULL DEFAULT 0"
	");"
	"INSERT INTO member_link_tokens_new (token_hash, member_id, purpose,"
	"  data, created, expires, used)"
	"  SELECT token_hash, member_id, purpose, data, created, expires, used"
	"  FROM member_link_tokens;"
	"DROP TABLE member_link_tokens;"
	"ALTER TABLE member_link_tokens_new RENAME TO member_link_tokens;"
	"CREATE INDEX member_link_tokens_member"
	"  ON member_link_tokens (member_id);"
	"PRAGMA user_version = 14;",

	/* 15: every session gets a random public id, so the sessions list
	 * can name one to end it without ever showing its token.  The table
	 * is made again to hold the column as NOT NULL UNIQUE, and the
	 * sessions that were live keep going with ids of their own. */
	"CREATE TABLE sessions_new ("
	"  id INTEGER PRIMARY KEY,"
	"  pid TEXT NOT NULL UNIQUE,"
	"  token_hash BLOB NOT NULL UNIQUE,"
	"  kind TEXT NOT NULL CHECK (kind IN ('customer', 'member')),"
	"  principal_id INTEGER NOT NULL,"
	"  csrf TEXT NOT NULL,"
	"  agent TEXT NOT NULL DEFAULT '',"
	"  created INTEGER NOT NULL,"
	"  last_seen INTEGER NOT NULL"
	");"
	"INSERT INTO sessions_new (id, pid, token_hash, kind, principal_id,"
	"  csrf, agent, created, last_seen)"
	"  SELECT id, " SQL_PUBLIC_ID ", token_hash, kind, principal_id,"
	"  csrf, agent, created, last_seen FROM sessions;"
	"DROP TABLE sessions;"
	"ALTER TABLE sessions_new RENAME TO sessions;"
	"CREATE INDEX sessions_principal ON sessions (kind, principal_id);"
	"PRAGMA user_version = 15;",

	/* 16: every list is read a page at a time by its sort key (keyset.c),
	 * each from an index in its own order, so a page costs the same
	 * whatever the list's length.  A customer's name in the order the team
	 * searches it (any case) is a column computed from the name.  Indexes
	 * that the new ones start with go. */
	"ALTER TABLE customers ADD COLUMN name_key TEXT"
	"  GENERATED ALWAYS AS (lower(name)) VIRTUAL;"
	"CREATE INDEX customers_name ON customers (name_key);"
	"CREATE INDEX customers_created ON customers (created);"
	"CREATE INDEX customers_active ON customers (active, created);"
	"CREATE INDEX members_name ON members (name);"
	"CREATE INDEX appointments_created ON appointments (created);"
	"CREATE INDEX appointments_status ON appointments (status, created);"
	"CREATE INDEX appointments_customer_created"
	"  ON appointments (customer_id, created);"
	"DROP INDEX deletion_requests_customer;"
	"CREATE INDEX deletion_requests_customer"
	"  ON deletion_requests (customer_id, created);"
	"CREATE INDEX deletion_requests_processed"
	"  ON deletion_requests (customer_id, status, processed);"
	"CREATE INDEX deletion_requests_created ON deletion_requests (created);"
	"CREATE INDEX deletion_requests_status"
	"  ON deletion_requests (status, created);"
	"DROP INDEX link_tokens_customer;"
	"CREATE INDEX link_tokens_customer"
	"  ON link_tokens (customer_id, purpose, used);"
	"DROP INDEX audit_subject;"
	"CREATE INDEX audit_subject ON audit (subject, action, at);"
	"DROP INDEX customer_identities_customer;"
	"CREATE INDEX customer_identities_customer"
	"  ON customer_identities (customer_id, created);"
	"PRAGMA user_version = 16;",

	/* 17: appointments as a product.  A project (a property, a service)
	 * has an address, a description and its booking and bidding switches,
	 * and the agendas that serve it.  An agenda keeps its time zone (IANA),
	 * its weekly opening hours (minutes from local midnight, per weekday,
	 * 0 = Sunday), its dated exceptions (a day closed, hours blocked, hours
	 * added) and its slot rules.  An appointment gains the slots it takes,
	 * the member who made it, a SEQUENCE for calendars and why it was
	 * cancelled; completed and no-show join its statuses, and the embedded
	 * booking page is its source 'embed' (was 'plugin').  SQLite cannot
	 * change a CHECK, so the table is made again.  Lists read it by
	 * (customer, time) and (agenda, start); the inbox and the timeline by
	 * when it last changed, so a rescheduled appointment moves up. */
	"ALTER TABLE projects ADD COLUMN address TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE projects ADD COLUMN description TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE projects ADD COLUMN booking INTEGER NOT NULL DEFAULT 1"
	"  CHECK (booking IN (0, 1));"
	"ALTER TABLE projects ADD COLUMN bidding INTEGER NOT NULL DEFAULT 0"
	"  CHECK (bidding IN (0, 1));"
	"ALTER TABLE projects ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;"
	"CREATE INDEX projects_title ON projects (archived, title);"
	"ALTER TABLE agendas ADD COLUMN zone TEXT NOT NULL DEFAULT 'UTC';"
	"ALTER TABLE agendas ADD COLUMN slot_minutes INTEGER NOT NULL DEFAULT 30"
	"  CHECK (slot_minutes BETWEEN 5 AND 480);"
	"ALTER TABLE agendas ADD COLUMN buffer_minutes INTEGER NOT NULL"
	"  DEFAULT 0 CHECK (buffer_minutes BETWEEN 0 AND 240);"
	"ALTER TABLE agendas ADD COLUMN capacity INTEGER NOT NULL DEFAULT 1"
	"  CHECK (capacity BETWEEN 1 AND 100);"
	"ALTER TABLE agendas ADD COLUMN max_slots INTEGER NOT NULL DEFAULT 1"
	"  CHECK (max_slots BETWEEN 1 AND 8);"
	"ALTER TABLE agendas ADD COLUMN notice_minutes INTEGER NOT NULL"
	"  DEFAULT 120 CHECK (notice_minutes BETWEEN 0 AND 43200);"
	"ALTER TABLE agendas ADD COLUMN horizon_days INTEGER NOT NULL"
	"  DEFAULT 60 CHECK (horizon_days BETWEEN 1 AND 730);"
	"ALTER TABLE agendas ADD COLUMN cancel_hours INTEGER NOT NULL"
	"  DEFAULT 24 CHECK (cancel_hours BETWEEN 0 AND 720);"
	"ALTER TABLE agendas ADD COLUMN location TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE agendas ADD COLUMN meeting_url TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE agendas ADD COLUMN connected INTEGER NOT NULL DEFAULT 0"
	"  CHECK (connected IN (0, 1));"
	"ALTER TABLE agendas ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;"
	"CREATE INDEX agendas_name ON agendas (archived, name);"
	"CREATE TABLE agenda_hours ("
	"  agenda_id INTEGER NOT NULL REFERENCES agendas (id) ON DELETE CASCADE,"
	"  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),"
	"  opens INTEGER NOT NULL CHECK (opens BETWEEN 0 AND 1440),"
	"  closes INTEGER NOT NULL CHECK (closes BETWEEN 0 AND 1440),"
	"  CHECK (opens < closes),"
	"  PRIMARY KEY (agenda_id, weekday, opens)"
	");"
	"CREATE TABLE agenda_exceptions ("
	"  id INTEGER PRIMARY KEY,"
	"  pid TEXT NOT NULL UNIQUE,"
	"  agenda_id INTEGER NOT NULL REFERENCES agendas (id) ON DELETE CASCADE,"
	"  day TEXT NOT NULL,"		/* YYYY-MM-DD, the agenda's own */
	"  opens INTEGER NOT NULL CHECK (opens BETWEEN 0 AND 1440),"
	"  closes INTEGER NOT NULL CHECK (closes BETWEEN 0 AND 1440),"
	"  open INTEGER NOT NULL CHECK (open IN (0, 1)),"	/* 1: hours added */
	"  note TEXT NOT NULL DEFAULT '',"
	"  CHECK (opens < closes)"
	");"
	"CREATE INDEX agenda_exceptions_day ON agenda_exceptions (agenda_id, day);"
	"CREATE TABLE project_agendas ("
	"  project_id INTEGER NOT NULL REFERENCES projects (id)"
	"    ON DELETE CASCADE,"
	"  agenda_id INTEGER NOT NULL REFERENCES agendas (id) ON DELETE CASCADE,"
	"  PRIMARY KEY (project_id, agenda_id)"
	");"
	"CREATE INDEX project_agendas_agenda ON project_agendas (agenda_id);"
	"INSERT OR IGNORE INTO project_agendas (project_id, agenda_id)"
	"  SELECT DISTINCT project_id, agenda_id FROM appointments"
	"  WHERE project_id IS NOT NULL AND agenda_id IS NOT NULL;"
	"CREATE TABLE appointments_new ("
	"  id INTEGER PRIMARY KEY,"
	"  pid TEXT NOT NULL UNIQUE,"
	"  customer_id INTEGER NOT NULL"
	"    REFERENCES customers (id) ON DELETE CASCADE,"
	"  project_id INTEGER REFERENCES projects (id),"
	"  agenda_id INTEGER REFERENCES agendas (id),"
	"  starts INTEGER NOT NULL,"
	"  ends INTEGER NOT NULL CHECK (ends >= starts),"
	"  slots INTEGER NOT NULL DEFAULT 1 CHECK (slots BETWEEN 1 AND 8),"
	"  location TEXT NOT NULL DEFAULT '',"
	"  meeting_url TEXT NOT NULL DEFAULT '',"
	"  status TEXT NOT NULL CHECK (status IN ('requested', 'invited',"
	"    'confirmed', 'cancelled', 'completed', 'no_show')),"
	"  source TEXT NOT NULL CHECK (source IN"
	"    ('portal', 'link', 'embed', 'team')),"
	"  member_id INTEGER REFERENCES members (id) ON DELETE SET NULL,"
	"  sequence INTEGER NOT NULL DEFAULT 0,"
	"  cancel_reason TEXT NOT NULL DEFAULT '',"
	"  created INTEGER NOT NULL,"
	"  updated INTEGER NOT NULL"
	");"
	"INSERT INTO appointments_new (id, pid, customer_id, project_id,"
	"  agenda_id, starts, ends, location, meeting_url, status, source,"
	"  created, updated)"
	"  SELECT id, pid, customer_id, project_id, agenda_id, starts, ends,"
	"  location, meeting_url, status,"
	"  CASE source WHEN 'plugin' THEN 'embed' ELSE source END,"
	"  created, updated FROM appointments;"
	"DROP TABLE appointments;"
	"ALTER TABLE appointments_new RENAME TO appointments;"
	"CREATE INDEX appointments_customer ON appointments (customer_id, ends);"
	"CREATE INDEX appointments_customer_starts"
	"  ON appointments (customer_id, starts);"
	"CREATE INDEX appointments_customer_updated"
	"  ON appointments (customer_id, updated);"
	"CREATE INDEX appointments_updated ON appointments (updated);"
	"CREATE INDEX appointments_status ON appointments (status, updated);"
	"CREATE INDEX appointments_agenda ON appointments (agenda_id, starts);"
	"CREATE INDEX appointments_starts ON appointments (starts);"
	"CREATE INDEX appointments_project ON appointments (project_id);"
	"CREATE INDEX appointments_member ON appointments (member_id);"
	"PRAGMA user_version = 17;",

	/* 18: a mail may carry one attachment (an appointment's invitation,
	 * text/calendar): its file name, its Content-Type and its bytes.
	 * Delivery erases the bytes with the body, as they may hold a link;
	 * the name and type stay with the subject as the record of what was
	 * sent.  And customers' private calendar feeds: a feed is reached by
	 * a 256-bit token of which only the hash is kept; a new feed revokes
	 * the customer's old one (revoked is when, 0 while it works), and a
	 * customer's feeds go with their data. */
	"ALTER TABLE outbox ADD COLUMN attachment_name TEXT;"
	"ALTER TABLE outbox ADD COLUMN attachment_type TEXT;"
	"ALTER TABLE outbox ADD COLUMN attachment BLOB;"
	"CREATE TABLE calendar_feeds ("
	"  id INTEGER PRIMARY KEY,"
	"  customer_id INTEGER NOT NULL"
	"    REFERENCES customers (id) ON DELETE CASCADE,"
	"  token_hash BLOB NOT NULL UNIQUE,"
	"  created INTEGER NOT NULL,"
	"  revoked INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX calendar_feeds_customer"
	"  ON calendar_feeds (customer_id, revoked);"
	"PRAGMA user_version = 18;",

	/* 19: webhooks.  Every change to an appointment records an event in
	 * the same transaction (webhook.c); porch-hooks posts it to the
	 * office's CRM.  event_id is its public id and the receiver's
	 * idempotency key; payload is the JSON body, fixed when the event
	 * happened.  An event is pending (delivered = 0, failed = 0), then
	 * delivered or, after the last attempt, failed (both times; 0 while
	 * not).  It goes with its customer (their data deleted).  The "due"
	 * read takes the pending ones in the order of next_attempt from a
	 * partial index that holds only them; the team's lists read by
	 * created and (another partial index) by failed.  webhook_endpoint has one row: when an
	 * endpoint answered 410 Gone, and which url did (a new url in
	 * porch.conf starts enabled). */
	"CREATE TABLE webhook_events ("
	"  id INTEGER PRIMARY KEY,"
	"  event_id TEXT NOT NULL UNIQUE,"
	"  type TEXT NOT NULL CHECK (type IN ('appointment.created',"
	"    'appointment.changed', 'appointment.moved',"
	"    'appointment.cancelled', 'appointment.completed',"
	"    'appointment.no_show')),"
	"  customer_id INTEGER REFERENCES customers (id) ON DELETE CASCADE,"
	"  payload TEXT NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  next_attempt INTEGER NOT NULL,"
	"  delivered INTEGER NOT NULL DEFAULT 0,"
	"  failed INTEGER NOT NULL DEFAULT 0,"
	"  last_status INTEGER NOT NULL DEFAULT 0,"
	"  last_error TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE INDEX webhook_events_due ON webhook_events (next_attempt, id)"
	"  WHERE delivered = 0 AND failed = 0;"
	"CREATE INDEX webhook_events_created ON webhook_events (created);"
	"CREATE INDEX webhook_events_failed ON webhook_events (failed)"
	"  WHERE failed > 0;"
	"CREATE INDEX webhook_events_customer ON webhook_events (customer_id);"
	"CREATE TABLE webhook_endpoint ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  disabled INTEGER NOT NULL DEFAULT 0,"
	"  disabled_url TEXT NOT NULL DEFAULT ''"
	");"
	"INSERT INTO webhook_endpoint (id) VALUES (1);"
	"PRAGMA user_version = 19;",

	/* 20: reminders.  reminded is when the reminder of a confirmed
	 * appointment was queued (0: not yet), set in the transaction that
	 * queues it, so a sweep that runs again, or after a restart, never
	 * sends a second; a reschedule or a move sets it back to 0.  The
	 * sweep reads the appointments still to remind by status, mark and
	 * start. */
	"ALTER TABLE appointments ADD COLUMN reminded INTEGER NOT NULL"
	"  DEFAULT 0;"
	"CREATE INDEX appointments_to_remind"
	"  ON appointments (status, reminded, starts);"
	"PRAGMA user_version = 20;",

	/* 21: invitations.  The team invites a customer to book in an agenda
	 * (for a project, or none): at any free time, or at one of the times
	 * it proposes (invitation_times, none for "any time").  An
	 * invitation is open until the customer books (answered, naming the
	 * appointment it became) or the team cancels it.  The customer's
	 * open ones are read by (customer, status, created), the timeline by
	 * (customer, updated), the inbox by updated and by (status,
	 * updated).  An invitation goes with its customer, its times with
	 * it. */
	"CREATE TABLE invitations ("
	"  id INTEGER PRIMARY KEY,"
	"  pid TEXT NOT NULL UNIQUE,"
	"  customer_id INTEGER NOT NULL"
	"    REFERENCES customers (id) ON DELETE CASCADE,"
	"  agenda_id INTEGER NOT NULL REFERENCES agendas (id),"
	"  project_id INTEGER REFERENCES projects (id),"
	"  member_id INTEGER REFERENCES members (id) ON DELETE SET NULL,"
	"  message TEXT NOT NULL DEFAULT '',"
	"  status TEXT NOT NULL DEFAULT 'open'"
	"    CHECK (status IN ('open', 'answered', 'cancelled')),"
	"  appointment_id INTEGER"
	"    REFERENCES appointments (id) ON DELETE SET NULL,"
	"  created INTEGER NOT NULL,"
	"  updated INTEGER NOT NULL"
	");"
	"CREATE INDEX invitations_customer"
	"  ON invitations (customer_id, status, created);"
	"CREATE INDEX invitations_customer_updated"
	"  ON invitations (customer_id, updated);"
	"CREATE INDEX invitations_updated ON invitations (updated);"
	"CREATE INDEX invitations_status ON invitations (status, updated);"
	"CREATE INDEX invitations_agenda ON invitations (agenda_id);"
	"CREATE INDEX invitations_project ON invitations (project_id);"
	"CREATE INDEX invitations_member ON invitations (member_id);"
	"CREATE INDEX invitations_appointment ON invitations (appointment_id);"
	"CREATE TABLE invitation_times ("
	"  id INTEGER PRIMARY KEY,"
	"  invitation_id INTEGER NOT NULL"
	"    REFERENCES invitations (id) ON DELETE CASCADE,"
	"  starts INTEGER NOT NULL,"
	"  ends INTEGER NOT NULL CHECK (ends >= starts),"
	"  UNIQUE (invitation_id, starts)"
	");"
	"PRAGMA user_version = 21;",

	/* 22: customers' appointment requests: a visit asked for at times
	 * they prefer (preferred, free text, and a message), or a place on a
	 * project's waiting list.  A request is open until it is booked (the
	 * appointment that did it is kept), cancelled (by the customer, or
	 * closed by a member: closed_by) or expired.  A waiting-list entry
	 * that was offered a freed place holds the offer: the agenda and
	 * start of the freed time, when it was told (notified_at) and until
	 * when the offer stands (offer_expires); 0 while there is none.  A
	 * customer waits once per project (a partial unique index).  The
	 * customer's lists read (customer_id, created) and (customer_id,
	 * status, created); the timeline (customer_id, updated); the inbox
	 * (updated) and (status, updated); the team's list (created); a
	 * project's waiting list (project_id, kind, status, created); the
	 * sweep the offers that run out (status, offer_expires). */
	"CREATE TABLE appointment_requests ("
	"  id INTEGER PRIMARY KEY,"
	"  pid TEXT NOT NULL UNIQUE,"
	"  customer_id INTEGER NOT NULL"
	"    REFERENCES customers (id) ON DELETE CASCADE,"
	"  project_id INTEGER NOT NULL"
	"    REFERENCES projects (id) ON DELETE CASCADE,"
	"  agenda_id INTEGER REFERENCES agendas (id) ON DELETE SET NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('visit', 'waitlist')),"
	"  preferred TEXT NOT NULL DEFAULT '',"
	"  message TEXT NOT NULL DEFAULT '',"
	"  status TEXT NOT NULL DEFAULT 'open'"
	"    CHECK (status IN ('open', 'booked', 'cancelled', 'expired')),"
	"  appointment_id INTEGER"
	"    REFERENCES appointments (id) ON DELETE SET NULL,"
	"  closed_by INTEGER REFERENCES members (id) ON DELETE SET NULL,"
	"  offer_agenda_id INTEGER"
	"    REFERENCES agendas (id) ON DELETE SET NULL,"
	"  offer_starts INTEGER NOT NULL DEFAULT 0,"
	"  notified_at INTEGER NOT NULL DEFAULT 0,"
	"  offer_expires INTEGER NOT NULL DEFAULT 0,"
	"  created INTEGER NOT NULL,"
	"  updated INTEGER NOT NULL"
	");"
	"CREATE UNIQUE INDEX appointment_requests_waiting"
	"  ON appointment_requests (customer_id, project_id)"
	"  WHERE kind = 'waitlist' AND status = 'open';"
	"CREATE INDEX appointment_requests_customer"
	"  ON appointment_requests (customer_id, created);"
	"CREATE INDEX appointment_requests_customer_status"
	"  ON appointment_requests (customer_id, status, created);"
	"CREATE INDEX appointment_requests_customer_updated"
	"  ON appointment_requests (customer_id, updated);"
	"CREATE INDEX appointment_requests_updated"
	"  ON appointment_requests (updated);"
	"CREATE INDEX appointment_requests_status"
	"  ON appointment_requests (status, updated);"
	"CREATE INDEX appointment_requests_created"
	"  ON appointment_requests (created);"
	"CREATE INDEX appointment_requests_project"
	"  ON appointment_requests (project_id, kind, status, created);"
	"CREATE INDEX appointment_requests_offer"
	"  ON appointment_requests (status, offer_expires);"
	"CREATE INDEX appointment_requests_agenda"
	"  ON appointment_requests (agenda_id);"
	"CREATE INDEX appointment_requests_offer_agenda"
	"  ON appointment_requests (offer_agenda_id);"
	"CREATE INDEX appointment_requests_appointment"
	"  ON appointment_requests (appointment_id);"
	"CREATE INDEX appointment_requests_closed_by"
	"  ON appointment_requests (closed_by);"
	"PRAGMA user_version = 22;",

	/* 23: calendar sync.  An agenda may be connected to one CalDAV
	 * calendar (agenda_calendars): the collection's url, the user name
	 * and the path of the file that holds the password (the password
	 * itself is never in the database), and how the last sync went.
	 * calendar_jobs are the outbox: one row per appointment and agenda
	 * whose event must be made to match the appointment, written in the
	 * change's transaction; a later change to the same appointment
	 * folds into the row (UNIQUE) and bumps its version, and the job is
	 * deleted once the calendar holds what that version said.  Jobs are read by
	 * next_attempt.  calendar_busy holds the calendar's other events
	 * over the booking horizon, replaced by each read, by (agenda_id,
	 * starts).  All of it goes with its agenda. */
	"CREATE TABLE agenda_calendars ("
	"  agenda_id INTEGER PRIMARY KEY"
	"    REFERENCES agendas (id) ON DELETE CASCADE,"
	"  url TEXT NOT NULL,"
	"  user TEXT NOT NULL DEFAULT '',"
	"  password_file TEXT NOT NULL DEFAULT '',"
	"  connected INTEGER NOT NULL,"
	"  last_sync INTEGER NOT NULL DEFAULT 0,"
	"  last_error TEXT NOT NULL DEFAULT '',"
	"  last_error_at INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE TABLE calendar_jobs ("
	"  id INTEGER PRIMARY KEY,"
	"  appointment_pid TEXT NOT NULL,"
	"  agenda_id INTEGER NOT NULL"
	"    REFERENCES agenda_calendars (agenda_id) ON DELETE CASCADE,"
	"  version INTEGER NOT NULL DEFAULT 1,"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  next_attempt INTEGER NOT NULL,"
	"  last_error TEXT NOT NULL DEFAULT '',"
	"  UNIQUE (appointment_pid, agenda_id)"
	");"
	"CREATE INDEX calendar_jobs_due ON calendar_jobs (next_attempt);"
	"CREATE INDEX calendar_jobs_agenda ON calendar_jobs (agenda_id);"
	"CREATE TABLE calendar_busy ("
	"  id INTEGER PRIMARY KEY,"
	"  agenda_id INTEGER NOT NULL"
	"    REFERENCES agenda_calendars (agenda_id) ON DELETE CASCADE,"
	"  starts INTEGER NOT NULL,"
	"  ends INTEGER NOT NULL CHECK (ends > starts)"
	");"
	"CREATE INDEX calendar_busy_agenda ON calendar_busy (agenda_id, starts);"
	"PRAGMA user_version = 23;",

	/* 24: documents.  A document is a file in the office's store
	 * (docstore.h), sealed under its own key, which is kept here wrapped
	 * by its owner's key: a customer's (customer_id), or a project's
	 * (project_id) for the team's project documents.  The owners' keys
	 * are kept wrapped by the office key in their rows (doc_key, NULL
	 * until the first document): deleting that row or clearing the
	 * column destroys every document of the owner, even in a backup.
	 * A customer's upload is new until the team accepts or rejects it
	 * (reason: what the customer is told).  A project document is seen
	 * by the project's customers when shared, and by shared_with alone
	 * when that is set.  removes_at is when the retention sweep removes
	 * it.  A document request is the team asking one customer for one
	 * file: open until a document answers it (fulfilled) or the team
	 * cancels it.  Customers' lists read (customer_id, created) and
	 * (customer_id, status, created); the team's (created),
	 * (status, created) and a project's (project_id, created); the
	 * sweep (removes_at); the inbox and timeline (updated) and
	 * (customer_id, updated). */
	"ALTER TABLE customers ADD COLUMN doc_key BLOB;"
	"ALTER TABLE projects ADD COLUMN doc_key BLOB;"
	"CREATE TABLE document_requests ("
	"  id INTEGER PRIMARY KEY,"
	"  pid TEXT NOT NULL UNIQUE,"
	"  customer_id INTEGER NOT NULL"
	"    REFERENCES customers (id) ON DELETE CASCADE,"
	"  title TEXT NOT NULL,"
	"  explanation TEXT NOT NULL DEFAULT '',"
	"  status TEXT NOT NULL DEFAULT 'open'"
	"    CHECK (status IN ('open', 'fulfilled', 'cancelled')),"
	"  created_by INTEGER REFERENCES members (id) ON DELETE SET NULL,"
	"  closed_by INTEGER REFERENCES members (id) ON DELETE SET NULL,"
	"  created INTEGER NOT NULL,"
	"  updated INTEGER NOT NULL"
	");"
	"CREATE INDEX document_requests_customer"
	"  ON document_requests (customer_id, created);"
	"CREATE INDEX document_requests_customer_status"
	"  ON document_requests (customer_id, status, created);"
	"CREATE INDEX document_requests_customer_updated"
	"  ON document_requests (customer_id, updated);"
	"CREATE INDEX document_requests_updated"
	"  ON document_requests (updated);"
	"CREATE INDEX document_requests_status"
	"  ON document_requests (status, updated);"
	"CREATE INDEX document_requests_created_by"
	"  ON document_requests (created_by);"
	"CREATE INDEX document_requests_closed_by"
	"  ON document_requests (closed_by);"
	"CREATE TABLE documents ("
	"  id INTEGER PRIMARY KEY,"
	"  pid TEXT NOT NULL UNIQUE,"
	"  customer_id INTEGER REFERENCES customers (id) ON DELETE CASCADE,"
	"  project_id INTEGER REFERENCES projects (id) ON DELETE CASCADE,"
	"  request_id INTEGER"
	"    REFERENCES document_requests (id) ON DELETE SET NULL,"
	"  source TEXT NOT NULL"
	"    CHECK (source IN ('customer', 'request', 'project')),"
	"  status TEXT NOT NULL DEFAULT 'new'"
	"    CHECK (status IN ('new', 'accepted', 'rejected')),"
	"  reason TEXT NOT NULL DEFAULT '',"
	"  shared INTEGER NOT NULL DEFAULT 0,"
	"  shared_with INTEGER REFERENCES customers (id) ON DELETE CASCADE,"
	"  wrapped_key BLOB NOT NULL,"
	"  stored_name TEXT NOT NULL UNIQUE,"
	"  display_name TEXT NOT NULL,"
	"  type TEXT NOT NULL,"
	"  size INTEGER NOT NULL,"
	"  uploaded_by INTEGER REFERENCES members (id) ON DELETE SET NULL,"
	"  reviewed_by INTEGER REFERENCES members (id) ON DELETE SET NULL,"
	"  created INTEGER NOT NULL,"
	"  updated INTEGER NOT NULL,"
	"  removes_at INTEGER NOT NULL,"
	"  CHECK ((customer_id IS NULL) <> (project_id IS NULL))"
	");"
	"CREATE INDEX documents_customer ON documents (customer_id, created);"
	"CREATE INDEX documents_customer_status"
	"  ON documents (customer_id, status, created);"
	"CREATE INDEX documents_customer_updated"
	"  ON documents (customer_id, updated);"
	"CREATE INDEX documents_created ON documents (created);"
	"CREATE INDEX documents_status ON documents (status, created);"
	"CREATE INDEX documents_updated ON documents (updated);"
	"CREATE INDEX documents_project ON documents (project_id, created);"
	"CREATE INDEX documents_shared_with"
	"  ON documents (shared_with, created);"
	"CREATE INDEX documents_removes ON documents (removes_at);"
	"CREATE INDEX documents_request ON documents (request_id);"
	"CREATE INDEX documents_uploaded_by ON documents (uploaded_by);"
	"CREATE INDEX documents_reviewed_by ON documents (reviewed_by);"
	"PRAGMA user_version = 24;",

	/* 25: an agenda's appointments by start carry their end and status
	 * in the index, so the places taken in a week of slots (and in the
	 * slot a booking asks for) are read from the index alone, not from
	 * the table a row at a time; the row id after the start keeps the
	 * agenda's list in its order (start, then row). */
	"CREATE INDEX appointments_agenda_taken"
	"  ON appointments (agenda_id, starts, id, ends, status);"
	"DROP INDEX appointments_agenda;"
	"PRAGMA user_version = 25;",

	/* 26: the kinds of record each customer's timeline holds, so that a
	 * timeline page reads only those of its kinds (timeline.c) instead of
	 * asking each of twenty kinds, most of them empty for most customers.
	 * A row is added when the first record of its kind is, and stays: a
	 * record that could become an entry later (a deletion request that
	 * is cancelled, an account activated) adds its kind at once.  The
	 * kind names are timeline.c's; an audit row adds the kind of its
	 * action, about the customer whose public id is its subject. */
	"CREATE TABLE timeline_kinds ("
	"  customer_id INTEGER NOT NULL"
	"    REFERENCES customers (id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL,"
	"  PRIMARY KEY (customer_id, kind)"
	") WITHOUT ROWID;"
	"CREATE TRIGGER timeline_kinds_customer AFTER INSERT ON customers BEGIN"
	"  INSERT OR IGNORE INTO timeline_kinds VALUES (NEW.id, 'created'),"
	"    (NEW.id, 'activated');"
	"END;"
	"CREATE TRIGGER timeline_kinds_appointment AFTER INSERT ON appointments"
	"  BEGIN INSERT OR IGNORE INTO timeline_kinds"
	"    VALUES (NEW.customer_id, 'appointment'); END;"
	"CREATE TRIGGER timeline_kinds_invitation AFTER INSERT ON invitations"
	"  BEGIN INSERT OR IGNORE INTO timeline_kinds"
	"    VALUES (NEW.customer_id, 'invitation'); END;"
	"CREATE TRIGGER timeline_kinds_request"
	"  AFTER INSERT ON appointment_requests BEGIN"
	"  INSERT OR IGNORE INTO timeline_kinds VALUES (NEW.customer_id,"
	"    CASE NEW.kind WHEN 'visit' THEN 'visit_request'"
	"    WHEN 'waitlist' THEN 'waitlist' END);"
	"END;"
	"CREATE TRIGGER timeline_kinds_email AFTER INSERT ON link_tokens"
	"  WHEN NEW.purpose = 'email' BEGIN INSERT OR IGNORE INTO timeline_kinds"
	"    VALUES (NEW.customer_id, 'email_changed'); END;"
	"CREATE TRIGGER timeline_kinds_deletion"
	"  AFTER INSERT ON deletion_requests WHEN NEW.customer_id IS NOT NULL"
	"  BEGIN INSERT OR IGNORE INTO timeline_kinds"
	"    VALUES (NEW.customer_id, 'deletion'),"
	"    (NEW.customer_id, 'deletion_cancelled'); END;"
	"CREATE TRIGGER timeline_kinds_document AFTER INSERT ON documents"
	"  WHEN NEW.customer_id IS NOT NULL BEGIN INSERT OR IGNORE INTO"
	"    timeline_kinds VALUES (NEW.customer_id, 'document'); END;"
	"CREATE TRIGGER timeline_kinds_document_request"
	"  AFTER INSERT ON document_requests BEGIN INSERT OR IGNORE INTO"
	"    timeline_kinds VALUES (NEW.customer_id, 'document_request'); END;"
	"CREATE TRIGGER timeline_kinds_identity"
	"  AFTER INSERT ON customer_identities BEGIN INSERT OR IGNORE INTO"
	"    timeline_kinds VALUES (NEW.customer_id, 'provider_linked'); END;"
	"CREATE TRIGGER timeline_kinds_audit AFTER INSERT ON audit"
	"  WHEN NEW.action IN ('document-accepted', 'document-rejected',"
	"    'document-deleted', 'document-request-cancelled',"
	"    'upload-infected', 'activation-sent', 'appointment-cancelled')"
	"  BEGIN INSERT OR IGNORE INTO timeline_kinds"
	"    SELECT id, replace(NEW.action, '-', '_') FROM customers"
	"    WHERE pid = NEW.subject; END;"
	"INSERT OR IGNORE INTO timeline_kinds"
	"  SELECT id, 'created' FROM customers"
	"  UNION ALL SELECT id, 'activated' FROM customers"
	"  UNION ALL SELECT customer_id, 'appointment' FROM appointments"
	"  UNION ALL SELECT customer_id, 'invitation' FROM invitations"
	"  UNION ALL SELECT customer_id, CASE kind WHEN 'visit'"
	"    THEN 'visit_request' WHEN 'waitlist' THEN 'waitlist' END"
	"    FROM appointment_requests"
	"  UNION ALL SELECT customer_id, 'email_changed' FROM link_tokens"
	"    WHERE purpose = 'email'"
	"  UNION ALL SELECT customer_id, 'deletion' FROM deletion_requests"
	"    WHERE customer_id IS NOT NULL"
	"  UNION ALL SELECT customer_id, 'deletion_cancelled'"
	"    FROM deletion_requests WHERE customer_id IS NOT NULL"
	"  UNION ALL SELECT customer_id, 'document' FROM documents"
	"    WHERE customer_id IS NOT NULL"
	"  UNION ALL SELECT customer_id, 'document_request'"
	"    FROM document_requests"
	"  UNION ALL SELECT customer_id, 'provider_linked'"
	"    FROM customer_identities"
	"  UNION ALL SELECT c.id, replace(a.action, '-', '_')"
	"    FROM audit a JOIN customers c ON c.pid = a.subject"
	"    WHERE a.action IN ('document-accepted', 'document-rejected',"
	"    'document-deleted', 'document-request-cancelled',"
	"    'upload-infected', 'activation-sent', 'appointment-cancelled');"
	"PRAGMA user_version = 26;",

	/* 27: how many items of each kind and status the inbox holds, kept
	 * by triggers as the records change, so the inbox says its total
	 * however long it is without counting (inbox.c).  A kind's rows
	 * and words are those of its list: every appointment, account
	 * (active or invited), deletion request, invitation and
	 * appointment request, and the documents customers uploaded. */
	"CREATE TABLE inbox_counts ("
	"  kind TEXT NOT NULL,"
	"  status TEXT NOT NULL,"
	"  n INTEGER NOT NULL,"
	"  PRIMARY KEY (kind, status)"
	") WITHOUT ROWID;"
	INBOX_COUNTED("appointments", "appointment", STATUS, ALWAYS, "status")
	INBOX_COUNTED("customers", "signup", ACTIVE, ALWAYS, "active")
	INBOX_COUNTED("deletion_requests", "deletion", STATUS, ALWAYS,
	    "status")
	INBOX_COUNTED("invitations", "invitation", STATUS, ALWAYS, "status")
	INBOX_COUNTED("appointment_requests", "request", STATUS, ALWAYS,
	    "status")
	INBOX_COUNTED("documents", "document", STATUS, A_CUSTOMERS,
	    "status, customer_id")
	"INSERT INTO inbox_counts"
	"  SELECT 'appointment', status, count(*) FROM appointments"
	"  GROUP BY status"
	"  UNION ALL SELECT 'signup', CASE WHEN active = 1 THEN 'active'"
	"  ELSE 'invited' END, count(*) FROM customers GROUP BY 2"
	"  UNION ALL SELECT 'deletion', status, count(*)"
	"  FROM deletion_requests GROUP BY status"
	"  UNION ALL SELECT 'invitation', status, count(*) FROM invitations"
	"  GROUP BY status"
	"  UNION ALL SELECT 'request', status, count(*)"
	"  FROM appointment_requests GROUP BY status"
	"  UNION ALL SELECT 'document', status, count(*) FROM documents"
	"  WHERE customer_id IS NOT NULL GROUP BY status;"
	"PRAGMA user_version = 27;",

	/* 28: the inbox's appointments, newest first, read from their index
	 * alone (only the customer, project and agenda are looked up for a
	 * row): a third less to read a page of them. */
	"DROP INDEX appointments_updated;"
	"CREATE INDEX appointments_updated ON appointments"
	"  (updated, id, customer_id, project_id, agenda_id, status, pid);"
	"PRAGMA user_version = 28;",

	/* 29: an agenda's exceptions in the order the slots read them (day,
	 * then opening), so a week of slots does not sort them in a
	 * temporary table, which cost as much as the rest of the slots'
	 * reading even when the agenda has none. */
	"DROP INDEX agenda_exceptions_day;"
	"CREATE INDEX agenda_exceptions_day"
	"  ON agenda_exceptions (agenda_id, day, opens);"
	"PRAGMA user_version = 29;",
};

int
db_schema_version(void)
{
	return (int)(sizeof(migrations) / sizeof(migrations[0]));
}

const char *
db_schema_sql(int version)
{
	if (version < 1 || version > db_schema_version())
		return NULL;
	return migrations[version - 1];
}

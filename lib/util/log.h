/*
 * log: one line per event to stderr, which the web server or the service
 * manager keeps.  Lines are "porch: key=value ..." so they grep and parse.
 * Never log a token, a password, a cookie or document content: callers pass
 * what is safe, and log_* replaces control characters so a value cannot
 * forge a second line.
 */
#ifndef PORCH_LOG_H
#define PORCH_LOG_H

/* Program name and request context used as a prefix; either may be NULL. */
void	 log_set_program(const char *);
void	 log_set_request(const char *request_id, const char *office);

void	 log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_err(const char *, ...) __attribute__((format(printf, 1, 2)));

#endif

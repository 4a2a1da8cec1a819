/*
 * book-request: GET /book/{id}/request
 * When no time on a project's booking page suits, a signed-in customer
 * asks here for a visit at times they prefer (in words, or up to three
 * days each with a part of the day, and a message), or joins the
 * project's waiting list to be told when a place frees up.  Both forms
 * post to the same path (book-request-save).
 * 200 | 404 no project to book there | 303 to /login when signed out
 */
#include "page.h"
#include "reqview.h"

static enum page_rc
ask(struct req *r)
{
	const struct reqview_form	 f = { 0 };

	return reqview_ask_page(r, page_param(r, 0), &f, 0);
}

static const struct page PAGE = {
	.route = "GET /book/{id}/request",
	.need = NEED_CUSTOMER,
	.run = ask,
};

int
main(int argc, char *argv[])
{
	return page_main(&PAGE, argc, argv);
}

/*
 * modules.c: dbt's `modules`: re (on PCRE2) and datetime.
 */
#include "jinja_int.h"

bool floe_jinja__modules(floe_jinja_rt *rt, floe_jval *out)
{
	(void)rt;
	(void)out;
	return false;
}

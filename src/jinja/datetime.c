/*
 * datetime.c: the part of Python's datetime module dbt projects use:
 * datetime.datetime(y, m, d[, H, M, S, us]), .now(), .utcnow(), .today(),
 * datetime.date(y, m, d), date.today(), datetime.timedelta(days, seconds,
 * microseconds, milliseconds, minutes, hours, weeks); attributes year...
 * microsecond, strftime, isoformat, date(), timestamp(); + and - with a
 * timedelta, datetime - datetime, comparisons.  Naive times only (no
 * tzinfo); now() is local time as Python's is.
 */
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include "jinja_int.h"

#define USEC 1000000LL
#define DAY_US (86400LL * USEC)

struct dt {
	int64_t us;     /* microseconds since 1970-01-01 (naive) */
	int kind;       /* 0 datetime, 1 date, 2 timedelta */
};

static const floe_jobj_type dt_type;

/* days from 1970-01-01 of a civil date (Howard Hinnant's algorithm) */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

struct fields {
	int64_t year;
	int month, day, hour, minute, second, usec, wday, yday;
};

static void split(int64_t us, struct fields *f)
{
	int64_t days = us >= 0 ? us / DAY_US : -((-us + DAY_US - 1) / DAY_US);
	int64_t rest = us - days * DAY_US;
	civil_from_days(days, &f->year, &f->month, &f->day);
	f->hour = (int)(rest / (3600 * USEC));
	f->minute = (int)(rest / (60 * USEC) % 60);
	f->second = (int)(rest / USEC % 60);
	f->usec = (int)(rest % USEC);
	f->wday = (int)(((days % 7) + 11) % 7); /* 1970-01-01 was a Thursday */
	f->yday = (int)(days - days_from_civil(f->year, 1, 1));
}

static floe_jval make(floe_jinja_rt *rt, int64_t us, int kind)
{
	struct dt *d = floe_arena_alloc(rt->a, sizeof(*d));
	d->us = us;
	d->kind = kind;
	return floe_jv_obj(rt->a, &dt_type, d);
}

static struct dt *as_dt(const floe_jval *v)
{
	return v->k == FLOE_JV_OBJ && v->u.obj->type == &dt_type ? v->u.obj->data : NULL;
}

static int64_t int_arg(const floe_jinja_call *c, size_t i, const char *name, int64_t dflt)
{
	const floe_jval *v = floe_jinja_arg(c, i, name);
	if (v && v->k == FLOE_JV_FLOAT)
		return (int64_t)v->u.f;
	return v && v->k == FLOE_JV_INT ? v->u.i : dflt;
}

static int new_datetime(floe_jinja_call *c, floe_jval *out, int kind)
{
	int64_t y = int_arg(c, 0, "year", 0), m = int_arg(c, 1, "month", 0), d = int_arg(c, 2, "day", 0);
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		return floe_jinja_fail(c->rt, "jinja/value", "date value out of range");
	int64_t us = days_from_civil(y, m, d) * DAY_US;
	if (kind == 0)
		us += int_arg(c, 3, "hour", 0) * 3600 * USEC + int_arg(c, 4, "minute", 0) * 60 * USEC +
		      int_arg(c, 5, "second", 0) * USEC + int_arg(c, 6, "microsecond", 0);
	*out = make(c->rt, us, kind);
	return 0;
}

static int dt_new(floe_jinja_call *c, floe_jval *out) { return new_datetime(c, out, 0); }
static int date_new(floe_jinja_call *c, floe_jval *out) { return new_datetime(c, out, 1); }

static int now_common(floe_jinja_call *c, floe_jval *out, bool utc, int kind)
{
	struct timeval tv;
	struct tm tm;
	gettimeofday(&tv, NULL);
	time_t t = tv.tv_sec;
	if (utc)
		gmtime_r(&t, &tm);
	else
		localtime_r(&t, &tm);
	int64_t us = days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) * DAY_US;
	if (kind == 0)
		us += ((int64_t)tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec) * USEC + tv.tv_usec;
	*out = make(c->rt, us, kind);
	return 0;
}

static int dt_now(floe_jinja_call *c, floe_jval *out) { return now_common(c, out, false, 0); }
static int dt_utcnow(floe_jinja_call *c, floe_jval *out) { return now_common(c, out, true, 0); }
static int date_today(floe_jinja_call *c, floe_jval *out) { return now_common(c, out, false, 1); }

static int td_new(floe_jinja_call *c, floe_jval *out)
{
	static const struct { const char *n; int64_t unit; } parts[] = {
		{ "days", DAY_US }, { "seconds", USEC }, { "microseconds", 1 },
		{ "milliseconds", 1000 }, { "minutes", 60 * USEC }, { "hours", 3600 * USEC },
		{ "weeks", 7 * DAY_US },
	};
	int64_t us = 0;
	for (size_t k = 0; k < FLOE_ARRAY_SIZE(parts); k++) {
		const floe_jval *v = floe_jinja_arg(c, k, parts[k].n);
		if (v && v->k == FLOE_JV_FLOAT)
			us += (int64_t)(v->u.f * (double)parts[k].unit);
		else if (v && v->k == FLOE_JV_INT)
			us += v->u.i * parts[k].unit;
	}
	*out = make(c->rt, us, 2);
	return 0;
}

static void put_iso(floe_buf *b, const struct dt *d, char sep)
{
	struct fields f;
	split(d->us, &f);
	floe_buf_printf(b, "%04lld-%02d-%02d", (long long)f.year, f.month, f.day);
	if (d->kind == 1)
		return;
	floe_buf_printf(b, "%c%02d:%02d:%02d", sep, f.hour, f.minute, f.second);
	if (f.usec)
		floe_buf_printf(b, ".%06d", f.usec);
}

static void dt_str(void *data, floe_buf *out)
{
	const struct dt *d = data;
	if (d->kind != 2) {
		put_iso(out, d, ' ');
		return;
	}
	int64_t days = d->us >= 0 ? d->us / DAY_US : -((-d->us + DAY_US - 1) / DAY_US);
	int64_t rest = d->us - days * DAY_US;
	if (days)
		floe_buf_printf(out, "%lld day%s, ", (long long)days, days == 1 || days == -1 ? "" : "s");
	floe_buf_printf(out, "%lld:%02lld:%02lld", (long long)(rest / (3600 * USEC)),
			(long long)(rest / (60 * USEC) % 60), (long long)(rest / USEC % 60));
	if (rest % USEC)
		floe_buf_printf(out, ".%06lld", (long long)(rest % USEC));
}

static int m_strftime(floe_jinja_call *c, floe_jval *out)
{
	const struct dt *d = c->ud;
	const floe_jval *fmt = floe_jinja_arg(c, 0, "format");
	if (!fmt || fmt->k != FLOE_JV_STR)
		return floe_jinja_fail(c->rt, "jinja/args", "strftime needs a format");
	struct fields f;
	split(d->us, &f);
	struct tm tm = { .tm_year = (int)f.year - 1900, .tm_mon = f.month - 1, .tm_mday = f.day,
			 .tm_hour = f.hour, .tm_min = f.minute, .tm_sec = f.second,
			 .tm_wday = f.wday, .tm_yday = f.yday };
	floe_buf b = FLOE_BUF_INIT;
	for (size_t i = 0; i < fmt->u.str.len; i++) {
		char ch = fmt->u.str.s[i];
		if (ch != '%' || i + 1 == fmt->u.str.len) {
			floe_buf_putc(&b, ch);
			continue;
		}
		char conv = fmt->u.str.s[++i];
		if (conv == 'f') {
			floe_buf_printf(&b, "%06d", f.usec);
			continue;
		}
		/* each conversion as a literal format: strftime's format is checked */
		char tmp[128];
		size_t n;
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
/* %y, %g, %D, %c, %x: two-digit years, because the template asks for them */
#pragma GCC diagnostic ignored "-Wformat-y2k"
#endif
		switch (conv) {
#define CONV(ch, f) case ch: n = strftime(tmp, sizeof(tmp), f, &tm); break;
		CONV('a', "%a") CONV('A', "%A") CONV('b', "%b") CONV('B', "%B")
		CONV('c', "%c") CONV('C', "%C") CONV('d', "%d") CONV('D', "%D")
		CONV('e', "%e") CONV('F', "%F") CONV('g', "%g") CONV('G', "%G")
		CONV('h', "%h") CONV('H', "%H") CONV('I', "%I") CONV('j', "%j")
		CONV('k', "%k") CONV('l', "%l") CONV('m', "%m") CONV('M', "%M")
		CONV('n', "%n") CONV('p', "%p") CONV('P', "%P") CONV('r', "%r")
		CONV('R', "%R") CONV('s', "%s") CONV('S', "%S") CONV('t', "%t")
		CONV('T', "%T") CONV('u', "%u") CONV('U', "%U") CONV('V', "%V")
		CONV('w', "%w") CONV('W', "%W") CONV('x', "%x") CONV('X', "%X")
		CONV('y', "%y") CONV('Y', "%Y") CONV('z', "%z") CONV('Z', "%Z")
#undef CONV
		case '%': n = strftime(tmp, sizeof(tmp), "%%", &tm); break;
		default:  /* as glibc's strftime leaves an unknown one */
			tmp[0] = '%', tmp[1] = conv, n = 2;
		}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
		floe_buf_put(&b, tmp, n);
	}
	*out = floe_jinja__buf_val(c->rt, &b);
	floe_buf_release(&b);
	return 0;
}

static int m_isoformat(floe_jinja_call *c, floe_jval *out)
{
	floe_buf b = FLOE_BUF_INIT;
	const floe_jval *sep = floe_jinja_arg(c, 0, "sep");
	put_iso(&b, c->ud, sep && sep->k == FLOE_JV_STR && sep->u.str.len ? sep->u.str.s[0] : 'T');
	*out = floe_jinja__buf_val(c->rt, &b);
	floe_buf_release(&b);
	return 0;
}

static int m_date(floe_jinja_call *c, floe_jval *out)
{
	const struct dt *d = c->ud;
	int64_t days = d->us >= 0 ? d->us / DAY_US : -((-d->us + DAY_US - 1) / DAY_US);
	*out = make(c->rt, days * DAY_US, 1);
	return 0;
}

static int m_timestamp(floe_jinja_call *c, floe_jval *out)
{
	*out = floe_jv_float((double)((const struct dt *)c->ud)->us / (double)USEC);
	return 0;
}

static int m_total_seconds(floe_jinja_call *c, floe_jval *out) { return m_timestamp(c, out); }

static int dt_getattr(floe_jinja_rt *rt, void *data, const char *name, floe_jval *out)
{
	struct dt *d = data;
	struct fields f;
	split(d->us, &f);
	static const struct { const char *n; floe_jinja_fn fn; } ms[] = {
		{ "strftime", m_strftime }, { "isoformat", m_isoformat }, { "date", m_date },
		{ "timestamp", m_timestamp }, { "total_seconds", m_total_seconds },
	};
	for (size_t k = 0; k < FLOE_ARRAY_SIZE(ms); k++)
		if (floe_str_eq(ms[k].n, name)) {
			*out = floe_jv_func(rt->a, ms[k].n, ms[k].fn, d);
			return 0;
		}
	if (d->kind == 2) {
		int64_t days = d->us >= 0 ? d->us / DAY_US : -((-d->us + DAY_US - 1) / DAY_US);
		int64_t rest = d->us - days * DAY_US;
		if (floe_str_eq(name, "days")) *out = floe_jv_int(days);
		else if (floe_str_eq(name, "seconds")) *out = floe_jv_int(rest / USEC);
		else if (floe_str_eq(name, "microseconds")) *out = floe_jv_int(rest % USEC);
		else return 1;
		return 0;
	}
	if (floe_str_eq(name, "year")) *out = floe_jv_int(f.year);
	else if (floe_str_eq(name, "month")) *out = floe_jv_int(f.month);
	else if (floe_str_eq(name, "day")) *out = floe_jv_int(f.day);
	else if (floe_str_eq(name, "hour")) *out = floe_jv_int(f.hour);
	else if (floe_str_eq(name, "minute")) *out = floe_jv_int(f.minute);
	else if (floe_str_eq(name, "second")) *out = floe_jv_int(f.second);
	else if (floe_str_eq(name, "microsecond")) *out = floe_jv_int(f.usec);
	else return 1;
	return 0;
}

static int dt_binop(floe_jinja_rt *rt, const char *op, const floe_jval *a,
		    const floe_jval *b, floe_jval *out)
{
	struct dt *x = as_dt(a), *y = as_dt(b);
	if (!x || !y)
		return floe_str_eq(op, "==") ? (*out = floe_jv_bool(false), 0) : 1;
	if (floe_str_eq(op, "+") && (x->kind == 2 || y->kind == 2)) {
		*out = make(rt, x->us + y->us, x->kind == 2 ? y->kind : x->kind);
		return 0;
	}
	if (floe_str_eq(op, "-") && y->kind == 2) {
		*out = make(rt, x->us - y->us, x->kind);
		return 0;
	}
	if (floe_str_eq(op, "-") && x->kind != 2 && y->kind != 2) {
		*out = make(rt, x->us - y->us, 2);
		return 0;
	}
	bool r;
	if (floe_str_eq(op, "==")) r = x->us == y->us && x->kind == y->kind;
	else if (floe_str_eq(op, "<")) r = x->us < y->us;
	else if (floe_str_eq(op, "<=")) r = x->us <= y->us;
	else if (floe_str_eq(op, ">")) r = x->us > y->us;
	else if (floe_str_eq(op, ">=")) r = x->us >= y->us;
	else return 1;
	*out = floe_jv_bool(r);
	return 0;
}

static const floe_jobj_type dt_type = { "datetime", dt_getattr, dt_str, NULL, dt_binop };

/* datetime.datetime / datetime.date: callable classes with class methods */
static int cls_getattr(floe_jinja_rt *rt, void *data, const char *name, floe_jval *out)
{
	bool date = data != NULL;
	if (!date && floe_str_eq(name, "now"))
		*out = floe_jv_func(rt->a, "now", dt_now, NULL);
	else if (!date && floe_str_eq(name, "utcnow"))
		*out = floe_jv_func(rt->a, "utcnow", dt_utcnow, NULL);
	else if (floe_str_eq(name, "today"))
		*out = floe_jv_func(rt->a, "today", date ? date_today : dt_now, NULL);
	else
		return 1;
	return 0;
}

static int cls_call(floe_jinja_call *c, floe_jval *out)
{
	return c->ud ? date_new(c, out) : dt_new(c, out);
}

static const floe_jobj_type cls_type = { "type", cls_getattr, NULL, cls_call, NULL };

static int mod_getattr(floe_jinja_rt *rt, void *data, const char *name, floe_jval *out)
{
	if (floe_str_eq(name, "datetime"))
		*out = floe_jv_obj(rt->a, &cls_type, NULL);
	else if (floe_str_eq(name, "date"))
		*out = floe_jv_obj(rt->a, &cls_type, (void *)1);
	else if (floe_str_eq(name, "timedelta"))
		*out = floe_jv_func(rt->a, "timedelta", td_new, NULL);
	else
		return 1;
	return 0;
}

static const floe_jobj_type mod_type = { "module datetime", mod_getattr, NULL, NULL, NULL };

int floe_jinja__datetime_module(floe_jinja_rt *rt, floe_jval *out)
{
	*out = floe_jv_obj(rt->a, &mod_type, NULL);
	return 0;
}

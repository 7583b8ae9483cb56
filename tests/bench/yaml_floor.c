/*
 * yaml_floor.c: the floor for floe's speed: parse files with libyaml's
 * event API and do nothing else.  `floe validate` cannot be faster than
 * reading its inputs, so benchmarks report floe's time as a multiple of it.
 */
#include <stdio.h>
#include <yaml.h>

int main(int argc, char **argv)
{
	unsigned long events = 0;
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		yaml_parser_t p;
		yaml_event_t ev;
		if (!f)
			return 1;
		yaml_parser_initialize(&p);
		yaml_parser_set_input_file(&p, f);
		for (;;) {
			if (!yaml_parser_parse(&p, &ev))
				return 1;
			int done = ev.type == YAML_STREAM_END_EVENT;
			yaml_event_delete(&ev);
			events++;
			if (done)
				break;
		}
		yaml_parser_delete(&p);
		fclose(f);
	}
	return events == 0;
}

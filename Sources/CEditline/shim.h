/* libedit (BSD) through its readline-compatible interface; never GNU readline (GPL).
 * Its configuration lives in C globals, which Swift 6 will not touch directly: these
 * accessors do, on the one thread that runs the editor. */
#ifndef CEDITLINE_SHIM_H
#define CEDITLINE_SHIM_H

#include <stdio.h>
#include <editline/readline.h>

/* libedit leaves signals alone: Ctrl-C at the prompt reaches the program's own handler.
 * Characters come from `read_character`, which can turn that Ctrl-C into a key. */
static inline void ce_configure(const char *name, const char *word_breaks, rl_completion_func_t *complete,
                                int (*read_character)(FILE *)) {
    rl_catch_signals = 0;
    rl_readline_name = name;
    rl_basic_word_break_characters = word_breaks;
    rl_attempted_completion_function = complete;
    rl_getc_function = read_character;
}

/* Inside a command bound to a key: the line as it stands. */
static inline const char *ce_begin_line(void) { return rl_line_buffer; }

/* Inside a command bound to a key: the cursor and the end of the line. */
static inline int ce_cursor(void) { return rl_point; }
static inline int ce_line_end(void) { return rl_end; }

/* Inside a command bound to a key: readline returns NULL at once, as at the end of input. */
static inline void ce_finish_line(void) { rl_done = 1; }

/* The history, oldest first: how many statements it holds, and the one at `index`. */
static inline int ce_history_count(void) { return history_length; }
static inline const char *ce_history_line(int index) {
    HIST_ENTRY *entry = history_get(history_base + index);
    return entry ? entry->line : NULL;
}

/* Inside a command bound to a key: shows `prompt` in place of the prompt and, unless it
 * is empty (libedit cannot empty the line from here), `line` as the whole line. The
 * cursor is `rows_up` rows below where the prompt starts; the redraw clears from there
 * down, then draws from that origin, where libedit's forced redraw assumes it is. */
static inline void ce_show(const char *prompt, const char *line, int rows_up) {
    FILE *out = rl_outstream ? rl_outstream : stdout;
    rl_set_prompt(prompt);
    rl_replace_line(line, 0);
    if (rows_up > 0) fprintf(out, "\033[%dA", rows_up);
    fputs("\r\033[J", out);
    rl_forced_update_display();
}

/* Inside a command bound to a key: the key `key` is read next, as if typed. */
static inline void ce_push_key(int key) { rl_insert(1, key); }

/* Inside a completion: the line so far; completion does not fall back to file names
 * and appends nothing after a match. */
static inline const char *ce_begin_completion(void) {
    rl_attempted_completion_over = 1;
    rl_completion_append_character = 0;
    return rl_line_buffer;
}

#endif

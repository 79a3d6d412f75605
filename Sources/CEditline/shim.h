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

/* Inside a command bound to a key: the cursor and the end of the line. */
static inline int ce_cursor(void) { return rl_point; }
static inline int ce_line_end(void) { return rl_end; }

/* Inside a command bound to a key: readline returns NULL at once, as at the end of input. */
static inline void ce_finish_line(void) { rl_done = 1; }

/* Inside a completion: the line so far; completion does not fall back to file names
 * and appends nothing after a match. */
static inline const char *ce_begin_completion(void) {
    rl_attempted_completion_over = 1;
    rl_completion_append_character = 0;
    return rl_line_buffer;
}

#endif

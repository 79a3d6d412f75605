/* libedit (BSD) through its readline-compatible interface; never GNU readline (GPL).
 * Its configuration lives in C globals, which Swift 6 will not touch directly: these
 * accessors do, on the one thread that runs the editor. */
#ifndef CEDITLINE_SHIM_H
#define CEDITLINE_SHIM_H

#include <stdio.h>
#include <editline/readline.h>

/* libedit leaves signals alone: Ctrl-C at the prompt reaches the program's own handler. */
static inline void ce_configure(const char *name, const char *word_breaks, rl_completion_func_t *complete) {
    rl_catch_signals = 0;
    rl_readline_name = name;
    rl_basic_word_break_characters = word_breaks;
    rl_attempted_completion_function = complete;
}

/* Inside a completion: the line so far; completion does not fall back to file names
 * and appends nothing after a match. */
static inline const char *ce_begin_completion(void) {
    rl_attempted_completion_over = 1;
    rl_completion_append_character = 0;
    return rl_line_buffer;
}

#endif

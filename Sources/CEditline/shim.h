/* libedit (BSD) through its own API; never GNU readline (GPL). libedit's
 * readline-compatible layer is not used: it keeps `rl_line_buffer` pointing at a buffer
 * that libedit reallocates once a line passes about a kilobyte, and writes through it.
 * These wrappers stand for the variadic calls Swift cannot make. */
#ifndef CEDITLINE_SHIM_H
#define CEDITLINE_SHIM_H

#include <stdio.h>
#include <wchar.h>
#include <histedit.h>

/* An Emacs-keyed editor on the standard streams that leaves signals to the program,
 * with its prompt and its characters from the given functions, and ~/.editrc read. */
static inline EditLine *ce_open(const char *name, char *(*prompt)(EditLine *),
                                int (*read_character)(EditLine *, wchar_t *)) {
    EditLine *editor = el_init(name, stdin, stdout, stderr);
    if (editor == NULL) return NULL;
    el_set(editor, EL_EDITOR, "emacs");
    el_set(editor, EL_SIGNAL, 0);
    el_set(editor, EL_PROMPT, prompt);
    el_set(editor, EL_GETCFN, read_character);
    el_source(editor, NULL);
    return editor;
}

/* Binds `key` (as `bind` writes it: "^I") to a function of the program's. */
static inline void ce_bind(EditLine *editor, const char *name, const char *key,
                           unsigned char (*function)(EditLine *, int)) {
    el_set(editor, EL_ADDFN, name, name, function);
    el_set(editor, EL_BIND, key, name, NULL);
}

/* Writes `text` through the C stream libedit writes to, keeping its place among
 * libedit's own output; with NULL, sends out what the stream holds. */
static inline void ce_write(const char *text) {
    if (text != NULL) fputs(text, stdout);
    fflush(stdout);
}

/* Redraws the prompt and the line from where the prompt starts, where the cursor must be. */
static inline void ce_redraw(EditLine *editor) { el_set(editor, EL_REFRESH); }

/* A history of at most `size` statements that keeps a statement repeated at once only
 * once, read from `file` (which may not exist yet), used by `editor`. */
static inline History *ce_open_history(EditLine *editor, int size, const char *file) {
    HistEvent event;
    History *history_list = history_init();
    if (history_list == NULL) return NULL;
    history(history_list, &event, H_SETSIZE, size);
    history(history_list, &event, H_SETUNIQUE, 1);
    history(history_list, &event, H_LOAD, file);
    el_set(editor, EL_HIST, history, history_list);
    return history_list;
}

/* Adds a statement to the history and saves the history to `file`. */
static inline void ce_remember(History *history_list, const char *statement, const char *file) {
    HistEvent event;
    history(history_list, &event, H_ENTER, statement);
    history(history_list, &event, H_SAVE, file);
}

/* The history's statements, newest first: the newest with `from_newest`, then each older
 * one; NULL past the oldest. */
static inline const char *ce_history_step(History *history_list, int from_newest) {
    static HistEvent event;
    return history(history_list, &event, from_newest ? H_FIRST : H_NEXT) == 0 ? event.str : NULL;
}

#endif

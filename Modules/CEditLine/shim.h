// Fixed-argument wrappers around libedit's variadic el_set/el_get, which Swift cannot call, and the
// few process-level pieces (stdio handles, the SIGINT flag) Swift 6 cannot reach directly.
#ifndef FUNNEL_CEDITLINE_SHIM_H
#define FUNNEL_CEDITLINE_SHIM_H

#include <histedit.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <langinfo.h>
#include <termios.h>
#include <dlfcn.h>

/// libedit, opened only when the interactive prompt starts (`funnel_libedit_load`): scripts, `-c`
/// and batch runs never load it or the libraries it needs (libtinfo, libbsd, libmd), which saves
/// part of every start-up. The module map links no library; every call goes through this table.
typedef struct {
    EditLine *(*el_init)(const char *, FILE *, FILE *, FILE *);
    void (*el_end)(EditLine *);
    const char *(*el_gets)(EditLine *, int *);
    int (*el_set)(EditLine *, int, ...);
    int (*el_get)(EditLine *, int, ...);
    int (*el_source)(EditLine *, const char *);
    int (*el_insertstr)(EditLine *, const char *);
    const LineInfo *(*el_line)(EditLine *);
    History *(*history_init)(void);
    void (*history_end)(History *);
    int (*history)(History *, HistEvent *, int, ...);
} funnel_libedit_table;

/// The table, filled by `funnel_libedit_load` (a function's own static: Swift emits it with the function).
static inline funnel_libedit_table *funnel_libedit_functions(void) {
    static funnel_libedit_table table = {0};
    return &table;
}

/// Opens libedit and finds its functions; 0 when it is not installed (or too old to have them all).
static inline int funnel_libedit_load(void) {
    if (funnel_libedit_functions()->el_init != NULL) return 1;
    void *handle = dlopen("libedit.so.2", RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) handle = dlopen("libedit.so", RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) return 0;
    funnel_libedit_table table;
    *(void **)&table.el_init = dlsym(handle, "el_init");
    *(void **)&table.el_end = dlsym(handle, "el_end");
    *(void **)&table.el_gets = dlsym(handle, "el_gets");
    *(void **)&table.el_set = dlsym(handle, "el_set");
    *(void **)&table.el_get = dlsym(handle, "el_get");
    *(void **)&table.el_source = dlsym(handle, "el_source");
    *(void **)&table.el_insertstr = dlsym(handle, "el_insertstr");
    *(void **)&table.el_line = dlsym(handle, "el_line");
    *(void **)&table.history_init = dlsym(handle, "history_init");
    *(void **)&table.history_end = dlsym(handle, "history_end");
    *(void **)&table.history = dlsym(handle, "history");
    if (!table.el_init || !table.el_end || !table.el_gets || !table.el_set || !table.el_get || !table.el_source
        || !table.el_insertstr || !table.el_line || !table.history_init || !table.history_end || !table.history) {
        dlclose(handle);
        return 0;
    }
    *funnel_libedit_functions() = table;
    return 1;
}

static inline void funnel_el_end(EditLine *el) { funnel_libedit_functions()->el_end(el); }
static inline const char *funnel_el_gets(EditLine *el, int *count) { return funnel_libedit_functions()->el_gets(el, count); }
static inline int funnel_el_insertstr(EditLine *el, const char *text) { return funnel_libedit_functions()->el_insertstr(el, text); }
static inline const LineInfo *funnel_el_line(EditLine *el) { return funnel_libedit_functions()->el_line(el); }
static inline void funnel_history_end(History *h) { funnel_libedit_functions()->history_end(h); }

/// Set by the SIGINT handler; read and cleared by Swift.
static volatile sig_atomic_t funnel_sigint_flag = 0;

static void funnel_sigint_handler(int sig) {
    (void)sig;
    funnel_sigint_flag = 1;
}

/// Installs a SIGINT handler without SA_RESTART, so a blocked read returns EINTR instead of the
/// process dying: el_gets then returns NULL (cancel the line) and running commands see the flag.
static inline void funnel_install_sigint_handler(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = funnel_sigint_handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    sigaction(SIGINT, &action, NULL);
    // A parent may have started us with SIGINT blocked; an interactive shell must receive it.
    sigset_t unblock;
    sigemptyset(&unblock);
    sigaddset(&unblock, SIGINT);
    sigprocmask(SIG_UNBLOCK, &unblock, NULL);
}

static inline int funnel_sigint_pending(void) { return funnel_sigint_flag != 0; }
static inline void funnel_sigint_clear(void) { funnel_sigint_flag = 0; }

/// Makes multibyte (UTF-8) input work: the environment's locale, or C.UTF-8 when it is not UTF-8.
static inline void funnel_use_utf8_locale(void) {
    setlocale(LC_CTYPE, "");
    const char *codeset = nl_langinfo(CODESET);
    if (codeset == NULL || strcmp(codeset, "UTF-8") != 0) {
        setlocale(LC_CTYPE, "C.UTF-8");
    }
    // Keys typed while a command runs are edited by the kernel: make Backspace erase whole UTF-8
    // characters there too.
    struct termios settings;
    if (tcgetattr(STDIN_FILENO, &settings) == 0 && !(settings.c_iflag & IUTF8)) {
        settings.c_iflag |= IUTF8;
        tcsetattr(STDIN_FILENO, TCSANOW, &settings);
    }
}

static char funnel_prompt_text[512] = "funnel> ";

static char *funnel_prompt(EditLine *el) {
    (void)el;
    return funnel_prompt_text;
}

/// Copies the prompt into storage that outlives the callback.
static inline void funnel_set_prompt(const char *text) {
    strncpy(funnel_prompt_text, text, sizeof funnel_prompt_text - 1);
    funnel_prompt_text[sizeof funnel_prompt_text - 1] = '\0';
}

typedef unsigned char (*funnel_el_function)(EditLine *, int);

/// An EditLine on the process's stdin/stdout/stderr: emacs keys, signal handling, our prompt,
/// `history` attached, `complete` bound to Tab, `client` reachable through EL_CLIENTDATA.
/// While editing, Ctrl-C is a key (bound to `interrupt`), not a signal: `-isig` in edit mode. A signal
/// arriving inside el_gets' read is retried by libedit rather than returned, so a key is the reliable
/// way to cancel the line. While a command runs the terminal is in normal mode and Ctrl-C is SIGINT.
static inline EditLine *funnel_el_open(const char *program, History *hist, void *client,
                                        funnel_el_function complete, funnel_el_function interrupt) {
    EditLine *el = funnel_libedit_functions()->el_init(program, stdin, stdout, stderr);
    if (el == NULL) return NULL;
    funnel_libedit_functions()->el_set(el, EL_EDITOR, "emacs");
    funnel_libedit_functions()->el_set(el, EL_SIGNAL, 1);
    funnel_libedit_functions()->el_set(el, EL_PROMPT, funnel_prompt);
    funnel_libedit_functions()->el_set(el, EL_HIST, funnel_libedit_functions()->history, hist);
    funnel_libedit_functions()->el_set(el, EL_CLIENTDATA, client);
    funnel_libedit_functions()->el_set(el, EL_ADDFN, "funnel-complete", "Complete a command, flag or id", complete);
    funnel_libedit_functions()->el_set(el, EL_BIND, "^I", "funnel-complete", NULL);
    funnel_libedit_functions()->el_set(el, EL_SETTY, "-d", "-isig", NULL);
    funnel_libedit_functions()->el_set(el, EL_ADDFN, "funnel-interrupt", "Cancel the line being typed", interrupt);
    funnel_libedit_functions()->el_set(el, EL_BIND, "^C", "funnel-interrupt", NULL);
    funnel_libedit_functions()->el_source(el, NULL);
    return el;
}

static inline void *funnel_el_client(EditLine *el) {
    void *client = NULL;
    funnel_libedit_functions()->el_get(el, EL_CLIENTDATA, &client);
    return client;
}

static inline History *funnel_history_open(int size) {
    History *h = funnel_libedit_functions()->history_init();
    if (h == NULL) return NULL;
    HistEvent ev;
    funnel_libedit_functions()->history(h, &ev, H_SETSIZE, size);
    funnel_libedit_functions()->history(h, &ev, H_SETUNIQUE, 1);
    return h;
}

static inline void funnel_history_enter(History *h, const char *line) {
    HistEvent ev;
    funnel_libedit_functions()->history(h, &ev, H_ENTER, line);
}

static inline FILE *funnel_stdout(void) { return stdout; }
static inline FILE *funnel_stderr(void) { return stderr; }

#endif

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
    EditLine *el = el_init(program, stdin, stdout, stderr);
    if (el == NULL) return NULL;
    el_set(el, EL_EDITOR, "emacs");
    el_set(el, EL_SIGNAL, 1);
    el_set(el, EL_PROMPT, funnel_prompt);
    el_set(el, EL_HIST, history, hist);
    el_set(el, EL_CLIENTDATA, client);
    el_set(el, EL_ADDFN, "funnel-complete", "Complete a command, flag or id", complete);
    el_set(el, EL_BIND, "^I", "funnel-complete", NULL);
    el_set(el, EL_SETTY, "-d", "-isig", NULL);
    el_set(el, EL_ADDFN, "funnel-interrupt", "Cancel the line being typed", interrupt);
    el_set(el, EL_BIND, "^C", "funnel-interrupt", NULL);
    el_source(el, NULL);
    return el;
}

static inline void *funnel_el_client(EditLine *el) {
    void *client = NULL;
    el_get(el, EL_CLIENTDATA, &client);
    return client;
}

static inline History *funnel_history_open(int size) {
    History *h = history_init();
    if (h == NULL) return NULL;
    HistEvent ev;
    history(h, &ev, H_SETSIZE, size);
    history(h, &ev, H_SETUNIQUE, 1);
    return h;
}

static inline void funnel_history_enter(History *h, const char *line) {
    HistEvent ev;
    history(h, &ev, H_ENTER, line);
}

static inline FILE *funnel_stdout(void) { return stdout; }
static inline FILE *funnel_stderr(void) { return stderr; }

#endif

#ifndef CNCURSES_SHIM_H
#define CNCURSES_SHIM_H
/* The wide-character API needs these before ncurses.h; SwiftPM drops pkg-config's -D flags. */
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <signal.h>
#include <string.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>

/* Function-like macros are invisible to Swift. */
static inline mmask_t cnc_all_mouse_events(void)      { return ALL_MOUSE_EVENTS; }
static inline mmask_t cnc_report_mouse_position(void) { return REPORT_MOUSE_POSITION; }
static inline mmask_t cnc_button1_pressed(void)       { return BUTTON1_PRESSED; }
static inline mmask_t cnc_button1_released(void)      { return BUTTON1_RELEASED; }
static inline mmask_t cnc_button1_clicked(void)       { return BUTTON1_CLICKED; }
static inline mmask_t cnc_button4_pressed(void)       { return BUTTON4_PRESSED; }
static inline mmask_t cnc_button5_pressed(void)       { return BUTTON5_PRESSED; }
static inline attr_t  cnc_color_pair(short n)         { return (attr_t)COLOR_PAIR(n); }
static inline attr_t  cnc_a_bold(void)                { return A_BOLD; }
static inline attr_t  cnc_a_reverse(void)             { return A_REVERSE; }
static inline attr_t  cnc_a_underline(void)           { return A_UNDERLINE; }
static inline attr_t  cnc_a_dim(void)                 { return A_DIM; }
/* C globals as functions: Swift 6 rejects direct use of shared mutable state. */
static inline WINDOW *cnc_stdscr(void) { return stdscr; }
static inline int cnc_lines(void)  { return LINES; }
static inline int cnc_cols(void)   { return COLS; }
static inline int cnc_colors(void) { return COLORS; }
static inline int     cnc_key_f(int n)                 { return KEY_F(n); }
static inline mmask_t cnc_button1_double_clicked(void) { return BUTTON1_DOUBLE_CLICKED; }

/* 1 when the locale's character set is UTF-8 (call after setlocale). */
static inline int cnc_codeset_is_utf8(void) {
    const char *cs = nl_langinfo(CODESET);
    return cs != NULL && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

/* SIGINT / SIGTERM / SIGHUP only record the signal: the console's loop sees it within one
   input tick and restores the terminal itself (endwin is not async-signal-safe). No SA_RESTART,
   so a blocking read returns at once. The flag is static: install and read it from one Swift
   file, because each object file that uses these inline functions gets its own copy. */
static volatile sig_atomic_t cnc_stop_signal_number = 0;
static inline void cnc_record_stop_signal(int sig) { cnc_stop_signal_number = sig; }
static inline void cnc_install_stop_handlers(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = cnc_record_stop_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}
static inline int cnc_stop_signal(void) { return (int)cnc_stop_signal_number; }
#endif

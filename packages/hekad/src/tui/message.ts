// What `hekad -tui` says when stdout is no terminal (kept apart so main.ts need not load ink).
export const NOT_A_TERMINAL = 'hekad: -tui needs a terminal (stdout is not a TTY); run without -tui, or use SIGUSR1 for a text report\n';

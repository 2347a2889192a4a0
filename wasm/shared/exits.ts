// Why run(budget) returned. Shared by the hart and the machine loop.
export const EXIT_BUDGET = 0;     // executed the whole budget
export const EXIT_WFI = 1;        // wfi with no interrupt pending: the host may sleep until an event
export const EXIT_BREAKPOINT = 2; // a debugger breakpoint / watchpoint / trap-of-interest (EXIT_ARG says which)
export const EXIT_HOST = 3;       // the host asked to stop (requestStop), e.g. a device needs attention
export const EXIT_FAULT = 4;      // our own invariant broke (never the guest's fault); EXIT_ARG has a code

// EXIT_ARG values for EXIT_BREAKPOINT
export const DBG_STOP_PC = 1;         // about to execute a PC breakpoint (not executed yet)
export const DBG_STOP_PRIV = 2;       // the privilege mode changed (the instruction or trap that did it completed)
export const DBG_STOP_TRAP = 3;       // a trap of a chosen cause was just taken (pc = the handler)
export const DBG_STOP_WATCH_READ = 4; // a load touched a watched range (the load completed)
export const DBG_STOP_WATCH_WRITE = 5;// a store touched a watched range (the store completed)
export const DBG_FLAG_PRIV = 1;
export const DBG_FLAG_BREAKPOINTS = 2;
export const DBG_FLAG_WATCH = 4;
export const DBG_FLAG_STEP_OVER = 8;

// Why run(budget) returned. Shared by the hart and the machine loop.
export const EXIT_BUDGET = 0;     // executed the whole budget
export const EXIT_WFI = 1;        // wfi with no interrupt pending: the host may sleep until an event
export const EXIT_BREAKPOINT = 2; // a debugger breakpoint / watchpoint / trap-of-interest (EXIT_ARG says which)
export const EXIT_HOST = 3;       // the host asked to stop (requestStop), e.g. a device needs attention
export const EXIT_FAULT = 4;      // our own invariant broke (never the guest's fault); EXIT_ARG has a code

// The hart's state as it lies in wasm linear memory.
//
// This one file is read by BOTH compilers: AssemblyScript (wasm/) and TypeScript (emulator/, src/).
// It therefore uses only syntax both accept: `export const NAME = <int expression>`.
// Every field is a 64-bit little-endian slot at a fixed byte offset, so TypeScript and the
// debugger read registers with a BigInt64Array view and no call per register.
//
//   0x0000_0000 ┌──────────────────────┐
//               │ (unused first page)  │
//   STATE_BASE  ├──────────────────────┤  x0..x31, x32 = write sink for rd = x0, f0..f31, pc, CSRs
//   WALK_TRACE  ├──────────────────────┤  the page walker's per-level trace (debugger reads it)
//   TLB_BASE    ├──────────────────────┤  3 direct-mapped TLBs: fetch, load, store
//   DECODE_BASE ├──────────────────────┤  decoded-instruction cache
//   DATA_BASE   ├──────────────────────┤  AssemblyScript's own static data (--memoryBase)
//   RAM_HOST    ├──────────────────────┤  guest RAM (guest physical RAM_GUEST_BASE maps here)
//               └──────────────────────┘

export const STATE_BASE = 0x1000;

// Integer registers. Slot 32 is a sink: the decoder redirects writes to x0 there, so x0 stays
// zero without a per-instruction reset.
export const X_BASE = STATE_BASE;
export const X_SINK = 32;
export const F_BASE = X_BASE + 34 * 8;
export const PC = F_BASE + 32 * 8;
export const PRIV = PC + 8;            // 0 = U, 1 = S, 3 = M

// Machine-level CSRs
export const MSTATUS = PRIV + 8;
export const MISA = MSTATUS + 8;
export const MEDELEG = MISA + 8;
export const MIDELEG = MEDELEG + 8;
export const MIE = MIDELEG + 8;
export const MIP = MIE + 8;            // software-writable pending bits (SSIP, STIP, SEIP as written)
export const MTVEC = MIP + 8;
export const MSCRATCH = MTVEC + 8;
export const MEPC = MSCRATCH + 8;
export const MCAUSE = MEPC + 8;
export const MTVAL = MCAUSE + 8;
export const MCOUNTEREN = MTVAL + 8;
export const MCOUNTINHIBIT = MCOUNTEREN + 8;
export const MENVCFG = MCOUNTINHIBIT + 8;
export const MHARTID = MENVCFG + 8;
export const MCYCLE = MHARTID + 8;     // cycle count (one cycle per retired instruction)
export const MINSTRET = MCYCLE + 8;
// Supervisor-level CSRs (sstatus/sie/sip are views of the machine ones)
export const STVEC = MINSTRET + 8;
export const SSCRATCH = STVEC + 8;
export const SEPC = SSCRATCH + 8;
export const SCAUSE = SEPC + 8;
export const STVAL = SCAUSE + 8;
export const SCOUNTEREN = STVAL + 8;
export const SENVCFG = SCOUNTEREN + 8;
export const SATP = SENVCFG + 8;
export const STIMECMP = SATP + 8;
// Floating point control and status (fflags in bits 4:0, frm in bits 7:5)
export const FCSR = STIMECMP + 8;
// Physical memory protection: 16 entries, stored as WARL registers (not enforced)
export const PMPCFG0 = FCSR + 8;       // pmpcfg0 and pmpcfg2 (RV64 has only even pmpcfg)
export const PMPCFG2 = PMPCFG0 + 8;
export const PMPADDR = PMPCFG2 + 8;    // 16 × 8
// Time: the CLINT device (TypeScript) and the hart share these
export const MTIME = PMPADDR + 16 * 8;
export const MTIMECMP = MTIME + 8;
// Within a run() slice guest time keeps moving: time = MTIME + (INSN_COUNT - MTIME_INSTRET) / TIME_INSNS_PER_TICK
// (TIME_INSNS_PER_TICK = 0 freezes it until the host next sets MTIME). The host re-anchors MTIME to
// real time between slices, never backwards.
export const MTIME_INSTRET = MTIMECMP + 8;   // INSN_COUNT when MTIME was set
export const TIME_INSNS_PER_TICK = MTIME_INSTRET + 8;
// Interrupt lines driven by devices: MSIP, MTIP-from-device, SEIP, MEIP bits in mip positions
export const HW_IRQ = TIME_INSNS_PER_TICK + 8;
// LR/SC reservation (physical address; RESERVED = 0 means none)
export const RESERVATION = HW_IRQ + 8;
export const RESERVED = RESERVATION + 8;
// Set by the host's MMIO handler when an access hit no device (becomes an access fault)
export const MMIO_FAULT = RESERVED + 8;
// Why run() stopped, and its argument (see EXIT_* in wasm/shared/exits.ts)
export const EXIT_REASON = MMIO_FAULT + 8;
export const EXIT_ARG = EXIT_REASON + 8;
// The last trap taken: cause, epc, tval, the mode it came from and the mode it went to
export const LAST_TRAP_CAUSE = EXIT_ARG + 8;
export const LAST_TRAP_EPC = LAST_TRAP_CAUSE + 8;
export const LAST_TRAP_TVAL = LAST_TRAP_EPC + 8;
export const LAST_TRAP_FROM = LAST_TRAP_TVAL + 8;
export const LAST_TRAP_TO = LAST_TRAP_FROM + 8;
export const TRAP_COUNT = LAST_TRAP_TO + 8;
// Configuration written by the host before run(): guest RAM size in bytes
// Instructions retired since reset: like minstret, but never written by the guest nor inhibited,
// so guest time and host bookkeeping can rely on it.
export const INSN_COUNT = TRAP_COUNT + 8;
export const RAM_SIZE = INSN_COUNT + 8;
export const STATE_END = RAM_SIZE + 8;

// The page walker writes its trace here (see wasm/mmu/walk.ts for the record layout).
export const WALK_TRACE = 0x2000;
export const WALK_TRACE_SIZE = 0x400;
// The trap log: the last TRAP_LOG_ENTRIES traps and interrupts, a ring indexed by TRAP_COUNT.
// Each entry: +0 mcause value (bit 63 = interrupt), +8 epc, +16 tval, +24 from priv | to priv << 8.
export const TRAP_LOG = 0x2400;
export const TRAP_LOG_ENTRIES = 32;
export const TRAP_LOG_STRIDE = 32;
// A scratch decode entry for decodeOnly() (tests, disassembler checks).
export const DECODE_SCRATCH = 0x2800;
// The satp values the hart has run under recently (for exploring a process's page tables while the
// kernel runs): SATP_LOG_ENTRIES entries of +0 satp, +8 pc when last written, +16 priv, +24 minstret
// when last seen. A write of a value already listed refreshes that entry; a new value replaces the
// least recently seen one.
export const SATP_LOG = 0x2840;
export const SATP_LOG_ENTRIES = 16;
export const SATP_LOG_STRIDE = 32;
// Debugger controls (written by the host; zero = off):
//   DBG_FLAGS bit 0: stop when the privilege changes; bit 1: PC breakpoints active;
//             bit 2: watchpoints active; bit 3: step over a breakpoint at the current pc once
//   DBG_TRAP_MASK: stop after taking an exception whose cause bit is set (bit c for cause c)
//   DBG_IRQ_MASK: the same for interrupts
//   DBG_BP_COUNT, DBG_BP (DBG_BP_MAX virtual addresses)
//   DBG_WATCH_COUNT, DBG_WATCH (DBG_WATCH_MAX entries of +0 lo, +8 hi (exclusive), +16 flags:
//             bit 0 read, bit 1 write, bit 2 physical (else virtual))
// When the hart stops for the debugger, run() returns EXIT_BREAKPOINT with EXIT_ARG = DBG_STOP_*,
// and DBG_STOP_ADDR = the pc / the watched address.
export const DBG_FLAGS = 0x2a40;
export const DBG_TRAP_MASK = DBG_FLAGS + 8;
export const DBG_IRQ_MASK = DBG_TRAP_MASK + 8;
export const DBG_STOP_ADDR = DBG_IRQ_MASK + 8;
export const DBG_BP_COUNT = DBG_STOP_ADDR + 8;
export const DBG_BP_MAX = 16;
export const DBG_BP = DBG_BP_COUNT + 8;
export const DBG_WATCH_COUNT = DBG_BP + DBG_BP_MAX * 8;
export const DBG_WATCH_MAX = 8;
export const DBG_WATCH = DBG_WATCH_COUNT + 8;
export const DBG_END = DBG_WATCH + DBG_WATCH_MAX * 24;

// The boot ROM's 4 KiB live here; guest physical BOOTROM_GUEST_BASE maps onto it (read/execute only).
export const BOOTROM_HOST = 0x3000;
export const BOOTROM_GUEST_BASE = 0x1000;
export const BOOTROM_SIZE = 0x1000;

// TLBs: one direct-mapped table of TLB_ENTRIES entries for each (translation regime, access kind).
// Regimes: 0 = U, 1 = S, 2 = S with SUM = 1, 3 = M (Bare). Kinds: fetch, load, store (ACCESS_*).
// Each entry is a tag (virtual page number, or -1 when empty) and a delta that turns the virtual
// address into a wasm-memory address. A table is filled only after the walk allowed that access
// in that regime, so a hit needs no permission check.
export const TLB_BASE = 0x4000;
export const TLB_ENTRIES = 256;
export const TLB_TABLE_BYTES = TLB_ENTRIES * 16;
export const TLB_REGIMES = 4;
export const TLB_END = TLB_BASE + TLB_REGIMES * 3 * TLB_TABLE_BYTES;

// Decoded-instruction cache: DECODE_ENTRIES entries of 16 bytes, indexed by (pc >> 1).
//   +0 u32 raw instruction bits (the entry is valid only while they match memory)
//   +4 u8 op   +5 u8 rd   +6 u8 rs1   +7 u8 rs2
//   +8 i32 imm (for FP/system ops: the whole 32-bit instruction)
//   +12 u8 length in bytes (2 or 4)   +13 u8 rs3/rm   +14 u16 csr number
export const DECODE_BASE = 0x10000;
export const DECODE_ENTRIES = 65536;
export const DECODE_END = DECODE_BASE + DECODE_ENTRIES * 16;

// AssemblyScript's static data goes above our fixed areas (asc --memoryBase).
export const DATA_BASE = 0x200000;
// Guest RAM lives at this wasm address; guest physical RAM_GUEST_BASE maps onto it.
export const RAM_HOST = 0x400000;
export const RAM_GUEST_BASE = 0x80000000;
export const RAM_GUARD = 16;            // bytes after RAM so an 8-byte access at the last byte stays inside wasm memory

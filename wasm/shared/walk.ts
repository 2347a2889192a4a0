// The Sv39 page walk's result record and its reasons. The walker (wasm/mmu/walk.ts) writes one
// record at WALK_TRACE for every walk; the debugger reads the same record to draw the walk.
// Shared by AssemblyScript and TypeScript: plain integer constants only.

// Options (bit flags) passed to the walker
export const WALK_OPT_SUM = 1;    // mstatus.SUM: S-mode may load/store U pages
export const WALK_OPT_MXR = 2;    // mstatus.MXR: loads may read X-only pages
export const WALK_OPT_ADUE = 4;   // menvcfg.ADUE: the walk may set A/D instead of faulting (Svadu)

// Record layout (byte offsets from WALK_TRACE; every field is 64 bits)
export const WT_REASON = 0;       // WALK_* below
export const WT_PA = 8;           // the physical address (when the reason is OK or BARE)
export const WT_LEVELS = 16;      // how many PTEs were read (0..3)
export const WT_LEAF_LEVEL = 24;  // the level of the leaf PTE: 2 = 1 GiB, 1 = 2 MiB, 0 = 4 KiB; -1 if none
export const WT_AD_UPDATE = 32;   // bit 0: A must be set, bit 1: D must be set (only with ADUE)
export const WT_LEAF_PTE_ADDR = 40;
export const WT_LEAF_PTE = 48;
export const WT_VA = 56;
export const WT_SATP = 64;
export const WT_ACCESS = 72;
export const WT_PRIV = 80;
export const WT_OPTIONS = 88;
export const WT_LEVEL_BASE = 96;  // per PTE read, in walk order: +0 table address, +8 PTE address, +16 PTE
export const WT_LEVEL_STRIDE = 24;

// Why a walk ended. The debugger prints these; faultCause() in mmu/walk.ts maps them to mcause.
export const WALK_OK = 0;
export const WALK_BARE = 1;                 // satp.MODE = Bare or M-mode: no translation
export const WALK_NONCANONICAL = 2;         // bits 63:39 of the VA are not all equal to bit 38
export const WALK_PTE_ACCESS_FAULT = 3;     // the PTE's physical address is not in RAM (access fault)
export const WALK_INVALID = 4;              // PTE.V = 0
export const WALK_RESERVED_WX = 5;          // PTE.W = 1 with PTE.R = 0 (reserved encoding)
export const WALK_RESERVED_BITS = 6;        // PTE bits 63:54 set (reserved for Svnapot/Svpbmt)
export const WALK_NO_LEAF = 7;              // a pointer PTE at level 0
export const WALK_MISALIGNED_SUPERPAGE = 8; // a superpage leaf whose low PPN fields are not zero
export const WALK_U_PAGE_FROM_S = 9;        // S-mode load/store of a U page with SUM = 0
export const WALK_U_PAGE_FETCH_FROM_S = 10; // S-mode never executes U pages
export const WALK_S_PAGE_FROM_U = 11;       // U-mode access to a page without PTE.U
export const WALK_NOT_READABLE = 12;        // load from a page without R (and not X with MXR)
export const WALK_NOT_WRITABLE = 13;        // store to a page without W
export const WALK_NOT_EXECUTABLE = 14;      // fetch from a page without X
export const WALK_A_CLEAR = 15;             // PTE.A = 0 and the hardware may not set it (ADUE = 0)
export const WALK_D_CLEAR = 16;             // store with PTE.D = 0 and the hardware may not set it
export const WALK_REASON_COUNT = 17;

// PTE bits
export const PTE_V = 1;
export const PTE_R = 2;
export const PTE_W = 4;
export const PTE_X = 8;
export const PTE_U = 16;
export const PTE_G = 32;
export const PTE_A = 64;
export const PTE_D = 128;
export const PTE_PPN_SHIFT = 10;

// F and D extensions: executes one 32-bit floating-point instruction (LOAD-FP, STORE-FP, the fused
// multiply-adds and OP-FP). The hart has already checked mstatus.FS != Off.
//
// Contract with the hart (wasm/hart.ts):
//   - returns false when the encoding is illegal (including an invalid rounding mode); the hart then
//     raises illegal-instruction with the instruction bits;
//   - memory faults are raised with raiseException() by the mmu/access.ts helpers; the hart checks
//     excPending after the call and, if set, nothing else may have been written;
//   - any write to an f register or to fcsr calls markFpDirty().
//
// Until the FPU lands every F/D instruction is illegal.
export function executeFloat(insn: u32): bool {
  return insn == 0xffffffff;
}

// The boot ROM at 0x1000: the reset stub the hart starts in, as QEMU's virt machine has it.
// It hands the firmware (OpenSBI fw_dynamic) what it expects: a0 = hartid, a1 = the DTB's
// physical address, a2 = a struct fw_dynamic_info saying where the next stage (Linux) starts
// and in which mode (OpenSBI docs, firmware/fw_dynamic.md).
//
//   0x1000  auipc t0, 0          t0 = 0x1000
//   0x1004  addi  a2, t0, 40     a2 = &fw_dynamic_info
//   0x1008  csrr  a0, mhartid
//   0x100c  ld    a1, 32(t0)     a1 = DTB address
//   0x1010  ld    t0, 24(t0)     t0 = firmware entry
//   0x1014  jr    t0
//   0x1018  .dword firmware entry
//   0x1020  .dword DTB address
//   0x1028  struct fw_dynamic_info { magic, version, next_addr, next_mode, options, boot_hart }

import { CSR_MHARTID } from "../wasm/shared/csr";

const T0 = 5, A0 = 10, A1 = 11, A2 = 12;
const FW_DYNAMIC_INFO_MAGIC = 0x4942534fn; // "OSBI"
const FW_DYNAMIC_INFO_VERSION = 2n;
export const NEXT_MODE_S = 1n;

// 32-bit encodings of the few instructions the stub needs (unprivileged spec, chapter 2 formats).
const iType = (imm: number, rs1: number, f3: number, rd: number, op: number) => ((imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
const auipc = (rd: number, imm20: number) => (imm20 << 12) | (rd << 7) | 0x17;
const addi = (rd: number, rs1: number, imm: number) => iType(imm, rs1, 0, rd, 0x13);
const ld = (rd: number, rs1: number, imm: number) => iType(imm, rs1, 3, rd, 0x03);
const jalr = (rd: number, rs1: number, imm: number) => iType(imm, rs1, 0, rd, 0x67);
const csrrs = (rd: number, csr: number, rs1: number) => iType(csr, rs1, 2, rd, 0x73);

export interface BootRomConfig {
  firmwareEntry: bigint;
  dtbAddress: bigint;
  /** Where fw_dynamic jumps next (the kernel), in S-mode. */
  nextAddress: bigint;
  bootHart?: bigint;
}

/** The ROM's bytes (at most 4 KiB). */
export function buildBootRom(c: BootRomConfig): Uint8Array {
  const rom = new Uint8Array(0x1000);
  const dv = new DataView(rom.buffer);
  const code = [auipc(T0, 0), addi(A2, T0, 40), csrrs(A0, CSR_MHARTID, 0), ld(A1, T0, 32), ld(T0, T0, 24), jalr(0, T0, 0)];
  code.forEach((w, i) => dv.setUint32(i * 4, w >>> 0, true));
  dv.setBigUint64(24, c.firmwareEntry, true);
  dv.setBigUint64(32, c.dtbAddress, true);
  const info = [FW_DYNAMIC_INFO_MAGIC, FW_DYNAMIC_INFO_VERSION, c.nextAddress, NEXT_MODE_S, 0n, c.bootHart ?? 0n];
  info.forEach((v, i) => dv.setBigUint64(40 + i * 8, v, true));
  return rom;
}

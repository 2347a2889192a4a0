import { describe, expect, it } from 'vitest';
import * as U from '../../../emulator/devices/uart16550.js';
import { Uart16550 } from '../../../emulator/devices/uart16550.js';
import { silentDeviceLog } from '../../../emulator/devices/device.js';

function makeUart(options: { batchTransmit?: boolean; rxQueueLimit?: number } = {}) {
  const out: number[] = [];
  const batches: Uint8Array[] = [];
  const irq = { level: false, edges: 0, set(l: boolean) { this.level = l; this.edges++; } };
  const uart = new Uart16550({
    irq,
    onTransmit: (b) => {
      batches.push(b);
      out.push(...b);
    },
    log: silentDeviceLog,
    ...options,
  });
  const r = (reg: number) => uart.read(reg, 1);
  const w = (reg: number, v: number) => uart.write(reg, v, 1);
  return { uart, out, batches, irq, r, w };
}

describe('16550A UART', () => {
  it('sends THR writes to onTransmit and always shows THRE|TEMT', () => {
    const t = makeUart();
    for (const c of 'hi\n') t.w(U.UART_TX, c.charCodeAt(0));
    expect(String.fromCharCode(...t.out)).toBe('hi\n');
    expect(t.r(U.UART_LSR) & (U.UART_LSR_THRE | U.UART_LSR_TEMT)).toBe(U.UART_LSR_THRE | U.UART_LSR_TEMT);
  });

  it('batches transmit until flushTransmit when asked', () => {
    const t = makeUart({ batchTransmit: true });
    t.w(U.UART_TX, 0x41);
    t.w(U.UART_TX, 0x42);
    expect(t.batches).toHaveLength(0);
    t.uart.flushTransmit();
    expect(t.batches).toEqual([Uint8Array.of(0x41, 0x42)]);
  });

  it('latches the divisor under DLAB without touching IER or THR', () => {
    const t = makeUart();
    t.w(U.UART_IER, U.UART_IER_RDI);
    t.w(U.UART_LCR, U.UART_LCR_DLAB | 0x03);
    t.w(U.UART_DLL, 0x01);
    t.w(U.UART_DLM, 0x02);
    expect(t.r(U.UART_DLL)).toBe(0x01);
    expect(t.r(U.UART_DLM)).toBe(0x02);
    expect(t.uart.divisor).toBe(0x0201);
    t.w(U.UART_LCR, 0x03);
    expect(t.r(U.UART_IER)).toBe(U.UART_IER_RDI);
    expect(t.r(U.UART_LCR)).toBe(0x03);
    expect(t.out).toEqual([]);
  });

  it('raises THRE when ETBEI is enabled, clears it on an IIR read that reports it, re-arms on THR write', () => {
    const t = makeUart();
    expect(t.r(U.UART_IIR)).toBe(U.UART_IIR_NO_INT);
    t.w(U.UART_IER, U.UART_IER_THRI);
    expect(t.irq.level).toBe(true);
    expect(t.r(U.UART_IIR) & 0x0f).toBe(U.UART_IIR_THRI);
    expect(t.irq.level).toBe(false);
    expect(t.r(U.UART_IIR) & 0x0f).toBe(U.UART_IIR_NO_INT);
    t.w(U.UART_TX, 0x58);
    expect(t.irq.level).toBe(true);
    expect(t.r(U.UART_IIR) & 0x0f).toBe(U.UART_IIR_THRI);
    // Linux's UART_BUG_THRE probe: IER=0 then IER=THRI must report THRE in IIR.
    t.w(U.UART_IER, 0);
    t.w(U.UART_IER, U.UART_IER_THRI);
    expect(t.r(U.UART_IIR) & U.UART_IIR_NO_INT).toBe(0);
  });

  it('fills the RX FIFO from host input, reports DR and RDA at the trigger level, timeout below it', () => {
    const t = makeUart();
    t.w(U.UART_FCR, U.UART_FCR_ENABLE_FIFO | 0x80); // trigger level 8
    t.w(U.UART_IER, U.UART_IER_RDI);
    expect(t.irq.level).toBe(false);
    t.uart.receive(new TextEncoder().encode('abc'));
    expect(t.irq.level).toBe(true);
    expect(t.r(U.UART_IIR)).toBe(U.UART_IIR_FIFO_ENABLED | U.UART_IIR_RX_TIMEOUT);
    t.uart.receive(new TextEncoder().encode('defghij'));
    expect(t.r(U.UART_IIR)).toBe(U.UART_IIR_FIFO_ENABLED | U.UART_IIR_RDI);
    let got = '';
    while (t.r(U.UART_LSR) & U.UART_LSR_DR) got += String.fromCharCode(t.r(U.UART_RX));
    expect(got).toBe('abcdefghij');
    expect(t.irq.level).toBe(false);
    expect(t.r(U.UART_IIR)).toBe(U.UART_IIR_FIFO_ENABLED | U.UART_IIR_NO_INT);
  });

  it('holds host input beyond 16 bytes host-side and counts overflow of the host queue', () => {
    const t = makeUart({ rxQueueLimit: 20 });
    t.w(U.UART_FCR, U.UART_FCR_ENABLE_FIFO);
    t.uart.receive(new Uint8Array(40).map((_, i) => i));
    expect(t.uart.rxOverflowCount).toBe(4); // 16 in the FIFO + 20 host-side, 4 dropped
    const got: number[] = [];
    while (t.r(U.UART_LSR) & U.UART_LSR_DR) got.push(t.r(U.UART_RX));
    expect(got).toEqual([...Array(36).keys()]);
  });

  it('without FIFOs holds one byte at a time', () => {
    const t = makeUart();
    t.uart.receive(Uint8Array.of(1, 2));
    expect(t.uart.rxPending).toBe(2);
    expect(t.r(U.UART_RX)).toBe(1);
    expect(t.r(U.UART_RX)).toBe(2);
    expect(t.r(U.UART_LSR) & U.UART_LSR_DR).toBe(0);
  });

  it('prioritises RLS over RDA over THRE over MSR in IIR', () => {
    const t = makeUart();
    t.w(U.UART_FCR, U.UART_FCR_ENABLE_FIFO);
    t.w(U.UART_IER, U.UART_IER_MASK);
    t.w(U.UART_MCR, U.UART_MCR_LOOP); // modem lines change: MSR delta
    // Overrun in loopback: fill the 16-byte FIFO and one more.
    for (let i = 0; i < 17; i++) t.w(U.UART_TX, i);
    expect(t.r(U.UART_IIR) & 0x0f).toBe(U.UART_IIR_RLSI);
    const lsr = t.r(U.UART_LSR);
    expect(lsr & U.UART_LSR_OE).toBe(U.UART_LSR_OE);
    expect(lsr & U.UART_LSR_FIFOE).toBe(U.UART_LSR_FIFOE);
    expect(t.r(U.UART_LSR) & U.UART_LSR_OE).toBe(0); // cleared by the read
    expect(t.r(U.UART_IIR) & 0x0f).toBe(U.UART_IIR_RDI); // 16 bytes >= trigger 1
    while (t.r(U.UART_LSR) & U.UART_LSR_DR) t.r(U.UART_RX);
    expect(t.r(U.UART_IIR) & 0x0f).toBe(U.UART_IIR_THRI);
    expect(t.r(U.UART_IIR) & 0x0f).toBe(U.UART_IIR_MSI); // THRE cleared by the previous read
    t.r(U.UART_MSR);
    expect(t.r(U.UART_IIR) & 0x0f).toBe(U.UART_IIR_NO_INT);
    expect(t.irq.level).toBe(false);
  });

  it('loops THR back to RBR and modem outputs to inputs in loopback (Linux probe 0x90)', () => {
    const t = makeUart();
    t.w(U.UART_MCR, U.UART_MCR_LOOP | 0x0a); // RTS|OUT2, as serial8250 autoconfig does
    expect(t.r(U.UART_MSR) & 0xf0).toBe(U.UART_MSR_CTS | U.UART_MSR_DCD);
    t.w(U.UART_TX, 0x5a);
    expect(t.out).toEqual([]);
    expect(t.r(U.UART_LSR) & U.UART_LSR_DR).toBe(U.UART_LSR_DR);
    expect(t.r(U.UART_RX)).toBe(0x5a);
    t.uart.receive(Uint8Array.of(7)); // host input waits while looped back
    expect(t.r(U.UART_LSR) & U.UART_LSR_DR).toBe(0);
    t.w(U.UART_MCR, 0);
    expect(t.r(U.UART_MSR) & 0xf0).toBe(U.UART_MSR_CTS | U.UART_MSR_DSR | U.UART_MSR_DCD);
    expect(t.r(U.UART_RX)).toBe(7);
  });

  it('keeps SCR, clears FIFOs on FCR, reads unknown offsets as 0', () => {
    const t = makeUart();
    t.w(U.UART_SCR, 0xa5);
    expect(t.r(U.UART_SCR)).toBe(0xa5);
    t.w(U.UART_FCR, U.UART_FCR_ENABLE_FIFO);
    t.uart.receive(Uint8Array.of(1, 2, 3));
    t.w(U.UART_FCR, U.UART_FCR_ENABLE_FIFO | U.UART_FCR_CLEAR_RCVR);
    expect(t.r(U.UART_LSR) & U.UART_LSR_DR).toBe(0);
    expect(t.uart.read(9, 1)).toBe(0);
    expect(() => t.uart.write(9, 1, 1)).not.toThrow();
  });
});

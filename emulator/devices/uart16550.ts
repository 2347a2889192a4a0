// 16550A UART (compatible "ns16550a", reg-shift 0, reg-io-width 1), register by
// register as in the National Semiconductor PC16550D datasheet and Linux's
// include/uapi/linux/serial_reg.h:
//
//   offset  DLAB=0 read   DLAB=0 write   DLAB=1
//   0       RBR           THR            DLL
//   1       IER           IER            DLM
//   2       IIR           FCR
//   3       LCR           LCR
//   4       MCR           MCR
//   5       LSR           (ignored)
//   6       MSR           (ignored)
//   7       SCR           SCR
//
// The line is infinitely fast: a byte written to THR leaves at once (through
// onTransmit), so LSR always shows THRE|TEMT and the THRE interrupt re-arms right
// after each write. Host keystrokes wait in a bounded host-side queue and refill
// the 16-byte RX FIFO as the guest drains it. The receive character timeout
// (datasheet: four character times without a read) is approximated as zero: data
// below the trigger level is reported as a timeout interrupt straight away.

import { type AccessSize, type DeviceLog, type IrqLine, type MmioDevice, onceLog } from './device.js';

// Register offsets.
export const UART_RX = 0; // RBR, read, DLAB=0
export const UART_TX = 0; // THR, write, DLAB=0
export const UART_DLL = 0; // divisor latch low, DLAB=1
export const UART_IER = 1;
export const UART_DLM = 1; // divisor latch high, DLAB=1
export const UART_IIR = 2; // read
export const UART_FCR = 2; // write
export const UART_LCR = 3;
export const UART_MCR = 4;
export const UART_LSR = 5;
export const UART_MSR = 6;
export const UART_SCR = 7;
export const UART_REGISTER_COUNT = 8;

// IER: interrupt enable.
export const UART_IER_RDI = 0x01; // received data available (and timeout)
export const UART_IER_THRI = 0x02; // transmitter holding register empty
export const UART_IER_RLSI = 0x04; // receiver line status
export const UART_IER_MSI = 0x08; // modem status
export const UART_IER_MASK = 0x0f;

// IIR: interrupt identification (bit 0 set = nothing pending), in priority order.
export const UART_IIR_NO_INT = 0x01;
export const UART_IIR_RLSI = 0x06; // 1st: receiver line status
export const UART_IIR_RDI = 0x04; // 2nd: received data available
export const UART_IIR_RX_TIMEOUT = 0x0c; // 2nd: character timeout
export const UART_IIR_THRI = 0x02; // 3rd: THR empty
export const UART_IIR_MSI = 0x00; // 4th: modem status
export const UART_IIR_FIFO_ENABLED = 0xc0;

// FCR: FIFO control (write-only).
export const UART_FCR_ENABLE_FIFO = 0x01;
export const UART_FCR_CLEAR_RCVR = 0x02;
export const UART_FCR_CLEAR_XMIT = 0x04;
export const UART_FCR_DMA_SELECT = 0x08;
export const UART_FCR_TRIGGER_MASK = 0xc0;

// LCR: line control.
export const UART_LCR_DLAB = 0x80;

// MCR: modem control.
export const UART_MCR_DTR = 0x01;
export const UART_MCR_RTS = 0x02;
export const UART_MCR_OUT1 = 0x04;
export const UART_MCR_OUT2 = 0x08;
export const UART_MCR_LOOP = 0x10;
export const UART_MCR_MASK = 0x1f;

// LSR: line status.
export const UART_LSR_DR = 0x01; // data ready
export const UART_LSR_OE = 0x02; // overrun error
export const UART_LSR_PE = 0x04; // parity error
export const UART_LSR_FE = 0x08; // framing error
export const UART_LSR_BI = 0x10; // break interrupt
export const UART_LSR_THRE = 0x20; // THR (TX FIFO) empty
export const UART_LSR_TEMT = 0x40; // transmitter empty
export const UART_LSR_FIFOE = 0x80; // error in RX FIFO
export const UART_LSR_BRK_ERROR_BITS = UART_LSR_OE | UART_LSR_PE | UART_LSR_FE | UART_LSR_BI;

// MSR: modem status.
export const UART_MSR_DCTS = 0x01;
export const UART_MSR_DDSR = 0x02;
export const UART_MSR_TERI = 0x04;
export const UART_MSR_DDCD = 0x08;
export const UART_MSR_CTS = 0x10;
export const UART_MSR_DSR = 0x20;
export const UART_MSR_RI = 0x40;
export const UART_MSR_DCD = 0x80;
export const UART_MSR_DELTA_MASK = 0x0f;

export const UART_FIFO_SIZE = 16;
/** RX trigger levels selected by FCR bits 7:6. */
export const UART_RX_TRIGGER_LEVELS: readonly number[] = [1, 4, 8, 14];

/** With loopback off, the host side holds CTS, DSR and DCD asserted (as QEMU does). */
const HOST_MODEM_LINES = UART_MSR_CTS | UART_MSR_DSR | UART_MSR_DCD;

/** Loopback (MCR bit 4) wires the modem outputs back to the inputs (datasheet 8.6, MCR bit 4). */
const LOOPBACK_WIRING: readonly (readonly [mcr: number, msr: number])[] = [
  [UART_MCR_RTS, UART_MSR_CTS],
  [UART_MCR_DTR, UART_MSR_DSR],
  [UART_MCR_OUT1, UART_MSR_RI],
  [UART_MCR_OUT2, UART_MSR_DCD],
];

export interface Uart16550Options {
  irq: IrqLine;
  /** Bytes the guest sent. Called once per THR write, or per batch with `batchTransmit`. */
  onTransmit: (bytes: Uint8Array) => void;
  /** Collect transmitted bytes until flushTransmit() (or 4 KiB); the machine flushes after each run slice. */
  batchTransmit?: boolean;
  /** Host-side receive queue bound in bytes (default 64 KiB); bytes beyond it are dropped and counted. */
  rxQueueLimit?: number;
  name?: string;
  log?: DeviceLog;
}

const TX_BATCH_LIMIT = 4096;

/** A fixed-capacity byte ring. */
class ByteFifo {
  private readonly buf: Uint8Array;
  private head = 0;
  length = 0;
  constructor(readonly capacity: number) {
    this.buf = new Uint8Array(capacity);
  }
  push(b: number): boolean {
    if (this.length === this.capacity) return false;
    this.buf[(this.head + this.length) % this.capacity] = b;
    this.length++;
    return true;
  }
  shift(): number {
    if (this.length === 0) return 0;
    const b = this.buf[this.head]!;
    this.head = (this.head + 1) % this.capacity;
    this.length--;
    return b;
  }
  clear(): void {
    this.head = 0;
    this.length = 0;
  }
}

export class Uart16550 implements MmioDevice {
  readonly name: string;
  private readonly irq: IrqLine;
  private readonly onTransmit: (bytes: Uint8Array) => void;
  private readonly batch: boolean;
  private readonly warn: (key: string, message?: string) => void;

  // Registers.
  private ier = 0;
  private lcr = 0;
  private mcr = 0;
  private fcr = 0;
  private lsrErrors = 0; // OE/PE/FE/BI latched until LSR is read
  private msrDeltas = 0; // MSR bits 3:0 latched until MSR is read
  private scr = 0;
  private dll = 0;
  private dlm = 0;
  /** THRE interrupt source: set when THR empties or ETBEI is enabled with THR empty; cleared by an
   *  IIR read that reports it or by a THR write (datasheet table IV, "Interrupt Control Functions"). */
  private thrInterrupt = false;
  private irqLevel = false;

  private readonly rxFifo = new ByteFifo(UART_FIFO_SIZE);
  private readonly hostRx: ByteFifo;
  private txBatch: number[] = [];
  private overflow = 0;

  constructor(options: Uart16550Options) {
    this.name = options.name ?? 'uart0';
    this.irq = options.irq;
    this.onTransmit = options.onTransmit;
    this.batch = options.batchTransmit ?? false;
    this.hostRx = new ByteFifo(options.rxQueueLimit ?? 64 * 1024);
    this.warn = onceLog(options.log);
  }

  // --- host side -------------------------------------------------------------

  /** Queues host keystrokes for the guest. Bytes beyond the host-side bound are dropped and counted. */
  receive(bytes: ArrayLike<number>): void {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]! & 0xff;
      if (this.hostRx.push(b)) continue;
      this.refillRx(); // make room by moving bytes on into the RX FIFO
      if (!this.hostRx.push(b)) this.overflow++;
    }
    this.refillRx();
    this.updateIrq();
  }

  /** Bytes dropped because the host-side receive queue was full. */
  get rxOverflowCount(): number {
    return this.overflow;
  }

  /** Bytes waiting for the guest (host queue + RX FIFO). */
  get rxPending(): number {
    return this.hostRx.length + this.rxFifo.length;
  }

  /** Delivers transmitted bytes collected in batch mode. */
  flushTransmit(): void {
    if (this.txBatch.length === 0) return;
    const out = Uint8Array.from(this.txBatch);
    this.txBatch = [];
    this.onTransmit(out);
  }

  // --- guest side ------------------------------------------------------------

  read(offset: number, _size: AccessSize): number {
    const dlab = (this.lcr & UART_LCR_DLAB) !== 0;
    switch (offset) {
      case UART_RX:
        return dlab ? this.dll : this.readRbr();
      case UART_IER:
        return dlab ? this.dlm : this.ier;
      case UART_IIR:
        return this.readIir();
      case UART_LCR:
        return this.lcr;
      case UART_MCR:
        return this.mcr;
      case UART_LSR:
        return this.readLsr();
      case UART_MSR:
        return this.readMsr();
      case UART_SCR:
        return this.scr;
      default:
        this.warn(`read:${offset}`, `${this.name}: read of unimplemented offset 0x${offset.toString(16)}`);
        return 0;
    }
  }

  write(offset: number, value: number, _size: AccessSize): void {
    value &= 0xff;
    const dlab = (this.lcr & UART_LCR_DLAB) !== 0;
    switch (offset) {
      case UART_TX:
        if (dlab) this.dll = value;
        else this.writeThr(value);
        break;
      case UART_IER:
        if (dlab) this.dlm = value;
        else this.writeIer(value);
        break;
      case UART_FCR:
        this.writeFcr(value);
        break;
      case UART_LCR:
        this.lcr = value;
        break;
      case UART_MCR:
        this.writeMcr(value);
        break;
      case UART_SCR:
        this.scr = value;
        break;
      case UART_LSR:
      case UART_MSR:
        // Read-only on the 16550A (writes are a factory test feature); ignore.
        break;
      default:
        this.warn(`write:${offset}`, `${this.name}: write to unimplemented offset 0x${offset.toString(16)} ignored`);
        return;
    }
    this.updateIrq();
  }

  /** Divisor latch (DLM:DLL), for the debugger; baud = clock / (16 * divisor). */
  get divisor(): number {
    return (this.dlm << 8) | this.dll;
  }

  // --- registers -------------------------------------------------------------

  private fifoEnabled(): boolean {
    return (this.fcr & UART_FCR_ENABLE_FIFO) !== 0;
  }

  private rxCapacity(): number {
    return this.fifoEnabled() ? UART_FIFO_SIZE : 1;
  }

  private rxTriggerLevel(): number {
    return this.fifoEnabled() ? UART_RX_TRIGGER_LEVELS[(this.fcr & UART_FCR_TRIGGER_MASK) >>> 6]! : 1;
  }

  /** Moves host bytes into the RX FIFO while it has room (loopback isolates the host). */
  private refillRx(): void {
    if (this.mcr & UART_MCR_LOOP) return;
    const cap = this.rxCapacity();
    while (this.rxFifo.length < cap && this.hostRx.length > 0) this.rxFifo.push(this.hostRx.shift());
  }

  private readRbr(): number {
    const b = this.rxFifo.shift();
    this.refillRx();
    this.updateIrq();
    return b;
  }

  private writeThr(value: number): void {
    this.thrInterrupt = false;
    if (this.mcr & UART_MCR_LOOP) {
      // Loopback: the transmitter output feeds the receiver; a full receiver overruns.
      if (this.rxFifo.length < this.rxCapacity()) this.rxFifo.push(value);
      else this.lsrErrors |= UART_LSR_OE;
    } else if (this.batch) {
      this.txBatch.push(value);
      if (this.txBatch.length >= TX_BATCH_LIMIT) this.flushTransmit();
    } else {
      this.onTransmit(Uint8Array.of(value));
    }
    // The byte left at once: THR is empty again, which re-arms the THRE interrupt.
    this.thrInterrupt = true;
  }

  private writeIer(value: number): void {
    const before = this.ier;
    this.ier = value & UART_IER_MASK;
    // Enabling ETBEI while THR is empty raises THRE at once (Linux's startup probe
    // for UART_BUG_THRE relies on this).
    if (!(before & UART_IER_THRI) && this.ier & UART_IER_THRI) this.thrInterrupt = true;
  }

  private writeFcr(value: number): void {
    const toggled = ((this.fcr ^ value) & UART_FCR_ENABLE_FIFO) !== 0;
    // Changing FIFO enable resets both FIFOs (datasheet, FCR bit 0).
    if (toggled || value & UART_FCR_CLEAR_RCVR) this.rxFifo.clear();
    // The transmitter is always empty here; clearing it just re-arms THRE.
    if (toggled || value & UART_FCR_CLEAR_XMIT) this.thrInterrupt = true;
    this.fcr = value & (UART_FCR_ENABLE_FIFO | UART_FCR_DMA_SELECT | UART_FCR_TRIGGER_MASK);
    this.refillRx();
  }

  private writeMcr(value: number): void {
    const before = this.modemInputs();
    const wasLoop = (this.mcr & UART_MCR_LOOP) !== 0;
    this.mcr = value & UART_MCR_MASK;
    const after = this.modemInputs();
    this.noteModemChange(before, after);
    if (wasLoop && !(this.mcr & UART_MCR_LOOP)) this.refillRx();
  }

  /** MSR bits 7:4 as the receiver sees them now. */
  private modemInputs(): number {
    if (!(this.mcr & UART_MCR_LOOP)) return HOST_MODEM_LINES;
    let msr = 0;
    for (const [mcrBit, msrBit] of LOOPBACK_WIRING) if (this.mcr & mcrBit) msr |= msrBit;
    return msr;
  }

  /** Latches MSR deltas: DCTS/DDSR/DDCD on any change, TERI on RI going from on to off. */
  private noteModemChange(before: number, after: number): void {
    const changed = before ^ after;
    if (changed & UART_MSR_CTS) this.msrDeltas |= UART_MSR_DCTS;
    if (changed & UART_MSR_DSR) this.msrDeltas |= UART_MSR_DDSR;
    if (changed & UART_MSR_DCD) this.msrDeltas |= UART_MSR_DDCD;
    if (before & UART_MSR_RI && !(after & UART_MSR_RI)) this.msrDeltas |= UART_MSR_TERI;
  }

  private readLsr(): number {
    let lsr = UART_LSR_THRE | UART_LSR_TEMT | this.lsrErrors;
    if (this.rxFifo.length > 0) lsr |= UART_LSR_DR;
    if (this.fifoEnabled() && this.lsrErrors) lsr |= UART_LSR_FIFOE;
    // Reading LSR clears the error bits and so the receiver-line-status interrupt.
    this.lsrErrors = 0;
    this.updateIrq();
    return lsr;
  }

  private readMsr(): number {
    const msr = this.modemInputs() | this.msrDeltas;
    this.msrDeltas = 0;
    this.updateIrq();
    return msr;
  }

  /** The highest-priority pending interrupt as an IIR id, or UART_IIR_NO_INT. */
  private pendingInterrupt(): number {
    if (this.ier & UART_IER_RLSI && this.lsrErrors) return UART_IIR_RLSI;
    if (this.ier & UART_IER_RDI && this.rxFifo.length > 0) {
      return this.rxFifo.length >= this.rxTriggerLevel() ? UART_IIR_RDI : UART_IIR_RX_TIMEOUT;
    }
    if (this.ier & UART_IER_THRI && this.thrInterrupt) return UART_IIR_THRI;
    if (this.ier & UART_IER_MSI && this.msrDeltas) return UART_IIR_MSI;
    return UART_IIR_NO_INT;
  }

  private readIir(): number {
    const id = this.pendingInterrupt();
    // "Reading the IIR ... clears the THRE interrupt" when THRE is what it reports.
    if (id === UART_IIR_THRI) {
      this.thrInterrupt = false;
      this.updateIrq();
    }
    return id | (this.fifoEnabled() ? UART_IIR_FIFO_ENABLED : 0);
  }

  private updateIrq(): void {
    const level = this.pendingInterrupt() !== UART_IIR_NO_INT;
    if (level !== this.irqLevel) {
      this.irqLevel = level;
      this.irq.set(level);
    }
  }
}

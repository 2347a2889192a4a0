// Names from the VIRTIO 1.2 specification (and Linux's include/uapi/linux/virtio_*.h).

// --- 4.2.2 "MMIO Device Register Layout" (version 2) ---------------------------
export const VIRTIO_MMIO_MAGIC_VALUE = 0x000;
export const VIRTIO_MMIO_VERSION = 0x004;
export const VIRTIO_MMIO_DEVICE_ID = 0x008;
export const VIRTIO_MMIO_VENDOR_ID = 0x00c;
export const VIRTIO_MMIO_DEVICE_FEATURES = 0x010;
export const VIRTIO_MMIO_DEVICE_FEATURES_SEL = 0x014;
export const VIRTIO_MMIO_DRIVER_FEATURES = 0x020;
export const VIRTIO_MMIO_DRIVER_FEATURES_SEL = 0x024;
export const VIRTIO_MMIO_QUEUE_SEL = 0x030;
export const VIRTIO_MMIO_QUEUE_NUM_MAX = 0x034;
export const VIRTIO_MMIO_QUEUE_NUM = 0x038;
export const VIRTIO_MMIO_QUEUE_READY = 0x044;
export const VIRTIO_MMIO_QUEUE_NOTIFY = 0x050;
export const VIRTIO_MMIO_INTERRUPT_STATUS = 0x060;
export const VIRTIO_MMIO_INTERRUPT_ACK = 0x064;
export const VIRTIO_MMIO_STATUS = 0x070;
export const VIRTIO_MMIO_QUEUE_DESC_LOW = 0x080;
export const VIRTIO_MMIO_QUEUE_DESC_HIGH = 0x084;
export const VIRTIO_MMIO_QUEUE_AVAIL_LOW = 0x090; // "QueueDriverLow"
export const VIRTIO_MMIO_QUEUE_AVAIL_HIGH = 0x094; // "QueueDriverHigh"
export const VIRTIO_MMIO_QUEUE_USED_LOW = 0x0a0; // "QueueDeviceLow"
export const VIRTIO_MMIO_QUEUE_USED_HIGH = 0x0a4; // "QueueDeviceHigh"
export const VIRTIO_MMIO_SHM_SEL = 0x0ac;
export const VIRTIO_MMIO_SHM_LEN_LOW = 0x0b0;
export const VIRTIO_MMIO_SHM_LEN_HIGH = 0x0b4;
export const VIRTIO_MMIO_SHM_BASE_LOW = 0x0b8;
export const VIRTIO_MMIO_SHM_BASE_HIGH = 0x0bc;
export const VIRTIO_MMIO_QUEUE_RESET = 0x0c0;
export const VIRTIO_MMIO_CONFIG_GENERATION = 0x0fc;
export const VIRTIO_MMIO_CONFIG = 0x100;

/** "virt" in little-endian ASCII. */
export const VIRTIO_MMIO_MAGIC = 0x74726976;
export const VIRTIO_MMIO_VERSION_2 = 2;
/** Our vendor id: "HART" in little-endian ASCII (QEMU uses "QEMU"). */
export const VIRTIO_MMIO_VENDOR_HARTNET = 0x54524148;

/** InterruptStatus / InterruptACK bits. */
export const VIRTIO_MMIO_INT_VRING = 0x1;
export const VIRTIO_MMIO_INT_CONFIG = 0x2;

// --- 2.1 "Device Status Field" ----------------------------------------------
export const VIRTIO_CONFIG_S_ACKNOWLEDGE = 0x01;
export const VIRTIO_CONFIG_S_DRIVER = 0x02;
export const VIRTIO_CONFIG_S_DRIVER_OK = 0x04;
export const VIRTIO_CONFIG_S_FEATURES_OK = 0x08;
export const VIRTIO_CONFIG_S_NEEDS_RESET = 0x40;
export const VIRTIO_CONFIG_S_FAILED = 0x80;

// --- 6 "Reserved Feature Bits" (bit numbers) ----------------------------------
export const VIRTIO_F_INDIRECT_DESC = 28;
export const VIRTIO_F_EVENT_IDX = 29;
export const VIRTIO_F_VERSION_1 = 32;
export const VIRTIO_F_ACCESS_PLATFORM = 33;
export const VIRTIO_F_RING_PACKED = 34;
export const VIRTIO_F_IN_ORDER = 35;

// --- 5 "Device Types" ----------------------------------------------------------
export const VIRTIO_ID_NET = 1;
export const VIRTIO_ID_BLOCK = 2;
export const VIRTIO_ID_RNG = 4;

// --- 2.7 "Split Virtqueues" -------------------------------------------------------
//
// Descriptor table, 16 bytes per entry:     Available ring (driver area):
//   0  le64 addr                              0  le16 flags
//   8  le32 len                               2  le16 idx
//  12  le16 flags                             4  le16 ring[size]
//  14  le16 next                         4+2*size le16 used_event   (VIRTIO_F_EVENT_IDX)
//
// Used ring (device area):
//   0  le16 flags
//   2  le16 idx
//   4  struct { le32 id; le32 len; } ring[size]
//   4+8*size  le16 avail_event                                      (VIRTIO_F_EVENT_IDX)
export const VIRTQ_DESC_SIZE = 16;
export const VIRTQ_DESC_ADDR = 0;
export const VIRTQ_DESC_LEN = 8;
export const VIRTQ_DESC_FLAGS = 12;
export const VIRTQ_DESC_NEXT = 14;
export const VIRTQ_DESC_F_NEXT = 1;
export const VIRTQ_DESC_F_WRITE = 2;
export const VIRTQ_DESC_F_INDIRECT = 4;

export const VIRTQ_AVAIL_FLAGS = 0;
export const VIRTQ_AVAIL_IDX = 2;
export const VIRTQ_AVAIL_RING = 4;
export const VIRTQ_AVAIL_F_NO_INTERRUPT = 1;

export const VIRTQ_USED_FLAGS = 0;
export const VIRTQ_USED_IDX = 2;
export const VIRTQ_USED_RING = 4;
export const VIRTQ_USED_ELEM_SIZE = 8;
export const VIRTQ_USED_F_NO_NOTIFY = 1;

/** The largest split queue the spec allows (Queue Size is a 16-bit power of 2). */
export const VIRTQ_MAX_SIZE = 32768;

/** Bytes of the three areas of a split queue of `size` entries (with the event-idx words). */
export function virtqDescTableBytes(size: number): number {
  return VIRTQ_DESC_SIZE * size;
}
export function virtqAvailBytes(size: number): number {
  return VIRTQ_AVAIL_RING + 2 * size + 2;
}
export function virtqUsedBytes(size: number): number {
  return VIRTQ_USED_RING + VIRTQ_USED_ELEM_SIZE * size + 2;
}

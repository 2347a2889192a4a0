// Runs hartnet's own bare-metal ISA test programs (test/asm/*.S) and the small benchmark
// variants on our emulator through the headless runner. Each program checks itself and reports
// through HTIF tohost: 1 = pass, (N << 1) | 1 = check N failed. To find check N of NAME:
//   grep -n "li	gp,N$" test/asm/build/NAME.lst
// The same programs are validated on QEMU with `test/asm/build.sh qemu` (see test/asm/README.md).
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { runElf } from "../../emulator/cli/run-elf";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const asmDir = join(root, "test", "asm");
const asmBuild = join(asmDir, "build");
const benchBuild = join(root, "test", "bench", "build");

/** Self-checking programs: every test/asm/*.S except the runner self-tests. */
const programs = readdirSync(asmDir)
  .filter((f) => f.endsWith(".S") && !f.startsWith("selftest-"))
  .map((f) => f.slice(0, -2))
  .sort();

/** Generous budgets: the longest ISA test runs a few million instructions. */
const TEST_MAX_INSNS = 100_000_000;
const BENCH_MAX_INSNS = 300_000_000;

type RunResult = Awaited<ReturnType<typeof runElf>>;

function describeFailure(name: string, r: RunResult): string {
  const where =
    r.failedTest !== undefined
      ? `check ${r.failedTest} failed (grep -n "li\tgp,${r.failedTest}$" test/asm/build/${name}.lst)`
      : `status ${r.status}`;
  return `${name}: ${where}; ${r.message}; after ${r.instructions} instructions\n${r.stdout}`;
}

beforeAll(() => {
  // Installs the cross toolchain when missing, then builds incrementally.
  execFileSync(join(asmDir, "build.sh"), [], { cwd: root, stdio: "inherit" });
}, 900_000);

describe("our bare-metal ISA tests", () => {
  it.each(programs)("%s passes", async (name) => {
    const r = await runElf(join(asmBuild, `${name}.elf`), { maxInsns: TEST_MAX_INSNS });
    expect(r.status, describeFailure(name, r)).toBe("pass");
    expect(r.exitCode).toBe(0);
  }, 300_000);
});

describe("benchmark programs (small variants) compute the known checksum", () => {
  it.each(["cpu-bench-small", "fp-bench-small"])("%s passes", async (name) => {
    const r = await runElf(join(benchBuild, `${name}.elf`), { maxInsns: BENCH_MAX_INSNS });
    expect(r.status, describeFailure(name, r)).toBe("pass");
    expect(r.stdout).toContain(" OK");
  }, 600_000);
});

describe("the runner reports failures and runaways", () => {
  it("reports the failing check of a program that fails check 3", async () => {
    const r = await runElf(join(asmBuild, "selftest-fail.elf"), { maxInsns: 1_000_000 });
    expect(r.status).toBe("fail");
    expect(r.failedTest).toBe(3);
    expect(r.exitCode).not.toBe(0);
    expect(r.stdout).toContain("FAIL check");
  });

  it("stops a runaway loop at maxInsns", async () => {
    const r = await runElf(join(asmBuild, "selftest-loop.elf"), { maxInsns: 100_000 });
    expect(r.status).toBe("max-insns");
    expect(r.instructions).toBeGreaterThanOrEqual(100_000);
    expect(r.instructions).toBeLessThan(200_000);
  });
});

import { afterEach, beforeEach, vi } from "vitest";

// A console.error during a unit test is a bug somewhere: fail the test that caused it.
let errorSpy: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  errorSpy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    throw new Error(`console.error called during test: ${args.map(String).join(" ")}`);
  });
});
afterEach(() => {
  errorSpy.mockRestore();
});

/**
 * The TypeScript compiler the tests run in their own process (runTsc: `tsc -p`; buildConsumers: `tsc -b`)
 * answers as the `tsc` executable does: the same diagnostics, printed the same way, and the same exit
 * code, on code with errors in two files and in the tsconfig, and on code without.
 */
import { describe, expect, it } from "vitest";
import { buildConsumers, join, ROOT, runCommand, runTsc, tempDir, writeFiles } from "../helpers.js";

const TSC = join(ROOT, "node_modules/typescript/bin/tsc");

const BROKEN = {
  "a.ts": 'import { b } from "./b.js";\nconst x: number = "a";\nexport const y = b + missingName + x;\n',
  "b.ts": "export const b: string = 1;\n",
};

describe("the TypeScript compiler in the test's process", () => {
  it("runTsc: what `tsc -p` prints and returns, with errors in two files, with a bad option, and without errors", async () => {
    const tmp = await tempDir();
    try {
      await writeFiles(tmp.dir, BROKEN);
      const ours = await runTsc(tmp.dir, ["a.ts"], { noSuchOption: true });
      const real = await runCommand(process.execPath, [TSC, "-p", "tsconfig.json"], tmp.dir);
      expect(ours.stdout).toContain("a.ts(2,7): error TS2322");
      expect(ours.stdout).toContain("b.ts(1,14): error TS2322");
      expect(ours.stdout).toContain("error TS5023: Unknown compiler option 'noSuchOption'");
      expect(ours).toEqual({ code: real.code, stdout: real.stdout, stderr: "" });
      await writeFiles(tmp.dir, {
        "b.ts": "export const b = 1;\nexport const missingName = 2;\n",
        "a.ts": 'import { b, missingName } from "./b.js";\nexport const y = b + missingName;\n',
      });
      expect(await runTsc(tmp.dir, ["a.ts"])).toEqual({ code: 0, stdout: "", stderr: "" });
    } finally {
      await tmp.cleanup();
    }
  });

  it("buildConsumers: what `tsc -b` prints and returns on two projects, one of them broken, after runTsc read the same library files", async () => {
    const tmp = await tempDir();
    try {
      const project = (file: string) =>
        JSON.stringify({
          // runTsc's target and module: the library files it parsed in this process are the ones these read.
          compilerOptions: {
            strict: true,
            target: "ES2022",
            module: "NodeNext",
            moduleResolution: "NodeNext",
            outDir: `out-${file}`,
            lib: ["ES2022"],
            types: [],
            pretty: false,
          },
          files: [`${file}.ts`],
        });
      await writeFiles(tmp.dir, {
        ...BROKEN,
        "good.ts": "export const ok: number = 1;\n",
        "tsconfig.good.json": project("good"),
        "tsconfig.bad.json": project("b"),
      });
      expect((await runTsc(tmp.dir, ["good.ts"])).code).toBe(0);
      const ours = await buildConsumers(tmp.dir, ["tsconfig.good.json", "tsconfig.bad.json"]);
      const real = await runCommand(process.execPath, [TSC, "-b", "--force", "tsconfig.good.json", "tsconfig.bad.json"], tmp.dir);
      expect(ours.stdout).toContain("b.ts(1,14): error TS2322");
      expect(ours).toEqual({ code: real.code, stdout: real.stdout, stderr: "" });
    } finally {
      await tmp.cleanup();
    }
  });
});

/**
 * The layers of scripts/, checked by `npm run lint` (dependency-cruiser):
 *   core/  ← config/ ← stages/ ← pipeline/, diff/ ← cli/ ← index.ts;   runtime/ beside them;   dev/ on top, never imported.
 * A stage imports only the stages before it (their types and helpers), never a later one.
 */
const STAGES = ["load", "dereference", "inspect", "model", "index-attributes", "render", "lint", "emit-types", "emit-validator", "emit-package", "verify", "write"];

const laterStages = STAGES.slice(0, -1).map((stage, i) => ({
  name: `stage-order-${stage}`,
  comment: `${stage} imports a later stage: move what both need down (core/, or the earlier stage)`,
  severity: "error",
  from: { path: `^scripts/stages/${stage}` },
  to: { path: `^scripts/stages/(${STAGES.slice(i + 1).join("|")})` },
}));

/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
  forbidden: [
    { name: "no-circular", severity: "error", comment: "an import cycle", from: {}, to: { circular: true } },
    {
      name: "core-is-the-bottom",
      severity: "error",
      comment: "core/ holds helpers every layer uses: it imports nothing else of ours",
      from: { path: "^scripts/core/" },
      to: { path: "^(scripts/(?!core/)|generated/)" },
    },
    {
      name: "config-on-core",
      severity: "error",
      comment: "config/ reads and checks the config: it stands on core/ only",
      from: { path: "^scripts/config/" },
      to: { path: "^(scripts/(?!core/|config/)|generated/)" },
    },
    {
      name: "stages-below-pipeline",
      severity: "error",
      comment: "a stage does one step: it knows core/, config/ and earlier stages, not who runs it",
      from: { path: "^scripts/stages/" },
      to: { path: "^(scripts/(pipeline|cli|diff|runtime|dev)/|scripts/index\\.ts|generated/)" },
    },
    {
      name: "pipeline-and-diff-below-cli",
      severity: "error",
      comment: "the pipeline and the diff are used by the commands, never the other way round",
      from: { path: "^scripts/(pipeline|diff)/" },
      to: { path: "^(scripts/(cli|dev)/|scripts/index\\.ts)" },
    },
    {
      name: "runtime-stands-alone",
      severity: "error",
      comment: "runtime/ ships to consumers (cws-docgen/events): it imports only itself, core/ and the generated code",
      from: { path: "^scripts/runtime/" },
      to: { path: "^scripts/(?!runtime/|core/)" },
    },
    {
      name: "dev-tools-stay-out",
      severity: "error",
      comment: "dev/ (bench, the generators of the build's made sources and of checked-in code, the publication check) is not in the package: nothing shipped imports it",
      from: { path: "^scripts/(?!dev/)" },
      to: { path: "^scripts/dev/" },
    },
    ...laterStages,
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|dist)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    moduleSystems: ["es6"],
  },
};

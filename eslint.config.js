import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import nextPlugin from "@next/eslint-plugin-next";
import millwright from "./lint/browser-boundary.js";

// Layers (DESIGN.md): app -> lib -> nodes/*/definition; components -> nodes/*/definition;
// runtime -> lib + nodes. Nothing imports app/ or components/; browser code never reaches the server.
const noUpwardImports = {
  patterns: [
    { group: ["**/app/*", "**/app/**"], message: "Nothing imports from app/ (only Next.js does)." },
    { group: ["**/components/*", "**/components/**"], message: "Only app/ and components/ import React components." },
  ],
};

export default tseslint.config(
  { ignores: ["node_modules/", ".next*/", ".tools/", ".data/", "lib/generated/", "test-results/", "playwright-report/", "next-env.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { "react-hooks": reactHooks, "@next/next": nextPlugin, millwright },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...nextPlugin.configs.recommended.rules,
      "millwright/browser-boundary": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "no-console": ["error", { allow: ["warn", "error"] }],
    },
  },
  { files: ["lib/**", "runtime/**", "nodes/**", "prisma/**"], rules: { "no-restricted-imports": ["error", noUpwardImports] } },
  {
    files: ["nodes/*/definition.ts", "nodes/registry.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [
          ...noUpwardImports.patterns,
          { group: ["**/*.server", "**/*.server.ts", "**/runtime/**", "**/lib/db/**"], message: "Node definitions are browser-safe: no executors, runtime or database." },
        ],
      }],
    },
  },
  { files: ["scripts/**", "e2e/**", "bench/**", "**/*.test.ts", "lint/**", "*.config.*"], rules: { "no-console": "off" } },
);

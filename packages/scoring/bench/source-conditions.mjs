// Module resolve hook: adds the "source" export condition so workspace packages (@aims/*) load
// from their TypeScript sources, as under vitest, and the benchmark never measures a stale dist/.
export async function resolve(specifier, context, nextResolve) {
  const conditions = context.conditions.includes('source')
    ? context.conditions
    : [...context.conditions, 'source'];
  return nextResolve(specifier, { ...context, conditions });
}

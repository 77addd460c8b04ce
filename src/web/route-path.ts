/**
 * Typed URL helpers: one declaration gives both the pattern a route is registered with and the function that
 * builds links to it, so a link and its route cannot drift apart.
 *
 *   const show = routePath('/complaints/:reference');
 *   show.pattern            // '/complaints/:reference'
 *   show('CMP-2026-000001') // '/complaints/CMP-2026-000001'
 */
type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? [Name, ...ParamNames<`/${Rest}`>]
  : P extends `${string}:${infer Name}`
    ? [Name]
    : [];

type Strings<T extends readonly unknown[]> = { [K in keyof T]: string };

export type RoutePath<P extends string = string> = ((...values: Strings<ParamNames<P>>) => string) & {
  readonly pattern: P;
  readonly params: readonly string[];
};

export function routePath<const P extends string>(pattern: P): RoutePath<P> {
  const params = [...pattern.matchAll(/:([A-Za-z][A-Za-z0-9]*)/g)].map((m) => m[1] as string);
  const build = (...values: string[]) => {
    let i = 0;
    return pattern.replace(/:([A-Za-z][A-Za-z0-9]*)/g, () => encodeURIComponent(values[i++] ?? ''));
  };
  return Object.assign(build, { pattern, params }) as unknown as RoutePath<P>;
}

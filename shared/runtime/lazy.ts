/**
 * Builds a handler on first call: adapters, config and secrets are read once per container, and
 * importing a handler module (tests, the local host, the bundler) has no side effects. The builder
 * may be async (secrets come from Secrets Manager); a failed build is retried on the next call.
 */
// biome-ignore lint/suspicious/noExplicitAny: a handler's arguments are whatever its trigger passes
export function lazyHandler<A extends any[], R>(
  build: () => ((...args: A) => R) | Promise<(...args: A) => R>,
) {
  let built: Promise<(...args: A) => R> | undefined;
  return async (...args: A): Promise<Awaited<R>> => {
    built ??= Promise.resolve(build()).catch((error) => {
      built = undefined;
      throw error;
    });
    return (await built)(...args) as Awaited<R>;
  };
}

/**
 * Builds a handler on first call: adapters and config are read once per container, and importing
 * a handler module (tests, the local host, the bundler) has no side effects.
 */
// biome-ignore lint/suspicious/noExplicitAny: a handler's arguments are whatever its trigger passes
export function lazyHandler<H extends (...args: any[]) => any>(build: () => H): H {
  let built: H | undefined;
  return ((...args: Parameters<H>) => {
    built ??= build();
    return built(...args);
  }) as H;
}

/** What a call came to: "ok", or the code of the error it threw (its message when it has no code). */
export const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "ok",
    (error: { code?: string }) => error.code ?? String(error),
  );

// GET a JSON route of the app for React Query: the answer's body, or an Error carrying the route's
// own message ({ error: { message } }) so the console can show why.
export class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = "HttpError";
    this.status = status;
  }
}

export async function fetchJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { signal, headers: { accept: "application/json" }, cache: "no-store" });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new HttpError(0, "Millwright could not be reached. Check your connection; the list keeps trying.");
  }
  if (response.ok) return (await response.json()) as T;
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  throw new HttpError(response.status, body?.error?.message ?? `The server answered ${response.status}.`);
}

// Verifies webhook deliveries with the Standard Webhooks reference library (npm standardwebhooks), so our signing is
// checked by code we did not write. One JSON object per stdin line: {"secret", "headers", "body"}; one JSON line back
// per input, in order: {"ok": true} or {"ok": false, "error": "..."}.
// The library checks the timestamp against this machine's clock (5 minutes either way), as a real receiver does.
import { createInterface } from "node:readline";
import { Webhook } from "standardwebhooks";

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });

for await (const line of lines) {
  if (line.trim() === "") {
    continue;
  }
  let verdict;
  try {
    const { secret, headers, body } = JSON.parse(line);
    new Webhook(secret).verify(body, headers);
    verdict = { ok: true };
  } catch (error) {
    verdict = { ok: false, error: `${error?.name ?? "Error"}: ${error?.message ?? String(error)}` };
  }
  process.stdout.write(`${JSON.stringify(verdict)}\n`);
}

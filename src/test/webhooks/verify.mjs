// How a course platform verifies a delivery: the standardwebhooks library (the Standard Webhooks
// reference implementation). Reads the delivery from a file; prints the verified
// payload as JSON, or exits 1 with the library's error.
//   node verify.mjs delivery.json    (a file holding {"secret", "headers", "body"})
import { readFileSync } from "node:fs";
import { Webhook } from "standardwebhooks";

const { secret, headers, body } = JSON.parse(readFileSync(process.argv[2], "utf8"));
try {
  const payload = new Webhook(secret).verify(body, headers);
  console.log(JSON.stringify({ verified: true, payload }));
} catch (error) {
  console.log(JSON.stringify({ verified: false, error: String(error.message ?? error) }));
  process.exit(1);
}
